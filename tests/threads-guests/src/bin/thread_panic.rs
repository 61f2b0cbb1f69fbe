//! A panic in a thread: the message goes to stderr; the program ends as wasmtime ends it.
fn main() {
    println!("before");
    let h = std::thread::spawn(|| {
        panic!("boom in a thread");
    });
    let joined = h.join();
    println!("joined: {}", if joined.is_err() { "the thread panicked" } else { "ok" });
}
