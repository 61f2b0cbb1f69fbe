//! The wasi-threads tests of the official wasi-testsuite (tests/proposals/wasi-threads/):
//! text modules compiled here with the `wat` crate (threads and atomics are on by default),
//! and the one C test built with Zig; judged by their `.json` specs as the wasm32-wasip1
//! tests are.

use crate::cmd::{root, Result};
use crate::conformance::Test;
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
    if let Some(built) = build_c_test(&dir, &out)? {
        sources.push(built);
    }
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
        let path = out.join(format!("{name}.wasm"));
        if source.extension().is_some_and(|e| e == "wat") {
            let wasm =
                wat::parse_file(&source).map_err(|e| format!("{}: {e}", source.display()))?;
            std::fs::write(&path, wasm).map_err(|e| e.to_string())?;
        }
        let spec = crate::conformance::read_spec(&dir.join(format!("{name}.json")));
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

/// thread_spawn-simple.c with the suite's wasi_thread_spawn.S, as wasi-sdk builds it
/// (`-pthread` is `_REENTRANT` plus atomics and a shared, imported memory), by `zig build-exe`
/// from the venv (`cargo xtask setup`). Its wasi-libc lacks `__wasi_thread_spawn`, which
/// xtask/conformance/thread_spawn_shim.c supplies. ReleaseSafe keeps the asserts (the test is
/// its asserts); a debug build trapped here, most likely outgrowing the 128-byte stacks the
/// test gives its threads.
/// Returns the built module's path, or None when the suite has no C test.
fn build_c_test(dir: &Path, out: &Path) -> Result<Option<std::path::PathBuf>> {
    let source = dir.join("thread_spawn-simple.c");
    if !source.exists() {
        return Ok(None);
    }
    let python = root().join(".venv/bin/python");
    if !python.exists() {
        return Err(
            "the wasi-threads C test needs Zig from the venv: run `cargo xtask setup`".into(),
        );
    }
    let built = out.join("thread_spawn-simple.wasm");
    let mut zig = std::process::Command::new(python);
    zig.args(["-m", "ziglang", "build-exe", "-target", "wasm32-wasi"])
        .args([
            "-mcpu",
            "generic+atomics+bulk_memory",
            "-fno-single-threaded",
        ])
        .args([
            "-O",
            "ReleaseSafe",
            "-fstrip",
            "-lc",
            "-cflags",
            "-D_REENTRANT",
            "--",
        ])
        .arg(&source)
        .arg(dir.join("wasi_thread_spawn.S"))
        .arg(root().join("xtask/conformance/thread_spawn_shim.c"))
        .args(["--import-memory", "--export-memory", "--shared-memory"])
        .arg("--max-memory=67108864")
        .arg(format!("-femit-bin={}", built.display()));
    crate::cmd::run(&mut zig)?;
    Ok(Some(built))
}
