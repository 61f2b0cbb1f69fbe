//! Two threads read stdin at once (each its own `fd_read`, not std's locked Stdin) while main
//! makes calls: one line wakes both readers, one takes it, and the other must wait again by
//! itself, not in the host, so the first reader's print and main's calls still go through.
use std::fs::File;
use std::io::Read;
use std::mem::ManuallyDrop;
use std::os::wasi::io::FromRawFd;
use std::sync::atomic::{AtomicU32, Ordering};

static READING: AtomicU32 = AtomicU32::new(0);

fn read_once() -> String {
    // fd 0 read directly; ManuallyDrop keeps it open.
    let mut stdin = ManuallyDrop::new(unsafe { File::from_raw_fd(0) });
    let mut buf = [0u8; 64];
    READING.fetch_add(1, Ordering::SeqCst);
    let n = stdin.read(&mut buf).unwrap();
    String::from_utf8_lossy(&buf[..n]).trim_end().to_string()
}

fn main() {
    let readers: Vec<_> = (0..2)
        .map(|_| std::thread::spawn(|| println!("read: {}", read_once())))
        .collect();
    // No call until both readers are about to read, then a while more for their calls.
    while READING.load(Ordering::SeqCst) < 2 {
        std::hint::spin_loop();
    }
    let mut n: u64 = 0;
    for _ in 0..20_000_000u64 {
        n = std::hint::black_box(n.wrapping_add(1));
    }
    println!("main still runs");
    for reader in readers {
        reader.join().unwrap();
    }
    println!("both read");
}
