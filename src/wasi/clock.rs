//! Clocks, randomness, scheduling and process calls.

use super::{ExitRequest, WasiCtx};
use crate::abi::{clockid, Errno, WasiResult};
use crate::memory::GuestMemory;

/// random_get fills through a bounded temporary buffer, so any size works without a huge
/// allocation.
const RANDOM_CHUNK: usize = 64 * 1024;

impl WasiCtx {
    /// The current value of a clock. CPU-time clocks report time since the run started: a
    /// browser exposes no CPU time, and the guest is the only thing running on its thread.
    pub(crate) fn clock_now(&self, id: u32) -> WasiResult<u64> {
        match id {
            clockid::REALTIME => Ok(self.platform.realtime_ns()),
            clockid::MONOTONIC => Ok(self.platform.monotonic_ns()),
            clockid::PROCESS_CPUTIME | clockid::THREAD_CPUTIME => {
                Ok(self.platform.monotonic_ns().saturating_sub(self.started_ns))
            }
            _ => Err(Errno::Inval),
        }
    }

    pub fn clock_res_get(
        &mut self,
        mem: &mut dyn GuestMemory,
        id: u32,
        res_ptr: u32,
    ) -> WasiResult<()> {
        self.clock_now(id)?;
        mem.write_u64(res_ptr, self.platform.resolution_ns())
    }

    pub fn clock_time_get(
        &mut self,
        mem: &mut dyn GuestMemory,
        id: u32,
        _precision: u64,
        time_ptr: u32,
    ) -> WasiResult<()> {
        let now = self.clock_now(id)?;
        mem.write_u64(time_ptr, now)
    }

    pub fn random_get(&mut self, mem: &mut dyn GuestMemory, buf: u32, len: u32) -> WasiResult<()> {
        mem.check(buf, len as usize)?;
        let mut chunk = vec![0u8; (len as usize).min(RANDOM_CHUNK)];
        let mut done = 0u32;
        while done < len {
            let n = ((len - done) as usize).min(RANDOM_CHUNK);
            self.platform.fill_random(&mut chunk[..n]);
            mem.write(buf + done, &chunk[..n])?;
            done += n as u32;
        }
        Ok(())
    }

    pub fn sched_yield(&mut self, _mem: &mut dyn GuestMemory) -> WasiResult<()> {
        Ok(())
    }

    /// Records the exit status; the caller (the web layer) ends the run after returning, so
    /// nothing unwinds through Rust frames.
    pub fn proc_exit(&mut self, _mem: &mut dyn GuestMemory, code: u32) {
        self.flush_output();
        self.exit = Some(if code >= 126 {
            ExitRequest::Invalid(code)
        } else {
            ExitRequest::Code(code)
        });
    }

    pub fn proc_raise(&mut self, _mem: &mut dyn GuestMemory, _signal: u32) -> WasiResult<()> {
        Err(Errno::Notsup)
    }
}
