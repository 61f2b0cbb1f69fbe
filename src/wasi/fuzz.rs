//! Drives a [`WasiCtx`] with an arbitrary sequence of every call in the one list (`calls.rs`),
//! preview1 and preview0's own adapters, over a `Vec<u8>` guest memory: the cargo-fuzz target
//! (`fuzz/`) and the seeded test (`tests/fuzz.rs`) both run [`run`].
//!
//! The bytes choose each call and its arguments by role, from the values that find bugs: fds
//! the guest has (stdio, the preopen, what it opened) and ones it has not, pointers into
//! prepared regions (paths built from `..`, `.`, `/`, empty, NUL, long names and symlinks;
//! iovecs; subscriptions) and near or past the end of memory, `u32::MAX` lengths, huge offsets
//! and sizes. The clock does not really sleep. A panic, an overflow (overflow checks are on),
//! a call over a second, or more stored than the limits allow is a finding.

use super::{preview0, BufferedInput, Platform, WasiCtx};
use crate::abi::WasiResult;
use crate::limits::Limits;
use std::time::{Duration, Instant};

pub const MEM: usize = 64 * 1024;
const PATH: u32 = 1024;
const PATH2: u32 = 2048;
const IOV: u32 = 3072;
const SUBS: u32 = 4096;
const BUF: u32 = 8192;
const OUT: u32 = 64;
/// Calls per input, so one input cannot run for ever.
const MAX_CALLS: usize = 64;

/// The limits fuzzed runs keep to: small, so reaching them is common.
pub const LIMITS: Limits = Limits {
    fs_bytes: 1 << 20,
    file_bytes: 1 << 30,
    open_files: 16,
    inodes: 64,
};

/// Path components the paths are built from.
const COMPONENTS: [&str; 14] = [
    "..", ".", "", "a", "dir", "f", "link", "loop", "abs", "dangling", "sub", "x\0y", "ü", "/",
];

/// The fuzz input, read as the arguments are needed; zeros once it runs out.
pub struct Input<'a> {
    data: &'a [u8],
    at: usize,
    /// The lengths of the two paths `prepare` wrote last.
    path_lens: [u32; 2],
    /// The fds the guest opened (beyond stdio and the preopen), the likeliest to pass.
    opened: Vec<u32>,
}

impl<'a> Input<'a> {
    pub fn new(data: &'a [u8]) -> Self {
        Input {
            data,
            at: 0,
            path_lens: [0; 2],
            opened: Vec::new(),
        }
    }

    fn done(&self) -> bool {
        self.at >= self.data.len()
    }

    fn byte(&mut self) -> u8 {
        let b = self.data.get(self.at).copied().unwrap_or(0);
        self.at += 1;
        b
    }

    fn raw<const N: usize>(&mut self) -> [u8; N] {
        std::array::from_fn(|_| self.byte())
    }

    fn pick<T: Copy>(&mut self, from: &[T]) -> T {
        from[self.byte() as usize % from.len()]
    }

    /// A `u32` argument chosen for its role, which its name in the list tells: mostly values
    /// that get a call through, so the fuzzing reaches past the first check.
    fn u32_arg(&mut self, name: &str) -> u32 {
        let end = MEM as u32;
        if self.byte() % 32 == 0 {
            return u32::from_le_bytes(self.raw());
        }
        match name {
            "fd" | "old_fd" | "new_fd" | "from" | "to" => match self.byte() % 2 {
                0 if !self.opened.is_empty() => {
                    let opened = std::mem::take(&mut self.opened);
                    let fd = self.pick(&opened);
                    self.opened = opened;
                    fd
                }
                _ => self.pick(&[3, 3, 3, 3, 3, 3, 3, 0, 1, 2, 4, 5, 16, 99, u32::MAX]),
            },
            "path" | "old_path" => self.pick(&[PATH, PATH, PATH, PATH, PATH2, end - 2, u32::MAX]),
            "new_path" => self.pick(&[PATH2, PATH2, PATH2, PATH, end - 2]),
            "path_len" | "old_len" => {
                let prepared = self.path_lens[0];
                self.pick(&[
                    prepared,
                    prepared,
                    prepared,
                    prepared,
                    prepared,
                    0,
                    300,
                    u32::MAX,
                ])
            }
            "new_len" => {
                let prepared = self.path_lens[1];
                self.pick(&[prepared, prepared, prepared, prepared, 0, u32::MAX])
            }
            "iovs" => self.pick(&[IOV, IOV, IOV, end - 8, u32::MAX]),
            "iovs_len" => self.pick(&[1, 1, 2, 4, 0, 1 << 20, u32::MAX]),
            "subs" => self.pick(&[SUBS, SUBS, SUBS, end - 48, u32::MAX]),
            "nsubs" => self.pick(&[1, 1, 2, 3, 0, 1000, u32::MAX]),
            "whence" => self.pick(&[0, 1, 2, 0, 1, 2, 3, u32::MAX]),
            "buf_len" | "len" => self.pick(&[16, 256, 4096, 0, 1, end, u32::MAX]),
            "buf" | "out" | "events" | "argv" | "environ" | "count" | "size" => {
                self.pick(&[OUT, OUT, BUF, BUF, BUF + 1, end - 4, end - 1, end, u32::MAX])
            }
            // Flags, whence, advice, clock ids, signals: mostly small, now and then not.
            _ => match self.byte() % 16 {
                0 => self.pick(&[end, u32::MAX, 1 << 16, 0xffff]),
                _ => u32::from(self.byte() % 16),
            },
        }
    }

