//! Tries every way out of a preopen, and prints what each attempt got: `..` and absolute
//! paths, symlinks (relative, absolute, chains, loops), rename and link across preopens, fd
//! renumbering onto a preopen; then what it can see of its environment.
use std::fs;

/// The first preopen's fd (/sandbox).
const SANDBOX: u32 = 3;

fn symlink_path(target: &str, link: &str) -> std::io::Result<()> {
    let link = link.strip_prefix("/sandbox/").unwrap();
    unsafe { wasi::path_symlink(target, SANDBOX, link) }
        .map_err(|e| std::io::Error::from_raw_os_error(e.raw() as i32))
}

fn show<T>(what: &str, r: std::io::Result<T>) {
    match r {
        Ok(_) => println!("{what}: ok"),
        Err(e) => println!("{what}: errno {:?}", e.raw_os_error()),
    }
}

fn main() {
    fs::write("/sandbox/inside", b"in").unwrap();
    fs::create_dir("/sandbox/sub").unwrap();
    show("read ../ from the preopen", fs::read("/sandbox/../etc/passwd"));
    show("read deeper ../../", fs::read("/sandbox/sub/../../inside"));
    show("read back in via ..", fs::read("/sandbox/sub/../inside"));
    show("read an absolute path outside", fs::read("/etc/passwd"));
    show("list the root", fs::read_dir("/"));
    show("symlink to ..", symlink_path("..", "/sandbox/up"));
    show("open through it", fs::read("/sandbox/up/etc/passwd"));
    show("symlink to an absolute path", symlink_path("/etc/passwd", "/sandbox/abs"));
    show("open through it", fs::read("/sandbox/abs"));
    show("symlink to a file inside", symlink_path("inside", "/sandbox/in-link"));
    show("open through it", fs::read("/sandbox/in-link"));
    show("chain a -> b", symlink_path("b", "/sandbox/a"));
    show("chain b -> sub/../../x", symlink_path("sub/../../x", "/sandbox/b"));
    show("open the chain", fs::read("/sandbox/a"));
    show("loop l1 -> l2", symlink_path("l2", "/sandbox/l1"));
    show("loop l2 -> l1", symlink_path("l1", "/sandbox/l2"));
    show("open the loop", fs::read("/sandbox/l1"));
    show("self loop", symlink_path("self", "/sandbox/self"));
    show("open the self loop", fs::read("/sandbox/self"));
    show("create through ..", fs::write("/sandbox/sub/../../made", b"x"));
    show("mkdir through ..", fs::create_dir("/sandbox/../made-dir"));
    show("rename across preopens", fs::rename("/sandbox/inside", "/other/moved"));
    show("read it where it went", fs::read("/other/moved"));
    show("hard link across preopens", fs::hard_link("/other/moved", "/sandbox/linked"));
    show("rename out via ..", fs::rename("/other/moved", "/other/../escaped"));
    let file = fs::File::create("/sandbox/fd-victim").unwrap();
    use std::os::fd::AsRawFd;
    let fd = file.as_raw_fd() as u32;
    std::mem::forget(file);
    // fd 3 is the first preopen (/sandbox): renumber a file onto it.
    let renumbered = unsafe { wasi::fd_renumber(fd, SANDBOX) };
    println!("renumber a file onto the preopen: {:?}", renumbered.map_err(|e| e.raw()));
    show("use the renumbered preopen", fs::read_dir("/sandbox"));
    show("the other preopen still works", fs::read_dir("/other").map(|d| d.count()));
    let mut vars: Vec<String> = std::env::vars().map(|(k, v)| format!("{k}={v}")).collect();
    vars.sort();
    println!("env: {vars:?}");
    println!("args: {:?}", std::env::args().collect::<Vec<_>>());
}
