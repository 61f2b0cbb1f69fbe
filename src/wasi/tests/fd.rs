//! fd_* calls on stdio and files: read, write, seek, pread/pwrite, fdstat, filestat, close, renumber.

use super::*;

#[test]
fn stdio_read_write_and_fdstat() {
    let mut g = Guest::new();
    assert_eq!(g.write(1, b"hello\n"), Ok(6));
    g.ctx.flush_output();
    assert_eq!(g.stdout.bytes(), b"hello\n");
    assert_eq!(g.read(0, 5).unwrap(), b"stdin");
    assert_eq!(g.read(0, 100).unwrap(), b" data");
    assert_eq!(g.read(0, 100).unwrap(), b"");
    assert_eq!(g.write(0, b"x"), Err(Errno::Badf));
    assert_eq!(g.read(1, 1), Err(Errno::Badf));
    assert_eq!(g.write(99, b"x"), Err(Errno::Badf));
    // Iovec array or buffer outside memory.
    assert_eq!(
        g.ctx.fd_write(&mut g.mem, 1, MEM as u32 - 4, 1, OUT),
        Err(Errno::Fault)
    );
    g.put(
        IOV,
        &[(MEM as u32 - 2).to_le_bytes(), 8u32.to_le_bytes()].concat(),
    );
    assert_eq!(
        g.ctx.fd_write(&mut g.mem, 1, IOV, 1, OUT),
        Err(Errno::Fault)
    );
    assert_eq!(
        g.ctx.fd_read(&mut g.mem, 0, IOV, u32::MAX, OUT),
        Err(Errno::Fault)
    );
    // pread/pwrite/seek/tell on stdio are ESPIPE.
    assert_eq!(
        g.ctx.fd_pwrite(&mut g.mem, 1, IOV, 0, 0, OUT),
        Err(Errno::Spipe)
    );
    assert_eq!(
        g.ctx.fd_pread(&mut g.mem, 0, IOV, 0, 0, OUT),
        Err(Errno::Spipe)
    );
    assert_eq!(g.ctx.fd_seek(&mut g.mem, 1, 0, 0, OUT), Err(Errno::Spipe));
    assert_eq!(g.ctx.fd_tell(&mut g.mem, 0, OUT), Err(Errno::Spipe));

    g.ctx.fd_fdstat_get(&mut g.mem, 1, OUT).unwrap();
    assert_eq!(g.mem[OUT as usize], filetype::UNKNOWN);
    assert_eq!(g.u64_at(OUT + 8), rights::FD_WRITE);
    #[cfg(not(feature = "stdio-only"))]
    {
        g.ctx.fd_fdstat_get(&mut g.mem, PREOPEN, OUT).unwrap();
        assert_eq!(g.mem[OUT as usize], filetype::DIRECTORY);
        assert_eq!(g.u64_at(OUT + 8), rights::PREOPEN_BASE);
    }
    assert_eq!(g.ctx.fd_fdstat_get(&mut g.mem, 7, OUT), Err(Errno::Badf));
    assert_eq!(
        g.ctx.fd_fdstat_get(&mut g.mem, 1, MEM as u32),
        Err(Errno::Fault)
    );
    g.ctx.fd_filestat_get(&mut g.mem, 2, OUT).unwrap();
    assert_eq!(g.mem[OUT as usize + 16], filetype::UNKNOWN);
}

#[cfg(not(feature = "stdio-only"))]
#[test]
fn prestat_and_dir_name() {
    let mut g = Guest::new();
    g.ctx.fd_prestat_get(&mut g.mem, PREOPEN, OUT).unwrap();
    assert_eq!((g.mem[OUT as usize], g.u32_at(OUT + 4)), (0, 8));
    g.ctx
        .fd_prestat_dir_name(&mut g.mem, PREOPEN, BUF, 8)
        .unwrap();
    assert_eq!(&g.mem[BUF as usize..BUF as usize + 8], b"/sandbox");
    assert_eq!(
        g.ctx.fd_prestat_dir_name(&mut g.mem, PREOPEN, BUF, 3),
        Err(Errno::Nametoolong)
    );
    assert_eq!(g.ctx.fd_prestat_get(&mut g.mem, 4, OUT), Err(Errno::Badf));
    assert_eq!(g.ctx.fd_prestat_get(&mut g.mem, 1, OUT), Err(Errno::Badf));
    assert_eq!(
        g.ctx.fd_prestat_dir_name(&mut g.mem, 1, BUF, 8),
        Err(Errno::Notdir)
    );
}

