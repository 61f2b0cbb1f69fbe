//! The fd table: numbers handed to the guest and what they stand for.

use crate::abi::{Errno, WasiResult};
use crate::vfs::{NodeRef, Sandbox};
use std::collections::{BTreeMap, BTreeSet};

pub enum FdEntry {
    Stdin,
    Stdout,
    Stderr,
    File(OpenFile),
    Dir(OpenDir),
}

pub struct OpenFile {
    pub node: NodeRef,
    pub position: u64,
    pub read: bool,
    pub write: bool,
    pub append: bool,
    pub nonblock: bool,
    /// DSYNC / RSYNC / SYNC as given at open (reported back, nothing to sync in memory).
    pub sync_flags: u16,
}

pub struct OpenDir {
    pub node: NodeRef,
    /// The preopen this directory was reached from: paths never leave it.
    pub sandbox: Sandbox,
    /// The guest path, when this fd is itself a preopen.
    pub preopen: Option<String>,
}

/// Numbering follows wasmtime: a closed number is reused before a new one, the highest first.
pub struct FdTable {
    used: BTreeMap<u32, FdEntry>,
    free: BTreeSet<u32>,
}

impl FdTable {
    pub fn with_stdio() -> Self {
        let mut used = BTreeMap::new();
        used.insert(0, FdEntry::Stdin);
        used.insert(1, FdEntry::Stdout);
        used.insert(2, FdEntry::Stderr);
        FdTable {
            used,
            free: BTreeSet::new(),
        }
    }

    pub fn push(&mut self, entry: FdEntry) -> WasiResult<u32> {
        let fd = match self.free.pop_last() {
            Some(fd) => fd,
            None => match self.used.last_key_value() {
                Some((&last, _)) => last.checked_add(1).ok_or(Errno::Nomem)?,
                None => 0,
            },
        };
        self.used.insert(fd, entry);
        Ok(fd)
    }

    pub fn get(&self, fd: u32) -> WasiResult<&FdEntry> {
        self.used.get(&fd).ok_or(Errno::Badf)
    }

    pub fn remove(&mut self, fd: u32) -> WasiResult<FdEntry> {
        let entry = self.used.remove(&fd).ok_or(Errno::Badf)?;
        self.free.insert(fd);
        Ok(entry)
    }

    /// Moves `from` onto `to` (both must be open), closing what `to` was.
    pub fn renumber(&mut self, from: u32, to: u32) -> WasiResult<()> {
        if !self.used.contains_key(&to) || !self.used.contains_key(&from) {
            return Err(Errno::Badf);
        }
        if from != to {
            let entry = self.remove(from)?;
            self.free.remove(&to);
            self.used.insert(to, entry);
        }
        Ok(())
    }

    pub fn file(&self, fd: u32) -> WasiResult<&OpenFile> {
        match self.get(fd)? {
            FdEntry::File(f) => Ok(f),
            _ => Err(Errno::Badf),
        }
    }

    pub fn file_mut(&mut self, fd: u32) -> WasiResult<&mut OpenFile> {
        match self.used.get_mut(&fd) {
            Some(FdEntry::File(f)) => Ok(f),
            _ => Err(Errno::Badf),
        }
    }

    /// A file that supports seeking: stdio answers `ESPIPE`, as wasmtime does.
    pub fn seekable_mut(&mut self, fd: u32) -> WasiResult<&mut OpenFile> {
        match self.used.get_mut(&fd) {
            Some(FdEntry::File(f)) => Ok(f),
            Some(FdEntry::Stdin | FdEntry::Stdout | FdEntry::Stderr) => Err(Errno::Spipe),
            _ => Err(Errno::Badf),
        }
    }

    pub fn dir(&self, fd: u32) -> WasiResult<&OpenDir> {
        match self.get(fd)? {
            FdEntry::Dir(d) => Ok(d),
            _ => Err(Errno::Badf),
        }
    }

    /// The node behind a file or directory fd (stdio has none: `EBADF`).
    pub fn node(&self, fd: u32) -> WasiResult<NodeRef> {
        match self.get(fd)? {
            FdEntry::File(f) => Ok(f.node.clone()),
            FdEntry::Dir(d) => Ok(d.node.clone()),
            _ => Err(Errno::Badf),
        }
    }
}
