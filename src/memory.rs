//! Access to the guest's linear memory.
//!
//! The core sees guest memory only through [`GuestMemory`]: natively a `Vec<u8>` (tests), in the
//! browser a view of the guest's `WebAssembly.Memory`. Every pointer and length comes from the
//! guest, so every access is bounds-checked with checked arithmetic and fails with `EFAULT`.

use crate::abi::{Errno, WasiResult};

pub trait GuestMemory {
    /// Current size of the memory in bytes.
    fn size(&self) -> usize;
    /// Returns `ptr` as an index when `ptr..ptr+len` lies in memory, else `EFAULT`. A host
    /// that knows a lower bound of the size (memory only grows) may answer without asking.
    fn check(&self, ptr: u32, len: usize) -> WasiResult<usize> {
        checked_range(ptr, len, self.size())
    }
    /// Copies `out.len()` bytes starting at `ptr` out of guest memory (range already checked).
    fn read_unchecked(&self, ptr: usize, out: &mut [u8]);
    /// Copies `data` into guest memory at `ptr` (range already checked).
    fn write_unchecked(&mut self, ptr: usize, data: &[u8]);

    fn read(&self, ptr: u32, out: &mut [u8]) -> WasiResult<()> {
        let start = self.check(ptr, out.len())?;
        self.read_unchecked(start, out);
        Ok(())
    }

    /// Appends the `len` bytes at `ptr` to `dest`. A host may copy them straight into its
    /// spare capacity (the browser does), where this default zero-fills first.
    fn read_append(&self, ptr: u32, len: usize, dest: &mut Vec<u8>) -> WasiResult<()> {
        let start = self.check(ptr, len)?;
        dest.try_reserve(len).map_err(|_| Errno::Nomem)?;
        let at = dest.len();
        dest.resize(at + len, 0);
        self.read_unchecked(start, &mut dest[at..]);
        Ok(())
    }

    fn write(&mut self, ptr: u32, data: &[u8]) -> WasiResult<()> {
        let start = self.check(ptr, data.len())?;
        self.write_unchecked(start, data);
        Ok(())
    }

    // Scalars have their own entry points so a host can serve them without a temporary
    // buffer (the browser uses a DataView: one JS call, no allocation).
    fn read_u32(&self, ptr: u32) -> WasiResult<u32> {
        let mut b = [0u8; 4];
        self.read(ptr, &mut b)?;
        Ok(u32::from_le_bytes(b))
    }

    fn write_u32(&mut self, ptr: u32, v: u32) -> WasiResult<()> {
        self.write(ptr, &v.to_le_bytes())
    }

    fn write_u64(&mut self, ptr: u32, v: u64) -> WasiResult<()> {
        self.write(ptr, &v.to_le_bytes())
    }

    /// Appends to `dest` the bytes of the `count` iovecs at `iovs`, in order; returns how many.
    /// `EFAULT` for any range outside memory, then `EINVAL` for a total over `u32`. A host may
    /// do it in one step (the browser: one JS call for what is otherwise three).
    fn gather(&self, iovs: u32, count: u32, dest: &mut Vec<u8>) -> WasiResult<usize> {
        let list = GuestMemoryExt::read_iovecs(self, iovs, count)?;
        let total = iovecs_len(&list)?;
        let start = dest.len();
        dest.try_reserve(total).map_err(|_| Errno::Nomem)?;
        dest.resize(start + total, 0);
        read_iovecs_into(self, &list, &mut dest[start..])?;
        Ok(total)
    }
}

/// Returns `ptr` as an index when `ptr..ptr+len` lies inside a memory of `size` bytes.
pub fn checked_range(ptr: u32, len: usize, size: usize) -> WasiResult<usize> {
    let start = ptr as usize;
    let end = start.checked_add(len).ok_or(Errno::Fault)?;
    if end > size {
        return Err(Errno::Fault);
    }
    Ok(start)
}

impl GuestMemory for Vec<u8> {
    fn size(&self) -> usize {
        self.len()
    }
    fn read_unchecked(&self, ptr: usize, out: &mut [u8]) {
        out.copy_from_slice(&self[ptr..ptr + out.len()]);
    }
    fn write_unchecked(&mut self, ptr: usize, data: &[u8]) {
        self[ptr..ptr + data.len()].copy_from_slice(data);
    }
}

/// An iovec list as `(buf, len)` pairs; a single buffer needs no allocation.
pub enum Iovecs {
    One([(u32, u32); 1]),
    Many(Vec<(u32, u32)>),
}

impl std::ops::Deref for Iovecs {
    type Target = [(u32, u32)];

    fn deref(&self) -> &Self::Target {
        match self {
            Iovecs::One(one) => one,
            Iovecs::Many(many) => many,
        }
    }
}

