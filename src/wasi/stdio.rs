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

/// Batches small writes so a program printing a byte at a time does not cost a sink call
/// (for the web: a JS call and a typed-array copy) per byte.
pub(crate) struct OutputStream {
    sink: Box<dyn OutputSink>,
    pending: Vec<u8>,
    /// Monotonic time of the last hand-over, so a slow trickle still streams out.
    flushed_at_ns: u64,
}

/// Pending output is handed over once it reaches this size or age, and whenever the run may
/// pause (sleep, stdin, exit).
const FLUSH_AT: usize = 64 * 1024;
const FLUSH_AFTER_NS: u64 = 50_000_000;

impl OutputStream {
    pub fn new(sink: Box<dyn OutputSink>) -> Self {
        OutputStream {
            sink,
            pending: Vec::new(),
            flushed_at_ns: 0,
        }
    }

    pub fn write(&mut self, bytes: &[u8], now_ns: u64) {
        if self.pending.is_empty() && bytes.len() >= FLUSH_AT {
            self.sink.write(bytes);
            self.flushed_at_ns = now_ns;
            return;
        }
        self.pending.extend_from_slice(bytes);
        if self.pending.len() >= FLUSH_AT
            || now_ns.saturating_sub(self.flushed_at_ns) >= FLUSH_AFTER_NS
        {
            self.flush();
            self.flushed_at_ns = now_ns;
        }
    }

    pub fn flush(&mut self) {
        if !self.pending.is_empty() {
            self.sink.write(&self.pending);
            self.pending.clear();
        }
    }
}
