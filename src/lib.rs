//! wasi-web: run unmodified WASI (`wasm32-wasip1`) console programs in a web page.
//!
//! Below the web line everything is plain Rust, tested natively: [`abi`] (the preview1 ABI),
//! [`memory`] (guest memory access), [`vfs`] (the in-memory filesystem), [`wasi`] (the calls)
//! [`module`] (what a module imports and exports) and [`outcome`] (how a run ended). [`web`] is the wasm-bindgen glue.

pub mod abi;
pub mod memory;
pub mod module;
pub mod outcome;
pub mod vfs;
pub mod wagi;
pub mod wasi;

#[cfg(target_arch = "wasm32")]
pub mod web;
