//! The `wasi_snapshot_preview1` ABI: errno values, flag bits, enum codes and struct layouts.
//!
//! Values are from the witx definitions; layouts are byte offsets in guest memory (little endian).

/// A WASI error. Every host call returns `Result<_, Errno>`; [`crate::wasi::to_guest_errno`]
/// is the one place that turns it into the `i32` the guest sees.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u16)]
pub enum Errno {
    TooBig = 1,
    Acces = 2,
    Again = 6,
    Badf = 8,
    Busy = 10,
    Exist = 20,
    Fault = 21,
    Fbig = 22,
    Ilseq = 25,
    Intr = 27,
    Inval = 28,
    Io = 29,
    Isdir = 31,
    Loop = 32,
    Mfile = 33,
    Mlink = 34,
    Nametoolong = 37,
    Noent = 44,
    Nomem = 48,
    Nospc = 51,
    Nosys = 52,
    Notdir = 54,
    Notempty = 55,
    Notsock = 57,
    Notsup = 58,
    Overflow = 61,
    Perm = 63,
    Pipe = 64,
    Range = 68,
    Spipe = 70,
    Xdev = 75,
    Notcapable = 76,
}

impl Errno {
    pub fn code(self) -> u16 {
        self as u16
    }

    /// The POSIX name (`ENOENT`), for messages.
    pub fn name(self) -> &'static str {
        match self {
            Errno::TooBig => "E2BIG",
            Errno::Acces => "EACCES",
            Errno::Again => "EAGAIN",
            Errno::Badf => "EBADF",
            Errno::Busy => "EBUSY",
            Errno::Exist => "EEXIST",
            Errno::Fault => "EFAULT",
            Errno::Fbig => "EFBIG",
            Errno::Ilseq => "EILSEQ",
            Errno::Intr => "EINTR",
            Errno::Inval => "EINVAL",
            Errno::Io => "EIO",
            Errno::Isdir => "EISDIR",
            Errno::Loop => "ELOOP",
            Errno::Mfile => "EMFILE",
            Errno::Mlink => "EMLINK",
            Errno::Nametoolong => "ENAMETOOLONG",
            Errno::Noent => "ENOENT",
            Errno::Nomem => "ENOMEM",
            Errno::Nospc => "ENOSPC",
            Errno::Nosys => "ENOSYS",
            Errno::Notdir => "ENOTDIR",
            Errno::Notempty => "ENOTEMPTY",
            Errno::Notsock => "ENOTSOCK",
            Errno::Notsup => "ENOTSUP",
            Errno::Overflow => "EOVERFLOW",
            Errno::Perm => "EPERM",
            Errno::Pipe => "EPIPE",
            Errno::Range => "ERANGE",
            Errno::Spipe => "ESPIPE",
            Errno::Xdev => "EXDEV",
            Errno::Notcapable => "ENOTCAPABLE",
        }
    }
}

pub type WasiResult<T> = Result<T, Errno>;

pub mod filetype {
    pub const UNKNOWN: u8 = 0;
    pub const CHARACTER_DEVICE: u8 = 2;
    pub const DIRECTORY: u8 = 3;
    pub const REGULAR_FILE: u8 = 4;
    pub const SYMBOLIC_LINK: u8 = 7;
}

pub mod fdflags {
    pub const APPEND: u16 = 1;
    pub const DSYNC: u16 = 2;
    pub const NONBLOCK: u16 = 4;
    pub const RSYNC: u16 = 8;
    pub const SYNC: u16 = 16;
    pub const ALL: u16 = 31;
}

pub mod oflags {
    pub const CREAT: u16 = 1;
    pub const DIRECTORY: u16 = 2;
    pub const EXCL: u16 = 4;
    pub const TRUNC: u16 = 8;
    pub const ALL: u16 = 15;
}

pub mod lookupflags {
    pub const SYMLINK_FOLLOW: u32 = 1;
}

pub mod fstflags {
    pub const ATIM: u16 = 1;
    pub const ATIM_NOW: u16 = 2;
    pub const MTIM: u16 = 4;
    pub const MTIM_NOW: u16 = 8;
    pub const ALL: u16 = 15;
}

