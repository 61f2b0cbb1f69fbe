//! Building the web package and the wasm32-wasip1 programs; recording the oracle.

use crate::cmd::{self, root, run, Result};
use crate::setup;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Guest programs (tests) and the hellowasi example, built for wasm32-wasip1.
pub fn build_guests() -> Result {
    for dir in ["examples/hellowasi", "examples/wagi", "tests/guests"] {
        run(cmd::cargo().current_dir(root().join(dir)).args([
            "build",
            "--release",
            "--target",
            "wasm32-wasip1",
        ]))?;
    }
    Ok(())
}

/// uutils coreutils, the large real program the OCI suite pulls (about 10 MB: the utilities
/// that build for wasm32-wasip1, as one multicall binary).
const COREUTILS_VERSION: &str = "0.12.0";
const COREUTILS_UTILS: &str = "base64 base32 basenc basename dirname cat echo head tail wc sort seq tr cut printf \
     sha256sum sha1sum sha512sum md5sum b2sum cksum sum factor fold nl uniq comm csplit expand unexpand expr fmt join \
     numfmt od paste pr ptx shuf split tee true false tsort yes printenv pwd ls cp mv rm mkdir rmdir touch ln link \
     unlink realpath readlink truncate mktemp dd shred";

/// Builds (once: a stamp records what was built) and returns coreutils.wasm.
pub fn coreutils() -> Result<PathBuf> {
    let root_dir = root().join("target/coreutils");
    let wasm = root_dir.join("bin/coreutils.wasm");
    let stamp = root_dir.join("built-with");
    let want = format!("{COREUTILS_VERSION} {COREUTILS_UTILS}");
    if wasm.exists() && std::fs::read_to_string(&stamp).is_ok_and(|s| s == want) {
        return Ok(wasm);
    }
    run(cmd::cargo()
        .args([
            "install",
            "coreutils",
            "--version",
            COREUTILS_VERSION,
            "--locked",
            "--quiet",
            "--target",
            "wasm32-wasip1",
            "--no-default-features",
            "--features",
            COREUTILS_UTILS,
            "--root",
        ])
        .arg(&root_dir)
        // A build dir of its own, kept, so a changed list rebuilds only what changed.
        .arg("--target-dir")
        .arg(root_dir.join("build")))?;
    std::fs::write(&stamp, want).map_err(|e| e.to_string())?;
    Ok(wasm)
}

pub fn guest_dir() -> PathBuf {
    root().join("tests/guests/target/wasm32-wasip1/release")
}

/// The wasm32-wasip1-threads test programs (tests/threads-guests: Rust, and text modules in
/// wat/), built; their directory.
pub fn build_thread_guests() -> Result<PathBuf> {
    let dir = root().join("tests/threads-guests");
    run(cmd::cargo().current_dir(&dir).args([
        "build",
        "--release",
        "--target",
        "wasm32-wasip1-threads",
    ]))?;
    let out = dir.join("target/wasm32-wasip1-threads/release");
    for entry in std::fs::read_dir(dir.join("wat")).map_err(|e| e.to_string())? {
        let source = entry.map_err(|e| e.to_string())?.path();
        let wasm = wat::parse_file(&source).map_err(|e| format!("{}: {e}", source.display()))?;
        let name = source.with_extension("wasm");
        let name = name.file_name().unwrap_or_default();
        std::fs::write(out.join(name), wasm).map_err(|e| e.to_string())?;
    }
    Ok(out)
}

pub fn hellowasi() -> PathBuf {
    root().join("examples/hellowasi/target/wasm32-wasip1/release/hellowasi.wasm")
}

/// Builds the library for the web into `web/pkg/` (and the WAGI gateway's own host into
/// `web/pkg/wagi/`) and reports the shipped size.
pub fn build_pkg() -> Result<PathBuf> {
    let pkg = root().join("web/pkg");
    // Built anew, so a file dropped from the package does not linger in it.
    let _ = std::fs::remove_dir_all(&pkg);
    build_host(&pkg, None)?;
    copy_runtime(&pkg)?;
    bundle_runtime(&pkg)?;
    build_host(&pkg.join("wagi"), Some("wagi"))?;
    bundle_wagi(&pkg)?;
    // The stdio-only host: reached through run.js alone, whose types are the full host's.
    let stdio = pkg.join("stdio");
    build_host(&stdio, Some("stdio-only"))?;
    for types in ["wasi_web.d.ts", "wasi_web_bg.wasm.d.ts"] {
        std::fs::remove_file(stdio.join(types)).map_err(|e| e.to_string())?;
    }
    // Its glue loads the OCI puller beside it, as the full host's does: the one puller.
    std::fs::write(stdio.join("oci.js"), "export * from \"../oci.js\";\n")
        .map_err(|e| e.to_string())?;
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
        size(pkg.join("wasi_web_bg.wasm")),
        size(pkg.join("wasi_web.js"))
    );
    Ok(pkg)
}

