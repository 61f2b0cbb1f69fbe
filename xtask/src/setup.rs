//! `cargo xtask setup`: installs, idempotently and with pinned versions, everything a fresh
//! Debian machine lacks. Each step checks first and does nothing when already satisfied.

use crate::cmd::{self, output, run, which, Result};
use std::process::Command;

pub const WASM_BINDGEN_VERSION: &str = "0.2.130";
const GECKODRIVER_VERSION: &str = "0.37.1";
const CARGO_FUZZ_VERSION: &str = "0.13.1";
/// The test venv's Python packages: the WASI oracle, the OCI suite's push client and the
/// token service's JWT signing, and Zig (its `zig cc` and wasi-libc build the wasi-threads
/// test written in C).
const PYTHON_PACKAGES: [&str; 5] = [
    "wasmtime==50.0.1",
    "oras==0.2.43",
    "pyjwt==2.15.1",
    "cryptography==50.0.2",
    "ziglang==0.17.0",
];
/// `(apt package, a file it installs)`: the browsers and their drivers; WebKitGTK's
/// MiniBrowser (with libwebkit2gtk) has no headless mode, so it draws on Xvfb.
const BROWSER_PACKAGES: [(&str, &str); 5] = [
    ("chromium", "/usr/lib/chromium/chromium"),
    ("chromium-driver", "/usr/bin/chromedriver"),
    ("firefox-esr", "/usr/bin/firefox-esr"),
    ("webkit2gtk-driver", "/usr/bin/WebKitWebDriver"),
    ("xvfb", "/usr/bin/Xvfb"),
];
/// The OCI suite's registry (distribution 2.8).
const REGISTRY_PACKAGE: (&str, &str) = ("docker-registry", "/usr/bin/docker-registry");

/// Everything: what `cargo xtask test` needs.
pub fn setup() -> Result {
    for_build()?;
    // The threaded test guests (tests/threads-guests); nothing a demo runs needs it.
    rust_targets(&["wasm32-wasip1-threads"])?;
    let mut apt = BROWSER_PACKAGES.to_vec();
    apt.push(REGISTRY_PACKAGE);
    apt_install(&apt)?;
    geckodriver()?;
    python_venv()?;
    bench_peers()?;
    npm_install(&cmd::root().join("tools/ts"), &[TYPESCRIPT])?;
    npm_install(&cmd::root().join("tools/vite"), &[VITE])?;
    npm_install(&cmd::root().join("tools/xterm"), &[XTERM])?;
    eprintln!("setup: everything is installed");
    Ok(())
}

/// What building the package and the guests needs (`cargo xtask demo`).
pub fn for_build() -> Result {
    rust_targets(&["wasm32-unknown-unknown", "wasm32-wasip1"])?;
    // The host is built with its own std (build.rs `build_host`): it needs std's sources.
    rust_component("rust-src")?;
    wasm_bindgen_cli()?;
    build_tools()
}

/// What the OCI test registries need (`cargo xtask registry`).
pub fn for_registry() -> Result {
    for_build()?;
    apt_install(&[REGISTRY_PACKAGE])?;
    python_venv()
}

/// What `cargo xtask fuzz` needs: a nightly toolchain and cargo-fuzz.
pub fn for_fuzz() -> Result {
    let toolchains = output("rustup", &["toolchain", "list"]).unwrap_or_default();
    if !toolchains.lines().any(|l| l.starts_with("nightly")) {
        run(Command::new("rustup").args([
            "toolchain",
            "install",
            "nightly",
            "--profile",
            "minimal",
        ]))?;
    }
    let want = format!("cargo-fuzz {CARGO_FUZZ_VERSION}");
    let have = which("cargo-fuzz").and_then(|p| output(p.to_str()?, &["--version"]));
    if have.as_deref() == Some(want.as_str()) {
        return Ok(());
    }
    run(cmd::cargo().args([
        "install",
        "cargo-fuzz",
        "--locked",
        "--version",
        CARGO_FUZZ_VERSION,
    ]))
}

/// What running in headless browsers needs (`cargo xtask run`, `hello`).
pub fn for_browsers() -> Result {
    for_build()?;
    apt_install(&BROWSER_PACKAGES)?;
    geckodriver()
}

fn rust_targets(targets: &[&str]) -> Result {
    let installed = output("rustup", &["target", "list", "--installed"]).unwrap_or_default();
    // One at a time: two concurrent installs of the same target conflict.
    for &target in targets {
        if !installed.lines().any(|l| l.trim() == target) {
            run(Command::new("rustup").args(["target", "add", target]))?;
        }
    }
    Ok(())
}

fn rust_component(component: &str) -> Result {
    let installed = output("rustup", &["component", "list", "--installed"]).unwrap_or_default();
    if !installed.lines().any(|l| l.trim().starts_with(component)) {
        run(Command::new("rustup").args(["component", "add", component]))?;
    }
    Ok(())
}

fn wasm_bindgen_cli() -> Result {
    let want = format!("wasm-bindgen {WASM_BINDGEN_VERSION}");
    let have = which("wasm-bindgen").and_then(|p| output(p.to_str()?, &["--version"]));
    if have.as_deref() == Some(want.as_str()) && which("wasm-bindgen-test-runner").is_some() {
        return Ok(());
    }
    // Not --locked: the lock file pins a webpki-roots this registry does not have.
    run(cmd::cargo().args([
        "install",
        "wasm-bindgen-cli",
        "--version",
        WASM_BINDGEN_VERSION,
    ]))
}

