//! Every preview1 call over a `Vec<u8>` guest memory, with its error paths.

use super::*;
use crate::abi::{fdflags, filetype, fstflags, lookupflags, oflags, rights, whence, Errno};
use crate::memory::GuestMemory;

const MEM: usize = 1 << 20;
const OUT: u32 = 64;
const OUT2: u32 = 128;
const PATH: u32 = 1024;
const PATH2: u32 = 2048;
const IOV: u32 = 3072;
const BUF: u32 = 8192;
const PREOPEN: u32 = 3;
const RW: u64 = rights::FD_READ | rights::FD_WRITE;

struct Guest {
    ctx: WasiCtx,
    mem: Vec<u8>,
    stdout: CapturedOutput,
}

impl Guest {
    fn new() -> Self {
        let mut ctx = WasiCtx::new(Box::new(NativePlatform::default()));
        let stdout = CapturedOutput::default();
        ctx.set_stdout(Box::new(stdout.clone()));
        ctx.set_args(vec!["prog".into(), "a b".into()]);
        ctx.set_env(vec![("K".into(), "V".into())]);
        ctx.set_stdin(Box::new(BufferedInput::new(b"stdin data".to_vec())));
        ctx.preopen_new_dir("/sandbox").unwrap();
        Guest {
            ctx,
            mem: vec![0; MEM],
            stdout,
        }
    }

    fn put(&mut self, at: u32, bytes: &[u8]) -> (u32, u32) {
        self.mem.write(at, bytes).unwrap();
        (at, bytes.len() as u32)
    }

    fn u32_at(&self, at: u32) -> u32 {
        u32::from_le_bytes(self.mem[at as usize..at as usize + 4].try_into().unwrap())
    }

    fn u64_at(&self, at: u32) -> u64 {
        u64::from_le_bytes(self.mem[at as usize..at as usize + 8].try_into().unwrap())
    }

    fn open(&mut self, path: &str, oflags: u16, rights: u64, fdflags: u16) -> Result<u32, Errno> {
        self.open_at(
            PREOPEN,
            path,
            lookupflags::SYMLINK_FOLLOW,
            oflags,
            rights,
            fdflags,
        )
    }

    fn open_at(
        &mut self,
        dir: u32,
        path: &str,
        lookup: u32,
        oflags: u16,
        rights: u64,
        fdflags: u16,
    ) -> Result<u32, Errno> {
        let (p, l) = self.put(PATH, path.as_bytes());
        self.ctx.path_open(
            &mut self.mem,
            dir,
            lookup,
            p,
            l,
            oflags.into(),
            rights,
            rights,
            fdflags.into(),
            OUT,
        )?;
        Ok(self.u32_at(OUT))
    }

    fn write(&mut self, fd: u32, data: &[u8]) -> Result<u32, Errno> {
        let (p, l) = self.put(BUF, data);
        self.put(IOV, &[p.to_le_bytes(), l.to_le_bytes()].concat());
        self.ctx.fd_write(&mut self.mem, fd, IOV, 1, OUT)?;
        Ok(self.u32_at(OUT))
    }

    fn read(&mut self, fd: u32, len: u32) -> Result<Vec<u8>, Errno> {
        self.put(IOV, &[BUF.to_le_bytes(), len.to_le_bytes()].concat());
        self.ctx.fd_read(&mut self.mem, fd, IOV, 1, OUT)?;
        let n = self.u32_at(OUT) as usize;
        Ok(self.mem[BUF as usize..BUF as usize + n].to_vec())
    }

    fn create(&mut self, path: &str, data: &[u8]) {
        let fd = self
            .open(path, oflags::CREAT | oflags::TRUNC, RW, 0)
            .unwrap();
        self.write(fd, data).unwrap();
        self.ctx.fd_close(&mut self.mem, fd).unwrap();
    }

    /// Runs a one-path call: `f(ctx, mem, dirfd, ptr, len)`.
    fn path_call(
        &mut self,
        path: &str,
        f: impl FnOnce(&mut WasiCtx, &mut Vec<u8>, u32, u32, u32) -> WasiResult<()>,
    ) -> WasiResult<()> {
        let (p, l) = self.put(PATH, path.as_bytes());
        f(&mut self.ctx, &mut self.mem, PREOPEN, p, l)
    }

    fn mkdir(&mut self, path: &str) -> WasiResult<()> {
        self.path_call(path, |c, m, fd, p, l| c.path_create_directory(m, fd, p, l))
    }

    fn stat(&mut self, path: &str, follow: bool) -> WasiResult<(u8, u64, u64)> {
        let flags = if follow {
            lookupflags::SYMLINK_FOLLOW
        } else {
            0
        };
        self.path_call(path, |c, m, fd, p, l| {
            c.path_filestat_get(m, fd, flags, p, l, OUT2)
        })?;
        Ok((
            self.mem[OUT2 as usize + 16],
            self.u64_at(OUT2 + 24),
            self.u64_at(OUT2 + 32),
        ))
    }

