//! The threads bench's CPU-bound workload: count the primes below 2,000,000 with rayon on
//! THREADS threads (argument 1), and print how long the counting took, timed inside.
use rayon::prelude::*;

fn is_prime(n: u32) -> bool {
    n >= 2 && (2..).take_while(|d| d * d <= n).all(|d| !n.is_multiple_of(d))
}

fn main() {
    let threads: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(1);
    let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap();
    let started = std::time::Instant::now();
    let primes = pool.install(|| (0..2_000_000u32).into_par_iter().with_min_len(4096).filter(|&n| is_prime(n)).count());
    println!("primes: {primes}, threads: {threads}, ms: {:.1}", started.elapsed().as_secs_f64() * 1e3);
}
