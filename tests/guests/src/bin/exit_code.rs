//! A non-zero exit status through proc_exit, after output.
fn main() {
    println!("about to exit");
    eprintln!("with status 42");
    std::process::exit(42);
}