    fn symlink(&mut self, target: &str, path: &str) -> WasiResult<()> {
        let (t, tl) = self.put(PATH2, target.as_bytes());
        let (p, l) = self.put(PATH, path.as_bytes());
        self.ctx.path_symlink(&mut self.mem, t, tl, PREOPEN, p, l)
    }

    fn rename(&mut self, from: &str, to: &str) -> WasiResult<()> {
        let (f, fl) = self.put(PATH, from.as_bytes());
        let (t, tl) = self.put(PATH2, to.as_bytes());
        self.ctx
            .path_rename(&mut self.mem, PREOPEN, f, fl, PREOPEN, t, tl)
    }

    fn cstrings(&self, ptrs: u32, count: usize) -> Vec<String> {
        (0..count)
            .map(|i| {
                let at = self.u32_at(ptrs + 4 * i as u32) as usize;
                let end = at + self.mem[at..].iter().position(|&b| b == 0).unwrap();
                String::from_utf8(self.mem[at..end].to_vec()).unwrap()
            })
            .collect()
    }
}

#[test]
fn args_and_environ() {
    let mut g = Guest::new();
    g.ctx.args_sizes_get(&mut g.mem, OUT, OUT + 4).unwrap();
    assert_eq!((g.u32_at(OUT), g.u32_at(OUT + 4)), (2, 9));
    g.ctx.args_get(&mut g.mem, PATH, BUF).unwrap();
    assert_eq!(g.cstrings(PATH, 2), ["prog", "a b"]);
    g.ctx.environ_sizes_get(&mut g.mem, OUT, OUT + 4).unwrap();
    assert_eq!((g.u32_at(OUT), g.u32_at(OUT + 4)), (1, 4));
    g.ctx.environ_get(&mut g.mem, PATH, BUF).unwrap();
    assert_eq!(g.cstrings(PATH, 1), ["K=V"]);
    assert_eq!(
        g.ctx.args_get(&mut g.mem, MEM as u32 - 2, BUF),
        Err(Errno::Fault)
    );
    assert_eq!(
        g.ctx.environ_get(&mut g.mem, PATH, MEM as u32 - 1),
        Err(Errno::Fault)
    );
    assert_eq!(
        g.ctx.args_sizes_get(&mut g.mem, u32::MAX, 0),
        Err(Errno::Fault)
    );
    assert_eq!(
        g.ctx.environ_sizes_get(&mut g.mem, 0, u32::MAX - 1),
        Err(Errno::Fault)
    );
}