pub mod whence {
    pub const SET: u8 = 0;
    pub const CUR: u8 = 1;
    pub const END: u8 = 2;
}

pub mod clockid {
    pub const REALTIME: u32 = 0;
    pub const MONOTONIC: u32 = 1;
    pub const PROCESS_CPUTIME: u32 = 2;
    pub const THREAD_CPUTIME: u32 = 3;
}

pub mod eventtype {
    pub const CLOCK: u8 = 0;
    pub const FD_READ: u8 = 1;
    pub const FD_WRITE: u8 = 2;
}

pub const SUBCLOCK_ABSTIME: u16 = 1;
pub const EVENT_FD_READWRITE_HANGUP: u16 = 1;
pub const ADVICE_MAX: u8 = 5;

pub mod rights {
    pub const FD_DATASYNC: u64 = 1 << 0;
    pub const FD_READ: u64 = 1 << 1;
    pub const FD_SEEK: u64 = 1 << 2;
    pub const FD_FDSTAT_SET_FLAGS: u64 = 1 << 3;
    pub const FD_SYNC: u64 = 1 << 4;
    pub const FD_TELL: u64 = 1 << 5;
    pub const FD_WRITE: u64 = 1 << 6;
    pub const FD_ADVISE: u64 = 1 << 7;
    pub const FD_ALLOCATE: u64 = 1 << 8;
    pub const PATH_CREATE_DIRECTORY: u64 = 1 << 9;
    pub const PATH_CREATE_FILE: u64 = 1 << 10;
    pub const PATH_LINK_SOURCE: u64 = 1 << 11;
    pub const PATH_LINK_TARGET: u64 = 1 << 12;
    pub const PATH_OPEN: u64 = 1 << 13;
    pub const FD_READDIR: u64 = 1 << 14;
    pub const PATH_READLINK: u64 = 1 << 15;
    pub const PATH_RENAME_SOURCE: u64 = 1 << 16;
    pub const PATH_RENAME_TARGET: u64 = 1 << 17;
    pub const PATH_FILESTAT_GET: u64 = 1 << 18;
    pub const PATH_FILESTAT_SET_SIZE: u64 = 1 << 19;
    pub const PATH_FILESTAT_SET_TIMES: u64 = 1 << 20;
    pub const FD_FILESTAT_GET: u64 = 1 << 21;
    pub const FD_FILESTAT_SET_SIZE: u64 = 1 << 22;
    pub const FD_FILESTAT_SET_TIMES: u64 = 1 << 23;
    pub const PATH_SYMLINK: u64 = 1 << 24;
    pub const PATH_REMOVE_DIRECTORY: u64 = 1 << 25;
    pub const PATH_UNLINK_FILE: u64 = 1 << 26;
    pub const POLL_FD_READWRITE: u64 = 1 << 27;
    pub const ALL: u64 = (1 << 30) - 1;

    /// What wasmtime reports for a preopened directory (many libcs expect exactly these).
    pub const PREOPEN_BASE: u64 = PATH_CREATE_DIRECTORY
        | PATH_CREATE_FILE
        | PATH_LINK_SOURCE
        | PATH_LINK_TARGET
        | PATH_OPEN
        | FD_READDIR
        | PATH_READLINK
        | PATH_RENAME_SOURCE
        | PATH_RENAME_TARGET
        | PATH_SYMLINK
        | PATH_REMOVE_DIRECTORY
        | PATH_UNLINK_FILE
        | PATH_FILESTAT_GET
        | PATH_FILESTAT_SET_TIMES
        | FD_FILESTAT_GET
        | FD_FILESTAT_SET_TIMES;
    pub const PREOPEN_INHERITING: u64 = PREOPEN_BASE
        | FD_DATASYNC
        | FD_READ
        | FD_SEEK
        | FD_FDSTAT_SET_FLAGS
        | FD_SYNC
        | FD_TELL
        | FD_WRITE
        | FD_ADVISE
        | FD_ALLOCATE
        | FD_FILESTAT_GET
        | FD_FILESTAT_SET_SIZE
        | FD_FILESTAT_SET_TIMES
        | POLL_FD_READWRITE;
}

