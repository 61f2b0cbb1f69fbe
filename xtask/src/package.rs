//! `cargo xtask package`: the npm package, `target/npm/wasi-web-VERSION.tgz` (`npm pack`), from
//! the built `web/pkg/`: one `exports` entry per public module with its types, and only what a
//! page loads (the test harness and its pages are not in `web/pkg/`). The `package` test part
//! installs the tarball as a user would and type-checks a consumer with `tsc --strict`.

use crate::cmd::{root, run, Result};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::process::Command;

/// The public modules: `(export path, module, types)`.
const ENTRIES: [(&str, &str, Option<&str>); 9] = [
    (".", "./wasi_web.js", Some("./wasi_web.d.ts")),
    ("./run", "./run.js", Some("./run.d.ts")),
    ("./spawn", "./wasi-run.js", Some("./wasi-run.d.ts")),
    (
        "./playground",
        "./wasi-playground.js",
        Some("./wasi-playground.d.ts"),
    ),
    ("./terminal", "./terminal.js", Some("./terminal.d.ts")),
    ("./oci", "./oci.js", Some("./oci.d.ts")),
    ("./xterm", "./xterm.js", Some("./xterm.d.ts")),
    ("./wagi", "./wagi/wagi.js", None),
    ("./wagi/boot", "./wagi/wagi-boot.js", None),
];

/// Builds the package and returns the tarball's path.
pub fn package() -> Result<PathBuf> {
    let pkg = crate::build::build_pkg()?;
    let staging = root().join("target/npm/package");
    let _ = std::fs::remove_dir_all(&staging);
    copy_dir(&pkg, &staging)?;
    std::fs::write(
        staging.join("package.json"),
        serde_json::to_string_pretty(&manifest()?).map_err(|e| e.to_string())?,
    )
    .map_err(|e| e.to_string())?;
    std::fs::copy(root().join("web/npm-README.md"), staging.join("README.md"))
        .map_err(|e| format!("web/npm-README.md: {e}"))?;
    let out = root().join("target/npm");
    run(Command::new("npm")
        .current_dir(&staging)
        .args(["pack", "--quiet", "--pack-destination"])
        .arg(&out))?;
    let tarball = out.join(format!("wasi-web-{}.tgz", version()?));
    tarball
        .exists()
        .then_some(tarball.clone())
        .ok_or_else(|| format!("npm pack wrote no {}", tarball.display()))
}

fn manifest() -> Result<Value> {
    let mut exports = serde_json::Map::new();
    for (path, module, types) in ENTRIES {
        let entry = match types {
            Some(t) => json!({ "types": t, "default": module }),
            None => json!({ "default": module }),
        };
        exports.insert(path.to_string(), entry);
    }
    // Files a module finds beside itself with new URL(…, import.meta.url): reachable too.
    exports.insert("./*".into(), json!("./*"));
    let cargo = cargo_toml()?;
    let package = &cargo["package"];
    let mut manifest = json!({
        "name": "wasi-web",
        "version": version()?,
        "description": package["description"].as_str(),
        "license": package["license"].as_str(),
        "type": "module",
        "main": "./wasi_web.js",
        "types": "./wasi_web.d.ts",
        "exports": exports,
        "files": ["*.js", "*.d.ts", "*.wasm", "stdio/", "wagi/", "README.md"],
        // Importing these defines a custom element; everything else is free of side effects.
        "sideEffects": ["./wasi-playground.js", "./terminal.js"],
        // attachXterm takes a Terminal the page made; xterm.js is never imported by us.
        "peerDependencies": { "@xterm/xterm": "^6.0.0" },
        "peerDependenciesMeta": { "@xterm/xterm": { "optional": true } },
        "keywords": ["wasi", "wasm", "webassembly", "wasm32-wasip1", "browser", "wagi"],
    });
    if let Some(repository) = package.get("repository").and_then(|r| r.as_str()) {
        manifest["repository"] = json!({ "type": "git", "url": repository });
    }
    Ok(manifest)
}

