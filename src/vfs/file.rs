//! A regular file's contents.
//!
//! A file stores the bytes written so far and reads as zeros from there up to its size, so a
//! size set without data (`fd_filestat_set_size`, `fd_allocate`: Rust's `File::set_len`)
//! costs nothing until the guest writes there. Stored bytes are charged to the run's
//! [`Usage`]: past `fsBytes` a write gets `ENOSPC`, past `fileBytes` `EFBIG`, both before
//! anything is allocated.
//!
//! The stored bytes are held in chunks, so a growing file never moves what it holds: in a
//! browser the cost of a big write is touching fresh memory, and a single buffer that doubles
//! touches twice the file's size and copies it once more.

use crate::abi::{Errno, WasiResult};
use crate::limits::{Cap, Usage};
use std::rc::Rc;

/// Every chunk after the first holds this many bytes (the last: up to this many). The first
/// grows by doubling up to it (or holds what the host seeded, of any size), so a small file
/// costs what it holds.
const CHUNK: usize = 1 << 20;

/// Zeros to read past the stored bytes (zero-initialised: no bytes in the binary).
static ZEROS: [u8; 64 * 1024] = [0; 64 * 1024];

#[derive(Debug)]
pub struct FileData {
    /// The stored bytes, in order; see [`CHUNK`].
    chunks: Vec<Vec<u8>>,
    /// How many bytes the chunks hold.
    stored: usize,
    /// The file's size: the stored bytes, then zeros.
    len: u64,
    usage: Rc<Usage>,
}

/// The bytes a write puts in a file: the whole write is `len` bytes, addressed from 0.
pub trait WriteSource {
    /// Fills `dest` with the write's bytes from `from`, over bytes already stored.
    fn copy_to(&self, from: usize, dest: &mut [u8]) -> WasiResult<()>;
    /// Appends `len` of the write's bytes from `from` to `chunk`, whose room for them is
    /// reserved.
    fn append_to(&self, from: usize, len: usize, chunk: &mut Vec<u8>) -> WasiResult<()> {
        let start = chunk.len();
        chunk.resize(start + len, 0);
        self.copy_to(from, &mut chunk[start..])
    }
}

/// Zeros, for the gap between the stored bytes and a write past them.
struct Zeros;

impl WriteSource for Zeros {
    fn copy_to(&self, _: usize, dest: &mut [u8]) -> WasiResult<()> {
        dest.fill(0);
        Ok(())
    }

    fn append_to(&self, _: usize, len: usize, chunk: &mut Vec<u8>) -> WasiResult<()> {
        chunk.resize(chunk.len() + len, 0);
        Ok(())
    }
}

impl FileData {
    pub fn new(usage: &Rc<Usage>) -> FileData {
        FileData {
            chunks: Vec::new(),
            stored: 0,
            len: 0,
            usage: usage.clone(),
        }
    }

    /// A file holding `bytes` (seeded by the host), charged like a write.
    pub fn with_bytes(usage: &Rc<Usage>, bytes: Vec<u8>) -> WasiResult<FileData> {
        usage.check_file_size(bytes.len() as u64)?;
        usage.charge_bytes(bytes.len() as u64)?;
        Ok(FileData {
            len: bytes.len() as u64,
            stored: bytes.len(),
            chunks: vec![bytes],
            usage: usage.clone(),
        })
    }

