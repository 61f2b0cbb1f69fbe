//! The resources one run may take from its host, sized for a browser tab. Each cap answers the
//! guest with the errno a full disk or process table gives (`ENOSPC`, `EFBIG`, `EMFILE`), so
//! the program sees an ordinary failure, and the run reports which cap it met.

use crate::abi::Errno;
use std::cell::Cell;
use std::rc::Rc;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Bytes stored across every file (sizes set without data are free): `ENOSPC` past it.
    pub fs_bytes: u64,
    /// The largest size of one file: `EFBIG` past it.
    pub file_bytes: u64,
    /// Open file descriptors, stdio and preopens included: `EMFILE` past it.
    pub open_files: u32,
    /// Files, directories and symlinks that exist at once: `ENOSPC` past it.
    pub inodes: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            fs_bytes: 1 << 30,
            file_bytes: 1 << 30,
            open_files: 1024,
            inodes: 100_000,
        }
    }
}

impl Limits {
    /// Sets the limit an option names (`fsBytes`, `fileBytes`, `openFiles`, `inodes`) from a
    /// JS number; an unknown name, or a value that is not a positive whole number, is refused
    /// with the line the run reports.
    pub fn set(&mut self, name: &str, value: f64) -> Result<(), String> {
        let cap = Cap::ALL
            .into_iter()
            .find(|c| c.option() == name)
            .ok_or_else(|| {
                let names: Vec<&str> = Cap::ALL.iter().map(|c| c.option()).collect();
                format!("unknown limit `{name}` ({})", names.join(", "))
            })?;
        // Whole, positive and exact in a double: 2^53 bytes is more than any tab has.
        if !(value >= 1.0 && value.fract() == 0.0 && value <= 9_007_199_254_740_991.0) {
            // The value is not echoed: formatting a float adds kilobytes to the host's wasm.
            return Err(format!("limits.{name} must be a positive whole number"));
        }
        let v = value as u64;
        match cap {
            Cap::FsBytes => self.fs_bytes = v,
            Cap::FileBytes => self.file_bytes = v,
            Cap::OpenFiles => self.open_files = u32::try_from(v).unwrap_or(u32::MAX),
            Cap::Inodes => self.inodes = v,
        }
        Ok(())
    }
}

/// Which cap refused the guest, for the run's report.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cap {
    FsBytes,
    FileBytes,
    OpenFiles,
    Inodes,
}

impl Cap {
    pub const ALL: [Cap; 4] = [Cap::FsBytes, Cap::FileBytes, Cap::OpenFiles, Cap::Inodes];

    /// The option that sets it (`limits: {fsBytes: …}` in `run()` and `spawn()`).
    pub fn option(self) -> &'static str {
        match self {
            Cap::FsBytes => "fsBytes",
            Cap::FileBytes => "fileBytes",
            Cap::OpenFiles => "openFiles",
            Cap::Inodes => "inodes",
        }
    }

    pub fn errno(self) -> Errno {
        match self {
            Cap::FsBytes | Cap::Inodes => Errno::Nospc,
            Cap::FileBytes => Errno::Fbig,
            Cap::OpenFiles => Errno::Mfile,
        }
    }

    /// One line for the run's report: what was refused, and how to allow more.
    pub fn describe(self, limits: &Limits) -> String {
        let (what, value) = match self {
            Cap::FsBytes => ("the filesystem's size", limits.fs_bytes),
            Cap::FileBytes => ("the largest file size", limits.file_bytes),
            Cap::OpenFiles => ("open files", u64::from(limits.open_files)),
            Cap::Inodes => ("files and directories", limits.inodes),
        };
        format!(
            "the program was refused with {} at the limit on {what} ({value}; raise it with limits.{})",
            self.errno().name(),
            self.option()
        )
    }
}

/// What a run is using of its [`Limits`], shared by its files, inodes and fd table; and the
/// cap that last refused the guest.
#[derive(Debug, Default)]
pub struct Usage {
    pub limits: Limits,
    stored_bytes: Cell<u64>,
    inodes: Cell<u64>,
    refused: Cell<Option<Cap>>,
}

impl Usage {
    pub fn new(limits: Limits) -> Rc<Usage> {
        Rc::new(Usage {
            limits,
            ..Usage::default()
        })
    }

    /// The cap that last refused the guest, if one did.
    pub fn refused(&self) -> Option<Cap> {
        self.refused.get()
    }

    pub fn stored_bytes(&self) -> u64 {
        self.stored_bytes.get()
    }

    /// Records that `cap` refused the guest; its errno, for the call to return.
    pub fn refuse(&self, cap: Cap) -> Errno {
        self.refused.set(Some(cap));
        cap.errno()
    }

    pub fn charge_bytes(&self, bytes: u64) -> Result<(), Errno> {
        match self.stored_bytes.get().checked_add(bytes) {
            Some(used) if used <= self.limits.fs_bytes => {
                self.stored_bytes.set(used);
                Ok(())
            }
            _ => Err(self.refuse(Cap::FsBytes)),
        }
    }

    pub fn release_bytes(&self, bytes: u64) {
        self.stored_bytes
            .set(self.stored_bytes.get().saturating_sub(bytes));
    }

    pub fn check_file_size(&self, size: u64) -> Result<(), Errno> {
        if size > self.limits.file_bytes {
            return Err(self.refuse(Cap::FileBytes));
        }
        Ok(())
    }

    pub fn add_inode(&self) -> Result<(), Errno> {
        if self.inodes.get() >= self.limits.inodes {
            return Err(self.refuse(Cap::Inodes));
        }
        self.inodes.set(self.inodes.get() + 1);
        Ok(())
    }

    pub fn drop_inode(&self) {
        self.inodes.set(self.inodes.get().saturating_sub(1));
    }
}
