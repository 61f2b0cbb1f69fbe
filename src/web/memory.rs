//! Guest memory as seen from the host: a `Uint8Array` over the guest's `WebAssembly.Memory`.

use crate::abi::WasiResult;
use crate::memory::{checked_range, GuestMemory};
use js_sys::{DataView, Uint8Array, WebAssembly};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/src/web/imports.js")]
extern "C" {
    fn copy_from_guest(view: &Uint8Array, src: u32, dest: &mut [u8]);
    fn copy_to_guest(view: &Uint8Array, dest: u32, src: &[u8]);
}

/// Remembers a view of the guest's memory, renewed when `memory.grow` detached the old buffer.
#[derive(Default)]
pub struct MemoryView {
    memory: Option<WebAssembly::Memory>,
    view: Option<(Uint8Array, DataView)>,
}

impl MemoryView {
    pub fn attach(&mut self, memory: WebAssembly::Memory) {
        self.memory = Some(memory);
        self.view = None;
    }

    /// The current view; re-created when the old buffer was detached by growth (length 0).
    /// The current view (one JS call to see whether growth detached the old buffer, which
    /// leaves its length at 0), borrowed for one host call: no handle is cloned.
    pub fn current(&mut self) -> JsMemory<'_> {
        let mut size = self.view.as_ref().map_or(0, |(bytes, _)| bytes.length());
        if size == 0 {
            self.view = self.memory.as_ref().map(|m| {
                let buffer = m.buffer();
                let bytes = Uint8Array::new(&buffer);
                let data = DataView::new(buffer.unchecked_ref(), 0, bytes.length() as usize);
                (bytes, data)
            });
            size = self.view.as_ref().map_or(0, |(bytes, _)| bytes.length());
        }
        JsMemory {
            view: self.view.as_ref(),
            size: size as usize,
        }
    }
}

/// One call's access to guest memory: one bulk copy per range, never a JS call per byte.
pub struct JsMemory<'a> {
    view: Option<&'a (Uint8Array, DataView)>,
    size: usize,
}

impl GuestMemory for JsMemory<'_> {
    fn size(&self) -> usize {
        self.size
    }

    fn read_unchecked(&self, ptr: usize, out: &mut [u8]) {
        if let Some((view, _)) = self.view {
            copy_from_guest(view, ptr as u32, out);
        }
    }

    fn write_unchecked(&mut self, ptr: usize, data: &[u8]) {
        if let Some((view, _)) = self.view {
            copy_to_guest(view, ptr as u32, data);
        }
    }

    fn read_u32(&self, ptr: u32) -> WasiResult<u32> {
        let at = checked_range(ptr, 4, self.size)?;
        Ok(self
            .view
            .as_ref()
            .map_or(0, |(_, d)| d.get_uint32_endian(at, true)))
    }

    fn write_u32(&mut self, ptr: u32, v: u32) -> WasiResult<()> {
        let at = checked_range(ptr, 4, self.size)?;
        if let Some((_, d)) = self.view {
            d.set_uint32_endian(at, v, true);
        }
        Ok(())
    }

    fn write_u64(&mut self, ptr: u32, v: u64) -> WasiResult<()> {
        let at = checked_range(ptr, 8, self.size)?;
        if let Some((_, d)) = self.view {
            d.set_uint32_endian(at, v as u32, true);
            d.set_uint32_endian(at + 4, (v >> 32) as u32, true);
        }
        Ok(())
    }
}
