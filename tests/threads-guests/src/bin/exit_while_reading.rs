//! Main writes a file, then exits 3 while another thread is blocked reading stdin: the ending
//! must still bring back the file, though the host is busy in that read when main exits.
use std::io::Read;
use std::sync::atomic::{AtomicBool, Ordering};

static READING: AtomicBool = AtomicBool::new(false);

fn main() {
    std::fs::write("/data/out.txt", "written before exit").unwrap();
    println!("written");
    std::thread::spawn(|| {
        READING.store(true, Ordering::SeqCst);
        let mut input = Vec::new();
        let _ = std::io::stdin().read_to_end(&mut input);
        println!("read {} bytes", input.len());
    });
    // No WASI call from here on (each would wait for the host, busy in the read): spin until
    // the reader is about to read, then a while more for its call to reach the host.
    while !READING.load(Ordering::SeqCst) {
        std::hint::spin_loop();
    }
    let mut n: u64 = 0;
    for _ in 0..200_000_000u64 {
        n = std::hint::black_box(n.wrapping_add(1));
    }
    std::process::exit(3);
}
