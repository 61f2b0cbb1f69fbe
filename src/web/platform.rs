//! The browser's clocks and randomness, in a window or a worker.

use crate::wasi::Platform;
use js_sys::Reflect;
use wasm_bindgen::{JsCast, JsValue};

/// crypto.getRandomValues refuses more than this many bytes per call.
const MAX_RANDOM_PER_CALL: usize = 65536;

pub struct BrowserPlatform {
    performance: web_sys::Performance,
    crypto: web_sys::Crypto,
    /// performance.timeOrigin in ns, so realtime has sub-millisecond resolution.
    origin_ns: f64,
}

fn global_property<T: JsCast>(name: &str) -> Result<T, String> {
    Reflect::get(&js_sys::global(), &JsValue::from_str(name))
        .ok()
        .and_then(|v| v.dyn_into::<T>().ok())
        .ok_or_else(|| format!("this JavaScript environment has no `{name}`"))
}

/// `performance.now()` of this window or worker (0 if it has none).
pub fn now_ms() -> f64 {
    global_property::<web_sys::Performance>("performance").map_or(0.0, |p| p.now())
}

impl BrowserPlatform {
    pub fn new() -> Result<Self, String> {
        let performance: web_sys::Performance = global_property("performance")?;
        let crypto = global_property("crypto")?;
        let origin_ns = performance.time_origin() * 1e6;
        Ok(BrowserPlatform {
            performance,
            crypto,
            origin_ns,
        })
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
}