#[cfg(not(feature = "stdio-only"))]
#[test]
fn files_write_read_seek_tell_pread_pwrite() {
    let mut g = Guest::new();
    let fd = g.open("f.txt", oflags::CREAT, RW, 0).unwrap();
    assert_eq!(fd, 4);
    assert_eq!(g.write(fd, b"hello world"), Ok(11));
    g.ctx.fd_tell(&mut g.mem, fd, OUT).unwrap();
    assert_eq!(g.u64_at(OUT), 11);
    g.ctx
        .fd_seek(&mut g.mem, fd, -5, whence::END.into(), OUT)
        .unwrap();
    assert_eq!(g.u64_at(OUT), 6);
    assert_eq!(g.read(fd, 100).unwrap(), b"world");
    assert_eq!(g.read(fd, 100).unwrap(), b"");
    assert_eq!(
        g.ctx.fd_seek(&mut g.mem, fd, -100, whence::CUR.into(), OUT),
        Err(Errno::Inval)
    );
    assert_eq!(g.ctx.fd_seek(&mut g.mem, fd, 0, 7, OUT), Err(Errno::Inval));
    assert_eq!(
        g.ctx.fd_seek(&mut g.mem, PREOPEN, 0, 0, OUT),
        Err(Errno::Badf)
    );
    // pwrite past the end zero-fills; pread does not move the position.
    let (p, l) = g.put(BUF, b"XY");
    g.put(IOV, &[p.to_le_bytes(), l.to_le_bytes()].concat());
    g.ctx.fd_pwrite(&mut g.mem, fd, IOV, 1, 13, OUT).unwrap();
    g.put(IOV, &[BUF.to_le_bytes(), 100u32.to_le_bytes()].concat());
    g.ctx.fd_pread(&mut g.mem, fd, IOV, 1, 0, OUT).unwrap();
    assert_eq!(
        &g.mem[BUF as usize..BUF as usize + 15],
        b"hello world\0\0XY"
    );
    g.ctx.fd_tell(&mut g.mem, fd, OUT).unwrap();
    assert_eq!(g.u64_at(OUT), 11);
    assert_eq!(
        g.ctx.fd_pread(&mut g.mem, PREOPEN, IOV, 1, 0, OUT),
        Err(Errno::Badf)
    );
    // Scatter over two iovecs.
    g.put(
        IOV,
        &[
            BUF.to_le_bytes(),
            2u32.to_le_bytes(),
            (BUF + 100).to_le_bytes(),
            3u32.to_le_bytes(),
        ]
        .concat(),
    );
    g.ctx.fd_pread(&mut g.mem, fd, IOV, 2, 0, OUT).unwrap();
    assert_eq!(g.u32_at(OUT), 5);
    assert_eq!(&g.mem[BUF as usize + 100..BUF as usize + 103], b"llo");
    // Read-only and write-only fds.
    let ro = g.open("f.txt", 0, rights::FD_READ, 0).unwrap();
    assert_eq!(g.write(ro, b"x"), Err(Errno::Badf));
    let wo = g.open("f.txt", 0, rights::FD_WRITE, 0).unwrap();
    assert_eq!(g.read(wo, 1), Err(Errno::Badf));
    // Dirs cannot be read or written as files.
    assert_eq!(g.read(PREOPEN, 1), Err(Errno::Badf));
    assert_eq!(g.write(PREOPEN, b"x"), Err(Errno::Badf));
}

#[cfg(not(feature = "stdio-only"))]
#[test]
fn append_flag_and_fdstat_set_flags() {
    let mut g = Guest::new();
    g.create("log", b"abc");
    let fd = g.open("log", 0, RW, fdflags::APPEND).unwrap();
    g.write(fd, b"def").unwrap();
    g.ctx.fd_fdstat_get(&mut g.mem, fd, OUT).unwrap();
    assert_eq!(g.mem[OUT as usize], filetype::REGULAR_FILE);
    assert_eq!(
        u16::from_le_bytes([g.mem[OUT as usize + 2], g.mem[OUT as usize + 3]]),
        fdflags::APPEND
    );
    g.ctx
        .fd_fdstat_set_flags(&mut g.mem, fd, fdflags::NONBLOCK.into())
        .unwrap();
    g.ctx
        .fd_seek(&mut g.mem, fd, 0, whence::SET.into(), OUT)
        .unwrap();
    g.write(fd, b"XY").unwrap();
    assert_eq!(g.stat("log", true).unwrap().2, 6);
    assert_eq!(
        g.ctx
            .fd_fdstat_set_flags(&mut g.mem, fd, fdflags::SYNC.into()),
        Err(Errno::Inval)
    );
    assert_eq!(
        g.ctx.fd_fdstat_set_flags(&mut g.mem, fd, 1 << 9),
        Err(Errno::Inval)
    );
    assert_eq!(
        g.ctx.fd_fdstat_set_flags(&mut g.mem, 1, 0),
        Err(Errno::Badf)
    );
    assert_eq!(
        g.ctx.fd_fdstat_set_rights(&mut g.mem, fd, 0, 0),
        Err(Errno::Notsup)
    );
    assert_eq!(
        g.ctx.fd_fdstat_set_rights(&mut g.mem, 1, 0, 0),
        Err(Errno::Badf)
    );
}

