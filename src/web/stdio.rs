//! Standard streams backed by JavaScript callbacks.

use crate::abi::{Errno, WasiResult};
use crate::wasi::{CapturedOutput, InputSource, OutputSink};
use js_sys::{Function, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};

/// Output that goes to a JS callback as `Uint8Array` chunks and into a capture buffer.
pub struct StreamSink {
    callback: Option<Function>,
    capture: CapturedOutput,
}

impl StreamSink {
    pub fn new(callback: Option<Function>, capture: CapturedOutput) -> Self {
        StreamSink { callback, capture }
    }
}

impl OutputSink for StreamSink {
    fn write(&mut self, bytes: &[u8]) {
        self.capture.write(bytes);
        if let Some(f) = &self.callback {
            // An exception in the user's callback is caught here and does not stop the run.
            let _ = f.call1(&JsValue::NULL, &Uint8Array::from(bytes));
        }
    }
}

/// Stdin from JavaScript: `read(maxBytes) → Uint8Array | string | null` (null, undefined or
/// empty is end of input), and optionally `wait(timeoutMs) → bool` ("a read would not block";
/// may block, e.g. on `Atomics.wait`) and `terminal: true` (the guest sees a tty).
pub struct CallbackInput {
    read: Function,
    wait: Option<Function>,
    terminal: bool,
    /// Bytes the callback returned beyond what the guest asked for.
    leftover: Vec<u8>,
}

impl CallbackInput {
    pub fn new(read: Function, wait: Option<Function>, terminal: bool) -> Self {
        CallbackInput {
            read,
            wait,
            terminal,
            leftover: Vec::new(),
        }
    }
}

impl InputSource for CallbackInput {
    fn read(&mut self, buf: &mut [u8]) -> WasiResult<usize> {
        if self.leftover.is_empty() {
            let got = self
                .read
                .call1(&JsValue::NULL, &JsValue::from(buf.len() as u32))
                .map_err(|_| Errno::Io)?;
            self.leftover = if let Some(s) = got.as_string() {
                s.into_bytes()
            } else if let Some(bytes) = got.dyn_ref::<Uint8Array>() {
                bytes.to_vec()
            } else {
                Vec::new()
            };
        }
        let n = self.leftover.len().min(buf.len());
        buf[..n].copy_from_slice(&self.leftover[..n]);
        self.leftover.drain(..n);
        Ok(n)
    }

    fn wait_readable(&mut self, timeout_ns: Option<u64>) -> bool {
        if !self.leftover.is_empty() {
            return true;
        }
        let Some(wait) = &self.wait else { return true };
        let ms = timeout_ns.map_or(f64::INFINITY, |ns| ns as f64 / 1e6);
        wait.call1(&JsValue::NULL, &JsValue::from_f64(ms))
            .map(|v| v.is_truthy())
            .unwrap_or(true)
    }

    fn is_terminal(&self) -> bool {
        self.terminal
    }
}
