//! Serves a file from the volume mounted at /static: the request's PATH_INFO names it.
fn main() {
    let name = std::env::var("PATH_INFO").unwrap_or_default();
    let path = format!("/static{name}");
    match std::fs::read(&path) {
        Ok(bytes) => {
            println!("Content-Type: text/plain; charset=utf-8");
            println!();
            use std::io::Write;
            std::io::stdout().write_all(&bytes).expect("stdout");
        }
        Err(e) => {
            println!("Status: 404 Not Found");
            println!("Content-Type: text/plain");
            println!();
            println!("{path}: {e}");
        }
    }
}
