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

/// A harness page timed from the navigation (xtask/pages/bench/): when done, it sets the
/// global `global` to two times in ms since the navigation began, under `marks`' keys, or to
/// `{failure}` saying why not.
struct TimedPage {
    title: &'static str,
    file: &'static str,
    global: &'static str,
    /// Each time's key, and what the report calls it.
    marks: [(&'static str, &'static str); 2],
}

const WIDGET_PAGE: TimedPage = TimedPage {
    title: "A page with one `<wasi-playground autorun>`",
    file: "widget.html",
    global: "benchWidget",
    marks: [
        (
            "definedMs",
            "`<wasi-playground>` defined (its modules in and run)",
        ),
        ("helloMs", "hellowasi's `Hello, World!` on screen"),
    ],
};

const SPAWN_PAGE: TimedPage = TimedPage {
    title: "A page calling `spawn()` itself",
    file: "spawn.html",
    global: "benchSpawn",
    marks: [
        (
            "calledMs",
            "`spawn()` called (wasi-run.js in, hellowasi's bytes fetched)",
        ),
        (
            "exitMs",
            "hellowasi's run ended (`exit 0`, its greeting received)",
        ),
    ],
};

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
        timed_page(browser, runs, &WIDGET_PAGE)?,
        timed_page(browser, runs, &SPAWN_PAGE)?
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

/// The report's section for `page`: `runs` fresh loads, each time's median and spread.
fn timed_page(browser: Browser, runs: usize, page: &TimedPage) -> Result<String> {
    let path = format!("/harness/bench/{}", page.file);
    let driven = DrivenPage::open(browser, Arc::new(|_, _| None), &path)?;
    let mut times: [Vec<f64>; 2] = [Vec::new(), Vec::new()];
    for run in 0..runs {
        if run > 0 {
            driven.navigate(&path)?;
        }
        let global = page.global;
        driven.session.wait_for(
            &format!("window.{global}"),
            &format!("{path} did not finish"),
        )?;
        let r = driven.session.execute(
            &format!("return window.{global}"),
            serde_json::json!([]),
            false,
        )?;
        // Not named `error`: WebDriver would take a value with that key for an error of its own.
        if let Some(failure) = r["failure"].as_str() {
            return Err(format!("{path}: {failure}"));
        }
        for (i, (key, _)) in page.marks.iter().enumerate() {
            times[i].push(
                r[*key]
                    .as_f64()
                    .ok_or_else(|| format!("{path}: no {key} in {r}"))?,
            );
        }
    }
    let mut md = format!(
        "\n### {} — {}, {runs} run(s)\n\nEach run a fresh load of the page (xtask/pages/bench/{}); times since the navigation began.\n\n",
        page.title,
        browser.name(),
        page.file
    );
    for ((_, label), ms) in page.marks.iter().zip(&times) {
        md.push_str(&format!("- {label}: {}\n", spread(ms)));
    }
    Ok(md)
}
