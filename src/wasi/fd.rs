//! The `fd_*` calls that manage descriptors and metadata; the data-moving ones are in `fd_io`.

use super::{FdEntry, WasiCtx};
use crate::abi::{
    dirent_bytes, fdflags, filetype, fstflags, rights, size, whence, Errno, Fdstat, Filestat,
    WasiResult, ADVICE_MAX,
};
use crate::memory::{GuestMemory, GuestMemoryExt};
use crate::vfs::NodeRef;

fn new_times(atim: u64, mtim: u64, flags: u16, now: u64) -> WasiResult<(Option<u64>, Option<u64>)> {
    if flags & !fstflags::ALL != 0
        || flags & (fstflags::ATIM | fstflags::ATIM_NOW) == fstflags::ATIM | fstflags::ATIM_NOW
        || flags & (fstflags::MTIM | fstflags::MTIM_NOW) == fstflags::MTIM | fstflags::MTIM_NOW
    {
        return Err(Errno::Inval);
    }
    let pick = |set: u16, set_now: u16, value: u64| {
        if flags & set != 0 {
            Some(value)
        } else if flags & set_now != 0 {
            Some(now)
        } else {
            None
        }
    };
    Ok((
        pick(fstflags::ATIM, fstflags::ATIM_NOW, atim),
        pick(fstflags::MTIM, fstflags::MTIM_NOW, mtim),
    ))
}

pub(crate) fn set_node_times(
    node: &NodeRef,
    atim: u64,
    mtim: u64,
    flags: u16,
    now: u64,
) -> WasiResult<()> {
    let (a, m) = new_times(atim, mtim, flags, now)?;
    let mut n = node.borrow_mut();
    if let Some(a) = a {
        n.atim = a;
    }
    if let Some(m) = m {
        n.mtim = m;
    }
    n.ctim = now;
    Ok(())
}

fn stdio_stat(ft: u8) -> Filestat {
    Filestat {
        filetype: ft,
        ..Filestat::default()
    }
}

impl WasiCtx {
    pub fn fd_advise(
        &mut self,
        _mem: &mut dyn GuestMemory,
        fd: u32,
        _offset: u64,
        _len: u64,
        advice: u32,
    ) -> WasiResult<()> {
        if advice > u32::from(ADVICE_MAX) {
            return Err(Errno::Inval);
        }
        self.fds.file(fd).map(drop)
    }

    /// Grows the file to at least `offset + len` bytes, like `posix_fallocate`.
    pub fn fd_allocate(
        &mut self,
        _mem: &mut dyn GuestMemory,
        fd: u32,
        offset: u64,
        len: u64,
    ) -> WasiResult<()> {
        let now = self.now();
        let file = self.fds.file(fd)?;
        if !file.write {
            return Err(Errno::Badf);
        }
        let end = offset.checked_add(len).ok_or(Errno::Fbig)?;
        let mut node = file.node.borrow_mut();
        let data = node.data_mut()?;
        // The new size reads as zeros and stores nothing until written.
        if end > data.len() {
            data.set_len(end)?;
            node.touch_modified(now);
        }
        Ok(())
    }

    pub fn fd_close(&mut self, _mem: &mut dyn GuestMemory, fd: u32) -> WasiResult<()> {
        self.fds.remove(fd).map(drop)
    }

    pub fn fd_datasync(&mut self, _mem: &mut dyn GuestMemory, fd: u32) -> WasiResult<()> {
        self.fds.file(fd).map(drop)
    }

    pub fn fd_sync(&mut self, _mem: &mut dyn GuestMemory, fd: u32) -> WasiResult<()> {
        self.fds.file(fd).map(drop)
    }

