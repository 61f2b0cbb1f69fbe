//! A [`Platform`] for native builds (tests, tools): std clocks and a small PRNG.

use super::Platform;
use std::time::{Instant, SystemTime, UNIX_EPOCH};

pub struct NativePlatform {
    origin: Instant,
    rng_state: u64,
}

impl Default for NativePlatform {
    fn default() -> Self {
        let seed = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_nanos() as u64)
            .unwrap_or(0x9e37_79b9_7f4a_7c15);
        NativePlatform {
            origin: Instant::now(),
            rng_state: seed | 1,
        }
    }
}

impl Platform for NativePlatform {
    fn realtime_ns(&self) -> u64 {
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_nanos() as u64)
            .unwrap_or(0)
    }

    fn monotonic_ns(&self) -> u64 {
        self.origin.elapsed().as_nanos() as u64
    }

    fn resolution_ns(&self) -> u64 {
        1
    }

    fn fill_random(&mut self, buf: &mut [u8]) {
        // xorshift64*: not cryptographic, fine for native tests; the browser uses crypto.
        for chunk in buf.chunks_mut(8) {
            let mut x = self.rng_state;
            x ^= x >> 12;
            x ^= x << 25;
            x ^= x >> 27;
            self.rng_state = x;
            let v = x.wrapping_mul(0x2545_f491_4f6c_dd1d).to_le_bytes();
            chunk.copy_from_slice(&v[..chunk.len()]);
        }
    }

    fn sleep_ns(&mut self, ns: u64) -> bool {
        std::thread::sleep(std::time::Duration::from_nanos(ns));
        true
    }
}
