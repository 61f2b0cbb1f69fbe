//! The bench's page rows (wasi-web only: the peers ship no such pages): what a user of our
//! pages waits for. The drop page, already loaded: from dropping hellowasi.wasm to its
//! greeting on screen, and how a flood of 200,000 lines goes. A docs page with one
//! `<wasi-playground autorun>`: from the navigation to the greeting on screen, the whole
//! cold start of the widget (its modules, the host, a worker, the run, the terminal). A page
//! calling spawn() itself: from the navigation to hellowasi's exit.

use crate::bench_report::{median, min_max};
use crate::browser::Browser;
use crate::cmd::Result;
use crate::page::DrivenPage;
use std::sync::Arc;

/// The harness page with the one playground (xtask/pages/bench/widget.html).
const WIDGET_PAGE: &str = "/harness/bench/widget.html";
/// The harness page calling spawn() (xtask/pages/bench/spawn.html).
const SPAWN_PAGE: &str = "/harness/bench/spawn.html";

/// `median (min–max)` of a row's runs.
fn spread(xs: &[f64]) -> String {
    let (min, max) = min_max(xs);
    format!(
        "{:.1} ms median ({min:.1}–{max:.1} ms)",
        median(xs.to_vec())
    )
}

/// The report's sections for the pages, `runs` fresh loads of each.
pub fn section(browser: Browser, runs: usize) -> Result<String> {
    Ok(format!(
        "{}{}{}",
        drop_page(browser, runs)?,
        playground_page(browser, runs)?,
        spawn_page(browser, runs)?
    ))
}

fn drop_page(browser: Browser, runs: usize) -> Result<String> {
    let t = crate::droppage::timings(browser, runs)?;
    Ok(format!(
        "\n### The drop page — {}, {runs} run(s)\n\nEach run on a fresh load of the page.\n\n\
         - hellowasi.wasm dropped → `Hello, World!` on screen: {}\n\
         - then lines.wasm (200,000 lines) dropped → `done` on screen: {}; the longest gap between \
         frames meanwhile {}\n",
        browser.name(),
        spread(&t.hello_ms),
        spread(&t.flood_ms),
        spread(&t.flood_gap_ms),
    ))
}

/// Each run's pair of times (`keys` of the page's `global`), in ms since the navigation began,
/// over fresh loads of `path`; a page that failed says why under `failure` (not `error`:
/// WebDriver would take a value with that key for an error of its own).
fn page_timings(
    browser: Browser,
    path: &str,
    global: &str,
    keys: [&str; 2],
    runs: usize,
) -> Result<Vec<(f64, f64)>> {
    let page = DrivenPage::open(browser, Arc::new(|_, _| None), path)?;
    let mut timings = Vec::new();
    for run in 0..runs {
        if run > 0 {
            page.navigate(path)?;
        }
        page.session.wait_for(
            &format!("window.{global}"),
            &format!("{path} did not finish"),
        )?;
        let r = page.session.execute(
            &format!("return window.{global}"),
            serde_json::json!([]),
            false,
        )?;
        if let Some(failure) = r["failure"].as_str() {
            return Err(format!("{path}: {failure}"));
        }
        match (r[keys[0]].as_f64(), r[keys[1]].as_f64()) {
            (Some(a), Some(b)) => timings.push((a, b)),
            _ => return Err(format!("{path}: no timings in {r}")),
        }
    }
    Ok(timings)
}

fn playground_page(browser: Browser, runs: usize) -> Result<String> {
    let t = page_timings(
        browser,
        WIDGET_PAGE,
        "benchWidget",
        ["definedMs", "helloMs"],
        runs,
    )?;
    let defined: Vec<f64> = t.iter().map(|r| r.0).collect();
    let hello: Vec<f64> = t.iter().map(|r| r.1).collect();
    Ok(format!(
        "\n### A page with one `<wasi-playground autorun>` — {}, {runs} run(s)\n\nEach run a fresh load of the page (xtask/pages/bench/widget.html); times since the navigation began.\n\n\
         - `<wasi-playground>` defined (its modules in and run): {}\n\
         - hellowasi's `Hello, World!` on screen: {}\n",
        browser.name(),
        spread(&defined),
        spread(&hello),
    ))
}

fn spawn_page(browser: Browser, runs: usize) -> Result<String> {
    let t = page_timings(
        browser,
        SPAWN_PAGE,
        "benchSpawn",
        ["calledMs", "exitMs"],
        runs,
    )?;
    let called: Vec<f64> = t.iter().map(|r| r.0).collect();
    let exit: Vec<f64> = t.iter().map(|r| r.1).collect();
    Ok(format!(
        "\n### A page calling `spawn()` itself — {}, {runs} run(s)\n\nEach run a fresh load of the page (xtask/pages/bench/spawn.html); times since the navigation began.\n\n\
         - `spawn()` called (wasi-run.js in, hellowasi's bytes fetched): {}\n\
         - hellowasi's run ended (`exit 0`, its greeting received): {}\n",
        browser.name(),
        spread(&called),
        spread(&exit),
    ))
}
