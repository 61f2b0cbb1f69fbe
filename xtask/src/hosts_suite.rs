//! The two hosts behind run.js (tests/e2e/hosts.html): the guests that open no file print on
//! the stdio-only host what wasmtime printed and what the full host prints; a run given dirs
//! loads the full host; the stdio-only host refuses dirs.

use crate::browser::Browser;
use crate::checks::report_checks;
use crate::cmd::{root, Result};
use crate::http;
use std::sync::Arc;
use std::time::Duration;

pub fn suite(browser: Browser) -> Result<(usize, usize)> {
    // cases.json and expected/: each guest's inputs, and what wasmtime printed.
    let mounts = [("/e2e/guest-cases/", root().join("tests/guests"))];
    let r = crate::e2e::run_page_with(
        browser,
        "/e2e/hosts.html",
        Duration::from_secs(60),
        Arc::new(move |path, _| http::read_mounted(path, &mounts)),
        &[],
    )?;
    let checks = crate::checks::posted(&r, "hosts page")?;
    report_checks(&format!("hosts in {}", browser.name()), &checks, "")
}
