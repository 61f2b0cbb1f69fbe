//! The fd table: numbers handed to the guest and what they stand for.

use crate::abi::{Errno, WasiResult};
use crate::limits::{Cap, Usage};
use crate::vfs::{Files, NodeRef, Sandbox};
use std::rc::Rc;

pub enum FdEntry {
    Stdin,
    Stdout,
    Stderr,
    File(OpenFile),
    Dir(OpenDir),
}

pub struct OpenFile {
    pub node: NodeRef,
    pub files: Files,
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
    pub files: Files,
    /// The preopen this directory was reached from: paths never leave it.
    pub sandbox: Sandbox,
    /// The guest path, when this fd is itself a preopen.
    pub preopen: Option<String>,
}

/// Numbering follows wasmtime: a closed number is reused before a new one, the highest first.
pub struct FdTable {
    /// Indexed by fd; `None` is a closed number waiting for reuse. Its length is the most fds
    /// ever open at once, so the open-files limit bounds it.
    slots: Vec<Option<FdEntry>>,
    usage: Rc<Usage>,
}

impl FdTable {
    pub fn with_stdio(usage: Rc<Usage>) -> Self {
        FdTable {
            slots: vec![
                Some(FdEntry::Stdin),
                Some(FdEntry::Stdout),
                Some(FdEntry::Stderr),
            ],
            usage,
        }
    }

    /// `EMFILE` (and the cap recorded) when no fd can be handed out.
    pub fn check_room(&self) -> WasiResult<()> {
        let full = self.slots.len() >= self.usage.limits.open_files as usize;
        if full && self.slots.iter().all(Option::is_some) {
            return Err(self.usage.refuse(Cap::OpenFiles));
        }
        Ok(())
    }

    pub fn push(&mut self, entry: FdEntry) -> WasiResult<u32> {
        self.check_room()?;
        let fd = match self.slots.iter().rposition(Option::is_none) {
            Some(free) => free,
            None => {
                self.slots.push(None);
                self.slots.len() - 1
            }
        };
        let number = u32::try_from(fd).map_err(|_| Errno::Nomem)?;
        self.slots[fd] = Some(entry);
        Ok(number)
    }

    fn slot(&mut self, fd: u32) -> Option<&mut Option<FdEntry>> {
        self.slots.get_mut(fd as usize)
    }

    pub fn get(&self, fd: u32) -> WasiResult<&FdEntry> {
        match self.slots.get(fd as usize) {
            Some(Some(entry)) => Ok(entry),
            _ => Err(Errno::Badf),
        }
    }

    fn get_mut(&mut self, fd: u32) -> Option<&mut FdEntry> {
        self.slot(fd)?.as_mut()
    }

    pub fn remove(&mut self, fd: u32) -> WasiResult<FdEntry> {
        self.slot(fd).and_then(Option::take).ok_or(Errno::Badf)
    }

    /// Moves `from` onto `to` (both must be open), closing what `to` was.
    pub fn renumber(&mut self, from: u32, to: u32) -> WasiResult<()> {
        self.get(to)?;
        let entry = self.remove(from)?;
        *self.slot(to).ok_or(Errno::Badf)? = Some(entry);
        Ok(())
    }

    pub fn file(&self, fd: u32) -> WasiResult<&OpenFile> {
        match self.get(fd)? {
            FdEntry::File(f) => Ok(f),
            _ => Err(Errno::Badf),
        }
    }

    pub fn file_mut(&mut self, fd: u32) -> WasiResult<&mut OpenFile> {
        match self.get_mut(fd) {
            Some(FdEntry::File(f)) => Ok(f),
            _ => Err(Errno::Badf),
        }
    }

    /// A file that supports seeking: stdio answers `ESPIPE`, as wasmtime does.
    pub fn seekable_mut(&mut self, fd: u32) -> WasiResult<&mut OpenFile> {
        match self.get_mut(fd) {
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
