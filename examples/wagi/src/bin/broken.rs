//! Handlers that fail: `?trap` panics (a trap), anything else prints a body with no headers.
fn main() {
    if std::env::var("QUERY_STRING").unwrap_or_default() == "trap" {
        panic!("this handler traps");
    }
    println!("no headers here, just text");
}
