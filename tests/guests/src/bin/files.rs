//! Create, write, read, truncate, append, remove files; error codes of common mistakes.
use std::fs::{self, File, OpenOptions};
use std::io::{Read, Write};
fn errno(r: std::io::Result<impl Sized>) -> String {
    match r {
        Ok(_) => "ok".into(),
        Err(e) => format!("errno {:?}", e.raw_os_error()),
    }
}
fn main() {
    fs::write("/sandbox/a.txt", b"hello").unwrap();
    println!("read: {:?}", fs::read_to_string("/sandbox/a.txt").unwrap());
    let mut f = OpenOptions::new().append(true).open("/sandbox/a.txt").unwrap();
    f.write_all(b" world").unwrap();
    drop(f);
    println!("appended: {:?}", fs::read_to_string("/sandbox/a.txt").unwrap());
    let f = OpenOptions::new().write(true).open("/sandbox/a.txt").unwrap();
    f.set_len(3).unwrap();
    println!("truncated: {:?}", fs::read_to_string("/sandbox/a.txt").unwrap());
    f.set_len(6).unwrap();
    println!("extended: {:?}", fs::read("/sandbox/a.txt").unwrap());
    let big: Vec<u8> = (0..300_000u32).map(|i| (i % 251) as u8).collect();
    File::create("/sandbox/big.bin").unwrap().write_all(&big).unwrap();
    let mut back = Vec::new();
    File::open("/sandbox/big.bin").unwrap().read_to_end(&mut back).unwrap();
    println!("big roundtrip: {}", back == big);
    println!("missing: {}", errno(File::open("/sandbox/nope")));
    println!("create_new existing: {}", errno(OpenOptions::new().write(true).create_new(true).open("/sandbox/a.txt")));
    println!("open dir for write: {}", errno(OpenOptions::new().write(true).open("/sandbox")));
    println!("file as dir: {}", errno(File::open("/sandbox/a.txt/x")));
    println!("escape: {}", errno(File::open("/sandbox/../etc/passwd")));
    println!("not preopened: {}", errno(File::open("/etc/passwd")));
    println!("remove: {}", errno(fs::remove_file("/sandbox/a.txt")));
    println!("remove again: {}", errno(fs::remove_file("/sandbox/a.txt")));
    println!("metadata len: {}", fs::metadata("/sandbox/big.bin").unwrap().len());
}
