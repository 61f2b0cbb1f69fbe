//! Runs into the host's resource limits: a sparse 1 GiB file, writing until the filesystem is
//! full, opening files until the fd table is. Prints what each step got.
use std::fs::{File, OpenOptions};
use std::io::Write;

fn errno(e: std::io::Error) -> String {
    format!("errno {:?}", e.raw_os_error())
}

fn main() {
    let sparse = File::create("/sandbox/sparse").unwrap();
    match sparse.set_len(1 << 30) {
        Ok(()) => println!("set_len 1 GiB: ok, len {}", sparse.metadata().unwrap().len()),
        Err(e) => println!("set_len 1 GiB: {}", errno(e)),
    }
    let mut fill = OpenOptions::new().create(true).write(true).open("/sandbox/fill").unwrap();
    let chunk = vec![b'x'; 64 << 10];
    let mut written = 0usize;
    let stopped = loop {
        match fill.write(&chunk) {
            Ok(n) => written += n,
            Err(e) => break errno(e),
        }
    };
    println!("fill: {stopped} after {written} bytes");
    let mut open = Vec::new();
    let stopped = loop {
        match File::create(format!("/sandbox/f{}", open.len())) {
            Ok(f) => open.push(f),
            Err(e) => break errno(e),
        }
    };
    println!("open: {stopped} after {} files", open.len());
}
