//! Echoes what a handler is given: argv, then the environment sorted, one `K=V` a line.
fn main() {
    println!("Content-Type: text/plain; charset=utf-8");
    println!();
    for (i, arg) in std::env::args().enumerate() {
        println!("argv[{i}]={arg}");
    }
    let mut vars: Vec<_> = std::env::vars().collect();
    vars.sort();
    for (k, v) in vars {
        println!("{k}={v}");
    }
}
