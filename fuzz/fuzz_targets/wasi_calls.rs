//! Every WASI call, preview1 and preview0, in arbitrary sequences with structured arguments,
//! against the core over a `Vec<u8>` memory (src/wasi/fuzz.rs). A panic, an overflow, a call
//! over a second or more stored than the limits allow is a finding.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    wasi_web::wasi::fuzz::run(data);
});