/// The crate's Cargo.toml: the one place the version, description and license are written.
fn cargo_toml() -> Result<toml::Table> {
    toml::from_str(&std::fs::read_to_string(root().join("Cargo.toml")).map_err(|e| e.to_string())?)
        .map_err(|e| e.to_string())
}

fn version() -> Result<String> {
    cargo_toml()?["package"]["version"]
        .as_str()
        .map(str::to_string)
        .ok_or_else(|| "Cargo.toml has no package.version".into())
}

/// A new project in a temp dir with the tarball `npm install`ed, as a user starts one.
pub fn fresh_project(name: &str, tarball: &Path) -> Result<PathBuf> {
    let project = std::env::temp_dir().join(format!("wasi-web-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&project);
    std::fs::create_dir_all(&project).map_err(|e| e.to_string())?;
    std::fs::write(
        project.join("package.json"),
        r#"{"name":"app","private":true,"type":"module"}"#,
    )
    .map_err(|e| e.to_string())?;
    run(Command::new("npm")
        .current_dir(&project)
        .args(["install", "--no-audit", "--no-fund", "--quiet"])
        .arg(tarball))?;
    Ok(project)
}

pub fn copy_dir(from: &Path, to: &Path) -> Result {
    std::fs::create_dir_all(to).map_err(|e| e.to_string())?;
    for entry in std::fs::read_dir(from)
        .map_err(|e| e.to_string())?
        .flatten()
    {
        let (src, dest) = (entry.path(), to.join(entry.file_name()));
        if src.is_dir() {
            copy_dir(&src, &dest)?;
        } else {
            std::fs::copy(&src, &dest).map_err(|e| format!("{}: {e}", src.display()))?;
        }
    }
    Ok(())
}

/// The `package` test part: the apps of consumer.rs (Vite, esbuild, no bundler) in both
/// browsers; the tarball installed into a fresh project and a consumer of every entry
/// type-checked with `tsc --noEmit --strict` (lines must fail to compile, so the check can
/// fail); and `npm pack --dry-run` listing only shipped files.
pub fn check() -> Result<(usize, usize)> {
    let tarball = package()?;
    let tsc = crate::setup::typescript().ok_or_else(|| crate::setup::missing("tsc"))?;
    let project = fresh_project("types", &tarball)?;
    for file in ["consumer.ts", "tsconfig.json"] {
        std::fs::copy(root().join("tests/package").join(file), project.join(file))
            .map_err(|e| format!("tests/package/{file}: {e}"))?;
    }
    let typed = Command::new(tsc)
        .current_dir(&project)
        .args(["--noEmit", "-p", "tsconfig.json"])
        .output()
        .map_err(|e| e.to_string())?;
    let listing = Command::new("npm")
        .current_dir(root().join("target/npm/package"))
        .args(["pack", "--dry-run", "--json"])
        .output()
        .map_err(|e| e.to_string())?;
    let _ = std::fs::remove_dir_all(&project);
    let files: Vec<String> = serde_json::from_slice::<Value>(&listing.stdout)
        .ok()
        .and_then(|v| v[0]["files"].as_array().cloned())
        .unwrap_or_default()
        .iter()
        .filter_map(|f| f["path"].as_str().map(str::to_string))
        .collect();
    let test_only = [
        "tree-codec.js",
        "runner.html",
        "conformance.html",
        "harness",
    ];
    let shipped_only = !files.is_empty()
        && !files
            .iter()
            .any(|f| test_only.iter().any(|t| f.contains(t)));
    let tsc_out = String::from_utf8_lossy(&typed.stdout).into_owned();
    let mut tally = crate::checks::Tally::default();
    tally.add(crate::consumer::suite(&tarball)?);
    tally.add(crate::checks::report_checks(
        "package",
        &[
            (
                format!(
                    "the tarball installs and a consumer of every entry passes tsc --strict ({})",
                    tarball.display()
                ),
                typed.status.success(),
            ),
            (
                format!("npm pack lists only shipped files ({} files)", files.len()),
                shipped_only,
            ),
        ],
        &tsc_out,
    )?);
    Ok(tally.into())
}
