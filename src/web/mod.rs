//! The browser side: the only code that touches `JsValue`.
//!
//! `run()` and `inspect()` are the JS API; `host`'s `wasi_*` exports are what the guest's
//! imports call.

/// The default allocator (dlmalloc) is about a tenth of the host's code; talc is a fraction
/// of that and no slower.
#[cfg(not(target_feature = "atomics"))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

mod host;
// The stdio-only host is reached through web/pkg/run.js, whose one call is run().
#[cfg(not(feature = "stdio-only"))]
mod inspect;
mod memory;
mod platform;
mod result;
mod run;
mod stdio;
#[cfg(feature = "wagi")]
mod wagi;

#[cfg(not(feature = "stdio-only"))]
pub use inspect::inspect;
#[cfg(not(feature = "stdio-only"))]
pub use result::status_text;
pub use result::RunResult;
pub use run::run;
#[cfg(feature = "wagi")]
pub use wagi::{wagi_compose, wagi_invocation, wagi_match, wagi_subroutes};
