//! Every preview1 call over a `Vec<u8>` guest memory, with its error paths: one module per
//! family of calls, like the code they test; `Guest` is the shared harness.

// The harness's file helpers serve the file-system tests, which the stdio-only build leaves out.
#![cfg_attr(feature = "stdio-only", allow(dead_code, unused_imports))]

use super::*;
use crate::abi::{fdflags, filetype, fstflags, lookupflags, oflags, rights, whence, Errno};
use crate::memory::GuestMemory;

mod args_clock;
// Files and directories: the stdio-only build has none (src/vfs/mod.rs, `Files`).
#[cfg(not(feature = "stdio-only"))]
mod awkward_paths;
mod fd;
mod fuzz;
mod hostile;
#[cfg(not(feature = "stdio-only"))]
mod limits;
mod no_dirs;
#[cfg(not(feature = "stdio-only"))]
mod path;
mod poll;
#[cfg(not(feature = "stdio-only"))]
mod preview0;
#[cfg(not(feature = "stdio-only"))]
mod removed_dir;
mod sock;

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
    /// Args, env, stdin, and `/sandbox` preopened as fd 3, where the build has a file system
    /// (the stdio-only build has none: its guests run with no preopen).
    fn new() -> Self {
        Guest::with_limits(crate::limits::Limits::default())
    }

    fn with_limits(limits: crate::limits::Limits) -> Self {
        #[allow(unused_mut)]
        let mut g = Guest::without_dirs(limits);
        #[cfg(not(feature = "stdio-only"))]
        g.ctx.preopen_new_dir("/sandbox").unwrap();
        g
    }

    /// Args, env and stdin, no preopen: a run given no `dirs`, the same in both builds.
    fn without_dirs(limits: crate::limits::Limits) -> Self {
        let mut ctx = WasiCtx::with_limits(Box::new(NativePlatform::default()), limits);
        let stdout = CapturedOutput::default();
        ctx.set_stdout(Box::new(stdout.clone()));
        ctx.set_args(vec!["prog".into(), "a b".into()]);
        ctx.set_env(vec![("K".into(), "V".into())]);
        ctx.set_stdin(Box::new(BufferedInput::new(b"stdin data".to_vec())));
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
        self.path_call_at(PREOPEN, path, f)
    }

    /// [`Guest::path_call`] relative to the directory fd `dir`.
    fn path_call_at(
        &mut self,
        dir: u32,
        path: &str,
        f: impl FnOnce(&mut WasiCtx, &mut Vec<u8>, u32, u32, u32) -> WasiResult<()>,
    ) -> WasiResult<()> {
        let (p, l) = self.put(PATH, path.as_bytes());
        f(&mut self.ctx, &mut self.mem, dir, p, l)
    }

    fn mkdir(&mut self, path: &str) -> WasiResult<()> {
        self.path_call(path, |c, m, fd, p, l| c.path_create_directory(m, fd, p, l))
    }

    fn unlink(&mut self, path: &str) -> WasiResult<()> {
        self.path_call(path, |c, m, fd, p, l| c.path_unlink_file(m, fd, p, l))
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