    pub fn len(&self) -> u64 {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The chunk holding stored byte `at`, and where that chunk starts.
    fn chunk_at(&self, at: usize) -> (usize, usize) {
        let first = self.chunks.first().map_or(0, Vec::len);
        if at < first {
            return (0, 0);
        }
        let k = (at - first) / CHUNK;
        (1 + k, first + k * CHUNK)
    }

    /// Hands `f` the up to `max` bytes from `offset` (fewer at the end of the file), in
    /// pieces: the stored ones as they are held, zeros past them. Returns how many.
    pub fn read_at(
        &self,
        offset: u64,
        max: usize,
        f: &mut dyn FnMut(&[u8]) -> WasiResult<()>,
    ) -> WasiResult<usize> {
        let start = offset.min(self.len);
        let n = usize::try_from(self.len - start).map_or(max, |left| left.min(max));
        let mut at = start;
        let end = start + n as u64;
        while at < end {
            let piece = match usize::try_from(at).ok().filter(|&a| a < self.stored) {
                Some(a) => {
                    let (k, chunk_start) = self.chunk_at(a);
                    let chunk = &self.chunks[k][a - chunk_start..];
                    &chunk[..chunk.len().min((end - at) as usize)]
                }
                None => &ZEROS[..ZEROS.len().min((end - at) as usize)],
            };
            f(piece)?;
            at += piece.len() as u64;
        }
        Ok(n)
    }

    /// Writes the `len` bytes of `source` at `offset`; the file grows to cover them.
    pub fn write_at(
        &mut self,
        offset: u64,
        len: usize,
        source: &dyn WriteSource,
    ) -> WasiResult<()> {
        let end = offset.checked_add(len as u64).ok_or(Errno::Fbig)?;
        self.usage.check_file_size(end)?;
        let end = usize::try_from(end).map_err(|_| Errno::Fbig)?;
        let start = offset as usize;
        let old = self.stored;
        if end > old {
            self.usage.charge_bytes((end - old) as u64)?;
        }
        let written = self.store(start, end, source);
        if let Err(e) = written {
            if end > old {
                self.truncate_stored(old);
                self.usage.release_bytes((end - old) as u64);
            }
            return Err(e);
        }
        self.len = self.len.max(end as u64);
        Ok(())
    }

    /// Puts `source` at `start..end`: over stored bytes, then (zeros first, for any gap)
    /// appended to the last chunk or new ones.
    fn store(&mut self, start: usize, end: usize, source: &dyn WriteSource) -> WasiResult<()> {
        let mut at = start;
        while at < end.min(self.stored) {
            let (k, chunk_start) = self.chunk_at(at);
            let chunk = &mut self.chunks[k][at - chunk_start..];
            let n = chunk.len().min(end - at);
            source.copy_to(at - start, &mut chunk[..n])?;
            at += n;
        }
        if self.stored < start {
            self.append(start - self.stored, 0, &Zeros)?;
        }
        if at < end {
            self.append(end - at, at - start, source)?;
        }
        Ok(())
    }

    /// Appends `len` bytes of `source` from `from` past the stored ones.
    fn append(&mut self, len: usize, from: usize, source: &dyn WriteSource) -> WasiResult<()> {
        let mut done = 0;
        while done < len {
            // The first chunk, while alone, may hold any length; any later one, CHUNK.
            let room = match self.chunks.as_slice() {
                [] => 0,
                [only] => CHUNK
                    .saturating_sub(only.len())
                    .max(only.capacity() - only.len()),
                [.., last] => CHUNK - last.len(),
            };
            if room == 0 {
                let chunk = if self.chunks.is_empty() {
                    Vec::new()
                } else {
                    try_with_capacity(CHUNK).ok_or_else(|| self.usage.refuse(Cap::FsBytes))?
                };
                self.chunks.push(chunk);
                continue;
            }
            let n = room.min(len - done);
            let last = self.chunks.last_mut().ok_or(Errno::Io)?;
            // Only the first chunk grows by reserving; the others were made at full size.
            last.try_reserve(n)
                .map_err(|_| self.usage.refuse(Cap::FsBytes))?;
            source.append_to(from + done, n, last)?;
            self.stored += n;
            done += n;
        }
        Ok(())
    }

    /// Drops the stored bytes from `keep` on.
    fn truncate_stored(&mut self, keep: usize) {
        if keep >= self.stored {
            return;
        }
        let (k, chunk_start) = self.chunk_at(keep);
        self.chunks.truncate(k + 1);
        let last = &mut self.chunks[k];
        last.truncate(keep - chunk_start);
        last.shrink_to(last.len().max(last.capacity() / 2));
        if last.is_empty() {
            self.chunks.pop();
        }
        self.stored = keep;
    }

    /// Sets the size: shorter drops what is past it, longer reads as zeros (and stores none).
    pub fn set_len(&mut self, size: u64) -> WasiResult<()> {
        self.usage.check_file_size(size)?;
        if let Ok(keep) = usize::try_from(size) {
            if keep < self.stored {
                self.usage.release_bytes((self.stored - keep) as u64);
                self.truncate_stored(keep);
            }
        }
        self.len = size;
        Ok(())
    }

    /// Every byte, stored or not (a host reading the file back).
    pub fn to_vec(&self) -> Vec<u8> {
        let mut out = Vec::new();
        let all = usize::try_from(self.len).unwrap_or(usize::MAX);
        let _ = self.read_at(0, all, &mut |piece| {
            out.extend_from_slice(piece);
            Ok(())
        });
        out
    }

    /// The bytes stored, in pieces; the rest up to [`FileData::len`] are zeros.
    pub fn stored(&self) -> impl Iterator<Item = &[u8]> {
        self.chunks.iter().map(Vec::as_slice)
    }

    /// How many bytes are stored.
    pub fn stored_len(&self) -> usize {
        self.stored
    }
}

fn try_with_capacity(bytes: usize) -> Option<Vec<u8>> {
    let mut v = Vec::new();
    v.try_reserve_exact(bytes).ok()?;
    Some(v)
}

impl Drop for FileData {
    fn drop(&mut self) {
        self.usage.release_bytes(self.stored as u64);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Bytes<'a>(&'a [u8]);

