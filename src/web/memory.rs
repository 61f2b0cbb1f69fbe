//! Guest memory as seen from the host: the guest's `WebAssembly.Memory`, read and written by
//! the helpers in guest-memory.js, which keep its views and renew them when growth detaches
//! them.

use crate::abi::{Errno, WasiResult};
use crate::memory::{checked_range, GuestMemory};
use std::cell::Cell;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/src/web/guest-memory.js")]
extern "C" {
    /// `host` is this module's own memory; the gather codes are the ones below.
    fn guest_memory(host: JsValue, fault: f64, too_long: f64, needs: f64) -> JsValue;
    fn guest_size(mem: &JsValue) -> usize;
    fn guest_read_u32(mem: &JsValue, ptr: u32) -> u32;
    fn guest_write_u32(mem: &JsValue, ptr: u32, value: u32);
    fn guest_write_u64(mem: &JsValue, ptr: u32, low: u32, high: u32);
    // Pointers into this (the host's) memory, not slices: see guest-memory.js.
    fn copy_from_guest(mem: &JsValue, src: u32, dest: *mut u8, len: usize);
    fn copy_to_guest(mem: &JsValue, dest: u32, src: *const u8, len: usize);
    fn guest_gather(mem: &JsValue, iovs: u32, count: u32, dest: *mut u8, room: usize) -> f64;
}

/// `guest_gather`'s answers below 0 (at or above 0 it is the count it copied).
const GATHER_FAULT: f64 = -1.0;
const GATHER_TOO_LONG: f64 = -2.0;
/// At or below this, `dest` has too little room: `GATHER_NEEDS - answer` bytes are needed.
const GATHER_NEEDS: f64 = -3.0;

/// The guest's memory (guest-memory.js `guest_memory`: empty until start.js sets the
/// instance's memory), and the size it had when last asked.
pub struct MemoryView {
    memory: JsValue,
    /// A lower bound of the size (memory never shrinks): ranges inside it need no JS call.
    known_size: Cell<usize>,
}

impl MemoryView {
    pub fn new() -> Self {
        MemoryView {
            memory: guest_memory(
                wasm_bindgen::memory(),
                GATHER_FAULT,
                GATHER_TOO_LONG,
                GATHER_NEEDS,
            ),
            known_size: Cell::new(0),
        }
    }

    /// The JS object start.js hands the guest's memory to.
    pub fn js(&self) -> &JsValue {
        &self.memory
    }

    /// Access for one host call.
    pub fn current(&self) -> JsMemory<'_> {
        JsMemory { view: self }
    }
}

/// One call's access to guest memory: one JS call per range or scalar, no allocation.
pub struct JsMemory<'a> {
    view: &'a MemoryView,
}

impl JsMemory<'_> {
    fn mem(&self) -> &JsValue {
        &self.view.memory
    }
}

impl GuestMemory for JsMemory<'_> {
    fn size(&self) -> usize {
        let size = guest_size(self.mem());
        self.view.known_size.set(size);
        size
    }

    fn check(&self, ptr: u32, len: usize) -> WasiResult<usize> {
        checked_range(ptr, len, self.view.known_size.get())
            .or_else(|_| checked_range(ptr, len, self.size()))
    }

    fn read_unchecked(&self, ptr: usize, out: &mut [u8]) {
        copy_from_guest(self.mem(), ptr as u32, out.as_mut_ptr(), out.len());
    }

    fn write_unchecked(&mut self, ptr: usize, data: &[u8]) {
        copy_to_guest(self.mem(), ptr as u32, data.as_ptr(), data.len());
    }

    fn read_append(&self, ptr: u32, len: usize, dest: &mut Vec<u8>) -> WasiResult<()> {
        let start = self.check(ptr, len)?;
        dest.try_reserve(len).map_err(|_| Errno::Nomem)?;
        let at = dest.len();
        // SAFETY: `at..at + len` is reserved; JS writes exactly `len` bytes there.
        unsafe {
            copy_from_guest(self.mem(), start as u32, dest.as_mut_ptr().add(at), len);
            dest.set_len(at + len);
        }
        Ok(())
    }

    fn read_u32(&self, ptr: u32) -> WasiResult<u32> {
        let at = self.check(ptr, 4)?;
        Ok(guest_read_u32(self.mem(), at as u32))
    }

    fn write_u32(&mut self, ptr: u32, v: u32) -> WasiResult<()> {
        let at = self.check(ptr, 4)?;
        guest_write_u32(self.mem(), at as u32, v);
        Ok(())
    }

    fn write_u64(&mut self, ptr: u32, v: u64) -> WasiResult<()> {
        let at = self.check(ptr, 8)?;
        guest_write_u64(self.mem(), at as u32, v as u32, (v >> 32) as u32);
        Ok(())
    }

    /// One JS call reads the iovecs, checks them and copies their bytes into `dest`'s spare
    /// capacity; only when that is too small does a second call follow.
    fn gather(&self, iovs: u32, count: u32, dest: &mut Vec<u8>) -> WasiResult<usize> {
        loop {
            let len = dest.len();
            let room = dest.capacity() - len;
            // SAFETY: `len..capacity` is allocated; JS writes at most `room` bytes there.
            let spare = unsafe { dest.as_mut_ptr().add(len) };
            let answer = guest_gather(self.mem(), iovs, count, spare, room);
            if answer >= 0.0 {
                let copied = answer as usize;
                // SAFETY: JS wrote `copied` (<= room) bytes right after `len`.
                unsafe { dest.set_len(len + copied.min(room)) };
                return Ok(copied);
            }
            if answer == GATHER_FAULT {
                return Err(Errno::Fault);
            }
            if answer == GATHER_TOO_LONG {
                return Err(Errno::Inval);
            }
            let needed = (GATHER_NEEDS - answer) as usize;
            dest.try_reserve(needed).map_err(|_| Errno::Nomem)?;
        }
    }
}
