//! Symlinks (relative, dangling, loops, escaping) and hard links.
use std::fs;

/// The preopened sandbox directory's fd (the first preopen).
const SANDBOX: u32 = 3;

fn symlink_path(target: &str, link: &str) -> std::io::Result<()> {
    let link = link.strip_prefix("/sandbox/").unwrap();
    unsafe { wasi::path_symlink(target, SANDBOX, link) }
        .map_err(|e| std::io::Error::from_raw_os_error(e.raw() as i32))
}

fn nlink(path: &str) -> u64 {
    unsafe { wasi::path_filestat_get(SANDBOX, 0, path) }.unwrap().nlink
}
fn errno(r: std::io::Result<impl Sized>) -> String {
    match r {
        Ok(_) => "ok".into(),
        Err(e) => format!("errno {:?}", e.raw_os_error()),
    }
}
fn main() {
    fs::write("/sandbox/target", b"content").unwrap();
    println!("symlink: {}", errno(symlink_path("target", "/sandbox/link")));
    println!("via link: {:?}", fs::read_to_string("/sandbox/link").unwrap());
    println!("readlink: {:?}", fs::read_link("/sandbox/link").unwrap());
    println!("lstat is symlink: {}", fs::symlink_metadata("/sandbox/link").unwrap().file_type().is_symlink());
    println!("symlink exists: {}", errno(symlink_path("target", "/sandbox/link")));
    symlink_path("nowhere", "/sandbox/dangling").unwrap();
    println!("dangling: {}", errno(fs::read("/sandbox/dangling")));
    symlink_path("loop_b", "/sandbox/loop_a").unwrap();
    symlink_path("loop_a", "/sandbox/loop_b").unwrap();
    println!("loop: {}", errno(fs::read("/sandbox/loop_a")));
    symlink_path("../outside", "/sandbox/escape").unwrap();
    println!("escape: {}", errno(fs::read("/sandbox/escape")));
    println!("readlink of file: {}", errno(fs::read_link("/sandbox/target")));
    fs::create_dir("/sandbox/dir").unwrap();
    fs::write("/sandbox/dir/inner", b"in").unwrap();
    symlink_path("dir", "/sandbox/dirlink").unwrap();
    println!("through dir link: {:?}", fs::read_to_string("/sandbox/dirlink/inner").unwrap());
    println!("hard link: {}", errno(fs::hard_link("/sandbox/target", "/sandbox/hard")));
    println!("nlink: {}", nlink("target"));
    fs::write("/sandbox/hard", b"changed").unwrap();
    println!("shared: {:?}", fs::read_to_string("/sandbox/target").unwrap());
    println!("hard link dir: {}", errno(fs::hard_link("/sandbox/dir", "/sandbox/dir2")));
    fs::remove_file("/sandbox/target").unwrap();
    println!("after unlink: {:?}", fs::read_to_string("/sandbox/hard").unwrap());
    println!("link now dangling: {}", errno(fs::read("/sandbox/link")));
}