#[test]
fn clocks_random_yield_raise_exit() {
    let mut g = Guest::new();
    for id in 0..4 {
        g.ctx.clock_res_get(&mut g.mem, id, OUT).unwrap();
        assert!(g.u64_at(OUT) > 0);
    }
    g.ctx.clock_time_get(&mut g.mem, 0, 0, OUT).unwrap();
    assert!(g.u64_at(OUT) > 1_600_000_000_000_000_000);
    g.ctx.clock_time_get(&mut g.mem, 1, 0, OUT).unwrap();
    let t1 = g.u64_at(OUT);
    g.ctx.clock_time_get(&mut g.mem, 1, 0, OUT).unwrap();
    assert!(g.u64_at(OUT) >= t1);
    assert_eq!(
        g.ctx.clock_time_get(&mut g.mem, 9, 0, OUT),
        Err(Errno::Inval)
    );
    assert_eq!(g.ctx.clock_res_get(&mut g.mem, 9, OUT), Err(Errno::Inval));
    assert_eq!(
        g.ctx.clock_time_get(&mut g.mem, 0, 0, MEM as u32 - 4),
        Err(Errno::Fault)
    );

    g.ctx.random_get(&mut g.mem, BUF, 200_000).unwrap();
    assert!(g.mem[BUF as usize..BUF as usize + 200_000]
        .iter()
        .any(|&b| b != 0));
    g.ctx.random_get(&mut g.mem, BUF, 0).unwrap();
    assert_eq!(
        g.ctx.random_get(&mut g.mem, MEM as u32 - 10, 11),
        Err(Errno::Fault)
    );

    g.ctx.sched_yield(&mut g.mem).unwrap();
    assert_eq!(g.ctx.proc_raise(&mut g.mem, 6), Err(Errno::Notsup));
    assert_eq!(g.ctx.exit_request(), None);
    g.ctx.proc_exit(&mut g.mem, 3);
    assert_eq!(g.ctx.exit_request(), Some(&ExitRequest::Code(3)));
    g.ctx.proc_exit(&mut g.mem, 200);
    assert_eq!(g.ctx.exit_request(), Some(&ExitRequest::Invalid(200)));
}

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
    g.ctx.fd_fdstat_get(&mut g.mem, PREOPEN, OUT).unwrap();
    assert_eq!(g.mem[OUT as usize], filetype::DIRECTORY);
    assert_eq!(g.u64_at(OUT + 8), rights::PREOPEN_BASE);
    assert_eq!(g.ctx.fd_fdstat_get(&mut g.mem, 7, OUT), Err(Errno::Badf));
    assert_eq!(
        g.ctx.fd_fdstat_get(&mut g.mem, 1, MEM as u32),
        Err(Errno::Fault)
    );
    g.ctx.fd_filestat_get(&mut g.mem, 2, OUT).unwrap();
    assert_eq!(g.mem[OUT as usize + 16], filetype::UNKNOWN);
}

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
    let ro = g.open("f", 0, rights::FD_READ, 0).unwrap();
    assert_eq!(
        g.ctx.fd_filestat_set_size(&mut g.mem, ro, 1),
        Err(Errno::Badf)
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

#[test]
fn path_open_errors() {
    let mut g = Guest::new();
    g.create("file", b"x");
    g.mkdir("dir").unwrap();
    assert_eq!(g.open("missing", 0, RW, 0), Err(Errno::Noent));
    assert_eq!(
        g.open("file", oflags::CREAT | oflags::EXCL, RW, 0),
        Err(Errno::Exist)
    );
    assert_eq!(g.open("file", oflags::DIRECTORY, RW, 0), Err(Errno::Notdir));
    assert_eq!(g.open("file/", 0, RW, 0), Err(Errno::Notdir));
    assert_eq!(g.open("file/x", 0, RW, 0), Err(Errno::Notdir));
    assert_eq!(g.open("dir", 0, rights::FD_WRITE, 0), Err(Errno::Isdir));
    assert_eq!(
        g.open("dir", oflags::CREAT | oflags::DIRECTORY, 0, 0),
        Err(Errno::Inval)
    );
    assert_eq!(g.open("new/", oflags::CREAT, RW, 0), Err(Errno::Isdir));
    assert_eq!(g.open("", 0, RW, 0), Err(Errno::Noent));
    assert_eq!(g.open("/etc/passwd", 0, RW, 0), Err(Errno::Perm));
    assert_eq!(g.open("..", 0, 0, 0), Err(Errno::Perm));
    assert_eq!(g.open("dir/../../x", 0, 0, 0), Err(Errno::Perm));
    assert_eq!(
        g.open(&"n".repeat(300), oflags::CREAT, RW, 0),
        Err(Errno::Nametoolong)
    );
    assert_eq!(g.open("x", 1 << 8, RW, 0), Err(Errno::Inval));
    assert_eq!(g.open_at(1, "file", 0, 0, RW, 0), Err(Errno::Badf));
    let f = g.open("file", 0, RW, 0).unwrap();
    assert_eq!(g.open_at(f, "x", 0, 0, RW, 0), Err(Errno::Notdir));
    // Invalid UTF-8 and out-of-bounds paths.
    g.put(PATH, &[0xff, 0xfe]);
    assert_eq!(
        g.ctx
            .path_open(&mut g.mem, PREOPEN, 0, PATH, 2, 0, 0, 0, 0, OUT),
        Err(Errno::Ilseq)
    );
    assert_eq!(
        g.ctx
            .path_open(&mut g.mem, PREOPEN, 0, MEM as u32 - 1, 5, 0, 0, 0, 0, OUT),
        Err(Errno::Fault)
    );
    // A failed result write does not leak the fd.
    assert_eq!(
        g.ctx
            .path_open(&mut g.mem, PREOPEN, 0, PATH, 0, 0, 0, 0, 0, MEM as u32),
        Err(Errno::Noent)
    );
    let (p, l) = g.put(PATH, b"file");
    assert_eq!(
        g.ctx
            .path_open(&mut g.mem, PREOPEN, 0, p, l, 0, RW, RW, 0, MEM as u32),
        Err(Errno::Fault)
    );
    assert_eq!(g.open("file", 0, RW, 0), Ok(5));
}

#[test]
fn directories_create_remove_readdir() {
    let mut g = Guest::new();
    g.mkdir("d").unwrap();
    assert_eq!(g.mkdir("d"), Err(Errno::Exist));
    assert_eq!(g.mkdir("."), Err(Errno::Exist));
    assert_eq!(g.mkdir("nope/x"), Err(Errno::Noent));
    g.mkdir("d/sub/").unwrap();
    g.create("d/f", b"1");
    let rmdir = |g: &mut Guest, p: &str| {
        g.path_call(p, |c, m, fd, p, l| c.path_remove_directory(m, fd, p, l))
    };
    assert_eq!(rmdir(&mut g, "d"), Err(Errno::Notempty));
    assert_eq!(rmdir(&mut g, "d/f"), Err(Errno::Notdir));
    assert_eq!(rmdir(&mut g, "d/missing"), Err(Errno::Noent));
    assert_eq!(rmdir(&mut g, "."), Err(Errno::Inval));

    let d = g.open("d", oflags::DIRECTORY, rights::FD_READ, 0).unwrap();
    g.ctx.fd_readdir(&mut g.mem, d, BUF, 4096, 0, OUT).unwrap();
    let used = g.u32_at(OUT) as usize;
    let mut names = Vec::new();
    let mut at = BUF as usize;
    while at < BUF as usize + used {
        let namlen = u32::from_le_bytes(g.mem[at + 16..at + 20].try_into().unwrap()) as usize;
        names.push(String::from_utf8(g.mem[at + 24..at + 24 + namlen].to_vec()).unwrap());
        at += 24 + namlen;
    }
    assert_eq!(names, [".", "..", "f", "sub"]);
    // Cookie 3 skips ".", ".." and "f"; a small buffer is filled completely.
    g.ctx.fd_readdir(&mut g.mem, d, BUF, 4096, 3, OUT).unwrap();
    assert_eq!(g.u32_at(OUT), 24 + 3);
    g.ctx.fd_readdir(&mut g.mem, d, BUF, 30, 0, OUT).unwrap();
    assert_eq!(g.u32_at(OUT), 30);
    assert_eq!(
        g.ctx.fd_readdir(&mut g.mem, 1, BUF, 30, 0, OUT),
        Err(Errno::Badf)
    );
    let f = g.open("d/f", 0, RW, 0).unwrap();
    assert_eq!(
        g.ctx.fd_readdir(&mut g.mem, f, BUF, 30, 0, OUT),
        Err(Errno::Badf)
    );
    assert_eq!(
        g.ctx.fd_readdir(&mut g.mem, d, MEM as u32 - 10, 30, 0, OUT),
        Err(Errno::Fault)
    );

    // Paths relative to an opened subdirectory cannot climb out of it.
    assert!(g.open_at(d, "f", 0, 0, RW, 0).is_ok());
    assert_eq!(g.open_at(d, "../d/f", 0, 0, RW, 0), Err(Errno::Perm));
    rmdir(&mut g, "d/sub").unwrap();
    let unlink =
        |g: &mut Guest, p: &str| g.path_call(p, |c, m, fd, p, l| c.path_unlink_file(m, fd, p, l));
    unlink(&mut g, "d/f").unwrap();
    // The open fd still reads the unlinked file.
    assert_eq!(g.read(f, 10).unwrap(), b"1");
    rmdir(&mut g, "d/").unwrap();
    assert_eq!(g.stat("d", false), Err(Errno::Noent));
}

#[test]
fn unlink_errors() {
    let mut g = Guest::new();
    g.create("f", b"");
    g.mkdir("d").unwrap();
    let unlink =
        |g: &mut Guest, p: &str| g.path_call(p, |c, m, fd, p, l| c.path_unlink_file(m, fd, p, l));
    assert_eq!(unlink(&mut g, "d"), Err(Errno::Isdir));
    assert_eq!(unlink(&mut g, "f/"), Err(Errno::Notdir));
    assert_eq!(unlink(&mut g, "missing"), Err(Errno::Noent));
    assert_eq!(unlink(&mut g, "../f"), Err(Errno::Perm));
    unlink(&mut g, "f").unwrap();
}

#[test]
fn symlinks_readlink_and_loops() {
    let mut g = Guest::new();
    g.create("target", b"through the link");
    g.symlink("target", "link").unwrap();
    assert_eq!(g.symlink("target", "link"), Err(Errno::Exist));
    assert_eq!(g.symlink("target", "newlink/"), Err(Errno::Noent));
    let fd = g.open("link", 0, RW, 0).unwrap();
    assert_eq!(g.read(fd, 100).unwrap(), b"through the link");
    assert_eq!(g.stat("link", false).unwrap().0, filetype::SYMBOLIC_LINK);
    assert_eq!(g.stat("link", true).unwrap().0, filetype::REGULAR_FILE);
    assert_eq!(g.open_at(PREOPEN, "link", 0, 0, RW, 0), Err(Errno::Loop));
    assert_eq!(
        g.open_at(PREOPEN, "link", 0, oflags::DIRECTORY, 0, 0),
        Err(Errno::Notdir)
    );

    let readlink = |g: &mut Guest, p: &str, len: u32| {
        g.path_call(p, |c, m, fd, p, l| {
            c.path_readlink(m, fd, p, l, BUF, len, OUT)
        })
        .map(|_| {
            let n = g.u32_at(OUT) as usize;
            String::from_utf8(g.mem[BUF as usize..BUF as usize + n].to_vec()).unwrap()
        })
    };
    assert_eq!(readlink(&mut g, "link", 100).unwrap(), "target");
    assert_eq!(readlink(&mut g, "link", 3).unwrap(), "tar");
    assert_eq!(readlink(&mut g, "target", 100), Err(Errno::Inval));
    assert_eq!(readlink(&mut g, "nothing", 100), Err(Errno::Noent));

    g.symlink("loop2", "loop1").unwrap();
    g.symlink("loop1", "loop2").unwrap();
    assert_eq!(g.open("loop1", 0, RW, 0), Err(Errno::Loop));
    g.symlink("dangling", "dl").unwrap();
    assert_eq!(g.open("dl", 0, RW, 0), Err(Errno::Noent));
    assert_eq!(g.stat("dl", false).unwrap().0, filetype::SYMBOLIC_LINK);
    // Escaping links.
    g.symlink("../outside", "up").unwrap();
    assert_eq!(g.open("up", 0, RW, 0), Err(Errno::Perm));
    // A guest cannot create absolute links (wasmtime: EPERM) ...
    assert_eq!(g.symlink("/etc/passwd", "abs_out"), Err(Errno::Perm));
    assert_eq!(g.symlink("a\0b", "nul"), Err(Errno::Inval));
    assert_eq!(g.open("target\0", 0, RW, 0), Err(Errno::Inval));
    // ... but a host-seeded tree may hold them: under the preopen's own guest path they
    // resolve within it, anywhere else they are EPERM.
    let root = match g.ctx.fds.get(PREOPEN).unwrap() {
        FdEntry::Dir(d) => d.sandbox.clone(),
        _ => unreachable!(),
    };
    let seed = |g: &mut Guest, target: &str, name: &str| {
        let at = crate::vfs::PathAt {
            dir: &root.root,
            sandbox: &root,
            path: name,
        };
        g.ctx.vfs.symlink(target, at, 0).unwrap();
    };
    seed(&mut g, "/sandbox/target", "abs_in");
    seed(&mut g, "/etc/passwd", "abs_elsewhere");
    let fd = g.open("abs_in", 0, RW, 0).unwrap();
    assert_eq!(g.read(fd, 7).unwrap(), b"through");
    assert_eq!(g.open("abs_elsewhere", 0, RW, 0), Err(Errno::Perm));
    // Symlinks to directories work as intermediate components.
    g.mkdir("dir").unwrap();
    g.create("dir/inner", b"in");
    g.symlink("dir", "dirlink").unwrap();
    assert_eq!(g.stat("dirlink/inner", false).unwrap().2, 2);
}

#[test]
fn hard_links_share_content_and_count() {
    let mut g = Guest::new();
    g.create("orig", b"shared");
    g.mkdir("d").unwrap();
    let link = |g: &mut Guest, from: &str, to: &str, follow: u32| {
        let (f, fl) = g.put(PATH, from.as_bytes());
        let (t, tl) = g.put(PATH2, to.as_bytes());
        g.ctx
            .path_link(&mut g.mem, PREOPEN, follow, f, fl, PREOPEN, t, tl)
    };
    link(&mut g, "orig", "copy", 0).unwrap();
    assert_eq!(g.stat("orig", false).unwrap().1, 2);
    assert_eq!(link(&mut g, "orig", "copy", 0), Err(Errno::Exist));
    assert_eq!(link(&mut g, "d", "d2", 0), Err(Errno::Perm));
    assert_eq!(link(&mut g, "missing", "x", 0), Err(Errno::Noent));
    assert_eq!(link(&mut g, "orig", "../x", 0), Err(Errno::Perm));
    let fd = g.open("copy", 0, RW, 0).unwrap();
    g.write(fd, b"SH").unwrap();
    let fd = g.open("orig", 0, RW, 0).unwrap();
    assert_eq!(g.read(fd, 10).unwrap(), b"SHared");
    g.path_call("orig", |c, m, fd, p, l| c.path_unlink_file(m, fd, p, l))
        .unwrap();
    assert_eq!(g.stat("copy", false).unwrap().1, 1);
    // Linking a symlink without follow links the symlink itself.
    g.symlink("copy", "sl").unwrap();
    link(&mut g, "sl", "sl2", 0).unwrap();
    assert_eq!(g.stat("sl2", false).unwrap().0, filetype::SYMBOLIC_LINK);
    link(&mut g, "sl", "f2", lookupflags::SYMLINK_FOLLOW).unwrap();
    assert_eq!(g.stat("f2", false).unwrap().0, filetype::REGULAR_FILE);
}

#[test]
fn rename_semantics() {
    let mut g = Guest::new();
    g.create("a", b"A");
    g.create("b", b"B");
    g.mkdir("d").unwrap();
    g.mkdir("e").unwrap();
    g.create("e/x", b"");
    g.rename("a", "b").unwrap();
    let fd = g.open("b", 0, RW, 0).unwrap();
    assert_eq!(g.read(fd, 5).unwrap(), b"A");
    assert_eq!(g.stat("a", false), Err(Errno::Noent));
    assert_eq!(g.rename("b", "d"), Err(Errno::Isdir));
    assert_eq!(g.rename("d", "b"), Err(Errno::Notdir));
    assert_eq!(g.rename("d", "e"), Err(Errno::Notempty));
    assert_eq!(g.rename("d", "d/inside"), Err(Errno::Inval));
    assert_eq!(g.rename("missing", "z"), Err(Errno::Noent));
    assert_eq!(g.rename("b", "z/"), Err(Errno::Notdir));
    assert_eq!(g.rename("b", "../z"), Err(Errno::Perm));
    g.rename("b", "b").unwrap();
    g.rename("d", "e/x2").unwrap();
    g.rename("e/x2/", "moved/").unwrap();
    assert_eq!(g.stat("moved", false).unwrap().0, filetype::DIRECTORY);
    g.mkdir("empty").unwrap();
    g.rename("moved", "empty").unwrap();
}

#[test]
fn path_filestat_and_set_times() {
    let mut g = Guest::new();
    g.create("f", b"12345");
    let (ft, nlink, size) = g.stat("f", true).unwrap();
    assert_eq!((ft, nlink, size), (filetype::REGULAR_FILE, 1, 5));
    assert_eq!(g.stat("missing", true), Err(Errno::Noent));
    assert_eq!(g.stat("f/", true), Err(Errno::Notdir));
    let (p, l) = g.put(PATH, b"f");
    g.ctx
        .path_filestat_set_times(
            &mut g.mem,
            PREOPEN,
            0,
            p,
            l,
            5,
            6,
            (fstflags::ATIM | fstflags::MTIM).into(),
        )
        .unwrap();
    g.ctx
        .path_filestat_get(&mut g.mem, PREOPEN, 0, p, l, OUT)
        .unwrap();
    assert_eq!((g.u64_at(OUT + 40), g.u64_at(OUT + 48)), (5, 6));
    let bad = (fstflags::MTIM | fstflags::MTIM_NOW).into();
    assert_eq!(
        g.ctx
            .path_filestat_set_times(&mut g.mem, PREOPEN, 0, p, l, 0, 0, bad),
        Err(Errno::Inval)
    );
    assert_eq!(
        g.ctx
            .path_filestat_get(&mut g.mem, PREOPEN, 0, p, l, MEM as u32 - 8),
        Err(Errno::Fault)
    );
    assert_eq!(
        g.ctx.path_filestat_get(&mut g.mem, 1, 0, p, l, OUT),
        Err(Errno::Badf)
    );
    // Writing moves mtime forward from the value set above.
    let fd = g.open("f", 0, RW, 0).unwrap();
    g.write(fd, b"x").unwrap();
    g.ctx
        .path_filestat_get(&mut g.mem, PREOPEN, 0, p, l, OUT)
        .unwrap();
    assert!(g.u64_at(OUT + 48) > 6);
    // Directory link count follows its subdirectories.
    g.mkdir("d").unwrap();
    g.mkdir("d/s").unwrap();
    assert_eq!(g.stat("d", false).unwrap().1, 3);
}

#[test]
fn truncate_on_open() {
    let mut g = Guest::new();
    g.create("f", b"long content");
    let fd = g.open("f", oflags::TRUNC, RW, 0).unwrap();
    assert_eq!(g.read(fd, 100).unwrap(), b"");
}

#[test]
fn poll_clock_and_fds() {
    let mut g = Guest::new();
    g.create("f", b"abc");
    let fd = g.open("f", 0, RW, 0).unwrap();
    let sub = |userdata: u64, tag: u8, a: u32, timeout: u64| {
        let mut b = [0u8; 48];
        b[0..8].copy_from_slice(&userdata.to_le_bytes());
        b[8] = tag;
        b[16..20].copy_from_slice(&a.to_le_bytes());
        b[24..32].copy_from_slice(&timeout.to_le_bytes());
        b
    };
    // A 1 ms relative sleep on the monotonic clock.
    g.put(BUF, &sub(7, 0, 1, 1_000_000));
    let t0 = std::time::Instant::now();
    g.ctx.poll_oneoff(&mut g.mem, BUF, PATH, 1, OUT).unwrap();
    assert!(t0.elapsed().as_micros() >= 1000);
    assert_eq!(g.u32_at(OUT), 1);
    assert_eq!(g.u64_at(PATH), 7);
    assert_eq!(g.mem[PATH as usize + 10], 0);
    // An fd that is ready wins over a long timeout.
    g.put(
        BUF,
        &[
            sub(1, 0, 1, 60_000_000_000),
            sub(2, 1, fd, 0),
            sub(3, 2, 1, 0),
        ]
        .concat(),
    );
    g.ctx.poll_oneoff(&mut g.mem, BUF, PATH, 3, OUT).unwrap();
    assert_eq!(g.u32_at(OUT), 2);
    assert_eq!((g.u64_at(PATH), g.mem[PATH as usize + 10]), (2, 1));
    assert_eq!(g.u64_at(PATH + 16), 3);
    assert_eq!(g.u64_at(PATH + 32), 3);
    assert_eq!(
        g.ctx.poll_oneoff(&mut g.mem, BUF, PATH, 0, OUT),
        Err(Errno::Inval)
    );
    g.put(BUF, &sub(1, 1, 99, 0));
    assert_eq!(
        g.ctx.poll_oneoff(&mut g.mem, BUF, PATH, 1, OUT),
        Err(Errno::Badf)
    );
    g.put(BUF, &sub(1, 0, 9, 0));
    assert_eq!(
        g.ctx.poll_oneoff(&mut g.mem, BUF, PATH, 1, OUT),
        Err(Errno::Inval)
    );
    g.put(BUF, &sub(1, 5, 0, 0));
    assert_eq!(
        g.ctx.poll_oneoff(&mut g.mem, BUF, PATH, 1, OUT),
        Err(Errno::Inval)
    );
    assert_eq!(
        g.ctx.poll_oneoff(&mut g.mem, MEM as u32 - 10, PATH, 1, OUT),
        Err(Errno::Fault)
    );
    assert_eq!(
        g.ctx.poll_oneoff(&mut g.mem, BUF, PATH, u32::MAX, OUT),
        Err(Errno::Fault)
    );
}

#[test]
fn sockets_are_not_sockets() {
    let mut g = Guest::new();
    assert_eq!(
        g.ctx.sock_accept(&mut g.mem, 1, 0, OUT),
        Err(Errno::Notsock)
    );
    assert_eq!(
        g.ctx.sock_recv(&mut g.mem, 0, IOV, 0, 0, OUT, OUT2),
        Err(Errno::Notsock)
    );
    assert_eq!(
        g.ctx.sock_send(&mut g.mem, 1, IOV, 0, 0, OUT),
        Err(Errno::Notsock)
    );
    assert_eq!(
        g.ctx.sock_shutdown(&mut g.mem, PREOPEN, 0),
        Err(Errno::Notsock)
    );
    assert_eq!(g.ctx.sock_shutdown(&mut g.mem, 77, 0), Err(Errno::Badf));
    assert_eq!(g.ctx.sock_accept(&mut g.mem, 77, 0, OUT), Err(Errno::Badf));
}

#[test]
fn preview0_adapter_layouts() {
    let mut g = Guest::new();
    g.create("f", b"0123456789");
    let fd = g.open("f", 0, RW, 0).unwrap();
    // Preview 0 whence: 2 = SET, 0 = CUR, 1 = END.
    g.ctx.p0_fd_seek(&mut g.mem, fd, 4, 2, OUT).unwrap();
    assert_eq!(g.u64_at(OUT), 4);
    g.ctx.p0_fd_seek(&mut g.mem, fd, 1, 0, OUT).unwrap();
    assert_eq!(g.u64_at(OUT), 5);
    g.ctx.p0_fd_seek(&mut g.mem, fd, -1, 1, OUT).unwrap();
    assert_eq!(g.u64_at(OUT), 9);
    assert_eq!(
        g.ctx.p0_fd_seek(&mut g.mem, fd, 0, 3, OUT),
        Err(Errno::Inval)
    );
    g.ctx.p0_fd_filestat_get(&mut g.mem, fd, OUT).unwrap();
    assert_eq!((g.u32_at(OUT + 20), g.u64_at(OUT + 24)), (1, 10));
    let (p, l) = g.put(PATH, b"f");
    g.ctx
        .p0_path_filestat_get(&mut g.mem, PREOPEN, 0, p, l, OUT)
        .unwrap();
    assert_eq!(g.u64_at(OUT + 24), 10);
    let mut sub = [0u8; 56];
    sub[0] = 5;
    sub[24] = 1; // monotonic
    sub[32..40].copy_from_slice(&1000u64.to_le_bytes());
    g.put(BUF, &sub);
    g.ctx.p0_poll_oneoff(&mut g.mem, BUF, PATH, 1, OUT).unwrap();
    assert_eq!((g.u32_at(OUT), g.u64_at(PATH)), (1, 5));
}

#[test]
fn every_guest_value_fails_cleanly_without_panicking() {
    // Sweep each call with hostile pointers and lengths: any Result is fine, a panic is not.
    let hostile = [0, 1, 7, MEM as u32 - 1, MEM as u32, u32::MAX - 7, u32::MAX];
    for &a in &hostile {
        for &b in &hostile {
            let mut g = Guest::new();
            let m = &mut g.mem;
            let c = &mut g.ctx;
            let _ = c.args_get(m, a, b);
            let _ = c.environ_get(m, a, b);
            let _ = c.fd_write(m, 1, a, b, a);
            let _ = c.fd_read(m, 0, a, b, b);
            let _ = c.fd_pread(m, 3, a, b, u64::MAX, a);
            let _ = c.fd_readdir(m, 3, a, b, u64::MAX, a);
            let _ = c.fd_prestat_dir_name(m, 3, a, b);
            let _ = c.path_open(m, 3, 1, a, b, 15, u64::MAX, u64::MAX, 31, a);
            let _ = c.path_readlink(m, 3, a, b, a, b, a);
            let _ = c.path_symlink(m, a, b, 3, a, b);
            let _ = c.path_rename(m, 3, a, b, 3, b, a);
            let _ = c.path_link(m, 3, 1, a, b, 3, b, a);
            let _ = c.poll_oneoff(m, a, b, a, b);
            let _ = c.p0_poll_oneoff(m, a, b, b, a);
            let _ = c.random_get(m, a, b);
            let _ = c.fd_seek(m, 3, i64::MIN, b, a);
        }
    }
}

#[test]
fn errno_conversion_is_the_guest_code() {
    assert_eq!(to_guest_errno(Ok(())), 0);
    assert_eq!(to_guest_errno(Err(Errno::Badf)), 8);
    assert_eq!(to_guest_errno(Err(Errno::Notcapable)), 76);
}

/// Stdin that has nothing until `wait_readable` has been asked `ready_after` times.
struct SlowInput {
    asked: u32,
    ready_after: u32,
}

impl InputSource for SlowInput {
    fn read(&mut self, buf: &mut [u8]) -> WasiResult<usize> {
        buf[0] = b'k';
        Ok(1)
    }
    fn wait_readable(&mut self, _timeout_ns: Option<u64>) -> bool {
        self.asked += 1;
        self.asked > self.ready_after
    }
    fn is_terminal(&self) -> bool {
        true
    }
}

fn clock_and_stdin_subs(g: &mut Guest, timeout_ns: u64) {
    let mut subs = [0u8; 96];
    subs[0] = 1; // userdata 1: clock
    subs[16] = 1; // monotonic
    subs[24..32].copy_from_slice(&timeout_ns.to_le_bytes());
    subs[48] = 2; // userdata 2: stdin
    subs[56] = 1; // FD_READ
    g.put(BUF, &subs);
}

#[test]
fn poll_waits_for_stdin_or_the_clock() {
    let mut g = Guest::new();
    g.ctx.set_stdin(Box::new(SlowInput {
        asked: 0,
        ready_after: 1,
    }));
    clock_and_stdin_subs(&mut g, 60_000_000_000);
    // Not ready at first look; the wait then reports input: only the stdin event.
    g.ctx.poll_oneoff(&mut g.mem, BUF, PATH, 2, OUT).unwrap();
    assert_eq!(
        (g.u32_at(OUT), g.u64_at(PATH), g.mem[PATH as usize + 10]),
        (1, 2, 1)
    );

    g.ctx.set_stdin(Box::new(SlowInput {
        asked: 0,
        ready_after: 99,
    }));
    clock_and_stdin_subs(&mut g, 1_000_000);
    g.ctx.poll_oneoff(&mut g.mem, BUF, PATH, 2, OUT).unwrap();
    assert_eq!(
        (g.u32_at(OUT), g.u64_at(PATH), g.mem[PATH as usize + 10]),
        (1, 1, 0)
    );
    // The guest sees a terminal.
    g.ctx.fd_fdstat_get(&mut g.mem, 0, OUT).unwrap();
    assert_eq!(g.mem[OUT as usize], filetype::CHARACTER_DEVICE);
}

#[test]
fn poll_plan_tells_a_suspending_import_how_long_to_wait() {
    let mut g = Guest::new();
    g.ctx.set_stdin(Box::new(SlowInput {
        asked: 0,
        ready_after: 99,
    }));
    clock_and_stdin_subs(&mut g, 250_000_000);
    let subs = crate::wasi::read_subscriptions(&g.mem, BUF, 2).unwrap();
    let (ms, watches_stdin) = g.ctx.poll_plan(&subs);
    assert!(watches_stdin);
    assert!(ms > 200.0 && ms <= 250.0, "{ms}");
    let (ms, _) = g.ctx.poll_plan(&subs[1..]);
    assert!(ms.is_infinite());
    let (ms, watches_stdin) = g.ctx.poll_plan(&subs[..1]);
    assert!(!watches_stdin && ms > 0.0);
    // After the suspending import waited, the real poll counts from the plan: no second wait.
    g.put(BUF + 48, &[0u8; 48]);
    let mut clock = [0u8; 48];
    clock[16] = 1;
    clock[24..32].copy_from_slice(&30_000_000u64.to_le_bytes());
    g.put(BUF, &clock);
    let subs = crate::wasi::read_subscriptions(&g.mem, BUF, 1).unwrap();
    g.ctx.poll_plan(&subs);
    std::thread::sleep(std::time::Duration::from_millis(30));
    let t0 = std::time::Instant::now();
    g.ctx.poll_oneoff(&mut g.mem, BUF, PATH, 1, OUT).unwrap();
    assert!(
        t0.elapsed().as_millis() < 10,
        "waited again: {:?}",
        t0.elapsed()
    );
    assert_eq!(g.u32_at(OUT), 1);
}

/// A platform that cannot block, so the core has to spin.
struct NoSleep(NativePlatform);

impl Platform for NoSleep {
    fn realtime_ns(&self) -> u64 {
        self.0.realtime_ns()
    }
    fn monotonic_ns(&self) -> u64 {
        self.0.monotonic_ns()
    }
    fn resolution_ns(&self) -> u64 {
        1
    }
    fn fill_random(&mut self, buf: &mut [u8]) {
        self.0.fill_random(buf)
    }
}

#[test]
fn sleeping_blocks_when_the_platform_can_and_spins_only_when_not() {
    for (platform, spins) in [
        (
            Box::new(NativePlatform::default()) as Box<dyn Platform>,
            false,
        ),
        (Box::new(NoSleep(NativePlatform::default())), true),
    ] {
        let mut ctx = WasiCtx::new(platform);
        let mut mem = vec![0u8; 4096];
        let mut sub = [0u8; 48];
        sub[16] = 1;
        sub[24..32].copy_from_slice(&2_000_000u64.to_le_bytes());
        mem.write(0, &sub).unwrap();
        let t0 = std::time::Instant::now();
        ctx.poll_oneoff(&mut mem, 0, 1024, 1, 2048).unwrap();
        assert!(t0.elapsed().as_micros() >= 2000);
        assert_eq!(ctx.stats.poll_calls, 1);
        assert_eq!(ctx.stats.spin_iterations > 0, spins);
    }
}
