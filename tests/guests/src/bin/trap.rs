//! A panic: message on stderr, then a trap (unreachable).
fn main() {
    println!("before the panic");
    let v: Vec<u32> = std::env::args().map(|a| a.len() as u32).collect();
    if v.len() < 100 {
        panic!("deliberate panic with {} args", v.len());
    }
}
