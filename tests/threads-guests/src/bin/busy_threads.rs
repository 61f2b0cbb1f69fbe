//! Two threads that never end, for the limits and Stop: `spin` says so once and loops,
//! `flood` prints lines for ever; main waits on them.
fn main() {
    let flood = std::env::args().nth(1).as_deref() == Some("flood");
    println!("spinning");
    let threads: Vec<_> = (0..2)
        .map(|t| {
            std::thread::spawn(move || {
                let mut n: u64 = 0;
                loop {
                    n = std::hint::black_box(n.wrapping_add(1));
                    if flood {
                        println!("thread {t} line {n}");
                    }
                }
            })
        })
        .collect();
    for t in threads {
        let _ = t.join();
    }
}
