//! `inspect()`: what a module is, for a page to show before running it.

use crate::module::{self, ModuleKind};
use js_sys::{Object, Reflect};
use wasm_bindgen::prelude::*;

/// What a module is, for a page to show before running it (or why it cannot run).
#[wasm_bindgen(typescript_custom_section)]
const MODULE_INFO: &str = r#"
/** What inspect() says of a module before it runs. */
export interface ModuleInfo {
  kind: "command" | "reactor";
  wasiVersions: string[];
  wasiImports: string[];
  unsupportedImports: string[];
  exports: string[];
  memoryInitialPages?: number;
  memoryMaximumPages?: number | null;
  /** wasi-threads: the shared memory the module imports, which every thread runs on. */
  sharedMemory?: { module: string; name: string; initialPages: number; maximumPages: number };
  /** Imports wasi.thread-spawn. */
  spawnsThreads: boolean;
  runnable: boolean;
  /** Why it cannot run, when it cannot. */
  problem?: string;
}
"#;

#[wasm_bindgen(module = "/src/web/start.js")]
extern "C" {
    /// The module's bytes up to its code section, all that inspection reads: a 10 MB program
    /// is not copied into the host (whose memory, once grown, stays grown).
    #[wasm_bindgen(js_name = inspectedPart)]
    fn inspected_part(bytes: &JsValue) -> Vec<u8>;
}

/// What a module is (`ModuleInfo`); throws for bytes that are not a WebAssembly module.
#[wasm_bindgen(unchecked_return_type = "ModuleInfo")]
pub fn inspect(
    #[wasm_bindgen(unchecked_param_type = "Uint8Array | ArrayBuffer")] bytes: &JsValue,
) -> Result<JsValue, JsError> {
    let info = module::inspect(&inspected_part(bytes)).map_err(|e| JsError::new(&e.to_string()))?;
    let o = Object::new();
    let set = |k: &str, v: JsValue| {
        let _ = Reflect::set(&o, &JsValue::from_str(k), &v);
    };
    let list = |items: &[String]| {
        items
            .iter()
            .map(|s| JsValue::from_str(s))
            .collect::<js_sys::Array>()
            .into()
    };
    set(
        "kind",
        JsValue::from_str(match info.kind {
            ModuleKind::Command => "command",
            ModuleKind::Reactor => "reactor",
        }),
    );
    set("wasiVersions", list(&info.wasi_versions));
    set("wasiImports", list(&info.wasi_imports));
    set("unsupportedImports", list(&info.unsupported_imports));
    set("exports", list(&info.exports));
    if let Some(m) = info.memory {
        set(
            "memoryInitialPages",
            JsValue::from_f64(m.initial_pages as f64),
        );
        set(
            "memoryMaximumPages",
            m.maximum_pages
                .map(|p| JsValue::from_f64(p as f64))
                .unwrap_or(JsValue::NULL),
        );
    }
    if let Some(m) = &info.shared_memory_import {
        let shared = Object::new();
        let field = |k: &str, v: JsValue| {
            let _ = Reflect::set(&shared, &JsValue::from_str(k), &v);
        };
        field("module", JsValue::from_str(&m.module));
        field("name", JsValue::from_str(&m.name));
        field(
            "initialPages",
            JsValue::from_f64(m.limits.initial_pages as f64),
        );
        let max = m.limits.maximum_pages.unwrap_or(m.limits.initial_pages);
        field("maximumPages", JsValue::from_f64(max as f64));
        set("sharedMemory", shared.into());
    }
    set("spawnsThreads", JsValue::from_bool(info.spawns_threads));
    set(
        "runnable",
        JsValue::from_bool(info.unrunnable_reason().is_none()),
    );
    if let Some(reason) = info.unrunnable_reason() {
        set("problem", JsValue::from_str(&reason));
    }
    Ok(o.into())
}
