//! A runaway loop that never calls the host: only Stop or a time limit ends it.
fn main() {
    println!("spinning");
    let mut x = 0u64;
    loop {
        x = std::hint::black_box(x.wrapping_add(1));
    }
}
