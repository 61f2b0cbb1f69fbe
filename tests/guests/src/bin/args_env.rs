//! argv and environment as the guest sees them.
fn main() {
    for (i, a) in std::env::args().enumerate() {
        println!("arg[{i}]={a:?}");
    }
    let mut vars: Vec<_> = std::env::vars().collect();
    vars.sort();
    for (k, v) in vars {
        println!("env {k}={v:?}");
    }
    println!("missing={:?}", std::env::var("NOT_SET").ok());
}
