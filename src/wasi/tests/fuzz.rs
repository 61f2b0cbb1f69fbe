//! The fuzz driver (src/wasi/fuzz.rs) on a fixed number of seeded random inputs, so every
//! `cargo test` exercises every call with hostile sequences; `cargo fuzz` runs it for longer.

use crate::wasi::fuzz;

/// Inputs from a fixed seed: the same every run, so a finding reproduces.
fn inputs(seed: u64) -> impl Iterator<Item = Vec<u8>> {
    let mut x = seed;
    let mut next = move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    std::iter::repeat_with(move || {
        let len = 16 + next() as usize % 2048;
        (0..len).map(|_| next() as u8).collect()
    })
}

/// Calls that never succeed here, as in wasmtime: there are no sockets, proc_raise is
/// refused, and rights cannot be changed (ENOTSUP).
const NEVER_OK: [&str; 6] = [
    "sock_accept",
    "sock_recv",
    "sock_send",
    "sock_shutdown",
    "proc_raise",
    "fd_fdstat_set_rights",
];

/// Calls on a file or a directory: the stdio-only build has neither (its runs have no
/// preopen), so these never succeed there, and every other call must.
#[cfg(feature = "stdio-only")]
const NEED_FILES: [&str; 26] = [
    "fd_advise",
    "fd_allocate",
    "fd_datasync",
    "fd_fdstat_set_flags",
    "fd_filestat_set_size",
    "fd_filestat_set_times",
    "fd_pread",
    "fd_prestat_get",
    "fd_prestat_dir_name",
    "fd_pwrite",
    "fd_readdir",
    "fd_seek",
    "p0:fd_seek",
    "fd_sync",
    "fd_tell",
    "path_create_directory",
    "path_filestat_get",
    "p0:path_filestat_get",
    "path_filestat_set_times",
    "path_link",
    "path_open",
    "path_readlink",
    "path_remove_directory",
    "path_rename",
    "path_symlink",
    "path_unlink_file",
];

/// Inputs of the seed the test runs: a count, not a time budget, so a slow machine runs the
/// same inputs. The last calls to first succeed (fd_pread, p0:fd_seek) do so at input 102,187.
const SEEDED_INPUTS: usize = 110_000;

#[test]
fn seeded_fuzzing_finds_nothing_and_reaches_every_call() {
    let names = fuzz::call_names();
    let mut succeeded = vec![0u32; names.len()];
    for input in inputs(0x9e37_79b9_7f4a_7c15).take(SEEDED_INPUTS) {
        for (total, n) in succeeded.iter_mut().zip(fuzz::run(&input)) {
            *total += n;
        }
    }
    // A driver whose calls all fail early would find nothing: each call that can succeed
    // must get through, and the ones that cannot must not.
    let never: Vec<&str> = names
        .iter()
        .zip(&succeeded)
        .filter(|(_, n)| **n == 0)
        .map(|(name, _)| name.as_str())
        .collect();
    let mut cannot = NEVER_OK.to_vec();
    #[cfg(feature = "stdio-only")]
    cannot.extend(NEED_FILES);
    let order = |name: &&str| names.iter().position(|n| n == name);
    cannot.sort_by_key(order);
    assert_eq!(
        never, cannot,
        "the calls that never succeeded in {SEEDED_INPUTS} inputs"
    );
}

#[test]
fn every_call_and_preview0_adapter_is_in_the_table() {
    // 46 calls, and the 4 preview0 adapters of their own.
    assert_eq!(fuzz::calls().len(), 46 + 4);
}

/// Each input cargo-fuzz found a bug with (tests/fuzz-regressions/, named for the bug) runs
/// clean.
#[test]
fn fuzz_findings_stay_fixed() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz-regressions");
    let mut ran = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let input = std::fs::read(entry.unwrap().path()).unwrap();
        fuzz::run(&input);
        ran += 1;
    }
    assert!(ran > 0, "no regression inputs in {}", dir.display());
}
