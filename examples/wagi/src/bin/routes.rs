//! `_routes`: one module, several entrypoints, each answering a subroute.
fn main() {
    answer("the main entry point");
}

#[no_mangle]
pub extern "C" fn on_exact() {
    answer("the /exact handler");
}

#[no_mangle]
pub extern "C" fn on_wildcard() {
    answer("the /wildcard/... handler");
}

#[no_mangle]
pub extern "C" fn _routes() {
    println!("/exact on_exact");
    println!("/wildcard/... on_wildcard");
}

fn answer(who: &str) {
    println!("Content-Type: text/plain; charset=utf-8");
    println!();
    println!("This is {who}; PATH_INFO={}", std::env::var("PATH_INFO").unwrap_or_default());
}
