//! End-to-end pages under tests/e2e/, opened in a real browser; each posts one JSON report.

use crate::browser::Browser;
use crate::checks::{report_checks, Tally};
use crate::cmd::{root, Result};
use crate::page::DrivenPage;
use crate::{build, http};
use serde_json::Value;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// The page-level suites, by name: workers (isolated and not), the terminal, xterm.js, the
/// docs page, the drop page, the hostile-module corpus, the widget (isolated and not).
pub const SUITES: [&str; 8] = [
    "workers", "terminal", "xterm", "docs", "droppage", "hostile", "widget", "hosts",
];

/// Every suite in `only` (all when empty) in one browser.
pub fn suites(browser: Browser, only: &[String]) -> Result<(usize, usize)> {
    let mut counts = Tally::default();
    for name in SUITES {
        if !only.is_empty() && !only.iter().any(|o| o == name) {
            continue;
        }
        match name {
            "workers" => {
                for isolated in [true, false] {
                    counts.add(worker_suite(browser, isolated, false)?);
                }
                if browser == Browser::WebKit {
                    counts.add(worker_suite(browser, true, true)?);
                }
            }
            "terminal" => counts.add(terminal_suite(browser)?),
            "xterm" => counts.add(xterm_suite(browser)?),
            "docs" => counts.add(docs_suite(browser)?),
            "droppage" => counts.add(crate::droppage::suite(browser)?),
            "hostile" => counts.add(crate::hostile::suite(browser)?),
            "hosts" => counts.add(crate::hosts_suite::suite(browser)?),
            _ => {
                for isolated in [true, false] {
                    counts.add(crate::embed::suite(browser, isolated)?);
                }
            }
        }
    }
    Ok(counts.into())
}

/// The terminal element (tests/e2e/terminal.html): the page checks, xtask reports.
fn terminal_suite(browser: Browser) -> Result<(usize, usize)> {
    let r = run_page(browser, "/e2e/terminal.html", Duration::from_secs(60))?;
    let checks = crate::checks::posted(&r, "terminal page")?;
    report_checks(&format!("terminal in {}", browser.name()), &checks, "")
}

/// The docs page (web/docs/, served by `cargo xtask demo` at /docs/): its live widget runs.
fn docs_suite(browser: Browser) -> Result<(usize, usize)> {
    let page = DrivenPage::open(browser, Arc::new(|_, _| None), "/docs/")?;
    let ran = page
        .session
        .wait_for(
            "document.getElementById('live-hello')?.terminal?.text.includes('Hello, World!')",
            "the docs page's live example",
        )
        .is_ok();
    page.screenshot(&format!("docs-{}", browser.name()))?;
    report_checks(
        &format!("docs in {}", browser.name()),
        &[(
            "the docs page's live <wasi-playground> runs hellowasi".into(),
            ran,
        )],
        "",
    )
}

/// A program in an @xterm/xterm Terminal through attachXterm (tests/e2e/xterm.html), typed
/// into with real key events: echo, Backspace, Enter, Ctrl-D.
fn xterm_suite(browser: Browser) -> Result<(usize, usize)> {
    let xterm = crate::setup::xterm().ok_or_else(|| crate::setup::missing("@xterm/xterm"))?;
    let mounts = [
        ("/e2e/", root().join("tests/e2e")),
        ("/guests/", build::guest_dir()),
        ("/xterm/", xterm),
    ];
    let routes: http::Routes = Arc::new(move |path, _| http::read_mounted(path, &mounts));
    let page = DrivenPage::open(browser, routes, "/e2e/xterm.html")?;
    let s = &page.session;
    let shows = |text: &str| {
        s.wait_for(
            &format!("window.xtermText && xtermText().includes({text:?})"),
            &format!("the xterm to show {text:?}"),
        )
        .is_ok()
    };
    // Where the program cannot wait for input, all of it is typed before it runs.
    let presupplied = browser.stdin_mode(true) == "presupplied";
    let (ready, answered, erased) = if presupplied {
        let said = shows("type all of it, then Ctrl-D runs the program");
        // A typo erased with Backspace: the program reads what is left.
        s.type_keys("hello\nabx\u{8}c\n^d")?;
        (said && shows("ready"), shows("olleh"), shows("cba"))
    } else {
        let ready = shows("ready");
        s.type_keys("hello\n")?;
        let answered = shows("olleh");
        s.type_keys("abx\u{8}c\n")?;
        (ready, answered, shows("cba"))
    };
    if !presupplied {
        s.type_keys("^d")?;
    }
    let ended = s
        .wait_for("window.xtermDone === 'exit 0'", "exit 0 after Ctrl-D")
        .is_ok();
    let text: Value = s.execute("return xtermText()", serde_json::json!([]), false)?;
    let text = text.as_str().unwrap_or_default();
    page.screenshot(&format!("xterm-{}", browser.name()))?;
    report_checks(
        &format!("xterm.js in {}", browser.name()),
        &[
            ("the program's output shows in the xterm".into(), ready),
            (
                "a typed line is echoed and answered".into(),
                answered && text.contains("hello"),
            ),
            (
                "Backspace edits the line before it is sent".into(),
                erased && !text.contains("cxba") && text.lines().any(|l| l == "abc"),
            ),
            ("Ctrl-D ends input and the program exits 0".into(), ended),
        ],
        &format!("the xterm showed:\n{text}"),
    )
}

