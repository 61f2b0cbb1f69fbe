//! The package as users consume it: the tarball `npm install`ed into a fresh project whose app
//! (tests/package/app/) is built by Vite, bundled by esbuild, or loaded as is through an import
//! map, then run in Chromium and Firefox, with and without cross-origin isolation.

use crate::browser::Browser;
use crate::checks::{report_checks, Tally};
use crate::cmd::{root, run, Result};
use crate::page::DrivenPage;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;
use std::time::{Duration, Instant};

#[derive(Clone, Copy)]
enum Build {
    Vite,
    Esbuild,
    NoBundler,
}

impl Build {
    fn name(self) -> &'static str {
        match self {
            Build::Vite => "Vite",
            Build::Esbuild => "esbuild",
            Build::NoBundler => "no bundler",
        }
    }
}

/// The files a page loads beside an esbuild bundle: esbuild leaves `new URL(…,
/// import.meta.url)` as it is, so the wasm and the workers (with what they import) are
/// copied next to it, as the README tells esbuild users.
pub const BESIDE_THE_BUNDLE: [&str; 7] = [
    "wasi_web_bg.wasm",
    "stdio/wasi_web_bg.wasm",
    "run-worker.js",
    "wasi_web.js",
    "oci.js",
    "thread-worker.js",
    "threads.js",
];

pub fn suite(tarball: &Path) -> Result<(usize, usize)> {
    let mut tally = Tally::default();
    for build in [Build::Vite, Build::Esbuild, Build::NoBundler] {
        let dist = build_app(build, tarball)?;
        for browser in [Browser::Chrome, Browser::Firefox] {
            for (page, isolated) in [("/index.html", true), ("/plain/index.html", false)] {
                tally.add(check_app(build, browser, &dist, page, isolated)?);
            }
        }
        let _ = std::fs::remove_dir_all(dist.parent().unwrap_or(&dist));
    }
    Ok(tally.into())
}

/// A fresh project with the tarball installed, built the `build` way; its `dist/`.
fn build_app(build: Build, tarball: &Path) -> Result<PathBuf> {
    let io = |e: std::io::Error| e.to_string();
    let name = format!("app-{}", build.name().replace(' ', "-"));
    let project = crate::package::fresh_project(&name, tarball)?;
    let app = root().join("tests/package/app");
    let page = std::fs::read_to_string(app.join("index.html")).map_err(io)?;
    std::fs::copy(app.join("main.js"), project.join("main.js")).map_err(io)?;
    let dist = project.join("dist");
    match build {
        Build::Vite => {
            std::fs::write(
                project.join("index.html"),
                page.replace("<!--IMPORTMAP-->", ""),
            )
            .map_err(io)?;
            let vite = crate::setup::vite().ok_or_else(|| crate::setup::missing("vite"))?;
            // Relative asset URLs, so the app also works under /plain/.
            run(Command::new(vite).current_dir(&project).args([
                "build",
                "--base",
                "./",
                "--logLevel",
                "warn",
            ]))?;
        }
        Build::Esbuild => {
            std::fs::create_dir_all(&dist).map_err(io)?;
            std::fs::write(
                dist.join("index.html"),
                page.replace("<!--IMPORTMAP-->", ""),
            )
            .map_err(io)?;
            let esbuild =
                crate::setup::esbuild().ok_or_else(|| crate::setup::missing("esbuild"))?;
            run(Command::new(esbuild)
                .current_dir(&project)
                .args(["main.js", "--bundle", "--format=esm", "--log-level=warning"])
                .arg(format!("--outfile={}", dist.join("main.js").display())))?;
            std::fs::create_dir_all(dist.join("stdio")).map_err(io)?;
            for file in BESIDE_THE_BUNDLE {
                std::fs::copy(
                    project.join("node_modules/wasi-web").join(file),
                    dist.join(file),
                )
                .map_err(io)?;
            }
        }
        Build::NoBundler => {
            let map = r#"<script type="importmap">{"imports": {
  "wasi-web": "./node_modules/wasi-web/wasi_web.js",
  "wasi-web/": "./node_modules/wasi-web/",
  "wasi-web/run": "./node_modules/wasi-web/run.js",
  "wasi-web/spawn": "./node_modules/wasi-web/wasi-run.js",
  "wasi-web/playground": "./node_modules/wasi-web/wasi-playground.js"
}}</script>"#;
            std::fs::create_dir_all(&dist).map_err(io)?;
            std::fs::write(
                dist.join("index.html"),
                page.replace("<!--IMPORTMAP-->", map),
            )
            .map_err(io)?;
            std::fs::copy(project.join("main.js"), dist.join("main.js")).map_err(io)?;
            crate::package::copy_dir(&project.join("node_modules"), &dist.join("node_modules"))?;
        }
    }
    for guest in [
        crate::build::hellowasi(),
        crate::build::guest_dir().join("reverse.wasm"),
        crate::build::guest_dir().join("cat.wasm"),
        crate::build::build_thread_guests()?.join("spawn_join.wasm"),
    ] {
        let name = guest.file_name().unwrap_or_default().to_owned();
        std::fs::copy(&guest, dist.join(name)).map_err(io)?;
    }
    Ok(dist)
}

fn check_app(
    build: Build,
    browser: Browser,
    dist: &Path,
    page: &str,
    isolated: bool,
) -> Result<(usize, usize)> {
    let label = format!(
        "package with {} in {} ({})",
        build.name(),
        browser.name(),
        if isolated { "isolated" } else { "not isolated" }
    );
    let driven = DrivenPage::open_site(
        browser,
        dist.to_path_buf(),
        Arc::new(|_, _| None),
        Vec::new(),
        page,
    )?;
    let Some((_, body)) = driven.next_post(Instant::now() + Duration::from_secs(60)) else {
        return report_checks(&label, &[("the app reports within 60 s".into(), false)], "");
    };
    let r: Value = serde_json::from_slice(&body).map_err(|e| e.to_string())?;
    let text = |k: &str| r[k].as_str().unwrap_or_default().to_string();
    // Isolated pages block on a SharedArrayBuffer; others suspend with JSPI (both engines
    // here have it).
    let mode = text("mode");
    let mode_ok = mode == if isolated { "sab" } else { "jspi" };
    let interactive = text("spawn") == "exit 0: true";
    // A threaded program needs the workers the bundle emitted (thread-worker.js, threads.js).
    let threads = if isolated {
        vec![(
            format!("spawn() runs a threaded program ({})", text("threads")),
            text("threads") == "exit 0: total: 7998000",
        )]
    } else {
        Vec::new()
    };
    report_checks(
        &label,
        &[
            threads,
            vec![
                (
                    format!("run() runs hellowasi ({})", text("run")),
                    text("run") == "exit 0: Hello, World!",
                ),
                (
                    format!(
                        "run.js runs hellowasi on the stdio-only host ({})",
                        text("stdioHost")
                    ),
                    text("stdioHost") == "exit 0: Hello, World!",
                ),
                (
                    format!(
                        "run.js runs cat over dirs on the full host ({})",
                        text("fullHost")
                    ),
                    text("fullHost") == "exit 0: from a dir",
                ),
                (
                    format!(
                        "spawn() answers a typed line ({}, stdin {mode})",
                        text("spawn")
                    ),
                    interactive && mode_ok && r["isolated"] == isolated,
                ),
                (
                    format!("<wasi-playground> runs ({})", text("widget")),
                    text("widget") == "exit 0: Hello, World!",
                ),
            ],
        ]
        .concat(),
        &format!("error: {}", text("error")),
    )
}