    pub(crate) fn fdstat(&self, fd: u32) -> WasiResult<Fdstat> {
        // Like wasmtime: stdio attached to a terminal is a character device (isatty), else
        // an unknown type with only the read or write right.
        let stdio_type = if self.stdin.is_terminal() {
            filetype::CHARACTER_DEVICE
        } else {
            filetype::UNKNOWN
        };
        let stdio = |r| Fdstat {
            filetype: stdio_type,
            flags: 0,
            rights_base: r,
            rights_inheriting: r,
        };
        Ok(match self.fds.get(fd)? {
            FdEntry::Stdin => stdio(rights::FD_READ),
            FdEntry::Stdout | FdEntry::Stderr => stdio(rights::FD_WRITE),
            FdEntry::Dir(d) if d.preopen.is_some() => Fdstat {
                filetype: filetype::DIRECTORY,
                flags: 0,
                rights_base: rights::PREOPEN_BASE,
                rights_inheriting: rights::PREOPEN_INHERITING,
            },
            FdEntry::Dir(_) => {
                let r = rights::ALL
                    & !(rights::FD_SEEK
                        | rights::FD_FILESTAT_SET_SIZE
                        | rights::PATH_FILESTAT_SET_SIZE
                        | rights::FD_WRITE);
                Fdstat {
                    filetype: filetype::DIRECTORY,
                    flags: 0,
                    rights_base: r,
                    rights_inheriting: r,
                }
            }
            FdEntry::File(f) => {
                let mut r = rights::ALL;
                if !f.read {
                    r &= !(rights::FD_READ | rights::FD_READDIR);
                }
                if !f.write {
                    r &= !rights::FD_WRITE;
                }
                let mut flags = f.sync_flags;
                if f.append {
                    flags |= fdflags::APPEND;
                }
                if f.nonblock {
                    flags |= fdflags::NONBLOCK;
                }
                Fdstat {
                    filetype: filetype::REGULAR_FILE,
                    flags,
                    rights_base: r,
                    rights_inheriting: r,
                }
            }
        })
    }

    pub fn fd_fdstat_get(
        &mut self,
        mem: &mut dyn GuestMemory,
        fd: u32,
        out: u32,
    ) -> WasiResult<()> {
        let st = self.fdstat(fd)?;
        mem.write(out, &st.to_bytes())
    }

    /// Only APPEND and NONBLOCK can change after open (wasmtime: the sync flags are EINVAL).
    pub fn fd_fdstat_set_flags(
        &mut self,
        _mem: &mut dyn GuestMemory,
        fd: u32,
        flags: u32,
    ) -> WasiResult<()> {
        let flags = u16::try_from(flags).map_err(|_| Errno::Inval)?;
        if flags & !fdflags::ALL != 0 {
            return Err(Errno::Inval);
        }
        let file = self.fds.file_mut(fd)?;
        if flags & (fdflags::DSYNC | fdflags::RSYNC | fdflags::SYNC) != 0 {
            return Err(Errno::Inval);
        }
        file.append = flags & fdflags::APPEND != 0;
        file.nonblock = flags & fdflags::NONBLOCK != 0;
        Ok(())
    }

    /// Rights are not enforceable per fd here, as in wasmtime: the call is refused.
    pub fn fd_fdstat_set_rights(
        &mut self,
        _mem: &mut dyn GuestMemory,
        fd: u32,
        _base: u64,
        _inheriting: u64,
    ) -> WasiResult<()> {
        self.fds.node(fd)?;
        Err(Errno::Notsup)
    }

    pub(crate) fn fd_filestat(&self, fd: u32) -> WasiResult<Filestat> {
        match self.fds.get(fd)? {
            FdEntry::Stdin | FdEntry::Stdout | FdEntry::Stderr => Ok(stdio_stat(filetype::UNKNOWN)),
            FdEntry::File(f) => Ok(f.node.borrow().stat()),
            FdEntry::Dir(d) => Ok(d.node.borrow().stat()),
        }
    }

    pub fn fd_filestat_get(
        &mut self,
        mem: &mut dyn GuestMemory,
        fd: u32,
        out: u32,
    ) -> WasiResult<()> {
        let st = self.fd_filestat(fd)?;
        mem.write(out, &st.to_bytes())
    }

    pub fn fd_filestat_set_size(
        &mut self,
        _mem: &mut dyn GuestMemory,
        fd: u32,
        size: u64,
    ) -> WasiResult<()> {
        let now = self.now();
        let file = self.fds.file(fd)?;
        // ftruncate of a file not open for writing: Linux's (and wasmtime's) EINVAL.
        if !file.write {
            return Err(Errno::Inval);
        }
        let mut node = file.node.borrow_mut();
        node.data_mut()?.set_len(size)?;
        node.touch_modified(now);
        Ok(())
    }