fn apt_install(packages: &[(&str, &str)]) -> Result {
    let missing: Vec<&str> = packages
        .iter()
        .filter(|(_, path)| !std::path::Path::new(path).exists())
        .map(|(pkg, _)| *pkg)
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    let sudo = if output("id", &["-u"]).as_deref() == Some("0") {
        vec![]
    } else {
        vec!["sudo"]
    };
    let apt = |args: &[&str]| {
        let mut all: Vec<&str> = sudo.clone();
        all.push("apt-get");
        all.extend_from_slice(args);
        let mut c = Command::new(all[0]);
        c.args(&all[1..]).env("DEBIAN_FRONTEND", "noninteractive");
        run(&mut c)
    };
    apt(&["update"])?;
    let mut install = vec!["install", "-y", "--no-install-recommends"];
    install.extend(missing);
    apt(&install)
}

fn geckodriver() -> Result {
    let have = which("geckodriver").and_then(|p| output(p.to_str()?, &["--version"]));
    if have.is_some_and(|v| v.starts_with(&format!("geckodriver {GECKODRIVER_VERSION}"))) {
        return Ok(());
    }
    run(cmd::cargo().args([
        "install",
        "geckodriver",
        "--locked",
        "--version",
        GECKODRIVER_VERSION,
    ]))
}

fn python_venv() -> Result {
    let venv = cmd::root().join(".venv");
    let python = venv.join("bin/python");
    let pins: Vec<String> = PYTHON_PACKAGES
        .iter()
        .map(|p| {
            let (name, version) = p.split_once("==").unwrap_or((p, ""));
            format!("m.version('{name}') == '{version}'")
        })
        .collect();
    let check = format!(
        "import importlib.metadata as m; assert {}",
        pins.join(" and ")
    );
    if python.exists() && output(python.to_str().unwrap_or_default(), &["-c", &check]).is_some() {
        return Ok(());
    }
    if !python.exists() {
        run(Command::new("python3").args(["-m", "venv"]).arg(&venv))?;
    }
    run(Command::new(&python)
        .args(["-m", "pip", "install", "-q"])
        .args(PYTHON_PACKAGES))
}

/// What the package build runs after wasm-bindgen, pinned: wasm-opt from npm (apt's binaryen
/// 108 silently breaks wasm-bindgen output), esbuild to bundle and minify the shipped JS, and
/// smol-toml, the TOML parser bundled into the WAGI gateway.
const BUILD_TOOLS: [&str; 3] = ["binaryen@132.0.0", "esbuild@0.25.12", "smol-toml@1.9.1"];

fn build_tools() -> Result {
    npm_install(&cmd::root().join("tools"), &BUILD_TOOLS)
}

/// What a command says when a tool `cargo xtask setup` installs is not there.
pub fn missing(tool: &str) -> String {
    format!("{tool} is missing: run `cargo xtask setup`")
}

/// The package's type test (tests/package/) runs this tsc.
const TYPESCRIPT: &str = "typescript@5.9.3";

/// The xterm.js adapter's e2e runs in this Terminal.
const XTERM: &str = "@xterm/xterm@6.0.0";

pub fn xterm() -> Option<std::path::PathBuf> {
    let path = cmd::root().join("tools/xterm/node_modules/@xterm/xterm");
    path.exists().then_some(path)
}

/// The package's consumer test builds its app with this Vite.
const VITE: &str = "vite@8.4.0";

pub fn vite() -> Option<std::path::PathBuf> {
    let path = cmd::root().join("tools/vite/node_modules/.bin/vite");
    path.exists().then_some(path)
}

pub fn typescript() -> Option<std::path::PathBuf> {
    let path = cmd::root().join("tools/ts/node_modules/.bin/tsc");
    path.exists().then_some(path)
}

/// The hosts `cargo xtask bench` compares against, pinned.
pub const BENCH_PEERS: [&str; 7] = [
    "@bjorn3/browser_wasi_shim@0.4.2",
    "@runno/wasi@0.10.0",
    "uwasi@1.1.0",
    "@tybys/wasm-util@0.10.5",
    "memfs-browser@4.6.10002",
    "@wasmer/sdk@0.16.0",
    // memfs-browser needs a Buffer polyfill, as wasm-util documents.
    "buffer@6.0.3",
];

fn bench_peers() -> Result {
    npm_install(&cmd::root().join("tools/bench"), &BENCH_PEERS)
}

/// Installs `name@version` packages into `dir/node_modules`, unless all are there already.
fn npm_install(dir: &std::path::Path, packages: &[&str]) -> Result {
    let installed = |spec: &str| {
        let (name, version) = spec.rsplit_once('@').unwrap_or((spec, ""));
        let manifest = dir.join("node_modules").join(name).join("package.json");
        std::fs::read_to_string(manifest)
            .is_ok_and(|m| m.contains(&format!("\"version\": \"{version}\"")))
    };
    if packages.iter().all(|p| installed(p)) {
        return Ok(());
    }
    std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
    run(Command::new("npm")
        .current_dir(dir)
        .args(["install", "--no-audit", "--no-fund", "--prefix", "."])
        .args(packages))
}

pub fn wasm_opt() -> Option<std::path::PathBuf> {
    tool("wasm-opt")
}

pub fn esbuild() -> Option<std::path::PathBuf> {
    tool("esbuild")
}

fn tool(name: &str) -> Option<std::path::PathBuf> {
    let path = cmd::root().join("tools/node_modules/.bin").join(name);
    path.exists().then_some(path)
}
