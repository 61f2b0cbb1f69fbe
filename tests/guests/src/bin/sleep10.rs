//! Ten sleeps of 300 ms: a host that spins burns a core for three seconds.
use std::time::{Duration, Instant};
fn main() {
    let start = Instant::now();
    for _ in 0..10 {
        std::thread::sleep(Duration::from_millis(300));
    }
    println!("slept {} ms", start.elapsed().as_millis());
}
