//! Standard streams: where stdout/stderr bytes go and where stdin bytes come from.

use crate::abi::WasiResult;
use std::cell::RefCell;
use std::rc::Rc;

/// Receives output bytes (a terminal, a JS callback, a capture buffer).
pub trait OutputSink {
    fn write(&mut self, bytes: &[u8]);
}

/// Supplies stdin bytes; `Ok(0)` is end of input.
pub trait InputSource {
    fn read(&mut self, buf: &mut [u8]) -> WasiResult<usize>;
    /// Waits up to `timeout_ns` (forever when `None`) until a read would not block; true if
    /// it would not (end of input counts). Sources that never block are always readable.
    fn wait_readable(&mut self, _timeout_ns: Option<u64>) -> bool {
        true
    }
    /// True when the guest talks to a terminal (stdio then reports a character device).
    fn is_terminal(&self) -> bool {
        false
    }
}

/// Collects output in memory; clones share the same buffer so the host can read it later.
#[derive(Clone, Default)]
pub struct CapturedOutput(Rc<RefCell<Vec<u8>>>);

impl CapturedOutput {
    pub fn bytes(&self) -> Vec<u8> {
        self.0.borrow().clone()
    }
}

impl OutputSink for CapturedOutput {
    fn write(&mut self, bytes: &[u8]) {
        self.0.borrow_mut().extend_from_slice(bytes);
    }
}

/// Stdin supplied in full before the run.
pub struct BufferedInput {
    data: Vec<u8>,
    pos: usize,
}

impl BufferedInput {
    pub fn new(data: Vec<u8>) -> Self {
        BufferedInput { data, pos: 0 }
    }
}

impl InputSource for BufferedInput {
    fn read(&mut self, buf: &mut [u8]) -> WasiResult<usize> {
        let rest = &self.data[self.pos..];
        let n = rest.len().min(buf.len());
        buf[..n].copy_from_slice(&rest[..n]);
        self.pos += n;
        Ok(n)
    }
}

/// Hands output to the sink promptly when it trickles, and in batches when it floods, so a
/// program printing a million lines costs a few thousand sink calls (for the web: JS calls,
/// typed-array copies, worker messages), not a million. The clock is read only once every
/// `PROMPT_WRITES` writes, so a write costs no clock call either.
pub(crate) struct OutputStream {
    sink: Box<dyn OutputSink>,
    pending: Vec<u8>,
    /// When the current window began (monotonic ns), and the writes seen in it.
    window_start_ns: u64,
    writes_in_window: u32,
}

/// The first writes of a window go out at once; after that output is batched, handed over
/// when it reaches `FLUSH_AT` bytes, when the window ends, and whenever the run may pause
/// (sleep, stdin, exit).
const FLUSH_AT: usize = 64 * 1024;
const WINDOW_NS: u64 = 50_000_000;
const PROMPT_WRITES: u32 = 64;

impl OutputStream {
    pub fn new(sink: Box<dyn OutputSink>) -> Self {
        OutputStream {
            sink,
            pending: Vec::new(),
            window_start_ns: 0,
            writes_in_window: 0,
        }
    }

    /// Appends what `fill` adds to the pending buffer (straight from guest memory, with no
    /// temporary buffer), then hands output over as the policy says. Returns `fill`'s count.
    pub fn append(
        &mut self,
        fill: impl FnOnce(&mut Vec<u8>) -> WasiResult<usize>,
        clock: &dyn Fn() -> u64,
    ) -> WasiResult<usize> {
        let start = self.pending.len();
        let added = match fill(&mut self.pending) {
            Ok(n) => n,
            Err(e) => {
                self.pending.truncate(start);
                return Err(e);
            }
        };
        self.writes_in_window += 1;
        let mut flush = self.writes_in_window <= PROMPT_WRITES || self.pending.len() >= FLUSH_AT;
        if self.writes_in_window % PROMPT_WRITES == 0 {
            let now = clock();
            if now.saturating_sub(self.window_start_ns) >= WINDOW_NS {
                self.window_start_ns = now;
                self.writes_in_window = 0;
                flush = true;
            }
        }
        if flush {
            self.flush();
        }
        Ok(added)
    }

    pub fn flush(&mut self) {
        if !self.pending.is_empty() {
            self.sink.write(&self.pending);
            self.pending.clear();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Counts sink calls.
    #[derive(Clone, Default)]
    struct Calls(std::rc::Rc<std::cell::Cell<u32>>);

    impl OutputSink for Calls {
        fn write(&mut self, _bytes: &[u8]) {
            self.0.set(self.0.get() + 1);
        }
    }

    fn write(out: &mut OutputStream, bytes: &[u8], clock: &dyn Fn() -> u64) {
        let added = out
            .append(
                |pending| {
                    pending.extend_from_slice(bytes);
                    Ok(bytes.len())
                },
                clock,
            )
            .unwrap();
        assert_eq!(added, bytes.len());
    }

    #[test]
    fn trickles_go_out_at_once_floods_in_batches() {
        let calls = Calls::default();
        let mut out = OutputStream::new(Box::new(calls.clone()));
        let clock = std::cell::Cell::new(1_000u64);
        let now = || clock.get();
        write(&mut out, b"first\n", &now);
        write(&mut out, b"second\n", &now);
        assert_eq!(calls.0.get(), 2, "a trickle is not held back");
        for i in 0..100_000u64 {
            clock.set(3_000 + i * 1_000);
            write(&mut out, b"0123456789abcdef", &now);
        }
        assert!(
            calls.0.get() < 200,
            "{} sink calls for a flood",
            calls.0.get()
        );
        out.flush();
        let after = calls.0.get();
        out.flush();
        assert_eq!(calls.0.get(), after, "nothing left to flush");
    }
}
