//! One thread sleeps while main makes calls: main's calls must not wait for the sleep, and the
//! sleep must last as long as asked, once (not cut short, not waited twice). Then a poll of no
//! subscriptions from a thread: refused, never a wait for ever.
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

const SLEEP: Duration = Duration::from_millis(2000);

static SLEEPING: AtomicBool = AtomicBool::new(false);

#[link(wasm_import_module = "wasi_snapshot_preview1")]
extern "C" {
    fn poll_oneoff(subs: i32, events: i32, nsubs: i32, nevents: i32) -> i32;
}

fn main() {
    let t0 = Instant::now();
    let sleeper = std::thread::spawn(|| {
        let start = Instant::now();
        SLEEPING.store(true, Ordering::SeqCst);
        std::thread::sleep(SLEEP);
        let slept = start.elapsed();
        println!("slept as long as asked: {}", slept >= SLEEP && slept < SLEEP + SLEEP / 2);
    });
    // No call until the sleeper is about to sleep, then a while more for its call to arrive.
    while !SLEEPING.load(Ordering::SeqCst) {
        std::hint::spin_loop();
    }
    let mut n: u64 = 0;
    for _ in 0..20_000_000u64 {
        n = std::hint::black_box(n.wrapping_add(1));
    }
    let answered = t0.elapsed();
    println!("main's call answered during the sleep: {}", answered < SLEEP / 2);
    sleeper.join().unwrap();
    let (subs, mut events, mut nevents) = ([0u8; 48], [0u8; 32], 0u32);
    let errno = unsafe {
        poll_oneoff(
            subs.as_ptr() as i32,
            events.as_mut_ptr() as i32,
            0,
            &mut nevents as *mut u32 as i32,
        )
    };
    println!("poll of no subscriptions: errno {errno}");
}
