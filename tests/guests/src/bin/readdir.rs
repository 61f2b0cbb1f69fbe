//! Directory listing with many entries (several fd_readdir calls) and entry types.
use std::fs;
fn main() {
    fs::create_dir("/sandbox/list").unwrap();
    for i in 0..300 {
        fs::write(format!("/sandbox/list/file_{i:03}_with_a_long_name"), b"").unwrap();
    }
    fs::create_dir("/sandbox/list/subdir").unwrap();
    let mut names: Vec<String> = fs::read_dir("/sandbox/list")
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    println!("count: {}", names.len());
    println!("first: {}", names[0]);
    println!("last: {}", names[names.len() - 1]);
    for e in fs::read_dir("/sandbox/list").unwrap() {
        let e = e.unwrap();
        if e.file_type().unwrap().is_dir() {
            println!("dir entry: {:?}", e.file_name());
        }
    }
    println!("empty dir entries: {}", { fs::create_dir("/sandbox/empty").unwrap(); fs::read_dir("/sandbox/empty").unwrap().count() });
}
