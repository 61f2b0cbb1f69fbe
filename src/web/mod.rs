//! The browser side: the only code that touches `JsValue`.
//!
//! `run()` and `inspect()` are the JS API; `WasiHost` is what the guest's imports call.

mod host;
mod memory;
mod options;
mod platform;
mod run;
mod stdio;

pub use host::WasiHost;
pub use run::{inspect, run, RunResult};
