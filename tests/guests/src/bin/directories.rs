//! mkdir, rmdir, nested paths, rename, errors.
use std::fs;
fn errno(r: std::io::Result<impl Sized>) -> String {
    match r {
        Ok(_) => "ok".into(),
        Err(e) => format!("errno {:?}", e.raw_os_error()),
    }
}
fn main() {
    println!("mkdir: {}", errno(fs::create_dir("/sandbox/d")));
    println!("mkdir again: {}", errno(fs::create_dir("/sandbox/d")));
    println!("mkdir -p: {}", errno(fs::create_dir_all("/sandbox/d/e/f")));
    fs::write("/sandbox/d/e/file", b"x").unwrap();
    println!("rmdir nonempty: {}", errno(fs::remove_dir("/sandbox/d/e")));
    println!("rmdir file: {}", errno(fs::remove_dir("/sandbox/d/e/file")));
    println!("unlink dir: {}", errno(fs::remove_file("/sandbox/d/e/f")));
    println!("rename file: {}", errno(fs::rename("/sandbox/d/e/file", "/sandbox/moved")));
    println!("rename dir into itself: {}", errno(fs::rename("/sandbox/d", "/sandbox/d/e/inside")));
    println!("rename dir: {}", errno(fs::rename("/sandbox/d", "/sandbox/d2")));
    println!("is_dir d2/e: {}", fs::metadata("/sandbox/d2/e").unwrap().is_dir());
    println!("remove_dir_all: {}", errno(fs::remove_dir_all("/sandbox/d2")));
    println!("exists d2: {}", fs::metadata("/sandbox/d2").is_ok());
    println!("dotdot inside: {}", errno(fs::metadata("/sandbox/x/../moved")));
}
