//! The article's handler: CGI headers, a blank line, then HTML.
fn main() {
    println!("Content-Type: text/html");
    println!();
    println!("<!doctype html><title>Hello from WAGI</title><h1>Hello, World!</h1>");
    println!("<p>Answered by a WASI program running in your browser.</p>");
}
