//! The data-moving `fd_*` calls: `fd_read`, `fd_pread`, `fd_write`, `fd_pwrite`.

use super::{FdEntry, OpenFile, WasiCtx};
use crate::abi::{Errno, WasiResult};
use crate::memory::{iovecs_len, GuestMemory, GuestMemoryExt};
use crate::vfs::{NodeKind, WriteSource};

/// A write either at the fd's own position (`fd_write`) or at an explicit offset (`fd_pwrite`).
#[derive(Clone, Copy, PartialEq, Eq)]
enum WriteAt {
    Position,
    Offset(u64),
}

impl WasiCtx {
    pub fn fd_read(
        &mut self,
        mem: &mut dyn GuestMemory,
        fd: u32,
        iovs: u32,
        iovs_len: u32,
        nread: u32,
    ) -> WasiResult<()> {
        let iovs = mem.read_iovecs(iovs, iovs_len)?;
        let n = match self.fds.get(fd)? {
            FdEntry::Stdin => self.read_stdin(mem, &iovs)?,
            FdEntry::File(_) => {
                let file = self.fds.file_mut(fd)?;
                let n = read_file_at(mem, file, &iovs, file.position)?;
                file.position += n as u64;
                n
            }
            _ => return Err(Errno::Badf),
        };
        mem.write_size(nread, n)
    }

    pub fn fd_pread(
        &mut self,
        mem: &mut dyn GuestMemory,
        fd: u32,
        iovs: u32,
        iovs_len: u32,
        offset: u64,
        nread: u32,
    ) -> WasiResult<()> {
        let iovs = mem.read_iovecs(iovs, iovs_len)?;
        let n = match self.fds.get(fd)? {
            FdEntry::Stdin => return Err(Errno::Spipe),
            FdEntry::File(file) => read_file_at(mem, file, &iovs, offset)?,
            _ => return Err(Errno::Badf),
        };
        mem.write_size(nread, n)
    }

    /// Reads stdin into the first non-empty iovec (as wasmtime: one read, possibly short).
    fn read_stdin(&mut self, mem: &mut dyn GuestMemory, iovs: &[(u32, u32)]) -> WasiResult<usize> {
        self.flush_output();
        let Some(&(ptr, len)) = iovs.iter().find(|(_, len)| *len > 0) else {
            return Ok(0);
        };
        let mut buf = vec![0u8; (len as usize).min(64 * 1024)];
        let n = self.stdin.read(&mut buf)?;
        mem.write(ptr, &buf[..n])?;
        Ok(n)
    }

    pub fn fd_write(
        &mut self,
        mem: &mut dyn GuestMemory,
        fd: u32,
        iovs: u32,
        iovs_len: u32,
        nwritten: u32,
    ) -> WasiResult<()> {
        let stream = match self.fds.get(fd)? {
            FdEntry::Stdout => &mut self.stdout,
            FdEntry::Stderr => &mut self.stderr,
            _ => {
                let iovs = mem.read_iovecs(iovs, iovs_len)?;
                let n = self.write_iovecs(mem, fd, &iovs, WriteAt::Position)?;
                return mem.write_size(nwritten, n);
            }
        };
        let platform = &*self.platform;
        // Straight from guest memory into the stream's buffer.
        let n = stream.append(|pending| mem.gather(iovs, iovs_len, pending), &|| {
            platform.monotonic_ns()
        })?;
        mem.write_size(nwritten, n)
    }

    pub fn fd_pwrite(
        &mut self,
        mem: &mut dyn GuestMemory,
        fd: u32,
        iovs: u32,
        iovs_len: u32,
        offset: u64,
        nwritten: u32,
    ) -> WasiResult<()> {
        let iovs = mem.read_iovecs(iovs, iovs_len)?;
        let n = self.write_iovecs(mem, fd, &iovs, WriteAt::Offset(offset))?;
        mem.write_size(nwritten, n)
    }

