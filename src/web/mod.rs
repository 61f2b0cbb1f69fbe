//! The browser side: the only code that touches `JsValue`.
//!
//! `run()` and `inspect()` are the JS API; `host`'s `wasi_*` exports are what the guest's
//! imports call.

mod host;
mod inspect;
mod memory;
mod platform;
mod result;
mod run;
mod stdio;

pub use inspect::inspect;
pub use result::RunResult;
pub use run::run;