/// The JS runtime (run.js, spawn, its workers, the terminal, the widget, the WAGI gateway's
/// parts) next to the glue it imports, minified like the glue: a page loads these modules as
/// they are (a CDN, or a bundler that does not minify). Each stays a module of its own (the
/// widget, spawn() and its run worker are then bundled: [`bundle_runtime`]), its imports and
/// `new URL("./…", import.meta.url)` as written; web/lib/ keeps the readable sources, and the
/// types (.d.ts) and pages are copied as they are.
fn copy_runtime(pkg: &Path) -> Result {
    let mut modules = Vec::new();
    for entry in std::fs::read_dir(root().join("web/lib"))
        .map_err(|e| e.to_string())?
        .flatten()
    {
        let path = entry.path();
        if path.extension().is_some_and(|e| e == "js") {
            modules.push(path);
        } else {
            std::fs::copy(&path, pkg.join(entry.file_name())).map_err(|e| e.to_string())?;
        }
    }
    let outdir = format!("--outdir={}", pkg.display());
    minify(&modules, &["--format=esm", &outdir])
}

/// `<wasi-playground>`, spawn() (wasi-run.js) and spawn()'s run worker each ship as one module
/// with what they import, so a page's first run waits for one level of downloads after the
/// module it imports, not three (measured with 50 ms of server latency, Chromium: the widget's
/// greeting on screen 401 ms after the navigation with every module separate, 349 with the
/// widget bundled, 313.4 → 231.2 with the worker too; a page calling spawn() itself 315.1 →
/// 258.4). The widget and spawn() leave the glue out (a page loads it only for initHost() or an
/// ending it words itself), the worker takes it in; the OCI puller and the threads' workers
/// stay files of their own, loaded when needed. The other modules stay as they are in pkg, for
/// pages that import them (terminal.js, run.js).
fn bundle_runtime(pkg: &Path) -> Result {
    let bundle = |file: &str, args: &[&str]| {
        minify_in_place(
            &pkg.join(file),
            &[&["--bundle", "--format=esm"], args].concat(),
        )
    };
    // The glue and the OCI puller are imported only when needed.
    let page_externals = [
        "--external:./wasi_web.js",
        "--external:./stdio/wasi_web.js",
        "--external:./oci.js",
    ];
    bundle("wasi-playground.js", &page_externals)?;
    bundle("wasi-run.js", &page_externals)?;
    // The glue it takes in names a snippet twice, as build_host says.
    bundle(
        "run-worker.js",
        &[
            "--external:./oci.js",
            "--log-override:duplicate-object-key=silent",
        ],
    )
}

/// Never an unoptimized package: without its tools the build fails, saying how to get them.
fn missing(tool: &str) -> String {
    format!("build: {tool} is missing (run `cargo xtask setup`, or `cargo xtask build`, which installs it)")
}

/// The host (wasm-bindgen output, optimized, glue bundled and minified) into `out`; with a
/// feature, from a target dir of its own so both stay cached.
fn build_host(out: &std::path::Path, feature: Option<&str>) -> Result {
    let target_dir = match feature {
        Some(f) => root().join("target").join(f),
        None => root().join("target"),
    };
    let mut cargo = cmd::cargo();
    cargo
        .current_dir(root())
        .args([
            "build",
            "--release",
            "--lib",
            "--target",
            "wasm32-unknown-unknown",
        ])
        .arg("--target-dir")
        .arg(&target_dir)
        .args(feature.map(|f| ["--features", f]).into_iter().flatten());
    smallest_std(&mut cargo);
    run(&mut cargo)?;
    let wasm = target_dir.join("wasm32-unknown-unknown/release/wasi_web.wasm");
    let wasm_bindgen = cmd::which("wasm-bindgen").ok_or_else(|| missing("wasm-bindgen"))?;
    run(Command::new(wasm_bindgen)
        .args([
            "--target",
            "web",
            "--remove-name-section",
            "--remove-producers-section",
            "--out-dir",
        ])
        .arg(out)
        .arg(&wasm))?;
    let bg = out.join("wasi_web_bg.wasm");
    let glue = out.join("wasi_web.js");
    crate::shorten::shorten_imports(&bg, &glue)?;
    let opt = setup::wasm_opt().ok_or_else(|| missing("wasm-opt"))?;
    run(Command::new(opt)
        .args(["-Oz", "--converge"])
        .arg(&bg)
        .arg("-o")
        .arg(&bg))?;
    // The glue ships as one minified module: its snippets (src/web/*.js, the readable sources;
    // types in wasi_web.d.ts) bundled in, so a page fetches one script before the wasm.
    minify_in_place(
        &glue,
        &[
            "--bundle",
            "--format=esm",
            // wasm-bindgen names a snippet twice in its import object when the wasm
            // imports from it in two runs; both entries are the same module.
            "--log-override:duplicate-object-key=silent",
            // The OCI puller stays a file of its own, loaded only when a reference is given.
            "--external:./oci.js",
            // V8's explicit compile hint: nearly all of the glue runs in the first run(), so
            // compiling it while the script loads beats stopping for each function's first call
            // (measured: the first run() of hellowasi 6.4 → 5.1 ms in Chromium).
            "--banner:js=//# allFunctionsCalledOnLoad",
        ],
    )?;
    std::fs::remove_dir_all(out.join("snippets")).map_err(|e| e.to_string())?;
    Ok(())
}

