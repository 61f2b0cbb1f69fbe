//! Prints the files named on the command line (a seeded file, in the embed example).
fn main() {
    let mut status = 0;
    for path in std::env::args().skip(1) {
        match std::fs::read_to_string(&path) {
            Ok(text) => print!("{text}"),
            Err(e) => {
                eprintln!("cat: {path}: {e}");
                status = 1;
            }
        }
    }
    std::process::exit(status);
}
