//! Prints the code of every byte it reads, one by one, until it reads `q` (raw terminal input).
use std::io::Read;
fn main() {
    let mut byte = [0u8; 1];
    let mut stdin = std::io::stdin();
    println!("press keys, q quits");
    while stdin.read(&mut byte).unwrap() == 1 {
        println!("key {}", byte[0]);
        if byte[0] == b'q' {
            break;
        }
    }
}
