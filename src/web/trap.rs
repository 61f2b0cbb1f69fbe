//! Turning a JS exception from a run into one readable line.

use js_sys::Reflect;
use wasm_bindgen::{JsCast, JsValue};

/// `Name: message`, plus the wasm function a trap happened in when the stack shows it.
pub fn js_error_text(e: &JsValue) -> String {
    if let Some(err) = e.dyn_ref::<js_sys::Error>() {
        let name = String::from(err.name());
        let message = String::from(err.message());
        let text = if name.is_empty() {
            message
        } else {
            format!("{name}: {message}")
        };
        let stack = Reflect::get(err, &"stack".into())
            .ok()
            .and_then(|s| s.as_string())
            .unwrap_or_default();
        return match trapping_wasm_function(&stack) {
            Some(function) => format!("{text} (in {function})"),
            None => text,
        };
    }
    e.as_string().unwrap_or_else(|| format!("{e:?}"))
}

/// The innermost wasm frame of a stack trace: its function name when the module has a name
/// section, else `wasm-function[N]`. Chromium writes `at NAME (wasm://...)`, Firefox
/// `NAME@URL:wasm-function[N]:0x...`.
fn trapping_wasm_function(stack: &str) -> Option<String> {
    let frame = stack
        .lines()
        .find(|l| l.contains("wasm-function[") || l.contains("wasm://"))?
        .trim();
    let named = match frame.strip_prefix("at ") {
        Some(rest) => rest
            .split(" (")
            .next()
            .filter(|n| !n.starts_with("wasm://")),
        None => frame.split('@').next().filter(|n| !n.is_empty()),
    };
    let index = || {
        let start = frame.find("wasm-function[")?;
        let end = frame[start..].find(']')? + start + 1;
        Some(&frame[start..end])
    };
    // Chromium prefixes the module's own name (`prog-1a2b.wasm.main`): keep the function's.
    let name = named.map(|n| n.rsplit_once(".wasm.").map_or(n, |(_, f)| f));
    name.or_else(index).map(str::to_string)
}
