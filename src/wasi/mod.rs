//! The WASI core: one [`WasiCtx`] per run, with a typed method for each preview1 call.
//!
//! Methods take guest memory as `&mut dyn GuestMemory` and return `WasiResult`; the web layer
//! (or a test) turns the result into the guest's errno with [`to_guest_errno`], the one place
//! that does so. `wasi_unstable` is an adapter over these methods (see [`preview0`]).

// Call signatures mirror the WASI ABI one-to-one, so some take many arguments.
#![allow(clippy::too_many_arguments)]

mod args;
pub mod calls;
mod clock;
mod fd;
mod fd_io;
mod fds;
#[cfg(any(test, feature = "fuzzing"))]
pub mod fuzz;
mod path;
mod poll;
pub mod preview0;
mod sock;
mod stdio;

pub use fds::{FdEntry, FdTable, OpenDir, OpenFile};
pub use poll::read_subscriptions;
pub use stdio::{BufferedInput, CapturedOutput, InputSource, OutputSink};

use crate::abi::{Errno, WasiResult};
use crate::limits::Limits;
use crate::vfs::{Files, NodeRef, Sandbox, Vfs};
use stdio::OutputStream;

/// Clocks, randomness and blocking: what the core needs from the machine it runs on.
pub trait Platform {
    /// Nanoseconds since the Unix epoch.
    fn realtime_ns(&self) -> u64;
    /// Nanoseconds on a clock that never goes backwards.
    fn monotonic_ns(&self) -> u64;
    fn resolution_ns(&self) -> u64;
    fn fill_random(&mut self, buf: &mut [u8]);
    /// Blocks the thread for `ns` nanoseconds if this platform can (a worker with
    /// `Atomics.wait`, a native thread); returns false if it cannot, and the core spins.
    fn sleep_ns(&mut self, _ns: u64) -> bool {
        false
    }
}

/// Counters a host can show or test against (e.g. that sleeping does not spin).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Stats {
    pub poll_calls: u64,
    /// Clock reads while busy-waiting because the platform could not block.
    pub spin_iterations: u64,
}

/// How the guest ended its run through `proc_exit`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ExitRequest {
    Code(u32),
    /// wasmtime refuses statuses of 126 and above with this trap.
    Invalid(u32),
}

pub struct WasiCtx {
    args: Vec<String>,
    env: Vec<String>,
    pub fds: FdTable,
    pub vfs: Vfs,
    platform: Box<dyn Platform>,
    stdin: Box<dyn InputSource>,
    stdout: OutputStream,
    stderr: OutputStream,
    exit: Option<ExitRequest>,
    started_ns: u64,
    pub stats: Stats,
    /// Set by `poll_plan`: the time the next poll's relative timeouts start from.
    poll_anchor_ns: Option<u64>,
}

impl WasiCtx {
    pub fn new(platform: Box<dyn Platform>) -> Self {
        WasiCtx::with_limits(platform, Limits::default())
    }

    /// A context whose filesystem and fd table keep to `limits`.
    pub fn with_limits(platform: Box<dyn Platform>, limits: Limits) -> Self {
        let started_ns = platform.monotonic_ns();
        let vfs = Vfs::with_limits(limits);
        WasiCtx {
            args: Vec::new(),
            env: Vec::new(),
            fds: FdTable::with_stdio(vfs.usage.clone()),
            vfs,
            platform,
            stdin: Box::new(BufferedInput::new(Vec::new())),
            stdout: OutputStream::new(Box::new(CapturedOutput::default())),
            stderr: OutputStream::new(Box::new(CapturedOutput::default())),
            exit: None,
            started_ns,
            stats: Stats::default(),
            poll_anchor_ns: None,
        }
    }

    pub fn set_args(&mut self, args: Vec<String>) {
        self.args = args;
    }

    pub fn set_env(&mut self, env: Vec<(String, String)>) {
        self.env = env.into_iter().map(|(k, v)| format!("{k}={v}")).collect();
    }

    pub fn set_stdin(&mut self, stdin: Box<dyn InputSource>) {
        self.stdin = stdin;
    }

    pub fn set_stdout(&mut self, sink: Box<dyn OutputSink>) {
        self.stdout = OutputStream::new(sink);
    }

    pub fn set_stderr(&mut self, sink: Box<dyn OutputSink>) {
        self.stderr = OutputStream::new(sink);
    }

    /// Makes `dir` visible to the guest as the preopened directory `guest_path`; returns its fd.
    pub fn preopen(&mut self, guest_path: &str, dir: NodeRef) -> WasiResult<u32> {
        if !dir.borrow().is_dir() {
            return Err(Errno::Notdir);
        }
        let sandbox = Sandbox {
            root: dir.clone(),
            guest_path: guest_path.to_string(),
        };
        self.fds.push(FdEntry::Dir(OpenDir {
            node: dir,
            files: Files::available()?,
            sandbox,
            preopen: Some(guest_path.to_string()),
        }))
    }

    /// Creates an empty directory and preopens it.
    pub fn preopen_new_dir(&mut self, guest_path: &str) -> WasiResult<NodeRef> {
        let dir = self.vfs.new_dir(self.now())?;
        self.preopen(guest_path, dir.clone())?;
        Ok(dir)
    }

    /// What `proc_exit` asked for, if it was called.
    pub fn exit_request(&self) -> Option<&ExitRequest> {
        self.exit.as_ref()
    }

    /// Hands any buffered output to the sinks (call when the run ends).
    pub fn flush_output(&mut self) {
        self.stdout.flush();
        self.stderr.flush();
    }

    /// Waits until the monotonic clock reaches `deadline`: blocking if the platform can,
    /// spinning (and counting) if it cannot.
    fn sleep_until(&mut self, deadline: u64) {
        loop {
            let now = self.platform.monotonic_ns();
            if now >= deadline {
                return;
            }
            if !self.platform.sleep_ns(deadline - now) {
                self.stats.spin_iterations += 1;
            }
        }
    }

    /// Realtime now, for timestamps.
    pub fn now(&self) -> u64 {
        self.platform.realtime_ns()
    }
}

/// The one place a call's result becomes the errno the guest sees.
pub fn to_guest_errno(result: WasiResult<()>) -> i32 {
    match result {
        Ok(()) => 0,
        Err(e) => i32::from(e.code()),
    }
}

#[cfg(not(target_arch = "wasm32"))]
mod native;
#[cfg(not(target_arch = "wasm32"))]
pub use native::NativePlatform;

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;