/// Byte sizes of the guest-visible structs.
pub mod size {
    pub const IOVEC: u32 = 8;
    pub const FDSTAT: usize = 24;
    pub const PRESTAT: usize = 8;
    pub const FILESTAT: usize = 64;
    pub const FILESTAT_PREVIEW0: usize = 56;
    pub const DIRENT: usize = 24;
    pub const SUBSCRIPTION: u32 = 48;
    pub const SUBSCRIPTION_PREVIEW0: u32 = 56;
    pub const EVENT: u32 = 32;
}

/// `filestat`, the answer of `fd_filestat_get` and `path_filestat_get`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Filestat {
    pub dev: u64,
    pub ino: u64,
    pub filetype: u8,
    pub nlink: u64,
    pub size: u64,
    pub atim: u64,
    pub mtim: u64,
    pub ctim: u64,
}

impl Filestat {
    pub fn to_bytes(&self) -> [u8; size::FILESTAT] {
        let mut b = [0u8; size::FILESTAT];
        b[0..8].copy_from_slice(&self.dev.to_le_bytes());
        b[8..16].copy_from_slice(&self.ino.to_le_bytes());
        b[16] = self.filetype;
        b[24..32].copy_from_slice(&self.nlink.to_le_bytes());
        b[32..40].copy_from_slice(&self.size.to_le_bytes());
        b[40..48].copy_from_slice(&self.atim.to_le_bytes());
        b[48..56].copy_from_slice(&self.mtim.to_le_bytes());
        b[56..64].copy_from_slice(&self.ctim.to_le_bytes());
        b
    }

    /// `wasi_unstable` layout: `nlink` is a u32 and everything after it moves up by 8.
    pub fn to_bytes_preview0(&self) -> [u8; size::FILESTAT_PREVIEW0] {
        let mut b = [0u8; size::FILESTAT_PREVIEW0];
        b[0..8].copy_from_slice(&self.dev.to_le_bytes());
        b[8..16].copy_from_slice(&self.ino.to_le_bytes());
        b[16] = self.filetype;
        let nlink = u32::try_from(self.nlink).unwrap_or(u32::MAX);
        b[20..24].copy_from_slice(&nlink.to_le_bytes());
        b[24..32].copy_from_slice(&self.size.to_le_bytes());
        b[32..40].copy_from_slice(&self.atim.to_le_bytes());
        b[40..48].copy_from_slice(&self.mtim.to_le_bytes());
        b[48..56].copy_from_slice(&self.ctim.to_le_bytes());
        b
    }
}

/// `fdstat`, the answer of `fd_fdstat_get`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Fdstat {
    pub filetype: u8,
    pub flags: u16,
    pub rights_base: u64,
    pub rights_inheriting: u64,
}

impl Fdstat {
    pub fn to_bytes(&self) -> [u8; size::FDSTAT] {
        let mut b = [0u8; size::FDSTAT];
        b[0] = self.filetype;
        b[2..4].copy_from_slice(&self.flags.to_le_bytes());
        b[8..16].copy_from_slice(&self.rights_base.to_le_bytes());
        b[16..24].copy_from_slice(&self.rights_inheriting.to_le_bytes());
        b
    }
}

/// A decoded `subscription` (same meaning in both ABI versions, different layouts).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Subscription {
    pub userdata: u64,
    pub kind: SubscriptionKind,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SubscriptionKind {
    Clock {
        clock_id: u32,
        timeout: u64,
        flags: u16,
    },
    FdRead(u32),
    FdWrite(u32),
}

/// An `event` written back by `poll_oneoff` (identical layout in both ABI versions).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Event {
    pub userdata: u64,
    pub error: u16,
    pub kind: u8,
    pub nbytes: u64,
    pub flags: u16,
}

impl Event {
    pub fn to_bytes(&self) -> [u8; size::EVENT as usize] {
        let mut b = [0u8; size::EVENT as usize];
        b[0..8].copy_from_slice(&self.userdata.to_le_bytes());
        b[8..10].copy_from_slice(&self.error.to_le_bytes());
        b[10] = self.kind;
        b[16..24].copy_from_slice(&self.nbytes.to_le_bytes());
        b[24..26].copy_from_slice(&self.flags.to_le_bytes());
        b
    }
}