/// Serves web/ plus /e2e/ (tests/e2e) and /guests/ (the built guests), opens `page` (with
/// `/plain/` in front for a page without cross-origin isolation) and returns its report.
pub fn run_page(browser: Browser, page: &str, timeout: Duration) -> Result<Value> {
    run_page_with(browser, page, timeout, Arc::new(|_, _| None), &[])
}

/// [`run_page`] with the suite's own routes served too (they win over the mounts), and the
/// browser's environment extended by `env`.
pub fn run_page_with(
    browser: Browser,
    page: &str,
    timeout: Duration,
    extra: http::Routes,
    env: &[(&str, &str)],
) -> Result<Value> {
    let mounts = [
        ("/e2e/", root().join("tests/e2e")),
        ("/guests/", build::guest_dir()),
    ];
    let routes: http::Routes = Arc::new(move |path, query| {
        extra(path, query).or_else(|| http::read_mounted(path, &mounts))
    });
    let driven = DrivenPage::open_with(browser, routes, page, env, &[])?;
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

/// The stdout wasmtime printed for guest `name` (tests/guests/expected/, `cargo xtask oracle`).
fn expected_stdout(name: &str) -> Result<Value> {
    let path = root().join(format!("tests/guests/expected/{name}.json"));
    let text = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let expected: Value = serde_json::from_slice(&text).map_err(|e| e.to_string())?;
    Ok(expected["stdout"].clone())
}

/// Runs in workers (tests/e2e/worker.html): interactive stdin, real sleep, Stop, limits; with
/// cross-origin isolation (SharedArrayBuffer + Atomics) and without (JSPI). `safari_memory`:
/// WebKit with the SharedArrayBuffer Safari gives isolated pages.
fn worker_suite(browser: Browser, isolated: bool, safari_memory: bool) -> Result<(usize, usize)> {
    let page = if isolated {
        "/e2e/worker.html"
    } else {
        "/plain/e2e/worker.html"
    };
    let env: &[(&str, &str)] = if safari_memory {
        &Browser::SAFARI_SHARED_MEMORY
    } else {
        &[]
    };
    let r = run_page_with(
        browser,
        page,
        Duration::from_secs(120),
        Arc::new(|_, _| None),
        env,
    )?;
    let label = format!(
        "{} {}{}",
        browser.name(),
        if isolated { "isolated" } else { "not isolated" },
        if safari_memory {
            " with SharedArrayBuffer as in Safari"
        } else {
            ""
        }
    );
    let expected_mode = if safari_memory {
        "sab"
    } else {
        browser.stdin_mode(isolated)
    };
    let f = |v: &serde_json::Value| v.as_f64().unwrap_or(f64::NAN);
    let interactive = if expected_mode == "presupplied" {
        (
            "input written up front starts the program at end(), and all of it arrives".into(),
            r["startedBeforeEnd"] == false
                && r["interactive"]["out"] == "ready (tty: false)\nolleh\ncba\nbye\n",
        )
    } else {
        (
            "typed lines reach the guest before EOF; EOF ends it with exit 0".into(),
            r["interactive"]["out"] == "ready (tty: true)\nolleh\ncba\nbye\n",
        )
    };
    // Input written up front is all there, EOF too: wasmtime's answer with that stdin
    // (tests/guests/expected/). Typed, the line ends the first wait and the timeout the second.
    let poll_stdin = if expected_mode == "presupplied" {
        expected_stdout("poll_stdin")?
    } else {
        "ready\nfirst: stdin (before the timeout: true)\nread: hello\n\
         second: clock (waited the timeout: true)\n"
            .into()
    };
    let sleep_stdout = expected_stdout("sleep")?;
    let checks: Vec<(String, bool)> = vec![
        (
            format!("stdin mode is {expected_mode}"),
            r["stdinMode"] == expected_mode,
        ),
        (
            interactive.0,
            interactive.1 && r["interactive"]["code"] == 0,
        ),
        (
            format!(
                "a poll of stdin beside a timeout: {}, stdout {}",
                r["pollStdin"]["status"], r["pollStdin"]["out"]
            ),
            r["pollStdin"]["status"] == "exit 0" && r["pollStdin"]["out"] == poll_stdin,
        ),
        (
            format!(
                "10 x 300 ms sleep: {:.0} ms, {} spins, blocking {}",
                f(&r["sleep"]["ms"]),
                r["sleep"]["spinIterations"],
                r["sleep"]["blocking"]
            ),
            f(&r["sleep"]["ms"]) >= 3000.0
                && f(&r["sleep"]["spinIterations"]) < 1000.0
                && r["sleep"]["code"] == 0,
        ),
        (
            format!(
                "sleep.rs as wasmtime runs it, a poll of no subscriptions included: {}, stdout {}",
                r["sleepCase"]["status"], r["sleepCase"]["out"]
            ),
            r["sleepCase"]["status"] == "exit 0" && r["sleepCase"]["out"] == sleep_stdout,
        ),
        (
            format!(
                "stop: {} after {:.1} ms",
                r["stop"]["kind"],
                f(&r["stop"]["ms"])
            ),
            // spin.rs never ends by itself: "stopped" is Stop's doing.
            r["stop"]["kind"] == "stopped",
        ),
        (
            format!(
                "1 s time limit: {} {}",
                r["timeLimit"]["kind"], r["timeLimit"]["limit"]
            ),
            r["timeLimit"]["limit"] == "time",
        ),
        (
            format!(
                "1 MB output limit on 50 MB: {} {}, the page took {} turns meanwhile \
                 (longest timer gap {:.0} ms)",
                r["flood"]["kind"],
                r["flood"]["limit"],
                r["flood"]["turns"],
                f(&r["flood"]["maxGapMs"])
            ),
            // A page thread busy with the run would take no turn until it ended.
            r["flood"]["limit"] == "output" && f(&r["flood"]["turns"]) >= 2.0,
        ),
        (
            format!(
                "16 MiB memory limit: {} {} after {}",
                r["memory"]["kind"], r["memory"]["limit"], r["memory"]["lastLine"]
            ),
            r["memory"]["limit"] == "memory",
        ),
        (
            format!(
                "the prewarmed worker's warm-up runs: {}, stdout {}",
                r["warmUp"]["status"], r["warmUp"]["out"]
            ),
            r["warmUp"]["status"] == "exit 0"
                && r["warmUp"]["out"].as_str().is_some_and(|o| !o.is_empty())
                && r["warmUp"]["out"] == r["warmUp"]["expected"],
        ),
        (
            format!(
                "a prewarmed worker runs a program as a fresh one does: {}, stdout {}",
                r["prewarmed"]["warm"]["status"], r["prewarmed"]["warm"]["out"]
            ),
            r["prewarmed"]["warm"]["status"] == "exit 0"
                && r["prewarmed"]["warm"] == r["prewarmed"]["fresh"],
        ),
        (
            format!(
                "inspectModule() answers as the page's own inspect(): {} with {} WASI imports",
                r["inspect"]["worker"]["kind"],
                r["inspect"]["worker"]["wasiImports"]
                    .as_array()
                    .map_or(0, Vec::len)
            ),
            r["inspect"]["worker"]["kind"] == "command"
                && r["inspect"]["worker"]["runnable"] == true
                && r["inspect"]["worker"] == r["inspect"]["page"],
        ),
        (
            format!(
                "inspectModule() refuses what is not a module as inspect() does: {}",
                r["inspect"]["workerRefusal"]
            ),
            r["inspect"]["workerRefusal"].is_string()
                && r["inspect"]["workerRefusal"] == r["inspect"]["pageRefusal"],
        ),
    ];
    report_checks(
        &format!("workers in {label}"),
        &checks,
        &format!("report: {r}"),
    )
}
