//! End-to-end pages under tests/e2e/, opened in a real browser; each posts one JSON report.

use crate::browser::Browser;
use crate::cmd::{root, Result};
use crate::page::DrivenPage;
use crate::{build, http};
use serde_json::Value;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Serves web/ plus /e2e/ (tests/e2e) and /guests/ (the built guests), opens `page` (with
/// `/plain/` in front for a page without cross-origin isolation) and returns its report.
pub fn run_page(browser: Browser, page: &str, timeout: Duration) -> Result<Value> {
    let mounts = [
        ("/e2e/", root().join("tests/e2e")),
        ("/guests/", build::guest_dir()),
    ];
    let routes: http::Routes = Arc::new(move |path, _| http::read_mounted(path, &mounts));
    let driven = DrivenPage::open(browser, routes, page)?;
    let (_, body) = driven.next_post(Instant::now() + timeout).ok_or_else(|| {
        format!(
            "{page} in {}: no report within {} s",
            browser.name(),
            timeout.as_secs()
        )
    })?;
    let report: Value = serde_json::from_slice(&body).map_err(|e| e.to_string())?;
    if let Some(e) = report["error"].as_str() {
        return Err(format!("{page} in {}: {e}", browser.name()));
    }
    Ok(report)
}

/// Prints one line per check and fails, with `detail`, if any failed; else counts them.
pub fn report_checks(
    label: &str,
    checks: &[(String, bool)],
    detail: &str,
) -> Result<(usize, usize)> {
    let failures: Vec<&str> = checks
        .iter()
        .filter(|(_, ok)| !ok)
        .map(|(what, _)| what.as_str())
        .collect();
    for (what, ok) in checks {
        println!("{label}: {what} ... {}", if *ok { "ok" } else { "FAILED" });
    }
    if failures.is_empty() {
        Ok((checks.len(), 0))
    } else {
        Err(format!("{label}: {}\n{detail}", failures.join("; ")))
    }
}
