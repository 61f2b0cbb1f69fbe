//! A directory removed while the guest holds an fd to it (found by `cargo xtask differ`, seed
//! 6001): as on Linux through wasmtime, it has no links left and takes no new entry (`ENOENT`),
//! whichever call would make one, and a call refused there changes nothing elsewhere.

use super::*;

const DIR: u64 = rights::FD_READ | rights::PATH_CREATE_DIRECTORY | rights::PATH_CREATE_FILE;

/// Each call that makes an entry, at `dir`, each its own name: mkdir, open with O_CREAT,
/// symlink, hard link and rename (both from the preopen's `f`).
fn creations(g: &mut Guest, dir: u32) -> [WasiResult<()>; 5] {
    let mkdir = g.path_call_at(dir, "m", |c, m, fd, p, l| {
        c.path_create_directory(m, fd, p, l)
    });
    let open = g.open_at(dir, "o", 0, oflags::CREAT, RW, 0).map(drop);
    let (t, tl) = g.put(PATH2, b"target");
    let symlink = g.path_call_at(dir, "s", |c, m, fd, p, l| {
        c.path_symlink(m, t, tl, fd, p, l)
    });
    let (f, fl) = g.put(PATH2, b"f");
    let link = g.path_call_at(dir, "h", |c, m, fd, p, l| {
        c.path_link(m, PREOPEN, 0, f, fl, fd, p, l)
    });
    let rename = g.path_call_at(dir, "r", |c, m, fd, p, l| {
        c.path_rename(m, PREOPEN, f, fl, fd, p, l)
    });
    [mkdir, open, symlink, link, rename]
}

fn nlink(g: &mut Guest, fd: u32) -> u64 {
    g.ctx.fd_filestat_get(&mut g.mem, fd, OUT2).unwrap();
    g.u64_at(OUT2 + 24)
}

#[test]
fn a_removed_directory_takes_no_new_entry() {
    let mut g = Guest::new();
    g.create("f", b"kept");
    for d in ["gone", "replaced", "over", "live"] {
        g.mkdir(d).unwrap();
    }
    let open_dir = |g: &mut Guest, d: &str| g.open(d, oflags::DIRECTORY, DIR, 0).unwrap();
    let (gone, replaced, live) = (
        open_dir(&mut g, "gone"),
        open_dir(&mut g, "replaced"),
        open_dir(&mut g, "live"),
    );
    g.path_call("gone", |c, m, fd, p, l| {
        c.path_remove_directory(m, fd, p, l)
    })
    .unwrap();
    // Renamed over: the directory that was there is removed.
    g.rename("over", "replaced").unwrap();
    for dir in [gone, replaced] {
        assert_eq!(nlink(&mut g, dir), 0);
        assert_eq!(creations(&mut g, dir), [Err(Errno::Noent); 5]);
        // `.` is still there: EEXIST, as Linux checks it first.
        let dot = g.path_call_at(dir, ".", |c, m, fd, p, l| {
            c.path_create_directory(m, fd, p, l)
        });
        assert_eq!(dot, Err(Errno::Exist));
    }
    // Refused before anything moved: `f` is where it was, with its bytes and one link.
    let f = g.open("f", 0, RW, 0).unwrap();
    assert_eq!(g.read(f, 16).unwrap(), b"kept");
    assert_eq!(g.stat("f", false).unwrap().1, 1);
    // A directory still linked takes each of them (the rename last, moving `f` away).
    assert_eq!(nlink(&mut g, live), 2);
    assert_eq!(creations(&mut g, live), [Ok(()); 5]);
    assert_eq!(g.stat("f", false), Err(Errno::Noent));
}