    fn u64_arg(&mut self) -> u64 {
        let raw = u64::from_le_bytes(self.raw());
        self.pick(&[
            0,
            1,
            7,
            4096,
            1 << 20,
            1 << 30,
            1 << 40,
            u64::MAX / 2,
            u64::MAX - 1,
            u64::MAX,
            raw,
        ])
    }

    fn i64_arg(&mut self) -> i64 {
        let raw = i64::from_le_bytes(self.raw());
        self.pick(&[0, 0, 1, 5, 100, -1, -100, 1 << 31, i64::MIN, i64::MAX, raw])
    }

    /// Writes what the arguments point at: two paths of components, and now and then an
    /// iovec array, subscriptions, or raw bytes (each costs input, so not every call).
    pub fn prepare(&mut self, mem: &mut [u8]) {
        let what = self.byte();
        for (k, region) in [PATH, PATH2].into_iter().enumerate() {
            let mut path = String::new();
            if self.byte() % 4 == 0 {
                path.push('/');
            }
            for _ in 0..1 + self.byte() % 3 {
                let part = match self.byte() % 24 {
                    23 => "n".repeat(300),
                    // The names that exist, most often.
                    k if k >= COMPONENTS.len() as u8 => {
                        ["f", "dir", "a", "sub", "link", "empty"][k as usize % 6].to_string()
                    }
                    k => COMPONENTS[k as usize].to_string(),
                };
                path.push_str(&part);
                path.push('/');
            }
            if self.byte() % 4 != 0 {
                path.pop();
            }
            let at = region as usize;
            let bytes = &path.as_bytes()[..path.len().min(1000)];
            mem[at..at + bytes.len()].copy_from_slice(bytes);
            self.path_lens[k] = bytes.len() as u32;
        }
        if what & 0x30 == 0x30 {
            self.prepare_iovecs(mem);
        }
        if what & 0x0c == 0x0c {
            self.prepare_subscriptions(mem);
        }
        if what & 0xc0 == 0xc0 {
            let n = self.byte() as usize % 64;
            for b in &mut mem[BUF as usize..BUF as usize + n] {
                *b = self.byte();
            }
        }
    }

    fn prepare_iovecs(&mut self, mem: &mut [u8]) {
        for k in 0..4 {
            let (ptr, len) = self.pick(&[
                (BUF, 16u32),
                (BUF, 4096),
                (MEM as u32 - 4, 8),
                (0, 0),
                (u32::MAX, 1),
                (BUF, u32::MAX),
            ]);
            let at = IOV as usize + k * 8;
            mem[at..at + 4].copy_from_slice(&ptr.to_le_bytes());
            mem[at + 4..at + 8].copy_from_slice(&len.to_le_bytes());
        }
    }

    fn prepare_subscriptions(&mut self, mem: &mut [u8]) {
        for k in 0..3 {
            let at = SUBS as usize + k * 48;
            for b in &mut mem[at..at + 48] {
                *b = self.byte();
            }
            // Mostly valid tags (clock, fd_read, fd_write) with small fds and timeouts.
            mem[at + 8] %= 4;
            mem[at + 16] %= 8;
        }
    }
}

/// A clock that moves only when slept on, and random bytes that are not.
#[derive(Default)]
struct FakePlatform {
    now: u64,
}

impl Platform for FakePlatform {
    fn realtime_ns(&self) -> u64 {
        // A sleep of u64::MAX ns moves the clock to its end; it stays there.
        self.now.saturating_add(1_700_000_000_000_000_000)
    }
    fn monotonic_ns(&self) -> u64 {
        self.now
    }
    fn resolution_ns(&self) -> u64 {
        1
    }
    fn fill_random(&mut self, buf: &mut [u8]) {
        buf.fill(0x5a);
    }
    fn sleep_ns(&mut self, ns: u64) -> bool {
        self.now = self.now.saturating_add(ns);
        true
    }
}

type Call = fn(&mut WasiCtx, &mut Vec<u8>, &mut Input) -> WasiResult<()>;

macro_rules! fuzz_arg {
    ($input:ident, $name:ident, u32) => {
        $input.u32_arg(stringify!($name))
    };
    ($input:ident, $name:ident, u64) => {
        $input.u64_arg()
    };
    ($input:ident, $name:ident, i64) => {
        $input.i64_arg()
    };
}

