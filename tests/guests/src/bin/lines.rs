//! 200,000 numbered lines, then "done": the page must stay responsive and show the end.
use std::io::Write;
fn main() {
    let mut out = std::io::stdout().lock();
    for i in 0..200_000 {
        writeln!(out, "line {i}").unwrap();
    }
    writeln!(out, "done").unwrap();
}
