//! Guest memory as seen from the host: a `Uint8Array` over the guest's `WebAssembly.Memory`.

use crate::memory::GuestMemory;
use js_sys::{Uint8Array, WebAssembly};

/// Remembers a view of the guest's memory, renewed when `memory.grow` detached the old buffer.
#[derive(Default)]
pub struct MemoryView {
    memory: Option<WebAssembly::Memory>,
    view: Option<Uint8Array>,
}

impl MemoryView {
    pub fn attach(&mut self, memory: WebAssembly::Memory) {
        self.memory = Some(memory);
        self.view = None;
    }

    /// The current view; re-created when the old buffer was detached by growth (length 0).
    pub fn current(&mut self) -> JsMemory {
        let stale = self.view.as_ref().is_none_or(|v| v.length() == 0);
        if stale {
            self.view = self.memory.as_ref().map(|m| Uint8Array::new(&m.buffer()));
        }
        match &self.view {
            Some(view) => JsMemory {
                size: view.length() as usize,
                view: Some(view.clone()),
            },
            None => JsMemory {
                view: None,
                size: 0,
            },
        }
    }
}

/// One call's access to guest memory: one bulk copy per range, never a JS call per byte.
pub struct JsMemory {
    view: Option<Uint8Array>,
    size: usize,
}

impl GuestMemory for JsMemory {
    fn size(&self) -> usize {
        self.size
    }

    fn read_unchecked(&self, ptr: usize, out: &mut [u8]) {
        if let Some(view) = &self.view {
            view.subarray(ptr as u32, (ptr + out.len()) as u32)
                .copy_to(out);
        }
    }

    fn write_unchecked(&mut self, ptr: usize, data: &[u8]) {
        if let Some(view) = &self.view {
            view.subarray(ptr as u32, (ptr + data.len()) as u32)
                .copy_from(data);
        }
    }
}
