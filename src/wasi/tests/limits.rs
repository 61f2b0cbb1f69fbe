//! The resource caps (src/limits.rs): sizes set without data cost nothing, and past each cap
//! the guest gets the errno a full disk or fd table gives, at once, and the run knows which.

use super::*;
use crate::limits::{Cap, Limits};
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

const GIB: u64 = 1 << 30;

fn small() -> Limits {
    Limits {
        fs_bytes: 1 << 20,
        file_bytes: 4 << 20,
        open_files: 8,
        inodes: 6,
    }
}

/// The test binary's allocator, keeping the largest single allocation any test made: no cap
/// that works ever lets a guest's size reach the allocator (the tests' own buffers are a few
/// MiB at most), where a file grown to the size asked would allocate all of it.
struct Tracking;

static LARGEST_ALLOCATION: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Tracking {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LARGEST_ALLOCATION.fetch_max(layout.size(), Relaxed);
        unsafe { System.alloc(layout) }
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        LARGEST_ALLOCATION.fetch_max(layout.size(), Relaxed);
        unsafe { System.alloc_zeroed(layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        LARGEST_ALLOCATION.fetch_max(new_size, Relaxed);
        unsafe { System.realloc(ptr, layout, new_size) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: Tracking = Tracking;

/// The call, and that nothing the size of what it asked for was allocated (a cap must refuse
/// or record a size, not fill memory).
fn allocates_little<T>(call: impl FnOnce() -> T) -> T {
    let value = call();
    let largest = LARGEST_ALLOCATION.load(Relaxed);
    assert!(largest < 256 << 20, "an allocation of {largest} bytes");
    value
}

#[test]
fn a_size_set_without_data_is_free_and_reads_as_zeros() {
    let mut g = Guest::new();
    let fd = g.open("big", oflags::CREAT, RW, 0).unwrap();
    // Rust's File::set_len(1 GiB), then fd_allocate over it: nothing stored.
    allocates_little(|| g.ctx.fd_filestat_set_size(&mut g.mem, fd, GIB)).unwrap();
    allocates_little(|| g.ctx.fd_allocate(&mut g.mem, fd, GIB - 10, 10)).unwrap();
    assert_eq!(g.ctx.vfs.usage.stored_bytes(), 0);
    g.ctx.fd_filestat_get(&mut g.mem, fd, OUT).unwrap();
    assert_eq!(g.u64_at(OUT + 32), GIB);
    // Reads past what is stored are zeros, and end at the size.
    g.ctx
        .fd_seek(&mut g.mem, fd, (GIB - 4) as i64, whence::SET.into(), OUT)
        .unwrap();
    assert_eq!(g.read(fd, 100).unwrap(), [0, 0, 0, 0]);
    // Writing in the middle stores what is written and the zeros before it.
    g.ctx
        .fd_seek(&mut g.mem, fd, 100, whence::SET.into(), OUT)
        .unwrap();
    g.write(fd, b"abc").unwrap();
    assert_eq!(g.ctx.vfs.usage.stored_bytes(), 103);
    g.ctx
        .fd_seek(&mut g.mem, fd, 98, whence::SET.into(), OUT)
        .unwrap();
    assert_eq!(g.read(fd, 7).unwrap(), b"\0\0abc\0\0");
    // Shrinking gives the stored bytes back.
    g.ctx.fd_filestat_set_size(&mut g.mem, fd, 101).unwrap();
    assert_eq!(g.ctx.vfs.usage.stored_bytes(), 101);
    assert_eq!(g.ctx.vfs.usage.refused(), None);
}

#[test]
fn writing_past_the_filesystem_size_is_enospc_at_once() {
    let mut g = Guest::with_limits(small());
    let fd = g.open("f", oflags::CREAT, RW, 0).unwrap();
    // A pwrite far out would store the gap: refused before anything is allocated.
    let (p, l) = g.put(BUF, b"x");
    g.put(IOV, &[p.to_le_bytes(), l.to_le_bytes()].concat());
    let far = allocates_little(|| g.ctx.fd_pwrite(&mut g.mem, fd, IOV, 1, 3 << 20, OUT));
    assert_eq!(far, Err(Errno::Nospc));
    assert_eq!(g.ctx.vfs.usage.refused(), Some(Cap::FsBytes));
    // Up to the cap works; one byte more does not; deleting the file frees its bytes.
    let chunk = vec![7u8; 64 << 10];
    for _ in 0..16 {
        g.write(fd, &chunk).unwrap();
    }
    assert_eq!(g.write(fd, b"y"), Err(Errno::Nospc));
    g.ctx.fd_close(&mut g.mem, fd).unwrap();
    g.path_call("f", |ctx, mem, dir, p, l| {
        ctx.path_unlink_file(mem, dir, p, l)
    })
    .unwrap();
    assert_eq!(g.ctx.vfs.usage.stored_bytes(), 0);
    g.create("again", b"fits once more");
}

#[test]
fn a_file_past_the_largest_size_is_efbig() {
    let mut g = Guest::with_limits(small());
    let fd = g.open("f", oflags::CREAT, RW, 0).unwrap();
    assert_eq!(
        g.ctx.fd_filestat_set_size(&mut g.mem, fd, (4 << 20) + 1),
        Err(Errno::Fbig)
    );
    assert_eq!(
        g.ctx.fd_allocate(&mut g.mem, fd, 4 << 20, 1),
        Err(Errno::Fbig)
    );
    assert_eq!(g.ctx.vfs.usage.refused(), Some(Cap::FileBytes));
    g.ctx.fd_filestat_set_size(&mut g.mem, fd, 4 << 20).unwrap();
    // Offsets whose end overflows are EFBIG too, not a panic.
    assert_eq!(
        g.ctx.fd_allocate(&mut g.mem, fd, u64::MAX, 2),
        Err(Errno::Fbig)
    );
}

#[test]
fn opening_past_the_fd_limit_is_emfile_and_a_close_makes_room() {
    let mut g = Guest::with_limits(Limits {
        inodes: 100,
        ..small()
    });
    // stdio and the preopen take 4 of the 8.
    let fds: Vec<u32> = (0..4)
        .map(|i| g.open(&format!("f{i}"), oflags::CREAT, RW, 0).unwrap())
        .collect();
    assert_eq!(g.open("one-more", oflags::CREAT, RW, 0), Err(Errno::Mfile));
    assert_eq!(g.ctx.vfs.usage.refused(), Some(Cap::OpenFiles));
    // Refused before it was created, as on Linux.
    assert_eq!(g.open("one-more", 0, RW, 0), Err(Errno::Mfile));
    g.ctx.fd_close(&mut g.mem, fds[1]).unwrap();
    assert_eq!(g.open("one-more", 0, RW, 0), Err(Errno::Noent));
    let fds = [fds[0], g.open("f1", 0, RW, 0).unwrap()];
    g.ctx.fd_close(&mut g.mem, fds[0]).unwrap();
    assert_eq!(g.open("one-more", oflags::CREAT, RW, 0), Ok(fds[0]));
}

#[test]
fn creating_past_the_inode_limit_is_enospc_and_a_delete_makes_room() {
    let mut g = Guest::with_limits(small());
    // The preopen is one of the 6.
    for i in 0..5 {
        g.create(&format!("f{i}"), b"");
    }
    assert_eq!(g.open("f5", oflags::CREAT, RW, 0), Err(Errno::Nospc));
    assert_eq!(
        g.path_call("d", |ctx, mem, dir, p, l| ctx
            .path_create_directory(mem, dir, p, l)),
        Err(Errno::Nospc)
    );
    assert_eq!(g.ctx.vfs.usage.refused(), Some(Cap::Inodes));
    g.path_call("f0", |ctx, mem, dir, p, l| {
        ctx.path_unlink_file(mem, dir, p, l)
    })
    .unwrap();
    g.create("f5", b"");
}

#[test]
fn each_cap_says_what_refused_and_how_to_raise_it() {
    let line = Cap::FsBytes.describe(&Limits::default());
    assert_eq!(
        line,
        "the program was refused with ENOSPC at the limit on the filesystem's size (1073741824; raise it with limits.fsBytes)"
    );
    assert!(Cap::OpenFiles.describe(&small()).contains("EMFILE"));
}

#[test]
fn limits_are_set_by_option_name_and_bad_values_are_refused() {
    let mut limits = Limits::default();
    limits.set("fsBytes", 4096.0).unwrap();
    limits.set("openFiles", 16.0).unwrap();
    assert_eq!((limits.fs_bytes, limits.open_files), (4096, 16));
    assert_eq!(
        limits.set("diskBytes", 1.0),
        Err("unknown limit `diskBytes` (fsBytes, fileBytes, openFiles, inodes)".into())
    );
    for bad in [0.0, -1.0, 1.5, f64::NAN, f64::INFINITY, 1e300] {
        assert!(limits.set("inodes", bad).is_err(), "{bad} accepted");
    }
    assert_eq!(limits.inodes, Limits::default().inodes);
}

#[test]
fn a_path_of_4096_bytes_or_more_is_enametoolong_as_in_wasmtime() {
    let mut g = Guest::new();
    // wasmtime-py: a 4095-byte path resolves (ENOENT here), 4096 and 5000 do not.
    for (len, errno) in [
        (4095, Errno::Noent),
        (4096, Errno::Nametoolong),
        (5000, Errno::Nametoolong),
    ] {
        let path: String = "a/".repeat(len / 2 + 1)[..len].to_string();
        g.mem.write(BUF, path.as_bytes()).unwrap();
        let got = g
            .ctx
            .path_open(&mut g.mem, PREOPEN, 0, BUF, len as u32, 0, RW, RW, 0, OUT);
        assert_eq!(got, Err(errno), "{len}");
    }
}
