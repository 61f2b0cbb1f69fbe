//! Allocates 1 MiB at a time up to 256 MiB, saying so each time: a memory limit must stop it.
fn main() {
    let mut hoard: Vec<Vec<u8>> = Vec::new();
    for mib in 1..=256 {
        hoard.push(vec![1u8; 1 << 20]);
        println!("{mib} MiB");
    }
    println!("kept {} MiB", hoard.len());
}
