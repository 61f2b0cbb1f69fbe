//! Building the web package and the wasm32-wasip1 programs; recording the oracle.

use crate::cmd::{self, root, run, Result};
use crate::setup;
use std::path::PathBuf;
use std::process::Command;

/// Guest programs (tests) and the hellowasi example, built for wasm32-wasip1.
pub fn build_guests() -> Result {
    for dir in ["examples/hellowasi", "tests/guests"] {
        run(cmd::cargo().current_dir(root().join(dir)).args([
            "build",
            "--release",
            "--target",
            "wasm32-wasip1",
        ]))?;
    }
    Ok(())
}

pub fn guest_dir() -> PathBuf {
    root().join("tests/guests/target/wasm32-wasip1/release")
}

pub fn hellowasi() -> PathBuf {
    root().join("examples/hellowasi/target/wasm32-wasip1/release/hellowasi.wasm")
}

/// Builds the library for the web into `web/pkg/` and reports its shipped size.
pub fn build_pkg() -> Result<PathBuf> {
    run(cmd::cargo().current_dir(root()).args([
        "build",
        "--release",
        "--lib",
        "--target",
        "wasm32-unknown-unknown",
    ]))?;
    let pkg = root().join("web/pkg");
    // Built anew, so a file dropped from the package does not linger in it.
    let _ = std::fs::remove_dir_all(&pkg);
    let wasm = root().join("target/wasm32-unknown-unknown/release/wasi_web.wasm");
    let wasm_bindgen =
        cmd::which("wasm-bindgen").ok_or("wasm-bindgen is missing: run `cargo xtask setup`")?;
    run(Command::new(wasm_bindgen)
        .args([
            "--target",
            "web",
            "--remove-name-section",
            "--remove-producers-section",
            "--out-dir",
        ])
        .arg(&pkg)
        .arg(&wasm))?;
    let bg = pkg.join("wasi_web_bg.wasm");
    match setup::wasm_opt() {
        Some(opt) => run(Command::new(opt)
            .args(["-Oz", "--converge"])
            .arg(&bg)
            .arg("-o")
            .arg(&bg))?,
        None => {
            eprintln!("build: wasm-opt not installed (cargo xtask setup); package left unoptimized")
        }
    }
    // The glue ships as one minified module: its snippets (src/web/*.js, the readable sources;
    // types in wasi_web.d.ts) bundled in, so a page fetches one script before the wasm.
    let glue = pkg.join("wasi_web.js");
    match setup::esbuild() {
        Some(esbuild) => {
            run(Command::new(esbuild)
                .arg(&glue)
                .args([
                    "--bundle",
                    "--minify",
                    "--format=esm",
                    "--log-level=warning",
                    // wasm-bindgen names a snippet twice in its import object when the wasm
                    // imports from it in two runs; both entries are the same module.
                    "--log-override:duplicate-object-key=silent",
                ])
                .arg("--allow-overwrite")
                .arg(format!("--outfile={}", glue.display())))?;
            std::fs::remove_dir_all(pkg.join("snippets")).map_err(|e| e.to_string())?;
        }
        None => eprintln!("build: esbuild not installed (cargo xtask setup); glue left as is"),
    }
    // The JS runtime (spawn, worker, terminal, widget) ships next to the glue it imports.
    for entry in std::fs::read_dir(root().join("web/lib"))
        .map_err(|e| e.to_string())?
        .flatten()
    {
        std::fs::copy(entry.path(), pkg.join(entry.file_name())).map_err(|e| e.to_string())?;
    }
    // The drop page's one-click sample and the embed example's programs.
    let examples = root().join("web/examples");
    std::fs::create_dir_all(&examples).map_err(|e| e.to_string())?;
    let samples = [
        hellowasi(),
        guest_dir().join("reverse.wasm"),
        guest_dir().join("cat.wasm"),
        guest_dir().join("keys.wasm"),
    ];
    for sample in samples.iter().filter(|p| p.exists()) {
        let name = sample.file_name().unwrap_or_default();
        std::fs::copy(sample, examples.join(name)).map_err(|e| e.to_string())?;
    }
    let size = |p: PathBuf| std::fs::metadata(p).map(|m| m.len()).unwrap_or(0);
    eprintln!(
        "build: web/pkg ready (wasm {} bytes, glue {} bytes)",
        size(bg),
        size(pkg.join("wasi_web.js"))
    );
    Ok(pkg)
}

/// Re-records tests/guests/expected/*.json from wasmtime-py.
pub fn record_oracle() -> Result {
    build_guests()?;
    let python = root().join(".venv/bin/python");
    if !python.exists() {
        return Err("the oracle needs the Python venv: run `cargo xtask setup`".into());
    }
    run(Command::new(python)
        .arg(root().join("xtask/oracle.py"))
        .arg(root().join("tests/guests/cases.json"))
        .arg(guest_dir())
        .arg(root().join("tests/guests/expected")))
}
