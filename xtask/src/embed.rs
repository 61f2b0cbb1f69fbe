//! End-to-end tests of the <wasi-playground> widget on examples/embed/, with and without
//! cross-origin isolation, over WebDriver. Screenshots land in target/e2e/.

use crate::browser::Browser;
use crate::cmd::Result;
use crate::demo;
use crate::page::DrivenPage;
use serde_json::{json, Value};

/// Runs the scripted checks that need no typing; returns what each widget showed.
const CHECK: &str = include_str!("../../tests/e2e/embed/check.js");

/// Adds a raw-mode interactive widget, waits for its prompt and focuses it.
const START_RAW: &str = include_str!("../../tests/e2e/embed/start-raw.js");

const FINISH_RAW: &str = include_str!("../../tests/e2e/embed/finish-raw.js");

/// Starts the interactive widget and waits for its prompt.
const START_INTERACTIVE: &str = include_str!("../../tests/e2e/embed/start-interactive.js");

const FINISH_INTERACTIVE: &str = include_str!("../../tests/e2e/embed/finish-interactive.js");

pub fn suite(browser: Browser, isolated: bool) -> Result<(usize, usize)> {
    let prefix = if isolated { "" } else { "/plain" };
    let page = DrivenPage::open(browser, demo::embed_routes(), &format!("{prefix}/embed/"))?;
    let session = &page.session;
    session.set_window(1100, 1400)?;
    page.session.wait_for(
        "customElements.get('wasi-playground')",
        "the embed page did not define <wasi-playground>",
    )?;
    let r = session.execute(CHECK, json!([]), true)?;
    let prompt = session.execute(START_INTERACTIVE, json!([]), true)?;
    session.type_keys("hello\nabc\n^d")?;
    let i = session.execute(FINISH_INTERACTIVE, json!([]), true)?;
    session.execute(START_RAW, json!([]), true)?;
    // Where the program cannot wait for keys, they are typed as lines before it starts.
    let presupplied = browser.stdin_mode(isolated) == "presupplied";
    session.type_keys(if presupplied { "a\nq\n^d" } else { "a\n^cq" })?;
    let raw = session.execute(FINISH_RAW, json!([]), true)?;
    let label = if isolated { "isolated" } else { "not-isolated" };
    page.screenshot(&format!("{}-embed-{label}", browser.name().to_lowercase()))?;

    let s = |v: &Value| v.as_str().unwrap_or("").to_string();
    let checks = [
        (
            "hello runs on load and prints Hello, World!",
            r["hello"]["code"] == 0 && s(&r["hello"]["text"]).contains("Hello, World!"),
        ),
        (
            "the seeded file is read",
            r["cat"]["code"] == 0
                && s(&r["cat"]["text"]).contains("Hello from a file seeded by the page."),
        ),
        (
            "widgets are independent",
            !s(&r["hello"]["text"]).contains("seeded")
                && !s(&r["cat"]["text"]).contains("Hello, World!"),
        ),
        (
            "wasi-exit fires with the exit codes",
            r["exits"]["cat"] == json!([0]),
        ),
        (
            "the files panel has the seeded file",
            r["cat"]["files"] == json!(["greeting.txt"]),
        ),
        (
            "<wasi-dir> seeds a tree from a tar archive",
            r["tar"]["code"] == 0 && s(&r["tar"]["text"]).contains("from a tar archive"),
        ),
        (
            "a broken src shows the error",
            s(&r["broken"]).contains("missing.wasm") && s(&r["broken"]).contains("404"),
        ),
        (
            if presupplied {
                "the interactive one takes input typed up front, saying so, then runs with it"
            } else {
                "the interactive one accepts typed input"
            },
            if presupplied {
                s(&prompt["status"]).contains("Ctrl-D runs the program")
                    && s(&i["text"]).contains("ready (tty: false)")
            } else {
                s(&prompt["text"]).contains("ready (tty: true)")
            } && s(&i["text"]).contains("olleh")
                && s(&i["text"]).contains("cba")
                && i["code"] == 0,
        ),
        ("stop() stops a run", i["stopped"] == "stopped"),
        if presupplied {
            (
                "raw mode falls back to lines typed up front (a, Enter as 10)",
                ["key 97", "key 10", "key 113"]
                    .iter()
                    .all(|k| s(&raw["text"]).contains(k))
                    && raw["code"] == 0,
            )
        } else {
            (
                "raw mode sends each key at once (a, Enter as 13, Ctrl-C as 3)",
                ["key 97", "key 13", "key 3", "key 113"]
                    .iter()
                    .all(|k| s(&raw["text"]).contains(k))
                    && raw["code"] == 0,
            )
        },
        (
            "rows= sets the terminal height",
            r["heights"]["cat"].as_f64().unwrap_or(0.0)
                > r["heights"]["hello"].as_f64().unwrap_or(f64::MAX),
        ),
    ];
    let checks: Vec<(String, bool)> = checks
        .into_iter()
        .map(|(what, ok)| (what.to_string(), ok))
        .collect();
    crate::checks::report_checks(
        &format!("widget in {} ({label})", browser.name()),
        &checks,
        &format!("report: {r}\ninteractive: {i}\nraw: {raw}"),
    )
}
