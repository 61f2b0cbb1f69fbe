//! The hostile-module corpus (tests/hostile/): `.wat` programs written to misbehave, and the
//! ones generated here (not wasm, truncated, a component, 100,000 functions, a 50 MB data
//! segment), each run by tests/e2e/hostile.html through spawn() in a real browser against the
//! outcome tests/hostile/cases.json expects, while the page checks it stays responsive.

use crate::browser::Browser;
use crate::checks::report_checks;
use crate::cmd::{root, Result};
use crate::http;
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

/// Every module of the corpus by name: the `.wat` files compiled, then the generated ones.
pub fn corpus() -> Result<HashMap<String, Vec<u8>>> {
    let dir = root().join("tests/hostile");
    let mut modules = HashMap::new();
    for entry in std::fs::read_dir(&dir)
        .map_err(|e| e.to_string())?
        .flatten()
    {
        let path = entry.path();
        if path.extension().is_some_and(|e| e == "wat") {
            let name = path
                .file_stem()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned();
            let wasm = wat::parse_file(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            modules.insert(name, wasm);
        }
    }
    let hello = std::fs::read(crate::build::hellowasi()).map_err(|e| e.to_string())?;
    modules.insert(
        "not-wasm".into(),
        b"#!/bin/sh\necho this is a shell script\n".to_vec(),
    );
    modules.insert("truncated".into(), hello[..hello.len() / 3].to_vec());
    // The component-model preamble: version 0x0d, layer 1.
    modules.insert("component".into(), b"\0asm\x0d\x00\x01\x00".to_vec());
    modules.insert("many-functions".into(), many_functions(100_000)?);
    modules.insert("big-data".into(), big_data(50 << 20)?);
    Ok(modules)
}

/// A program with `n` functions, the last one called by `_start`.
fn many_functions(n: usize) -> Result<Vec<u8>> {
    let mut text = String::from(
        "(module (import \"wasi_snapshot_preview1\" \"proc_exit\" (func $exit (param i32)))\n(memory (export \"memory\") 1)\n",
    );
    for i in 0..n {
        text.push_str(&format!("(func $f{i} (result i32) i32.const {i})\n"));
    }
    text.push_str(&format!(
        "(func (export \"_start\") (drop (call $f{})))\n)",
        n - 1
    ));
    wat::parse_str(&text).map_err(|e| e.to_string())
}

/// A program whose data segment is `bytes` long (appended as the last section, after code).
fn big_data(bytes: usize) -> Result<Vec<u8>> {
    let pages = bytes.div_ceil(65536) + 1;
    let mut module = wat::parse_str(format!(
        "(module (import \"wasi_snapshot_preview1\" \"proc_exit\" (func (param i32))) (memory (export \"memory\") {pages}) (func (export \"_start\")))"
    ))
    .map_err(|e| e.to_string())?;
    // One active segment at offset 0: flags 0, (i32.const 0) end, the bytes.
    let mut segment = vec![1, 0, 0x41, 0, 0x0b];
    leb128(&mut segment, bytes);
    segment.extend((0..bytes).map(|i| (i * 7 % 251) as u8));
    module.push(11);
    leb128(&mut module, segment.len());
    module.extend_from_slice(&segment);
    Ok(module)
}

fn leb128(out: &mut Vec<u8>, mut n: usize) {
    loop {
        let byte = (n & 0x7f) as u8;
        n >>= 7;
        out.push(if n == 0 { byte } else { byte | 0x80 });
        if n == 0 {
            return;
        }
    }
}

/// Runs the corpus in `browser` (tests/e2e/hostile.html) and reports a check per module.
pub fn suite(browser: Browser) -> Result<(usize, usize)> {
    let modules = Arc::new(corpus()?);
    let cases =
        std::fs::read(root().join("tests/hostile/cases.json")).map_err(|e| e.to_string())?;
    let served = modules.clone();
    let routes: http::Routes = Arc::new(move |path, _| match path {
        "/hostile/cases.json" => Some(cases.clone()),
        _ => {
            let name = path.strip_prefix("/hostile/")?.strip_suffix(".wasm")?;
            served.get(name).cloned()
        }
    });
    let report = crate::e2e::run_page_with(
        browser,
        "/e2e/hostile.html",
        Duration::from_secs(240),
        routes,
        &[],
    )?;
    let checks = crate::checks::posted(&report, "the hostile-module page")?;
    report_checks(
        &format!("hostile modules in {}", browser.name()),
        &checks,
        "",
    )
}
