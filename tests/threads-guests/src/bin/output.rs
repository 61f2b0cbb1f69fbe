//! Threads writing to stdout and to one shared file: every line arrives whole, and the file
//! holds every thread's lines.
use std::io::Write;
use std::sync::{Arc, Mutex};

fn main() {
    let file = Arc::new(Mutex::new(std::fs::File::create("/data/log.txt").expect("create /data/log.txt")));
    let handles: Vec<_> = (0..3)
        .map(|t| {
            let file = file.clone();
            std::thread::spawn(move || {
                for i in 0..5 {
                    println!("thread {t} line {i}");
                    writeln!(file.lock().unwrap(), "thread {t} wrote {i}").unwrap();
                }
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
    drop(file);
    let text = std::fs::read_to_string("/data/log.txt").unwrap();
    let mut lines: Vec<&str> = text.lines().collect();
    lines.sort();
    println!("file: {} lines, first {:?}, last {:?}", lines.len(), lines[0], lines[lines.len() - 1]);
}
