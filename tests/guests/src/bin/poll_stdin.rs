//! poll_oneoff on stdin beside a timeout, as an interactive program waits for a key or a tick:
//! first the input comes before the timeout, then the timeout comes with no input.
use std::io::BufRead;
use std::time::{Duration, Instant};

#[link(wasm_import_module = "wasi_snapshot_preview1")]
extern "C" {
    fn poll_oneoff(subs: i32, events: i32, nsubs: i32, nevents: i32) -> i32;
}

const STDIN: u64 = 1;
const CLOCK: u64 = 2;

fn main() {
    println!("ready");
    let start = Instant::now();
    let first = stdin_or_timeout(Duration::from_secs(5));
    let early = start.elapsed() < Duration::from_secs(5);
    println!("first: {first} (before the timeout: {early})");
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line).unwrap();
    println!("read: {}", line.trim_end());
    let start = Instant::now();
    let second = stdin_or_timeout(Duration::from_millis(300));
    let waited = start.elapsed() >= Duration::from_millis(300);
    println!("second: {second} (waited the timeout: {waited})");
}

/// One poll of stdin readable or `timeout` passed (monotonic, relative): which came, by name.
fn stdin_or_timeout(timeout: Duration) -> String {
    // Subscriptions (48 bytes): userdata, tag (0 clock, 1 fd_read), then the tag's fields.
    let mut subs = [[0u8; 48]; 2];
    subs[0][..8].copy_from_slice(&STDIN.to_le_bytes());
    subs[0][8] = 1;
    subs[1][..8].copy_from_slice(&CLOCK.to_le_bytes());
    subs[1][16..20].copy_from_slice(&1u32.to_le_bytes());
    subs[1][24..32].copy_from_slice(&(timeout.as_nanos() as u64).to_le_bytes());
    let mut events = [[0u8; 32]; 2];
    let mut n = 0u32;
    let errno = unsafe {
        poll_oneoff(
            subs.as_ptr() as i32,
            events.as_mut_ptr() as i32,
            2,
            &mut n as *mut u32 as i32,
        )
    };
    assert_eq!(errno, 0, "poll_oneoff");
    let mut came: Vec<&str> = events[..n as usize]
        .iter()
        .map(|e| match u64::from_le_bytes(e[..8].try_into().unwrap()) {
            STDIN => "stdin",
            CLOCK => "clock",
            _ => "?",
        })
        .collect();
    came.sort();
    came.join("+")
}
