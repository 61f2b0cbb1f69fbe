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
        let session = Session::start(browser)?;
        let url = format!("http://127.0.0.1:{port}/");
        // The server may take a moment to listen.
        for _ in 0..50 {
            if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        session.navigate(&url)?;
        run_checks(&session, browser, "", "built, on a plain static server")
    })();
    let _ = server.kill();
    let _ = server.wait();
    let _ = std::fs::remove_dir_all(&dir);
    tally.add(checked?);
    Ok(tally.into())
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
    for c in r["checks"].as_array().into_iter().flatten() {
        let what = c["what"].as_str().unwrap_or("?");
        let ok = c["ok"] == true;
        checks.push((
            if ok {
                what.to_string()
            } else {
                format!("{what} (got {})", c["got"])
            },
            ok,
        ));
    }
    report_checks(&label, &checks, "")
}
