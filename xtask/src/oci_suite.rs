//! The OCI suite: modules pulled from real registries (xtask/src/registry.rs) through `run()`,
//! `spawn()` and `<wasi-playground>` (tests/e2e/oci.html, isolated and not), the drop page's
//! deep link, `cargo xtask run oci://…` and a WAGI route whose module is `oci:…`.

use crate::browser::Browser;
use crate::checks::{report_checks, Tally};
use crate::cmd::Result;
use crate::http;
use crate::page::DrivenPage;
use crate::registry::Registries;
use crate::webdriver::free_port;
use serde_json::{json, Value};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::Duration;

const PULL: &str = include_str!("../../tests/e2e/drop-page/pull.js");

pub fn suite(browser: Browser, registries: &Registries) -> Result<(usize, usize)> {
    let mut tally = Tally::default();
    let config = json!({
        "open": registries.open,
        "noCors": registries.no_cors,
        "token": registries.token,
        "proxied": registries.proxied,
        "unused": free_port()?,
        "fixtures": registries.fixtures,
    });
    let body = config.to_string().into_bytes();
    let routes: http::Routes =
        Arc::new(move |path, _| (path == "/oci/config.json").then(|| body.clone()));
    for (page, how) in [
        ("/e2e/oci.html", "isolated"),
        ("/plain/e2e/oci.html", "not isolated"),
    ] {
        let report =
            crate::e2e::run_page_with(browser, page, Duration::from_secs(120), routes.clone(), &[]);
        let report = report?;
        let checks = crate::checks::posted(&report, "the OCI page")?;
        tally.add(report_checks(
            &format!("oci in {} ({how})", browser.name()),
            &checks,
            "",
        )?);
    }
    tally.add(drop_page(browser, registries)?);
    tally.add(runner(browser, registries)?);
    tally.add(wagi_route(browser, registries)?);
    Ok(tally.into())
}

fn reference(registries: &Registries, name: &str) -> String {
    Registries::reference(
        registries.open,
        registries.fixtures[name]["ref"]
            .as_str()
            .unwrap_or_default(),
    )
}

/// `index.html?src=oci://…` pulls, shows the digests among the module's facts, and runs; the
/// registry field pulls coreutils (10 MB) showing its progress, and runs `seq` from it.
fn drop_page(browser: Browser, registries: &Registries) -> Result<(usize, usize)> {
    let src = reference(registries, "v1");
    let page = DrivenPage::open(
        browser,
        Arc::new(|_, _| None),
        &format!("/index.html?src={src}"),
    )?;
    let ran = page
        .session
        .wait_for(
            "document.getElementById('terminal').text.includes('Hello, World!')",
            "the deep-linked module's output",
        )
        .is_ok();
    let facts: Value = page.session.execute(
        "return document.getElementById('module-info').textContent",
        json!([]),
        false,
    )?;
    let facts = facts.as_str().unwrap_or_default();
    let blob = registries.fixtures["v1"]["blob"].as_str().unwrap_or("?");
    page.screenshot(&format!("oci-drop-page-{}", browser.name()))?;
    let pulled = page.session.execute(
        PULL,
        json!([reference(registries, "coreutils"), "seq 3 5"]),
        true,
    )?;
    let seen: Vec<&str> = pulled["seen"]
        .as_array()
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let progress = seen
        .iter()
        .filter(|s| s.starts_with("Pulling coreutils: ") && s.contains(" of 9.6 MiB"))
        .count();
    let exited = seen.last().is_some_and(|s| s.starts_with("exit 0"))
        && pulled["terminal"]
            .as_str()
            .is_some_and(|t| t.contains("3\n4\n5"));
    report_checks(
        &format!("oci in {} (drop page)", browser.name()),
        &[
            ("?src=oci://… pulls and runs the module".into(), ran),
            (
                "the module's facts show the reference and the digest that ran".into(),
                facts.contains(&src) && facts.contains(blob),
            ),
            (
                "the registry field pulls coreutils (10 MB), showing bytes of total, and runs seq"
                    .into(),
                progress > 1 && exited,
            ),
        ],
        &format!("the facts shown: {facts}\nthe status lines: {seen:?}"),
    )
}

/// `cargo xtask run oci://…` as a user runs it: both flavours and a pinned digest; with
/// `--verbose` it names the module digest that ran.
fn runner(browser: Browser, registries: &Registries) -> Result<(usize, usize)> {
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let pinned = format!(
        "oci://127.0.0.1:{}/hellowasi@{}",
        registries.open,
        registries.fixtures["cncf"]["manifest"]
            .as_str()
            .unwrap_or_default()
    );
    let mut checks = Vec::new();
    for (what, source) in [
        ("wasm-to-oci media types", reference(registries, "v1")),
        ("CNCF media types", reference(registries, "cncf")),
        ("a pinned @sha256: digest", pinned),
    ] {
        let out = Command::new(&exe)
            .args(["run", "--verbose", "--browser", browser.arg(), &source])
            .output()
            .map_err(|e| e.to_string())?;
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        let blob = registries.fixtures["v1"]["blob"].as_str().unwrap_or("?");
        checks.push((
            format!("cargo xtask run oci://… ({what}) prints Hello, World! and the digest"),
            out.status.success()
                && stdout.contains("Hello, World!")
                && stderr.contains(&format!("(module {blob})")),
        ));
    }
    report_checks(&format!("oci in {} (runner)", browser.name()), &checks, "")
}

/// A WAGI route whose module is `oci:…` (WAGI's spelling), through `cargo xtask wagi --request`.
fn wagi_route(browser: Browser, registries: &Registries) -> Result<(usize, usize)> {
    let dir = std::env::temp_dir().join(format!(
        "wasi-web-oci-wagi-{}-{}",
        std::process::id(),
        browser.name()
    ));
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let config = dir.join("wagi.toml");
    let module = format!(
        "oci:127.0.0.1:{}/{}",
        registries.open,
        registries.fixtures["wagi"]["ref"]
            .as_str()
            .unwrap_or_default()
    );
    std::fs::write(
        &config,
        format!("[[module]]\nroute = \"/\"\nmodule = \"{module}\"\n"),
    )
    .map_err(|e| e.to_string())?;
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let out = Command::new(exe)
        .args(["wagi", "-c"])
        .arg(&config)
        .args(["--request", "--browser", browser.arg(), "/"])
        .stderr(Stdio::null())
        .output()
        .map_err(|e| e.to_string());
    let _ = std::fs::remove_dir_all(&dir);
    let out = out?;
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    report_checks(
        &format!("oci in {} (WAGI)", browser.name()),
        &[(
            format!("a WAGI route with module = \"{module}\" answers 200 with the handler's page"),
            out.status.success()
                && text.starts_with("HTTP/1.1 200")
                && text.contains("<h1>Hello, World!</h1>"),
        )],
        &format!("--request printed:\n{text}"),
    )
}
