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
    // A driver whose calls all fail early would find nothing: each call must get through.
    let never: Vec<&String> = names
        .iter()
        .zip(&succeeded)
        .filter(|(name, n)| **n == 0 && !NEVER_OK.contains(&name.as_str()))
        .map(|(name, _)| name)
        .collect();
    assert!(
        never.is_empty(),
        "never succeeded in {SEEDED_INPUTS} inputs: {never:?}"
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
