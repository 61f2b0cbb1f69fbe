//! What `cargo xtask run --dir` carries: prints the mtime (seconds) of argv[1], then leaves a
//! sparse 1 GiB file and a small new one for the write-back.
use std::fs::{self, File};
use std::time::UNIX_EPOCH;

fn main() {
    let path = std::env::args().nth(1).expect("a path");
    let mtime = fs::metadata(&path).unwrap().modified().unwrap();
    println!("mtime {}", mtime.duration_since(UNIX_EPOCH).unwrap().as_secs());
    File::create("/data/sparse").unwrap().set_len(1 << 30).unwrap();
    fs::write("/data/new.txt", b"new").unwrap();
}
