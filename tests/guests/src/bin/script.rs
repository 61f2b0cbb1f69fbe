//! Runs a script of raw preview1 file-system calls, one call a line, and prints each with what
//! it answered: the differential check of the calls' semantics against wasmtime. The script is
//! stdin, or with arguments `SEED CASES CALLS` a random one (src/random_script.rs), the same for a seed.
//!
//! A `case` line starts a case: the fds of the last one are closed and a new directory in the
//! preopen is slot 0. Fds are named by slot, never by number: which number a host hands
//! out is its own choice. A closed or renumbered-away slot stands for an fd no host has.
//! Printed: errnos by name; for a stat the type, and for a file or symlink its size and links
//! (a directory's size and link count are the host file system's, not WASI's); a listing
//! sorted, with types. Never times or inode numbers.
use std::io::{BufRead, Write};
use wasi::{Ciovec, Errno, Filestat, Iovec};

#[path = "../random_script.rs"]
mod random_script;

/// An fd number no host gives out here.
const NO_FD: u32 = 0x7fff_0000;

fn filetype(t: u8) -> &'static str {
    match t {
        3 => "dir",
        4 => "file",
        7 => "symlink",
        _ => "other",
    }
}

fn stat_text(s: &Filestat) -> String {
    match s.filetype.raw() {
        3 => "dir".into(),
        t => format!("{} size={} nlink={}", filetype(t), s.size, s.nlink),
    }
}

/// The names and types in directory `fd`, sorted.
fn listing(fd: u32) -> Result<String, Errno> {
    let mut buf = vec![0u8; 256];
    let (mut cookie, mut names) = (0u64, Vec::new());
    loop {
        let n = unsafe { wasi::fd_readdir(fd, buf.as_mut_ptr(), buf.len(), cookie) }?;
        let mut at = 0;
        while at + 24 <= n {
            let next = u64::from_le_bytes(buf[at..at + 8].try_into().unwrap());
            let len = u32::from_le_bytes(buf[at + 16..at + 20].try_into().unwrap()) as usize;
            if at + 24 + len > n {
                break; // cut short: ask again from this entry
            }
            let name = String::from_utf8_lossy(&buf[at + 24..at + 24 + len]).into_owned();
            names.push(format!("{name}:{}", filetype(buf[at + 20])));
            cookie = next;
            at += 24 + len;
        }
        if n < buf.len() {
            break;
        }
        if at == 0 {
            buf.resize(buf.len() * 2, 0); // one entry longer than the buffer
        }
    }
    names.sort();
    Ok(names.join(" "))
}

struct Script {
    slots: Vec<Option<u32>>,
    cases: usize,
}

const ALL_RIGHTS: u64 = u64::MAX >> 35;
/// Every right but those that open for writing (which a directory refuses).
const DIR_RIGHTS: u64 = ALL_RIGHTS
    & !(wasi::RIGHTS_FD_WRITE | wasi::RIGHTS_FD_ALLOCATE | wasi::RIGHTS_FD_FILESTAT_SET_SIZE);

/// The rights a script names: `all`, `dir` (all a directory takes), `read`, `write` or `none`.
fn rights(name: &str) -> u64 {
    match name {
        "all" => ALL_RIGHTS,
        "dir" => DIR_RIGHTS,
        "read" => {
            wasi::RIGHTS_FD_READ
                | wasi::RIGHTS_FD_SEEK
                | wasi::RIGHTS_FD_TELL
                | wasi::RIGHTS_FD_FILESTAT_GET
                | wasi::RIGHTS_FD_READDIR
        }
        "write" => wasi::RIGHTS_FD_WRITE,
        _ => 0,
    }
}

/// The preopen the cases' directories are made in.
const PREOPEN: u32 = 3;

impl Script {
    fn fd(&self, slot: &str) -> u32 {
        let k: usize = slot.parse().unwrap();
        self.slots.get(k).copied().flatten().unwrap_or(NO_FD)
    }

