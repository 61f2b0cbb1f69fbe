//! A regular file's contents.
//!
//! A file stores the bytes written so far and reads as zeros from there up to its size, so a
//! size set without data (`fd_filestat_set_size`, `fd_allocate`: Rust's `File::set_len`)
//! costs nothing until the guest writes there. Stored bytes are charged to the run's
//! [`Usage`]: past `fsBytes` a write gets `ENOSPC`, past `fileBytes` `EFBIG`, both before
//! anything is allocated.

use crate::abi::{Errno, WasiResult};
use crate::limits::{Cap, Usage};
use std::borrow::Cow;
use std::rc::Rc;

#[derive(Debug)]
pub struct FileData {
    /// What was written; a `Vec` so appends grow in amortised O(1).
    stored: Vec<u8>,
    /// The file's size: `stored`, then zeros.
    len: u64,
    usage: Rc<Usage>,
}

impl FileData {
    pub fn new(usage: &Rc<Usage>) -> FileData {
        FileData {
            stored: Vec::new(),
            len: 0,
            usage: usage.clone(),
        }
    }

    /// A file holding `bytes` (seeded by the host), charged like a write.
    pub fn with_bytes(usage: &Rc<Usage>, bytes: Vec<u8>) -> WasiResult<FileData> {
        usage.check_file_size(bytes.len() as u64)?;
        usage.charge_bytes(bytes.len() as u64)?;
        Ok(FileData {
            len: bytes.len() as u64,
            stored: bytes,
            usage: usage.clone(),
        })
    }

    pub fn len(&self) -> u64 {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Up to `max` bytes from `offset` (fewer at the end of the file): borrowed where they
    /// are stored, made where the read reaches the zeros past them.
    pub fn read_at(&self, offset: u64, max: usize) -> Cow<'_, [u8]> {
        let start = offset.min(self.len);
        let n = usize::try_from(self.len - start).map_or(max, |left| left.min(max));
        let stored = self.stored.len() as u64;
        if start + n as u64 <= stored {
            let s = start as usize;
            return Cow::Borrowed(&self.stored[s..s + n]);
        }
        let mut out = vec![0u8; n];
        if start < stored {
            let s = start as usize;
            let have = self.stored.len() - s;
            out[..have].copy_from_slice(&self.stored[s..]);
        }
        Cow::Owned(out)
    }

    /// The `len` bytes at `offset`, to be written by `fill`; the file grows to cover them.
    pub fn write_at(
        &mut self,
        offset: u64,
        len: usize,
        fill: impl FnOnce(&mut [u8]) -> WasiResult<()>,
    ) -> WasiResult<()> {
        let end = offset.checked_add(len as u64).ok_or(Errno::Fbig)?;
        self.usage.check_file_size(end)?;
        let end = usize::try_from(end).map_err(|_| Errno::Fbig)?;
        let start = offset as usize;
        if end > self.stored.len() {
            let grow = end - self.stored.len();
            self.usage.charge_bytes(grow as u64)?;
            if self.stored.try_reserve(grow).is_err() {
                self.usage.release_bytes(grow as u64);
                return Err(self.usage.refuse(Cap::FsBytes));
            }
            self.stored.resize(end, 0);
        }
        self.len = self.len.max(end as u64);
        fill(&mut self.stored[start..end])
    }

    /// Sets the size: shorter drops what is past it, longer reads as zeros (and stores none).
    pub fn set_len(&mut self, size: u64) -> WasiResult<()> {
        self.usage.check_file_size(size)?;
        if let Ok(keep) = usize::try_from(size) {
            if keep < self.stored.len() {
                self.usage.release_bytes((self.stored.len() - keep) as u64);
                self.stored.truncate(keep);
                self.stored.shrink_to(keep.max(self.stored.len() / 2));
            }
        }
        self.len = size;
        Ok(())
    }

    /// Every byte, stored or not (a host reading the file back).
    pub fn to_vec(&self) -> Vec<u8> {
        self.read_at(0, usize::try_from(self.len).unwrap_or(usize::MAX))
            .into_owned()
    }

    /// The bytes stored; the rest up to [`FileData::len`] are zeros.
    pub fn stored(&self) -> &[u8] {
        &self.stored
    }
}

impl Drop for FileData {
    fn drop(&mut self) {
        self.usage.release_bytes(self.stored.len() as u64);
    }
}
