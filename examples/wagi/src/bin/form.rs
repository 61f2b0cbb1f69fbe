//! Reads the request body from stdin: answers its length, a checksum, and echoes it back
//! when it is short text (a form post).
use std::io::Read;

fn main() {
    let mut body = Vec::new();
    std::io::stdin().read_to_end(&mut body).expect("stdin");
    // FNV-1a: enough to tell that every byte arrived.
    let sum = body
        .iter()
        .fold(0xcbf2_9ce4_8422_2325u64, |h, &b| (h ^ b as u64).wrapping_mul(0x100_0000_01b3));
    println!("Content-Type: text/plain; charset=utf-8");
    println!("X-Body-Length: {}", body.len());
    println!("X-Body-Fnv1a: {sum:016x}");
    println!();
    match std::str::from_utf8(&body) {
        Ok(text) if body.len() <= 4096 => print!("{text}"),
        _ => println!("{} bytes", body.len()),
    }
}
