//! rayon over a slice: a parallel map and sum, and the size of the pool it used.
use rayon::prelude::*;

fn main() {
    let threads: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(2);
    let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap();
    let data: Vec<u64> = (0..100_000).collect();
    let sum: u64 = pool.install(|| data.par_iter().map(|x| x * x % 7919).sum());
    println!("threads: {}, sum: {sum}", pool.current_num_threads());
}