#[cfg(not(feature = "stdio-only"))]
#[test]
fn filestat_size_times_allocate_advise_sync() {
    let mut g = Guest::new();
    let fd = g.open("f", oflags::CREAT, RW, 0).unwrap();
    g.ctx.fd_filestat_set_size(&mut g.mem, fd, 100).unwrap();
    g.ctx.fd_filestat_get(&mut g.mem, fd, OUT).unwrap();
    assert_eq!(g.u64_at(OUT + 32), 100);
    assert_eq!(g.u64_at(OUT + 24), 1);
    g.ctx.fd_allocate(&mut g.mem, fd, 50, 100).unwrap();
    assert_eq!(g.stat("f", true).unwrap().2, 150);
    g.ctx.fd_allocate(&mut g.mem, fd, 0, 10).unwrap();
    assert_eq!(g.stat("f", true).unwrap().2, 150);
    assert_eq!(
        g.ctx.fd_allocate(&mut g.mem, fd, u64::MAX, 2),
        Err(Errno::Fbig)
    );
    assert_eq!(
        g.ctx.fd_filestat_set_size(&mut g.mem, PREOPEN, 1),
        Err(Errno::Badf)
    );
    // ftruncate of a file open only for reading: wasmtime's EINVAL.
    let ro = g.open("f", 0, rights::FD_READ, 0).unwrap();
    assert_eq!(
        g.ctx.fd_filestat_set_size(&mut g.mem, ro, 1),
        Err(Errno::Inval)
    );

    g.ctx
        .fd_filestat_set_times(
            &mut g.mem,
            fd,
            111,
            222,
            (fstflags::ATIM | fstflags::MTIM).into(),
        )
        .unwrap();
    g.ctx.fd_filestat_get(&mut g.mem, fd, OUT).unwrap();
    assert_eq!((g.u64_at(OUT + 40), g.u64_at(OUT + 48)), (111, 222));
    g.ctx
        .fd_filestat_set_times(&mut g.mem, fd, 0, 0, fstflags::MTIM_NOW.into())
        .unwrap();
    g.ctx.fd_filestat_get(&mut g.mem, fd, OUT).unwrap();
    assert_eq!(g.u64_at(OUT + 40), 111);
    assert!(g.u64_at(OUT + 48) > 222);
    let both = (fstflags::ATIM | fstflags::ATIM_NOW).into();
    assert_eq!(
        g.ctx.fd_filestat_set_times(&mut g.mem, fd, 0, 0, both),
        Err(Errno::Inval)
    );
    assert_eq!(
        g.ctx.fd_filestat_set_times(&mut g.mem, fd, 0, 0, 1 << 7),
        Err(Errno::Inval)
    );
    assert_eq!(
        g.ctx.fd_filestat_set_times(&mut g.mem, 1, 0, 0, 0),
        Err(Errno::Badf)
    );

    g.ctx.fd_advise(&mut g.mem, fd, 0, 10, 2).unwrap();
    assert_eq!(g.ctx.fd_advise(&mut g.mem, fd, 0, 10, 9), Err(Errno::Inval));
    assert_eq!(
        g.ctx.fd_advise(&mut g.mem, PREOPEN, 0, 10, 0),
        Err(Errno::Badf)
    );
    g.ctx.fd_sync(&mut g.mem, fd).unwrap();
    g.ctx.fd_datasync(&mut g.mem, fd).unwrap();
    assert_eq!(g.ctx.fd_sync(&mut g.mem, 1), Err(Errno::Badf));
    assert_eq!(g.ctx.fd_datasync(&mut g.mem, 42), Err(Errno::Badf));
}

#[cfg(not(feature = "stdio-only"))]
#[test]
fn close_and_renumber_reuse_numbers_like_wasmtime() {
    let mut g = Guest::new();
    let a = g.open("a", oflags::CREAT, RW, 0).unwrap();
    let b = g.open("b", oflags::CREAT, RW, 0).unwrap();
    assert_eq!((a, b), (4, 5));
    g.ctx.fd_close(&mut g.mem, a).unwrap();
    assert_eq!(g.ctx.fd_close(&mut g.mem, a), Err(Errno::Badf));
    assert_eq!(g.open("c", oflags::CREAT, RW, 0), Ok(4));
    g.write(b, b"from b").unwrap();
    g.ctx.fd_renumber(&mut g.mem, b, 4).unwrap();
    assert_eq!(g.write(b, b"x"), Err(Errno::Badf));
    g.ctx.fd_seek(&mut g.mem, 4, 0, 0, OUT).unwrap();
    assert_eq!(g.read(4, 10).unwrap(), b"from b");
    assert_eq!(g.ctx.fd_renumber(&mut g.mem, 4, 50), Err(Errno::Badf));
    assert_eq!(g.ctx.fd_renumber(&mut g.mem, 50, 4), Err(Errno::Badf));
    g.ctx.fd_renumber(&mut g.mem, 4, 4).unwrap();
}

#[cfg(not(feature = "stdio-only"))]
#[test]
fn truncate_on_open() {
    let mut g = Guest::new();
    g.create("f", b"long content");
    let fd = g.open("f", oflags::TRUNC, RW, 0).unwrap();
    assert_eq!(g.read(fd, 100).unwrap(), b"");
}
