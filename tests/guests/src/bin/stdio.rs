//! stdin to end of input, stdout and stderr, interleaved writes.
use std::io::{Read, Write};
fn main() {
    let mut input = String::new();
    std::io::stdin().read_to_string(&mut input).unwrap();
    println!("read {} bytes", input.len());
    for line in input.lines() {
        println!("line: {line:?}");
    }
    eprintln!("to stderr");
    let mut out = std::io::stdout();
    out.write_all(&[0xe2, 0x82]).unwrap();
    out.write_all(&[0xac, b'\n']).unwrap();
    out.flush().unwrap();
    println!("{}", "x".repeat(70_000).len());
}
