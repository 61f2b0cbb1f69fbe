//! Interactive: says whether stdin is a terminal, then echoes each line reversed until EOF.
use std::io::{BufRead, Write};
fn main() {
    let tty = unsafe { wasi::fd_fdstat_get(0) }.map(|s| s.fs_filetype == wasi::FILETYPE_CHARACTER_DEVICE).unwrap_or(false);
    println!("ready (tty: {tty})");
    let stdin = std::io::stdin();
    let mut out = std::io::stdout();
    for line in stdin.lock().lines() {
        let line = line.unwrap();
        writeln!(out, "{}", line.chars().rev().collect::<String>()).unwrap();
        out.flush().unwrap();
    }
    println!("bye");
}
