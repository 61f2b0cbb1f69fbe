//! The WAGI e2e suite: examples/wagi served by `cargo xtask wagi` and, built as static files,
//! by a plain static server (Python's http.server: no special headers), each opened in a real
//! browser; navigations and fetch()es go through the Service Worker (tests/e2e/wagi/).

use crate::browser::Browser;
use crate::checks::{report_checks, Tally};
use crate::cmd::{root, Result};
use crate::page::DrivenPage;
use crate::wagi::{self, Site};
use crate::webdriver::{free_port, Session};
use serde_json::{json, Value};
use std::process::{Command, Stdio};
use std::sync::Arc;

const CHECKS: &str = include_str!("../../tests/e2e/wagi/checks.js");
const GREETING: &str = "hello from --env";

fn site() -> Result<Arc<Site>> {
    let config = root().join("examples/wagi/wagi.toml");
    Ok(Arc::new(Site::load(
        &config,
        vec![format!("GREETING={GREETING}")],
    )?))
}

pub fn suite(browser: Browser) -> Result<(usize, usize)> {
    let mut tally = Tally::default();
    let site = site()?;
    let served = DrivenPage::open_site(
        browser,
        wagi::pkg(),
        site.routes(),
        wagi::not_found_page()?,
        "/",
    )?;
    tally.add(run_checks(
        &served.session,
        browser,
        "",
        "served by cargo xtask wagi",
    )?);
    drop(served);

    // Under a path, as a project site is hosted (and as `cargo xtask demo` links it).
    let nested = DrivenPage::open(
        browser,
        crate::demo::wagi_at("/wagi", site.clone()),
        "/wagi/",
    )?;
    tally.add(run_checks(
        &nested.session,
        browser,
        "/wagi",
        "under /wagi/",
    )?);
    drop(nested);

    let dir = std::env::temp_dir().join(format!(
        "wasi-web-wagi-{}-{}",
        std::process::id(),
        browser.name()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    wagi::write_static(&site, &dir)?;
    let port = free_port()?;
    let mut server = Command::new("python3")
        .args([
            "-m",
            "http.server",
            &port.to_string(),
            "--bind",
            "127.0.0.1",
            "--directory",
        ])
        .arg(&dir)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot start python3 -m http.server: {e}"))?;
    let checked = (|| {
        // The server may take a moment to listen; waited for before the driver picks a port of
        // its own, which could otherwise be this one, not yet taken.
        for _ in 0..50 {
            if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        let session = Session::start(browser)?;
        let url = format!("http://127.0.0.1:{port}/");
        session.navigate(&url)?;
        let mut counts = Tally::default();
        counts.add(run_checks(
            &session,
            browser,
            "",
            "built, on a plain static server",
        )?);
        counts.add(updates_take_effect_on_reload(
            &session, browser, &url, &dir,
        )?);
        Ok::<_, String>(counts)
    })();
    let _ = server.kill();
    let _ = server.wait();
    let _ = std::fs::remove_dir_all(&dir);
    tally.add(checked?.into());
    tally.add(request_command(browser)?);
    Ok(tally.into())
}

/// A changed module and a changed config are answered after a reload.
fn updates_take_effect_on_reload(
    session: &Session,
    browser: Browser,
    url: &str,
    dir: &std::path::Path,
) -> Result<(usize, usize)> {
    let release = dir.join("target/wasm32-wasip1/release");
    let io = |e: std::io::Error| e.to_string();
    std::fs::copy(release.join("env.wasm"), release.join("hello.wasm")).map_err(io)?;
    let mut config = std::fs::read_to_string(dir.join("wagi.toml")).map_err(io)?;
    config.push_str(
        "\n[[module]]\nroute = \"/added\"\nmodule = \"target/wasm32-wasip1/release/env.wasm\"\n",
    );
    std::fs::write(dir.join("wagi.toml"), config).map_err(io)?;
    let shows = |path: &str, text: &str| -> Result<bool> {
        session.navigate(&format!("{url}{}", path.trim_start_matches('/')))?;
        let cond = format!("document.body && document.body.innerText.includes({text:?})");
        Ok(session.wait_for(&cond, path).is_ok())
    };
    let checks = vec![
        (
            "a changed module answers after a reload".to_string(),
            shows("/hello", "SCRIPT_NAME=/hello")?,
        ),
        (
            "a route added to the config answers after a reload".to_string(),
            shows("/added", "X_MATCHED_ROUTE=/added")?,
        ),
    ];
    report_checks(
        &format!("wagi in {} (static, updated)", browser.name()),
        &checks,
        "",
    )
}

/// `cargo xtask wagi --request /` as a user runs it: the status line, the type, the body.
fn request_command(browser: Browser) -> Result<(usize, usize)> {
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let out = Command::new(exe)
        .args(["wagi", "-c"])
        .arg(root().join("examples/wagi/wagi.toml"))
        .args(["--request", "--browser", browser.arg(), "/"])
        .stderr(Stdio::null())
        .output()
        .map_err(|e| e.to_string())?;
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let ok = out.status.success()
        && text.starts_with("HTTP/1.1 200")
        && text.contains("\ncontent-type: text/html\n\n")
        && text.contains("<h1>Hello, World!</h1>");
    report_checks(
        &format!("wagi in {}", browser.name()),
        &[(
            "--request / prints 200, content-type: text/html and the body".into(),
            ok,
        )],
        &format!("--request printed:\n{text}"),
    )
}

/// Waits for the worker to take over, checks two navigations, then the fetch suite.
fn run_checks(
    session: &Session,
    browser: Browser,
    base: &str,
    how: &str,
) -> Result<(usize, usize)> {
    let label = format!("wagi in {} ({how})", browser.name());
    session.wait_for(
        "navigator.serviceWorker.controller && document.querySelector('h1')?.textContent === 'Hello, World!'",
        &format!("{label}: the first visit did not end on the hello handler's page"),
    )?;
    let mut checks = vec![(
        "the first visit bootstraps and shows / from the handler".to_string(),
        true,
    )];
    let here: Value = session.execute("return location.origin", json!([]), false)?;
    session.navigate(&format!(
        "{}{base}/env/nav?z=1",
        here.as_str().unwrap_or_default()
    ))?;
    let navigated = session
        .wait_for(
            "document.body && document.body.innerText.includes('REQUEST_METHOD=GET') && document.body.innerText.includes('PATH_INFO=/nav')",
            "navigation",
        )
        .is_ok();
    checks.push((
        "a navigation to a /... route is answered by its handler".into(),
        navigated,
    ));
    let r: Value = session.execute(CHECKS, json!([base, GREETING]), true)?;
    if let Some(e) = r["error"].as_str() {
        return Err(format!("{label}: {e}"));
    }
    checks.extend(crate::checks::posted(&r, "the WAGI checks")?);
    report_checks(&label, &checks, "")
}
