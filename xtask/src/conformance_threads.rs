//! The wasi-threads tests of the official wasi-testsuite (tests/proposals/wasi-threads/):
//! text modules compiled here with the `wat` crate (threads and atomics are on by default),
//! judged by their `.json` specs as the wasm32-wasip1 tests are.

use crate::cmd::{root, Result};
use crate::conformance::Test;
use serde_json::Value;
use std::path::Path;

const DIR: &str = "tests/proposals/wasi-threads";

pub fn discover(suite: &Path, filter: Option<&str>) -> Result<Vec<Test>> {
    let dir = suite.join(DIR);
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Ok(Vec::new());
    };
    let out = root().join("target/conformance/wasi-threads");
    std::fs::create_dir_all(&out).map_err(|e| e.to_string())?;
    let mut sources: Vec<_> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "wat"))
        .collect();
    sources.sort();
    let mut tests = Vec::new();
    for source in sources {
        let name = source
            .file_stem()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        let id = format!("wasi-threads/{name}");
        if filter.is_some_and(|f| !id.contains(f)) {
            continue;
        }
        let wasm = wat::parse_file(&source).map_err(|e| format!("{}: {e}", source.display()))?;
        let path = out.join(format!("{name}.wasm"));
        std::fs::write(&path, wasm).map_err(|e| e.to_string())?;
        let spec: Value = std::fs::read(source.with_extension("json"))
            .ok()
            .and_then(|b| serde_json::from_slice(&b).ok())
            .unwrap_or(Value::Null);
        tests.push(Test {
            id,
            wasm: path,
            args: vec![format!("{name}.wasm")],
            env: Default::default(),
            dirs: Vec::new(),
            stdout: None,
            exit_code: spec["exit_code"].as_i64().unwrap_or(0),
            stdin_open: true,
        });
    }
    Ok(tests)
}
