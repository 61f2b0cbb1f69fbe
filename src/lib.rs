//! wasi-web: run unmodified WASI (`wasm32-wasip1`) console programs in a web page.
//!
//! Below the web line everything is plain Rust, tested natively: [`abi`] (the preview1 ABI),
//! [`memory`] (guest memory access), [`vfs`] (the in-memory filesystem), [`wasi`] (the calls)
//! [`module`] (what a module imports and exports) and [`outcome`] (how a run ended). [`web`] is the wasm-bindgen glue.

pub mod abi;
pub mod limits;
pub mod memory;
pub mod module;
pub mod outcome;
pub mod vfs;
// In wasm only for the WAGI gateway's host (feature `wagi`): linked into the plain host it
// cost 3.6 KB gzip though nothing there calls it.
#[cfg(any(feature = "wagi", not(target_arch = "wasm32")))]
pub mod wagi;
pub mod wasi;

#[cfg(target_arch = "wasm32")]
pub mod web;
