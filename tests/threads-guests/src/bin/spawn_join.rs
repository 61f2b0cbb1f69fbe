//! std::thread spawn and join: each thread sums its own range; main adds them up.
fn main() {
    let handles: Vec<_> = (0..4u64)
        .map(|t| std::thread::spawn(move || (t * 1000..(t + 1) * 1000).sum::<u64>()))
        .collect();
    let sums: Vec<u64> = handles.into_iter().map(|h| h.join().unwrap()).collect();
    println!("sums: {sums:?}");
    println!("total: {}", sums.iter().sum::<u64>());
}
