//! poll_oneoff through thread::sleep, monotonic time moving forward, and polls the call
//! refuses (no subscriptions, an unknown clock): refused, never a wait for ever.
use std::time::{Duration, Instant};

#[link(wasm_import_module = "wasi_snapshot_preview1")]
extern "C" {
    fn poll_oneoff(subs: i32, events: i32, nsubs: i32, nevents: i32) -> i32;
}

fn main() {
    let start = Instant::now();
    std::thread::sleep(Duration::from_millis(50));
    let slept = start.elapsed();
    println!("slept at least 50ms: {}", slept >= Duration::from_millis(50));
    println!("slept under 5s: {}", slept < Duration::from_secs(5));
    println!("poll of no subscriptions: errno {}", poll(&[]));
    // A clock subscription (tag 0) on clock id 99, which WASI does not have.
    let mut unknown_clock = [0u8; 48];
    unknown_clock[16] = 99;
    println!("poll of an unknown clock: errno {}", poll(&[unknown_clock]));
}

/// poll_oneoff's errno for `subs`.
fn poll(subs: &[[u8; 48]]) -> i32 {
    let (mut events, mut nevents) = ([0u8; 64], 0u32);
    unsafe {
        poll_oneoff(
            subs.as_ptr() as i32,
            events.as_mut_ptr() as i32,
            subs.len() as i32,
            &mut nevents as *mut u32 as i32,
        )
    }
}
