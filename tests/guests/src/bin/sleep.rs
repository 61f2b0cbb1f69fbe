//! poll_oneoff through thread::sleep, and monotonic time moving forward.
use std::time::{Duration, Instant};
fn main() {
    let start = Instant::now();
    std::thread::sleep(Duration::from_millis(50));
    let slept = start.elapsed();
    println!("slept at least 50ms: {}", slept >= Duration::from_millis(50));
    println!("slept under 5s: {}", slept < Duration::from_secs(5));
}
