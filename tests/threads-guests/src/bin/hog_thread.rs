//! A thread that grows memory a MiB at a time and says so, for the memory limit.
fn main() {
    std::thread::spawn(|| {
        let mut kept: Vec<Vec<u8>> = Vec::new();
        for mib in 1.. {
            kept.push(vec![1; 1 << 20]);
            println!("{mib} MiB");
        }
    })
    .join()
    .unwrap();
}
