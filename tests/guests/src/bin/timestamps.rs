//! atime/mtime set explicitly and moved by writes.
use std::fs::{self, File, FileTimes};
use std::io::Write;
use std::time::{Duration, SystemTime, UNIX_EPOCH};
fn main() {
    let before = SystemTime::now();
    let mut f = File::create("/sandbox/t").unwrap();
    let m = f.metadata().unwrap();
    println!("mtime recent: {}", m.modified().unwrap() >= before - Duration::from_secs(5));
    let when = UNIX_EPOCH + Duration::from_secs(1_000_000_000);
    f.set_times(FileTimes::new().set_accessed(when).set_modified(when)).unwrap();
    let m = fs::metadata("/sandbox/t").unwrap();
    println!("mtime set: {:?}", m.modified().unwrap().duration_since(UNIX_EPOCH).unwrap());
    println!("atime set: {:?}", m.accessed().unwrap().duration_since(UNIX_EPOCH).unwrap());
    f.write_all(b"x").unwrap();
    let m = fs::metadata("/sandbox/t").unwrap();
    println!("mtime moved by write: {}", m.modified().unwrap() > when);
    let now = SystemTime::now().duration_since(UNIX_EPOCH).unwrap();
    println!("clock after 2020: {}", now.as_secs() > 1_577_836_800);
}