macro_rules! fuzz_entry {
    ($calls:ident, $name:ident($($arg:ident: $ty:tt),*) -> never, $p0:ident) => {
        $calls.push(|ctx: &mut WasiCtx, mem: &mut Vec<u8>, input: &mut Input| {
            $(let $arg = fuzz_arg!(input, $arg, $ty);)*
            ctx.$name(mem, $($arg),*);
            Ok(())
        });
    };
    ($calls:ident, $name:ident($($arg:ident: $ty:tt),*) -> errno, own) => {
        $calls.push(|ctx: &mut WasiCtx, mem: &mut Vec<u8>, input: &mut Input| {
            $(let $arg = fuzz_arg!(input, $arg, $ty);)*
            ctx.$name(mem, $($arg),*)
        });
        $calls.push(|ctx: &mut WasiCtx, mem: &mut Vec<u8>, input: &mut Input| {
            $(let $arg = fuzz_arg!(input, $arg, $ty);)*
            preview0::$name(ctx, mem, $($arg),*)
        });
    };
    ($calls:ident, $name:ident($($arg:ident: $ty:tt),*) -> errno, $p0:ident) => {
        $calls.push(|ctx: &mut WasiCtx, mem: &mut Vec<u8>, input: &mut Input| {
            let _ = &input; // sched_yield has no arguments
            $(let $arg = fuzz_arg!(input, $arg, $ty);)*
            ctx.$name(mem, $($arg),*)
        });
    };
}

macro_rules! fuzz_table {
    ($($name:ident($($arg:ident: $ty:tt),*) -> $ret:ident, $p0:ident;)*) => {{
        let mut calls: Vec<Call> = Vec::new();
        $(fuzz_entry!(calls, $name($($arg: $ty),*) -> $ret, $p0);)*
        calls
    }};
}

/// Every call of the list, then preview0's own adapters after their preview1 calls.
pub fn calls() -> Vec<Call> {
    super::calls::for_each_wasi_call!(fuzz_table)
}

/// A context as a fuzzed guest gets it: args, env, stdin, and (where the build has a file
/// system) a preopen with files.
fn context() -> WasiCtx {
    let mut ctx = WasiCtx::with_limits(Box::new(FakePlatform::default()), LIMITS);
    ctx.set_args(vec!["prog".into(), "--flag".into()]);
    ctx.set_env(vec![("HOME".into(), "/sandbox".into())]);
    ctx.set_stdin(Box::new(BufferedInput::new(
        b"line one\nline two\n".to_vec(),
    )));
    #[cfg(not(feature = "stdio-only"))]
    seed_files(&mut ctx);
    ctx
}

/// The preopen `/sandbox` with files, a directory and symlinks (relative, absolute, dangling,
/// a loop).
#[cfg(not(feature = "stdio-only"))]
fn seed_files(ctx: &mut WasiCtx) {
    let root = ctx
        .preopen_new_dir("/sandbox")
        .expect("a preopen fits the limits");
    let vfs = &mut ctx.vfs;
    let seeded = vfs
        .write_file(&root, "f", b"file contents".to_vec(), 0)
        .and_then(|_| vfs.write_file(&root, "dir/sub/a", vec![7; 100], 0))
        .and_then(|_| vfs.mkdir_all(&root, "empty", 0));
    seeded.expect("the seed fits the limits");
    for (name, target) in [
        ("link", "f"),
        ("abs", "/sandbox/dir"),
        ("dangling", "nope"),
        ("loop", "loop"),
    ] {
        let node = vfs.new_node(crate::vfs::NodeKind::Symlink(target.into()), 0);
        let node = node.expect("the seed fits the limits");
        root.borrow_mut()
            .entries_mut()
            .expect("the preopen is a directory")
            .insert(name.into(), node);
    }
}

/// Runs the calls `data` describes; how many of each call succeeded (index as in [`calls`]).
/// Panics on a finding: a call over a second, or more stored than the limits allow (a panic
/// or overflow inside a call panics by itself).
pub fn run(data: &[u8]) -> Vec<u32> {
    let calls = calls();
    let mut input = Input::new(data);
    let mut ctx = context();
    let mut mem = vec![0u8; MEM];
    let mut succeeded = vec![0u32; calls.len()];
    for _ in 0..MAX_CALLS {
        if input.done() {
            break;
        }
        input.opened = (4..LIMITS.open_files)
            .filter(|fd| ctx.fds.get(*fd).is_ok())
            .collect();
        input.prepare(&mut mem);
        let which = input.byte() as usize % calls.len();
        let started = Instant::now();
        if calls[which](&mut ctx, &mut mem, &mut input).is_ok() {
            succeeded[which] += 1;
        }
        let took = started.elapsed();
        assert!(took < Duration::from_secs(1), "call {which} took {took:?}");
        let stored = ctx.vfs.usage.stored_bytes();
        assert!(stored <= LIMITS.fs_bytes, "{stored} bytes stored");
        assert_eq!(mem.len(), MEM, "guest memory changed size");
        if ctx.exit_request().is_some() {
            ctx = context();
        }
    }
    succeeded
}

/// The calls' names in [`calls`] order (preview0 adapters as `p0:name`).
pub fn call_names() -> Vec<String> {
    let mut names = Vec::new();
    for call in super::calls::CALLS {
        names.push(call.name.to_string());
        if call.preview0 == super::calls::Preview0::Own {
            names.push(format!("p0:{}", call.name));
        }
    }
    names
}