    fn write_iovecs(
        &mut self,
        mem: &dyn GuestMemory,
        fd: u32,
        iovs: &[(u32, u32)],
        at: WriteAt,
    ) -> WasiResult<usize> {
        let total = iovecs_len(iovs)?;
        match self.fds.get(fd)? {
            FdEntry::File(_) => {
                let now = self.now();
                let file = self.fds.file_mut(fd)?;
                write_file(mem, file, iovs, total, at, now)
            }
            // fd_write reaches the streams without this; what is left is pwrite.
            FdEntry::Stdout | FdEntry::Stderr => Err(Errno::Spipe),
            _ => Err(Errno::Badf),
        }
    }
}

fn read_file_at(
    mem: &mut dyn GuestMemory,
    file: &OpenFile,
    iovs: &[(u32, u32)],
    offset: u64,
) -> WasiResult<usize> {
    if !file.read {
        return Err(Errno::Badf);
    }
    let node = file.node.borrow();
    let data = match &node.kind {
        NodeKind::File(data) => data,
        _ => return Err(Errno::Badf),
    };
    let mut out = Scatter {
        iovs,
        at: 0,
        into: 0,
    };
    data.read_at(offset, iovecs_len(iovs)?, &mut |piece| out.put(mem, piece))
}

fn write_file(
    mem: &dyn GuestMemory,
    file: &mut OpenFile,
    iovs: &[(u32, u32)],
    total: usize,
    at: WriteAt,
    now: u64,
) -> WasiResult<usize> {
    if !file.write {
        return Err(Errno::Badf);
    }
    let mut node = file.node.borrow_mut();
    let data = node.data_mut().map_err(|_| Errno::Badf)?;
    // Linux semantics: with O_APPEND every write, pwrite included, goes to the end.
    let start = match (file.append, at) {
        (true, _) => data.len(),
        (false, WriteAt::Position) => file.position,
        (false, WriteAt::Offset(off)) => off,
    };
    data.write_at(start, total, &GuestBytes { mem, iovs })?;
    if total > 0 {
        node.touch_modified(now);
    }
    if at == WriteAt::Position {
        file.position = start + total as u64;
    }
    Ok(total)
}

/// What the iovecs of a write point to in guest memory, as a file's [`WriteSource`].
struct GuestBytes<'a> {
    mem: &'a dyn GuestMemory,
    iovs: &'a [(u32, u32)],
}

impl GuestBytes<'_> {
    /// The guest ranges holding the write's bytes `from..from + len`, in order.
    fn ranges(&self, from: usize, len: usize) -> impl Iterator<Item = (u32, usize)> + '_ {
        let mut skip = from;
        let mut left = len;
        self.iovs.iter().filter_map(move |&(ptr, n)| {
            let n = n as usize;
            if skip >= n {
                skip -= n;
                return None;
            }
            let take = (n - skip).min(left);
            let range = (ptr + skip as u32, take);
            skip = 0;
            left -= take;
            (take > 0).then_some(range)
        })
    }
}

impl WriteSource for GuestBytes<'_> {
    fn copy_to(&self, from: usize, dest: &mut [u8]) -> WasiResult<()> {
        let mut at = 0;
        for (ptr, n) in self.ranges(from, dest.len()) {
            self.mem.read(ptr, &mut dest[at..at + n])?;
            at += n;
        }
        Ok(())
    }

    fn append_to(&self, from: usize, len: usize, chunk: &mut Vec<u8>) -> WasiResult<()> {
        for (ptr, n) in self.ranges(from, len) {
            self.mem.read_append(ptr, n, chunk)?;
        }
        Ok(())
    }
}

/// Where a read's next bytes go in its iovecs.
struct Scatter<'a> {
    iovs: &'a [(u32, u32)],
    /// The iovec being filled, and how far.
    at: usize,
    into: usize,
}

impl Scatter<'_> {
    fn put(&mut self, mem: &mut dyn GuestMemory, mut bytes: &[u8]) -> WasiResult<()> {
        while let (false, Some(&(ptr, len))) = (bytes.is_empty(), self.iovs.get(self.at)) {
            let n = (len as usize - self.into).min(bytes.len());
            mem.write(ptr + self.into as u32, &bytes[..n])?;
            bytes = &bytes[n..];
            self.into += n;
            if self.into == len as usize {
                self.at += 1;
                self.into = 0;
            }
        }
        Ok(())
    }
}
