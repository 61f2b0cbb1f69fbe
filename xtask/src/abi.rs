//! The one list of WASI calls (`wasi_web::wasi::calls`) against what uses it: the ABI as
//! wasmtime has it (a module importing each call with our signature must link there, an
//! absent one must not), and the host wasm's exports that the JS import object is built from.

use crate::cmd::{root, run, Result};
use serde_json::{json, Value};
use std::process::Command;
use wasi_web::wasi::calls::{Call, ValType, CALLS};
use wasmparser::{ExternalKind, Parser, Payload, TypeRef, ValType as WasmType};

fn wat_type(t: ValType) -> &'static str {
    match t {
        ValType::I32 => "i32",
        ValType::I64 => "i64",
    }
}

/// Every preview1 call, for abi_check.py, plus one that must not link (so the check can fail).
/// wasmtime-py defines only `wasi_snapshot_preview1`: `wasi_unstable` has no reference here.
fn calls_json() -> Value {
    let entry = |name: &str, params: Vec<&str>, results: Vec<&str>, present: bool| {
        json!({"module": "wasi_snapshot_preview1", "name": name, "params": params,
               "results": results, "present": present})
    };
    let mut calls: Vec<Value> = CALLS
        .iter()
        .map(|call| {
            let params = call.params.iter().map(|&t| wat_type(t)).collect();
            let results = if call.returns_errno {
                vec!["i32"]
            } else {
                vec![]
            };
            entry(call.name, params, results, true)
        })
        .collect();
    // fd_write with one parameter too few: wasmtime must refuse it.
    calls.push(entry(
        "fd_write",
        vec!["i32", "i32", "i32"],
        vec!["i32"],
        false,
    ));
    Value::Array(calls)
}

/// `cargo xtask abi`: both checks, on a freshly built host.
pub fn check() -> Result {
    let mut tally = crate::checks::Tally::default();
    tally.add(against_wasmtime()?);
    tally.add(host_exports(
        &crate::build::build_pkg()?.join("wasi_web_bg.wasm"),
    )?);
    crate::checks::verdict("xtask abi", &tally)
}

/// The list against wasmtime's WASI (wasmtime-py, the oracle's venv).
pub fn against_wasmtime() -> Result<(usize, usize)> {
    let calls = calls_json();
    let list = std::env::temp_dir().join(format!("wasi-web-calls-{}.json", std::process::id()));
    std::fs::write(&list, calls.to_string()).map_err(|e| e.to_string())?;
    let checked = run(Command::new(root().join(".venv/bin/python"))
        .arg(root().join("xtask/abi_check.py"))
        .arg(&list));
    let _ = std::fs::remove_file(&list);
    checked.map(|()| (calls.as_array().map_or(0, Vec::len), 0))
}

/// The export names (and so the JS import tables) the host must have for `call`.
fn expected_exports(call: &Call) -> Vec<String> {
    use wasi_web::wasi::calls::Preview0::*;
    match call.preview0 {
        Same => vec![format!("wasi_{}", call.name)],
        Absent => vec![format!("wasi_p1_{}", call.name)],
        Own => vec![
            format!("wasi_p1_{}", call.name),
            format!("wasi_p0_{}", call.name),
        ],
    }
}

/// The built host's exports against the list: each call exported under its names with the
/// signature `(run: i32, params...) -> errno`, and no `wasi_*` export the list lacks.
pub fn host_exports(wasm: &std::path::Path) -> Result<(usize, usize)> {
    let bytes = std::fs::read(wasm).map_err(|e| format!("{}: {e}", wasm.display()))?;
    let mut types = Vec::new();
    let mut funcs = Vec::new();
    let mut exports = Vec::new();
    for payload in Parser::new(0).parse_all(&bytes) {
        match payload.map_err(|e| e.to_string())? {
            Payload::TypeSection(r) => {
                for ty in r.into_iter_err_on_gc_types() {
                    types.push(ty.map_err(|e| e.to_string())?);
                }
            }
            Payload::ImportSection(r) => {
                for import in r.into_imports() {
                    if let TypeRef::Func(t) = import.map_err(|e| e.to_string())?.ty {
                        funcs.push(t);
                    }
                }
            }
            Payload::FunctionSection(r) => {
                for t in r {
                    funcs.push(t.map_err(|e| e.to_string())?);
                }
            }
            Payload::ExportSection(r) => {
                for e in r {
                    let e = e.map_err(|e| e.to_string())?;
                    if e.kind == ExternalKind::Func {
                        exports.push((e.name.to_string(), e.index));
                    }
                }
            }
            _ => {}
        }
    }
    let signature = |name: &str| {
        let (_, index) = exports.iter().find(|(n, _)| n == name)?;
        let ty = &types[*funcs.get(*index as usize)? as usize];
        Some((ty.params().to_vec(), ty.results().to_vec()))
    };
    let wasm_type = |t: ValType| match t {
        ValType::I32 => WasmType::I32,
        ValType::I64 => WasmType::I64,
    };
    let mut checks = Vec::new();
    let mut expected_names = Vec::new();
    for call in CALLS {
        let mut params = vec![WasmType::I32];
        params.extend(call.params.iter().map(|&t| wasm_type(t)));
        let results = if call.returns_errno {
            vec![WasmType::I32]
        } else {
            vec![]
        };
        for name in expected_exports(call) {
            let got = signature(&name);
            checks.push((
                format!(
                    "{name} exported as (run, {:?}) -> {:?}",
                    call.params, results
                ),
                got == Some((params.clone(), results.clone())),
            ));
            expected_names.push(name);
        }
    }
    let extra: Vec<&str> = exports
        .iter()
        .map(|(n, _)| n.as_str())
        .filter(|n| n.starts_with("wasi_") && !expected_names.iter().any(|e| e == n))
        .collect();
    checks.push((
        format!("no wasi_* export outside the list {extra:?}"),
        extra.is_empty(),
    ));
    crate::checks::report_checks("host exports", &checks, "")
}
