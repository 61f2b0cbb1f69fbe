//! The peer hosts the bench compares against, prepared as a user shipping them would: each
//! bundled and minified by esbuild (resolving extensionless imports and `browser` fields the
//! way a bundler does), served to the bench worker from `/bundles/`, and measured for size.

use crate::cmd::{root, run, Result};
use crate::setup;
use std::path::PathBuf;
use std::process::Command;

/// Each JS peer's entry module: what its bench adapter (bench-worker.js) imports.
const ENTRIES: [(&str, &str); 5] = [
    (
        "browser_wasi_shim",
        r#"export * from "@bjorn3/browser_wasi_shim";"#,
    ),
    ("runno", r#"export { WASI } from "@runno/wasi";"#),
    ("uwasi", r#"export { WASI, useAll } from "uwasi";"#),
    // wasm-util's own docs: memfs-browser for the file system, a `Buffer` polyfill for it.
    (
        "wasm_util",
        r#"export { WASI } from "@tybys/wasm-util";
export { Volume, createFsFromVolume } from "memfs-browser";
export { Buffer } from "buffer";"#,
    ),
    // Measured only: @wasmer/sdk loads its runtime wasm and workers relative to its own
    // files, so the bench imports it unbundled from /node_modules/.
    ("wasmer", r#"export { Wasmer } from "@wasmer/sdk";"#),
];

pub fn bundle_dir() -> PathBuf {
    root().join("target/bench/bundles")
}

/// Bundles every peer into `target/bench/bundles/<host>.js`.
pub fn bundle() -> Result {
    let esbuild = setup::esbuild().ok_or_else(|| setup::missing("esbuild"))?;
    // Entries live beside node_modules so that bare imports resolve there.
    let entries = root().join("tools/bench/entries");
    std::fs::create_dir_all(&entries).map_err(|e| e.to_string())?;
    for (host, source) in ENTRIES {
        let entry = entries.join(format!("{host}.js"));
        std::fs::write(&entry, source).map_err(|e| e.to_string())?;
        run(Command::new(&esbuild).arg(&entry).args([
            "--bundle",
            "--minify",
            "--format=esm",
            "--platform=browser",
            "--log-level=error",
            &format!(
                "--outfile={}",
                bundle_dir().join(format!("{host}.js")).display()
            ),
        ]))?;
    }
    Ok(())
}

/// The files each peer ships: its bundle, and wasmer's runtime wasm.
pub fn shipped_files() -> Vec<(&'static str, Vec<PathBuf>)> {
    ENTRIES
        .iter()
        .map(|(host, _)| {
            let mut files = vec![bundle_dir().join(format!("{host}.js"))];
            if *host == "wasmer" {
                files.push(
                    root().join("tools/bench/node_modules/@wasmer/sdk/pkg/wasmer_sdk_js_bg.wasm"),
                );
            }
            (*host, files)
        })
        .collect()
}