    impl WriteSource for Bytes<'_> {
        fn copy_to(&self, from: usize, dest: &mut [u8]) -> WasiResult<()> {
            dest.copy_from_slice(&self.0[from..from + dest.len()]);
            Ok(())
        }
    }

    fn write(file: &mut FileData, offset: u64, bytes: &[u8]) {
        file.write_at(offset, bytes.len(), &Bytes(bytes)).unwrap();
    }

    /// Writes, overwrites, gaps and truncation across chunk boundaries read back as a plain
    /// `Vec` given the same writes would.
    #[test]
    fn chunked_contents_match_a_flat_model() {
        let usage = Rc::new(Usage::default());
        let mut file = FileData::new(&usage);
        let mut model: Vec<u8> = Vec::new();
        let pattern = |n: usize, seed: u8| -> Vec<u8> {
            (0..n)
                .map(|i| (i as u8).wrapping_mul(31).wrapping_add(seed))
                .collect()
        };
        let steps: [(u64, usize); 8] = [
            (0, 10),
            (10, CHUNK + 5),
            (CHUNK as u64 - 3, 7),
            (3 * CHUNK as u64 + 11, 100),
            (5, 2 * CHUNK),
            (4 * CHUNK as u64, CHUNK / 2),
            (0, 1),
            (CHUNK as u64 * 2 - 1, 2),
        ];
        for (i, (offset, n)) in steps.into_iter().enumerate() {
            let bytes = pattern(n, i as u8);
            write(&mut file, offset, &bytes);
            let end = offset as usize + n;
            if model.len() < end {
                model.resize(end, 0);
            }
            model[offset as usize..end].copy_from_slice(&bytes);
            assert_eq!(file.to_vec(), model, "after write {i}");
        }
        assert_eq!(usage.stored_bytes(), model.len() as u64);
        for keep in [3 * CHUNK + 20, CHUNK + 1, CHUNK, 7] {
            file.set_len(keep as u64).unwrap();
            model.truncate(keep);
            assert_eq!(file.to_vec(), model, "after truncating to {keep}");
            assert_eq!(usage.stored_bytes(), keep as u64);
        }
        file.set_len(CHUNK as u64 * 2).unwrap();
        model.resize(CHUNK * 2, 0);
        assert_eq!(file.to_vec(), model);
        assert_eq!(
            file.stored_len(),
            7,
            "a size set without data stores nothing"
        );
    }

    #[test]
    fn reads_hand_over_pieces_and_stop_at_the_end() {
        let usage = Rc::new(Usage::default());
        let mut file = FileData::with_bytes(&usage, b"seeded".to_vec()).unwrap();
        write(&mut file, 6, &vec![1; CHUNK]);
        let mut pieces = Vec::new();
        let n = file
            .read_at(2, CHUNK + 100, &mut |p| {
                pieces.push(p.len());
                Ok(())
            })
            .unwrap();
        assert_eq!(n, CHUNK + 4);
        assert_eq!(pieces.iter().sum::<usize>(), n);
        assert!(pieces.len() >= 2, "the read crosses a chunk: {pieces:?}");
        assert_eq!(file.read_at(u64::MAX, 10, &mut |_| Ok(())).unwrap(), 0);
    }
}