/// Typed helpers over any [`GuestMemory`].
pub trait GuestMemoryExt: GuestMemory {
    fn read_array<const N: usize>(&self, ptr: u32) -> WasiResult<[u8; N]> {
        let mut b = [0u8; N];
        self.read(ptr, &mut b)?;
        Ok(b)
    }
    /// Writes a `size` result (a count of bytes or entries) that must fit the guest's u32.
    fn write_size(&mut self, ptr: u32, v: usize) -> WasiResult<()> {
        self.write_u32(ptr, u32::try_from(v).map_err(|_| Errno::Overflow)?)
    }
    fn read_vec(&self, ptr: u32, len: u32) -> WasiResult<Vec<u8>> {
        self.check(ptr, len as usize)?;
        let mut v = vec![0u8; len as usize];
        self.read(ptr, &mut v)?;
        Ok(v)
    }
    /// Reads a path or other string argument: must be UTF-8 (`EILSEQ` otherwise, as wasmtime).
    fn read_str(&self, ptr: u32, len: u32) -> WasiResult<String> {
        String::from_utf8(self.read_vec(ptr, len)?).map_err(|_| Errno::Ilseq)
    }
    /// Reads an iovec array in one copy: `(buf, len)` pairs, each checked to lie in memory.
    fn read_iovecs(&self, ptr: u32, count: u32) -> WasiResult<Iovecs> {
        let bytes = (count as usize)
            .checked_mul(crate::abi::size::IOVEC as usize)
            .ok_or(Errno::Overflow)?;
        self.check(ptr, bytes)?;
        let pair = |c: &[u8]| {
            (
                u32::from_le_bytes([c[0], c[1], c[2], c[3]]),
                u32::from_le_bytes([c[4], c[5], c[6], c[7]]),
            )
        };
        let iovs = if count == 1 {
            // The common case (one buffer): no allocation.
            Iovecs::One([pair(&self.read_array::<8>(ptr)?)])
        } else {
            let mut raw = vec![0u8; bytes];
            self.read(ptr, &mut raw)?;
            Iovecs::Many(raw.chunks_exact(8).map(pair).collect())
        };
        for &(buf, len) in iovs.iter() {
            self.check(buf, len as usize)?;
        }
        Ok(iovs)
    }
}

/// Copies the bytes the iovecs point to into `dest` (exactly `iovecs_len` bytes long).
pub fn read_iovecs_into<M: GuestMemory + ?Sized>(
    mem: &M,
    iovs: &[(u32, u32)],
    dest: &mut [u8],
) -> WasiResult<()> {
    let mut at = 0;
    for &(ptr, len) in iovs {
        let len = len as usize;
        mem.read(ptr, &mut dest[at..at + len])?;
        at += len;
    }
    Ok(())
}

/// Total length of an iovec list, which must fit the guest's `size` (u32): else `EINVAL`.
pub fn iovecs_len(iovs: &[(u32, u32)]) -> WasiResult<usize> {
    iovs.iter()
        .try_fold(0u32, |acc, &(_, len)| acc.checked_add(len))
        .map(|n| n as usize)
        .ok_or(Errno::Inval)
}

impl<M: GuestMemory + ?Sized> GuestMemoryExt for M {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn out_of_bounds_is_efault_never_a_panic() {
        let mut mem = vec![0u8; 16];
        assert_eq!(mem.write(14, &[1, 2, 3]), Err(Errno::Fault));
        assert_eq!(mem.write(u32::MAX, &[1]), Err(Errno::Fault));
        assert_eq!(mem.read_u32(13), Err(Errno::Fault));
        assert_eq!(mem.read_vec(0, u32::MAX).unwrap_err(), Errno::Fault);
        assert!(matches!(mem.read_iovecs(0, u32::MAX), Err(Errno::Fault)));
        assert!(mem.write(12, &[1, 2, 3, 4]).is_ok());
        assert_eq!(mem.read_u32(12), Ok(0x04030201));
    }

    #[test]
    fn iovec_pointing_outside_memory_is_rejected() {
        let mut mem = vec![0u8; 64];
        mem.write_u32(0, 60).unwrap();
        mem.write_u32(4, 8).unwrap();
        assert!(matches!(mem.read_iovecs(0, 1), Err(Errno::Fault)));
    }

    #[test]
    fn invalid_utf8_path_is_eilseq() {
        let mut mem = vec![0xffu8; 8];
        mem.write(0, b"ok").unwrap();
        assert_eq!(mem.read_str(0, 2).unwrap(), "ok");
        assert_eq!(mem.read_str(2, 2), Err(Errno::Ilseq));
    }
}
