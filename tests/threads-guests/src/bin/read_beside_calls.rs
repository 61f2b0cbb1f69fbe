//! One thread blocks reading stdin while main makes calls: main's calls must not wait for the
//! input, and the input, when it comes, reaches the reader.
use std::sync::atomic::{AtomicBool, Ordering};

static READING: AtomicBool = AtomicBool::new(false);

fn main() {
    let reader = std::thread::spawn(|| {
        READING.store(true, Ordering::SeqCst);
        let mut line = String::new();
        std::io::stdin().read_line(&mut line).unwrap();
        println!("read: {}", line.trim_end());
    });
    // No call until the reader is about to read, then a while more for its call to arrive.
    while !READING.load(Ordering::SeqCst) {
        std::hint::spin_loop();
    }
    let mut n: u64 = 0;
    for _ in 0..20_000_000u64 {
        n = std::hint::black_box(n.wrapping_add(1));
    }
    std::fs::write("/data/during.txt", "written while the reader waits").unwrap();
    println!("main still runs");
    reader.join().unwrap();
}