    pub fn fd_filestat_set_times(
        &mut self,
        _mem: &mut dyn GuestMemory,
        fd: u32,
        atim: u64,
        mtim: u64,
        flags: u32,
    ) -> WasiResult<()> {
        let flags = u16::try_from(flags).map_err(|_| Errno::Inval)?;
        new_times(atim, mtim, flags, 0)?;
        let node = self.fds.node(fd)?;
        set_node_times(&node, atim, mtim, flags, self.now())
    }

    pub fn fd_prestat_get(
        &mut self,
        mem: &mut dyn GuestMemory,
        fd: u32,
        out: u32,
    ) -> WasiResult<()> {
        let name = match self.fds.get(fd)? {
            FdEntry::Dir(d) => d.preopen.as_ref().ok_or(Errno::Badf)?,
            _ => return Err(Errno::Badf),
        };
        let mut b = [0u8; size::PRESTAT];
        let len = u32::try_from(name.len()).map_err(|_| Errno::Overflow)?;
        b[4..8].copy_from_slice(&len.to_le_bytes());
        mem.write(out, &b)
    }

    pub fn fd_prestat_dir_name(
        &mut self,
        mem: &mut dyn GuestMemory,
        fd: u32,
        path: u32,
        path_len: u32,
    ) -> WasiResult<()> {
        let name = match self.fds.get(fd)? {
            FdEntry::Dir(d) => d.preopen.as_ref().ok_or(Errno::Notdir)?,
            _ => return Err(Errno::Notdir),
        };
        if name.len() > path_len as usize {
            return Err(Errno::Nametoolong);
        }
        mem.write(path, name.as_bytes())
    }

    pub fn fd_readdir(
        &mut self,
        mem: &mut dyn GuestMemory,
        fd: u32,
        buf: u32,
        buf_len: u32,
        cookie: u64,
        bufused: u32,
    ) -> WasiResult<()> {
        let dir = self.fds.dir(fd)?.node.clone();
        let dir = dir.borrow();
        let entries = dir.entries()?;
        // The cookie counts entries, "." and ".." first; past the end there is nothing to read.
        let start = usize::try_from(cookie).unwrap_or(usize::MAX);
        // Entries are written whole while they fit; the last one is cut at the buffer's end,
        // which tells the guest to call again with a bigger buffer.
        let cap = buf_len as usize;
        let mut out = Vec::with_capacity(cap.min(64 * 1024));
        let mut next = start as u64;
        let mut put = |ino: u64, ft: u8, name: &str| {
            if out.len() >= cap {
                return false;
            }
            next += 1;
            out.extend_from_slice(&dirent_bytes(next, ino, name.len() as u32, ft));
            out.extend_from_slice(name.as_bytes());
            true
        };
        let dots = &[".", ".."][start.min(2)..];
        if dots
            .iter()
            .all(|name| put(dir.ino, filetype::DIRECTORY, name))
        {
            for (name, node) in entries.iter_from(start.saturating_sub(2)) {
                let n = node.borrow();
                if !put(n.ino, n.filetype(), name) {
                    break;
                }
            }
        }
        out.truncate(cap);
        mem.write(buf, &out)?;
        mem.write_size(bufused, out.len())
    }

    pub fn fd_renumber(
        &mut self,
        _mem: &mut dyn GuestMemory,
        from: u32,
        to: u32,
    ) -> WasiResult<()> {
        self.fds.renumber(from, to)
    }

    pub fn fd_seek(
        &mut self,
        mem: &mut dyn GuestMemory,
        fd: u32,
        offset: i64,
        whence_code: u32,
        out: u32,
    ) -> WasiResult<()> {
        let file = self.fds.seekable_mut(fd)?;
        let base = match u8::try_from(whence_code).map_err(|_| Errno::Inval)? {
            whence::SET => 0,
            whence::CUR => file.position,
            whence::END => file.node.borrow().size(),
            _ => return Err(Errno::Inval),
        };
        let pos = base.checked_add_signed(offset).ok_or(Errno::Inval)?;
        if pos > i64::MAX as u64 {
            return Err(Errno::Inval);
        }
        file.position = pos;
        mem.write_u64(out, pos)
    }

    pub fn fd_tell(&mut self, mem: &mut dyn GuestMemory, fd: u32, out: u32) -> WasiResult<()> {
        let pos = self.fds.seekable_mut(fd)?.position;
        mem.write_u64(out, pos)
    }
}
