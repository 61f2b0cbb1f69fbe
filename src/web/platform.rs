//! The browser's clocks and randomness, in a window or a worker.

use crate::wasi::Platform;
use js_sys::{Atomics, Int32Array};

/// crypto.getRandomValues refuses more than this many bytes per call.
const MAX_RANDOM_PER_CALL: usize = 65536;

pub struct BrowserPlatform {
    performance: web_sys::Performance,
    crypto: web_sys::Crypto,
    /// performance.timeOrigin in ns, so realtime has sub-millisecond resolution.
    origin_ns: f64,
    /// A shared cell to `Atomics.wait` on, when this thread may block (a worker that can make
    /// shared memory, start.js); without it sleeping is left to JSPI or a spin.
    sleep_cell: Option<Int32Array>,
}

impl BrowserPlatform {
    /// From this window's or worker's `performance` and `crypto` (start.js checks both exist).
    pub fn new(
        performance: web_sys::Performance,
        crypto: web_sys::Crypto,
        sleep_cell: Option<Int32Array>,
    ) -> Self {
        let origin_ns = performance.time_origin() * 1e6;
        BrowserPlatform {
            performance,
            crypto,
            origin_ns,
            sleep_cell,
        }
    }
}

impl Platform for BrowserPlatform {
    fn realtime_ns(&self) -> u64 {
        (self.origin_ns + self.performance.now() * 1e6) as u64
    }

    fn monotonic_ns(&self) -> u64 {
        (self.performance.now() * 1e6) as u64
    }

    fn resolution_ns(&self) -> u64 {
        // performance.now() is coarsened to 5 µs (isolated) .. 100 µs; claim 1 µs granularity.
        1_000
    }

    fn fill_random(&mut self, buf: &mut [u8]) {
        for chunk in buf.chunks_mut(MAX_RANDOM_PER_CALL) {
            // Only fails for oversized chunks, which the chunking rules out.
            let _ = self.crypto.get_random_values_with_u8_array(chunk);
        }
    }

    fn sleep_ns(&mut self, ns: u64) -> bool {
        match &self.sleep_cell {
            // Nobody notifies the cell: the wait always runs to its timeout.
            Some(cell) => Atomics::wait_with_timeout(cell, 0, 0, ns as f64 / 1e6).is_ok(),
            None => false,
        }
    }
}
