//! Prints 50 MB: output limits must end it and the page must stay responsive.
use std::io::Write;
fn main() {
    let line = [b'x'; 1023];
    let mut out = std::io::stdout().lock();
    for _ in 0..50 * 1024 {
        out.write_all(&line).unwrap();
        out.write_all(b"\n").unwrap();
    }
}
