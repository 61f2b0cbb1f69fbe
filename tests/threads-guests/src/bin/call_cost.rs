//! The threads bench's call cost: nanoseconds per WASI call (clock_time_get, through
//! Instant::now) made from the main thread, then from a spawned one.
fn ns_per_call() -> f64 {
    const CALLS: u32 = 100_000;
    let started = std::time::Instant::now();
    for _ in 0..CALLS {
        std::hint::black_box(std::time::Instant::now());
    }
    started.elapsed().as_secs_f64() * 1e9 / f64::from(CALLS)
}

fn main() {
    let main = ns_per_call();
    let spawned = std::thread::spawn(ns_per_call).join().unwrap();
    println!("main: {main:.0} ns/call, spawned: {spawned:.0} ns/call");
}
