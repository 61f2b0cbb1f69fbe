//! Function types as inspection compares them with WASI's signatures.

use crate::wasi::calls::{Call, ValType};
use wasmparser::BinaryReader;

/// The type section's function types as `(i32, i64) -> (i32)`, by index. Only the plain
/// `func` form toolchains write for WASI programs is read: wasmparser's full type reader
/// (rec groups, subtypes, GC types) costs 5 KB gzip in the host's wasm, and where this one
/// stops (`None`) the browser's own validation and linking still apply.
pub fn func_types(mut body: BinaryReader) -> Vec<Option<String>> {
    let mut types = Vec::new();
    let count = body.read_var_u32().unwrap_or(0);
    for _ in 0..count {
        match body.read_u8() {
            Ok(0x60) => {}
            _ => {
                types.push(None);
                break;
            }
        }
        let mut list = || -> Option<String> {
            let n = body.read_var_u32().ok()?;
            let names: Option<Vec<&str>> = (0..n)
                .map(|_| match body.read_u8().ok()? {
                    0x7f => Some("i32"),
                    0x7e => Some("i64"),
                    0x7d => Some("f32"),
                    0x7c => Some("f64"),
                    0x7b => Some("v128"),
                    _ => None,
                })
                .collect();
            Some(names?.join(", "))
        };
        match (list(), list()) {
            (Some(params), Some(results)) => types.push(Some(format!("({params}) -> ({results})"))),
            _ => {
                types.push(None);
                break;
            }
        }
    }
    types
}

/// How the module's type for a WASI import differs from the call's, if it does (`None`
/// when its type could not be read: the browser's linking checks it then).
pub fn signature_mismatch(call: &Call, declared: Option<String>) -> Option<String> {
    let want_params: Vec<&str> = call
        .params
        .iter()
        .map(|v| match v {
            ValType::I32 => "i32",
            ValType::I64 => "i64",
        })
        .collect();
    let want_results = if call.returns_errno { "i32" } else { "" };
    let want = format!("({}) -> ({want_results})", want_params.join(", "));
    let got = declared?;
    (got != want).then(|| format!("the module declares {got}, WASI has {want}"))
}