/// esbuild over `file`, minified, written back in its place; `args` say how (bundled, format,
/// externals).
fn minify_in_place(file: &Path, args: &[&str]) -> Result {
    let outfile = format!("--outfile={}", file.display());
    minify(
        &[file.to_path_buf()],
        &[args, &["--allow-overwrite", &outfile]].concat(),
    )
}

/// esbuild's minifier over `inputs`; `args` say how and where the output goes. NODE_PATH: what
/// a bundle imports from npm comes from setup's tools/.
fn minify(inputs: &[PathBuf], args: &[&str]) -> Result {
    let esbuild = setup::esbuild().ok_or_else(|| missing("esbuild"))?;
    run(Command::new(esbuild)
        .args(inputs)
        .args(["--minify", "--log-level=warning"])
        .args(args)
        .env("NODE_PATH", root().join("tools/node_modules")))
}

/// Builds std itself, for size (the host's wasm 142.7 → 127.9 KB, 59.2 → 53.2 KB gzip): optimized
/// like the host, and with panics that abort at once. A panic in the host is a bug that ends the
/// run as a trap either way (wasm32-unknown-unknown has nowhere to print its message), so the
/// message formatting and the source locations it would carry are dead weight. These are
/// nightly options; RUSTC_BOOTSTRAP lets the stable toolchain take them (its own std sources,
/// the rust-src component, which setup installs).
fn smallest_std(cargo: &mut Command) {
    cargo
        .env("RUSTC_BOOTSTRAP", "1")
        .env(
            "CARGO_ENCODED_RUSTFLAGS",
            [
                "-Zunstable-options",
                "-Cpanic=immediate-abort",
                "-Zlocation-detail=none",
            ]
            .join("\x1f"),
        )
        .args([
            "-Zbuild-std=std,panic_abort",
            "-Zbuild-std-features=optimize_for_size",
        ]);
}

/// The WAGI gateway ships bundled with its TOML parser: `wagi.js` (a module importing the
/// glue beside it) and `wagi-sw.js` (the Service Worker: one classic script, glue included,
/// since not every engine runs module workers).
fn bundle_wagi(pkg: &std::path::Path) -> Result {
    let wagi = pkg.join("wagi");
    for (file, to) in [
        ("wagi.js", "wagi.js"),
        ("wagi-sw.js", "wagi-sw.js"),
        ("wagi-boot.js", "wagi-boot.js"),
        ("wagi-index.html", "index.html"),
    ] {
        std::fs::rename(pkg.join(file), wagi.join(to)).map_err(|e| e.to_string())?;
    }
    // The runtime modules the gateway imports, bundled into it (and removed after).
    const BUNDLED: [&str; 3] = ["tar.js", "oci.js", "oci-reference.js"];
    for helper in BUNDLED {
        std::fs::copy(pkg.join(helper), wagi.join(helper)).map_err(|e| e.to_string())?;
    }
    // From the copies in pkg, so the built glue is what gets bundled; the worker first,
    // while wagi.js is still unbundled.
    for (entry, format, external) in [
        ("wagi-sw.js", "--format=iife", None),
        ("wagi.js", "--format=esm", Some("--external:./wasi_web.js")),
    ] {
        let mut args = vec![
            "--bundle",
            format,
            // The glue's default wasm URL needs import.meta; the worker passes its own.
            "--log-override:empty-import-meta=silent",
            "--log-override:duplicate-object-key=silent",
        ];
        args.extend(external);
        minify_in_place(&wagi.join(entry), &args)?;
    }
    for helper in BUNDLED {
        std::fs::remove_file(wagi.join(helper)).map_err(|e| e.to_string())?;
    }
    Ok(())
}

/// Re-records tests/guests/expected/*.json from wasmtime-py, and
/// tests/threads-guests/expected/*.json from wasmtime-cli.
pub fn record_oracle() -> Result {
    build_guests()?;
    oracle(
        &root().join("tests/guests/cases.json"),
        &root().join("tests/guests/expected"),
    )?;
    crate::threads_suite::record()
}

/// Runs each guest case of the `cases` file under wasmtime-py (xtask/oracle.py) and writes
/// what it answered to `out/NAME.json`.
pub fn oracle(cases: &Path, out: &Path) -> Result {
    let python = root().join(".venv/bin/python");
    if !python.exists() {
        return Err("the oracle needs the Python venv: run `cargo xtask setup`".into());
    }
    run(Command::new(python)
        .arg(root().join("xtask/oracle.py"))
        .arg(cases)
        .arg(guest_dir())
        .arg(out))
}