    fn call(&mut self, w: &[&str]) -> Result<String, Errno> {
        let num = |k: usize| -> u64 { w[k].parse().unwrap() };
        let flag = |k: usize| num(k) as u32;
        let ok = |_| String::new();
        unsafe {
            match w[0] {
                "case" => {
                    for fd in self.slots.drain(..).flatten() {
                        let _ = wasi::fd_close(fd);
                    }
                    let dir = format!("case{}", self.cases);
                    self.cases += 1;
                    wasi::path_create_directory(PREOPEN, &dir)?;
                    let fd = wasi::path_open(
                        PREOPEN,
                        0,
                        &dir,
                        wasi::OFLAGS_DIRECTORY,
                        DIR_RIGHTS,
                        ALL_RIGHTS,
                        0,
                    )?;
                    self.slots.push(Some(fd));
                    Ok(dir)
                }
                "open" => {
                    let rights = rights(w[5]);
                    let fd = wasi::path_open(
                        self.fd(w[1]),
                        flag(3),
                        w[2],
                        flag(4) as u16,
                        rights,
                        ALL_RIGHTS,
                        flag(6) as u16,
                    )?;
                    self.slots.push(Some(fd));
                    Ok(format!("slot {}", self.slots.len() - 1))
                }
                "write" => wasi::fd_write(
                    self.fd(w[1]),
                    &[Ciovec {
                        buf: w[2].as_ptr(),
                        buf_len: w[2].len(),
                    }],
                )
                .map(|n| n.to_string()),
                "pwrite" => wasi::fd_pwrite(
                    self.fd(w[1]),
                    &[Ciovec {
                        buf: w[3].as_ptr(),
                        buf_len: w[3].len(),
                    }],
                    num(2),
                )
                .map(|n| n.to_string()),
                "read" | "pread" => {
                    let mut buf = vec![0u8; num(2) as usize];
                    let iov = [Iovec {
                        buf: buf.as_mut_ptr(),
                        buf_len: buf.len(),
                    }];
                    let n = if w[0] == "read" {
                        wasi::fd_read(self.fd(w[1]), &iov)
                    } else {
                        wasi::fd_pread(self.fd(w[1]), &iov, num(3))
                    }?;
                    Ok(format!("{:?}", String::from_utf8_lossy(&buf[..n])))
                }
                "seek" => {
                    let off: i64 = w[2].parse().unwrap();
                    wasi::fd_seek(
                        self.fd(w[1]),
                        off,
                        [wasi::WHENCE_SET, wasi::WHENCE_CUR, wasi::WHENCE_END][num(3) as usize],
                    )
                    .map(|n| n.to_string())
                }
                "tell" => wasi::fd_tell(self.fd(w[1])).map(|n| n.to_string()),
                "close" => {
                    let r = wasi::fd_close(self.fd(w[1]));
                    if r.is_ok() {
                        self.slots[w[1].parse::<usize>().unwrap()] = None;
                    }
                    r.map(ok)
                }
                "renumber" => {
                    let r = wasi::fd_renumber(self.fd(w[1]), self.fd(w[2]));
                    if r.is_ok() && w[1] != w[2] {
                        self.slots[w[1].parse::<usize>().unwrap()] = None;
                    }
                    r.map(ok)
                }
                "mkdir" => wasi::path_create_directory(self.fd(w[1]), w[2]).map(ok),
                "rmdir" => wasi::path_remove_directory(self.fd(w[1]), w[2]).map(ok),
                "unlink" => wasi::path_unlink_file(self.fd(w[1]), w[2]).map(ok),
                "rename" => wasi::path_rename(self.fd(w[1]), w[2], self.fd(w[3]), w[4]).map(ok),
                "symlink" => wasi::path_symlink(w[1], self.fd(w[2]), w[3]).map(ok),
                "link" => {
                    wasi::path_link(self.fd(w[1]), flag(2), w[3], self.fd(w[4]), w[5]).map(ok)
                }
                "readlink" => {
                    let mut buf = [0u8; 64];
                    let n = wasi::path_readlink(self.fd(w[1]), w[2], buf.as_mut_ptr(), buf.len())?;
                    Ok(String::from_utf8_lossy(&buf[..n]).into_owned())
                }
                "stat" => {
                    wasi::path_filestat_get(self.fd(w[1]), flag(2), w[3]).map(|s| stat_text(&s))
                }
                "fstat" => wasi::fd_filestat_get(self.fd(w[1])).map(|s| stat_text(&s)),
                "truncate" => wasi::fd_filestat_set_size(self.fd(w[1]), num(2)).map(ok),
                "allocate" => wasi::fd_allocate(self.fd(w[1]), num(2), num(3)).map(ok),
                "fdstat" => wasi::fd_fdstat_get(self.fd(w[1]))
                    .map(|s| format!("{} flags={}", filetype(s.fs_filetype.raw()), s.fs_flags)),
                "setflags" => wasi::fd_fdstat_set_flags(self.fd(w[1]), flag(2) as u16).map(ok),
                "readdir" => listing(self.fd(w[1])),
                "sync" => wasi::fd_sync(self.fd(w[1])).map(ok),
                "prestat" => {
                    let fd = self.fd(w[1]);
                    let len = wasi::fd_prestat_get(fd)?.u.dir.pr_name_len;
                    let mut name = vec![0u8; len];
                    wasi::fd_prestat_dir_name(fd, name.as_mut_ptr(), len)?;
                    Ok(String::from_utf8_lossy(&name).into_owned())
                }
                "datasync" => wasi::fd_datasync(self.fd(w[1])).map(ok),
                "advise" => {
                    let advice = [
                        wasi::ADVICE_NORMAL,
                        wasi::ADVICE_SEQUENTIAL,
                        wasi::ADVICE_RANDOM,
                        wasi::ADVICE_WILLNEED,
                        wasi::ADVICE_DONTNEED,
                        wasi::ADVICE_NOREUSE,
                    ];
                    wasi::fd_advise(self.fd(w[1]), num(2), num(3), advice[num(4) as usize]).map(ok)
                }
                "ftimes" => {
                    wasi::fd_filestat_set_times(self.fd(w[1]), num(2), num(3), flag(4) as u16)
                        .map(ok)
                }
                "ptimes" => wasi::path_filestat_set_times(
                    self.fd(w[1]),
                    flag(2),
                    w[3],
                    num(4),
                    num(5),
                    flag(6) as u16,
                )
                .map(ok),
                "setrights" => {
                    let base = rights(w[2]);
                    wasi::fd_fdstat_set_rights(self.fd(w[1]), base, base).map(ok)
                }
                other => panic!("unknown call {other}"),
            }
        }
    }
}

fn main() {
    let mut script = Script {
        slots: Vec::new(),
        cases: 0,
    };
    let out = std::io::stdout();
    let mut out = out.lock();
    let args: Vec<u64> = std::env::args()
        .skip(1)
        .map(|a| a.parse().unwrap())
        .collect();
    let lines: Box<dyn Iterator<Item = String>> = match args[..] {
        [seed, cases, calls] => Box::new(random_script::script(seed, cases, calls).into_iter()),
        _ => Box::new(std::io::stdin().lock().lines().map(Result::unwrap)),
    };
    for (n, line) in lines.enumerate() {
        let words: Vec<&str> = line.split(' ').collect();
        let answer = match script.call(&words) {
            Ok(text) if text.is_empty() => "ok".to_string(),
            Ok(text) => format!("ok {text}"),
            Err(e) => e.name().to_string(),
        };
        writeln!(out, "{n} {line} => {answer}").unwrap();
    }
}