fn u64_at(b: &[u8], at: usize) -> u64 {
    let mut w = [0u8; 8];
    w.copy_from_slice(&b[at..at + 8]);
    u64::from_le_bytes(w)
}

fn u32_at(b: &[u8], at: usize) -> u32 {
    let mut w = [0u8; 4];
    w.copy_from_slice(&b[at..at + 4]);
    u32::from_le_bytes(w)
}

fn u16_at(b: &[u8], at: usize) -> u16 {
    u16::from_le_bytes([b[at], b[at + 1]])
}

impl Subscription {
    /// Decodes a preview1 subscription (48 bytes).
    pub fn from_bytes(b: &[u8; size::SUBSCRIPTION as usize]) -> WasiResult<Self> {
        let kind = match b[8] {
            eventtype::CLOCK => SubscriptionKind::Clock {
                clock_id: u32_at(b, 16),
                timeout: u64_at(b, 24),
                flags: u16_at(b, 40),
            },
            eventtype::FD_READ => SubscriptionKind::FdRead(u32_at(b, 16)),
            eventtype::FD_WRITE => SubscriptionKind::FdWrite(u32_at(b, 16)),
            _ => return Err(Errno::Inval),
        };
        Ok(Subscription {
            userdata: u64_at(b, 0),
            kind,
        })
    }

    /// Decodes a `wasi_unstable` subscription (56 bytes: the clock has an extra identifier).
    pub fn from_bytes_preview0(b: &[u8; size::SUBSCRIPTION_PREVIEW0 as usize]) -> WasiResult<Self> {
        let kind = match b[8] {
            eventtype::CLOCK => SubscriptionKind::Clock {
                clock_id: u32_at(b, 24),
                timeout: u64_at(b, 32),
                flags: u16_at(b, 48),
            },
            eventtype::FD_READ => SubscriptionKind::FdRead(u32_at(b, 16)),
            eventtype::FD_WRITE => SubscriptionKind::FdWrite(u32_at(b, 16)),
            _ => return Err(Errno::Inval),
        };
        Ok(Subscription {
            userdata: u64_at(b, 0),
            kind,
        })
    }
}

/// One `dirent` header; the name follows it directly in the buffer.
pub fn dirent_bytes(next: u64, ino: u64, namlen: u32, filetype: u8) -> [u8; size::DIRENT] {
    let mut b = [0u8; size::DIRENT];
    b[0..8].copy_from_slice(&next.to_le_bytes());
    b[8..16].copy_from_slice(&ino.to_le_bytes());
    b[16..20].copy_from_slice(&namlen.to_le_bytes());
    b[20] = filetype;
    b
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filestat_layouts_differ_only_in_nlink_width() {
        let st = Filestat {
            dev: 1,
            ino: 2,
            filetype: filetype::REGULAR_FILE,
            nlink: 3,
            size: 4,
            atim: 5,
            mtim: 6,
            ctim: 7,
        };
        let p1 = st.to_bytes();
        let p0 = st.to_bytes_preview0();
        assert_eq!(p1[24], 3);
        assert_eq!(p1[32], 4);
        assert_eq!(p0[20], 3);
        assert_eq!(p0[24], 4);
        assert_eq!(p0[48], 7);
        assert_eq!(p1[56], 7);
    }

    #[test]
    fn subscription_decoding_both_layouts() {
        let mut p1 = [0u8; 48];
        p1[0] = 9;
        p1[8] = eventtype::CLOCK;
        p1[16] = 1;
        p1[24] = 100;
        p1[40] = 1;
        let s = Subscription::from_bytes(&p1).unwrap();
        assert_eq!(
            s.kind,
            SubscriptionKind::Clock {
                clock_id: 1,
                timeout: 100,
                flags: 1
            }
        );
        let mut p0 = [0u8; 56];
        p0[8] = eventtype::CLOCK;
        p0[24] = 1;
        p0[32] = 100;
        p0[48] = 1;
        let s0 = Subscription::from_bytes_preview0(&p0).unwrap();
        assert_eq!(s0.kind, s.kind);
        p1[8] = 7;
        assert_eq!(Subscription::from_bytes(&p1), Err(Errno::Inval));
    }
}
