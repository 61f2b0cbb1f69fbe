//! `args_*` and `environ_*`: NUL-terminated strings and a pointer array.

use super::WasiCtx;
use crate::abi::WasiResult;
use crate::memory::{GuestMemory, GuestMemoryExt};

/// Writes `strings` as pointers at `ptrs` and NUL-terminated bytes at `buf`.
fn write_string_list(
    mem: &mut dyn GuestMemory,
    strings: &[String],
    ptrs: u32,
    buf: u32,
) -> WasiResult<()> {
    let mut table = Vec::with_capacity(strings.len() * 4);
    let mut bytes = Vec::new();
    for s in strings {
        let at = u32::try_from(bytes.len())
            .ok()
            .and_then(|off| buf.checked_add(off))
            .ok_or(crate::abi::Errno::Overflow)?;
        table.extend_from_slice(&at.to_le_bytes());
        bytes.extend_from_slice(s.as_bytes());
        bytes.push(0);
    }
    mem.write(ptrs, &table)?;
    mem.write(buf, &bytes)
}

/// Writes the count and the total byte size (NULs included) of `strings`.
fn write_list_sizes(
    mem: &mut dyn GuestMemory,
    strings: &[String],
    count_ptr: u32,
    size_ptr: u32,
) -> WasiResult<()> {
    let total: usize = strings.iter().map(|s| s.len() + 1).sum();
    mem.write_size(count_ptr, strings.len())?;
    mem.write_size(size_ptr, total)
}

impl WasiCtx {
    pub fn args_get(
        &mut self,
        mem: &mut dyn GuestMemory,
        argv: u32,
        argv_buf: u32,
    ) -> WasiResult<()> {
        write_string_list(mem, &self.args, argv, argv_buf)
    }

    pub fn args_sizes_get(
        &mut self,
        mem: &mut dyn GuestMemory,
        argc: u32,
        argv_buf_size: u32,
    ) -> WasiResult<()> {
        write_list_sizes(mem, &self.args, argc, argv_buf_size)
    }

    pub fn environ_get(
        &mut self,
        mem: &mut dyn GuestMemory,
        environ: u32,
        environ_buf: u32,
    ) -> WasiResult<()> {
        write_string_list(mem, &self.env, environ, environ_buf)
    }

    pub fn environ_sizes_get(
        &mut self,
        mem: &mut dyn GuestMemory,
        count: u32,
        buf_size: u32,
    ) -> WasiResult<()> {
        write_list_sizes(mem, &self.env, count, buf_size)
    }
}
