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
/// typed-array copies, worker messages), not a million.
pub(crate) struct OutputStream {
    sink: Box<dyn OutputSink>,
    pending: Vec<u8>,
    /// Monotonic time of the last hand-over.
    flushed_at_ns: Option<u64>,
    /// Writes seen in the current window: below the burst threshold each goes out at once.
    window_start_ns: u64,
    writes_in_window: u32,
}

/// Pending output is handed over at this size, after this age, for each of the first writes
/// of a window, and whenever the run may pause (sleep, stdin, exit).
const FLUSH_AT: usize = 64 * 1024;
const WINDOW_NS: u64 = 50_000_000;
const PROMPT_WRITES_PER_WINDOW: u32 = 64;

impl OutputStream {
    pub fn new(sink: Box<dyn OutputSink>) -> Self {
        OutputStream {
            sink,
            pending: Vec::new(),
            flushed_at_ns: None,
            window_start_ns: 0,
            writes_in_window: 0,
        }
    }

    pub fn write(&mut self, bytes: &[u8], now_ns: u64) {
        if now_ns.saturating_sub(self.window_start_ns) >= WINDOW_NS {
            self.window_start_ns = now_ns;
            self.writes_in_window = 0;
        }
        self.writes_in_window += 1;
        self.pending.extend_from_slice(bytes);
        let stale = self
            .flushed_at_ns
            .is_none_or(|t| now_ns.saturating_sub(t) >= WINDOW_NS);
        if self.writes_in_window <= PROMPT_WRITES_PER_WINDOW
            || stale
            || self.pending.len() >= FLUSH_AT
        {
            self.flush();
            self.flushed_at_ns = Some(now_ns);
        }
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

    #[test]
    fn trickles_go_out_at_once_floods_in_batches() {
        let calls = Calls::default();
        let mut out = OutputStream::new(Box::new(calls.clone()));
        out.write(b"first\n", 1_000);
        out.write(b"second\n", 2_000);
        assert_eq!(calls.0.get(), 2, "a trickle is not held back");
        for i in 0..100_000u64 {
            out.write(b"0123456789abcdef", 3_000 + i);
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
