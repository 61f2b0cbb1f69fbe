//! End-to-end tests of the drop page (web/index.html) in a real browser over WebDriver:
//! a real drop event, the file picker, files written by the program, a non-wasm file, and a
//! flood of output. Screenshots land in target/e2e/.

use crate::browser::Browser;
use crate::cmd::{root, Result};
use crate::page::DrivenPage;
use crate::webdriver::Session;
use crate::{build, http};
use serde_json::{json, Value};
use std::sync::Arc;

/// Drops files on the page through a real DragEvent: arguments[0] is a list of
/// `[url or null, name, text content when url is null]`; arguments[1], whether to watch the
/// run from the drop on (watch.js; [`WAIT`] takes the result).
const DROP: &str = concat!(
    include_str!("../../tests/e2e/drop-page/watch.js"),
    include_str!("../../tests/e2e/drop-page/drop.js")
);

/// Waits for the run to end (or a message), watching animation frames meanwhile (from the
/// drop on, if [`DROP`] was told to); returns what the page shows.
const WAIT: &str = concat!(
    include_str!("../../tests/e2e/drop-page/watch.js"),
    include_str!("../../tests/e2e/drop-page/wait.js")
);

/// The fewest distinct last lines the 200,000-line flood shows on screen on its way there.
const FLOOD_STAGES: u64 = 3;

/// Fetches the download link of `path` in the files panel and checks its bytes.
const DOWNLOAD: &str = include_str!("../../tests/e2e/drop-page/download.js");

struct Page {
    driven: DrivenPage,
    browser: Browser,
}

impl Page {
    fn open(browser: Browser) -> Result<Page> {
        let routes: http::Routes = Arc::new(|path, _| {
            http::read_under(&build::guest_dir(), path.strip_prefix("/guests/")?)
        });
        let driven = DrivenPage::open(browser, routes, "/")?;
        driven.session.set_window(1280, 1000)?;
        let page = Page { driven, browser };
        page.load()?;
        Ok(page)
    }

    fn load(&self) -> Result {
        self.load_at("/")
    }

    fn load_at(&self, path: &str) -> Result {
        self.driven.navigate(path)?;
        self.driven.session.wait_for(
            "window.wasiWebReady === true",
            "the drop page did not become ready",
        )
    }

    fn drop_files(&self, files: Value) -> Result<Value> {
        // Watched from the drop on (drop.js), then waited for.
        self.session().execute(DROP, json!([files, true]), true)?;
        self.session().execute(WAIT, json!([]), true)
    }

    fn screenshot(&self, scenario: &str) -> Result {
        let browser = self.browser.name().to_lowercase();
        self.driven.screenshot(&format!("{browser}-{scenario}"))
    }

    fn session(&self) -> &Session {
        &self.driven.session
    }
}

/// Waits until the terminal shows `text`.
const WAIT_TEXT: &str = include_str!("../../tests/e2e/drop-page/wait-text.js");

/// Types into the terminal of an interactive run: a line is answered before end of input,
/// Ctrl-D ends it. Where the program cannot wait for input (`presupplied`), the page says so
/// and the program runs at Ctrl-D with all that was typed.
fn interactive(page: &Page, mode: &str) -> Result<(String, bool)> {
    if mode == "presupplied" {
        return presupplied(page);
    }
    let s = page.session();
    drop_interactive(s)?;
    let ready = s.execute(WAIT_TEXT, json!(["ready (tty: true)"]), true)? == true;
    focus_terminal(s)?;
    s.type_keys("hello\n")?;
    let answered = s.execute(WAIT_TEXT, json!(["olleh"]), true)? == true;
    s.type_keys("abc\n^d")?;
    let r = s.execute(WAIT, json!([]), true)?;
    let text = r["text"].as_str().unwrap_or("");
    let ok = ready
        && answered
        && r["status"] == "exit 0"
        && text.contains("cba")
        && text.contains("bye");
    Ok((
        format!(
            "typing into the terminal ({mode}): ready {ready}, answered before EOF {answered}, {}",
            r["status"]
        ),
        ok,
    ))
}

/// Ticks "interactive" and drops reverse.wasm, which answers each line typed.
fn drop_interactive(s: &Session) -> Result {
    s.execute(
        "document.getElementById('interactive').checked = true",
        json!([]),
        false,
    )?;
    let dropped = json!([["guests/reverse.wasm", "reverse.wasm", null]]);
    s.execute(DROP, json!([dropped, false]), true).map(drop)
}

fn focus_terminal(s: &Session) -> Result {
    s.execute(
        "document.getElementById('terminal').focus()",
        json!([]),
        false,
    )
    .map(drop)
}

fn presupplied(page: &Page) -> Result<(String, bool)> {
    let s = page.session();
    drop_interactive(s)?;
    let said = s
        .wait_for(
            "document.getElementById('message')?.textContent.includes('then Ctrl-D starts it')",
            "the page to say input is taken up front",
        )
        .is_ok();
    focus_terminal(s)?;
    s.type_keys("hello\nabc\n^d")?;
    let r = s.execute(WAIT, json!([]), true)?;
    let text = r["text"].as_str().unwrap_or("");
    let ran = ["ready (tty: false)", "olleh", "cba", "bye"]
        .iter()
        .all(|t| text.contains(t));
    Ok((
        format!(
            "typing into the terminal (presupplied): said so {said}, ran with the input {ran}, {}",
            r["status"]
        ),
        said && ran && r["status"] == "exit 0",
    ))
}

/// For the bench, on a fresh load of the page each time: the time from dropping hellowasi.wasm
/// to "Hello, World!" on screen (the run over, the terminal drawn); then, in the same page, the
/// 200,000-line flood's time to "done" on screen and the longest gap between frames meanwhile.
pub struct Timings {
    pub hello_ms: Vec<f64>,
    pub flood_ms: Vec<f64>,
    pub flood_gap_ms: Vec<f64>,
}

pub fn timings(browser: Browser, runs: usize) -> Result<Timings> {
    let page = Page::open(browser)?;
    let mut t = Timings {
        hello_ms: Vec::new(),
        flood_ms: Vec::new(),
        flood_gap_ms: Vec::new(),
    };
    let ms = |r: &Value, key: &str| r[key].as_f64().unwrap_or(f64::NAN);
    for run in 0..runs {
        if run > 0 {
            page.load()?;
        }
        let r = page.drop_files(json!([["examples/hellowasi.wasm", "hellowasi.wasm", null]]))?;
        if r["status"] != "exit 0" || !r["text"].as_str().unwrap_or("").contains("Hello, World!") {
            return Err(format!("drop page: hellowasi.wasm did not say hello: {r}"));
        }
        t.hello_ms.push(ms(&r, "ms"));
        let r = page.drop_files(json!([["guests/lines.wasm", "lines.wasm", null]]))?;
        if r["status"] != "exit 0" {
            return Err(format!("drop page: lines.wasm did not finish: {r}"));
        }
        t.flood_ms.push(ms(&r, "ms"));
        t.flood_gap_ms.push(ms(&r, "maxGap"));
    }
    Ok(t)
}

pub fn suite(browser: Browser) -> Result<(usize, usize)> {
    let page = Page::open(browser)?;
    let mut checks: Vec<(String, bool)> = Vec::new();

    let r = page.drop_files(json!([["examples/hellowasi.wasm", "hellowasi.wasm", null]]))?;
    let ms = r["ms"].as_f64().unwrap_or(f64::NAN);
    checks.push((
        format!("drop hellowasi.wasm: {} in {ms:.0} ms", r["status"]),
        r["status"] == "exit 0" && r["text"].as_str().unwrap_or("").contains("Hello, World!"),
    ));
    page.screenshot("drop-hellowasi")?;
    let fetched = page.session().execute(
        "const n = (end) => performance.getEntriesByType('resource').filter((e) => e.name.endsWith(end)).length; return [n('/wasi_web_bg.wasm'), n('/pkg/wasi_web.js')]",
        json!([]),
        false,
    )?;
    checks.push((
        format!(
            "the host's wasm is fetched once for the page and its workers: {} time(s)",
            fetched[0]
        ),
        fetched[0] == 1,
    ));
    // The worker inspects what is dropped (inspectModule()) and words the ending.
    checks.push((
        format!(
            "a drop and its run load no glue into the page: wasi_web.js fetched {} time(s)",
            fetched[1]
        ),
        fetched[1] == 0,
    ));

    page.session().execute(
        "delete document.body.dataset.lastStatus; window.e2eStart = performance.now();",
        json!([]),
        false,
    )?;
    let picker = page.session().find("#pick")?;
    let sample = root().join("web/examples/hellowasi.wasm");
    page.session()
        .send_keys(&picker, &sample.to_string_lossy())?;
    let r = page.session().execute(WAIT, json!([]), true)?;
    checks.push((
        format!("file picker: {}", r["status"]),
        r["status"] == "exit 0" && r["text"].as_str().unwrap_or("").contains("Hello, World!"),
    ));
    page.screenshot("file-picker")?;

    page.session().execute(
        "document.getElementById('preopen').value = '/sandbox'",
        json!([]),
        false,
    )?;
    let r = page.drop_files(json!([["guests/files.wasm", "files.wasm", null]]))?;
    let d = page
        .driven
        .session
        .execute(DOWNLOAD, json!(["big.bin"]), true)?;
    checks.push((
        format!(
            "files the program wrote are listed and download intact: {} / {d}",
            r["status"]
        ),
        r["status"] == "exit 0"
            && d["listed"] == true
            && d["size"] == 300_000
            && d["pattern"] == true
            && d["tar"] == true,
    ));
    page.screenshot("files")?;

    page.load()?;
    let r = page.drop_files(json!([[null, "fake.wasm", "this is not wasm"]]))?;
    let msg = r["message"].as_str().unwrap_or("").to_string();
    checks.push((
        format!("non-wasm file: {msg:?}"),
        msg.contains("not a WebAssembly module"),
    ));
    page.screenshot("not-wasm")?;

    let r = page.drop_files(json!([["guests/lines.wasm", "lines.wasm", null]]))?;
    let text = r["text"].as_str().unwrap_or("");
    let stages = r["stages"].as_u64().unwrap_or(0);
    checks.push((
        format!(
            "200,000 lines: {} in {:.0} ms, on screen in {stages} stages over {} frames \
             (longest frame gap {:.0} ms)",
            r["status"],
            r["ms"].as_f64().unwrap_or(0.0),
            r["frames"],
            r["maxGap"].as_f64().unwrap_or(f64::NAN)
        ),
        r["status"] == "exit 0"
            && text.contains("line 199999")
            && text.trim_end().ends_with("done")
            // 4,000 lines back: the scrollback (5,000) filled in after the flood's tail.
            && text.contains("line 196000")
            // Drawn a frame's share at a time, not in one block: however slow the machine,
            // the page showed the flood at several points on its way (the bench reports
            // the longest frame gap).
            && stages >= FLOOD_STAGES,
    ));
    page.screenshot("many-lines")?;

    page.load_at("/index.html?src=guests/args_env.wasm&args=one%20%27two%20words%27&env=K%3DV")?;
    page.session()
        .execute("window.e2eStart = performance.now()", json!([]), false)?;
    let r = page.session().execute(WAIT, json!([]), true)?;
    let text = r["text"].as_str().unwrap_or("");
    checks.push((
        format!("deep link ?src=&args=&env=: {}", r["status"]),
        r["status"] == "exit 0"
            && text.contains("arg[2]=\"two words\"")
            && text.contains("env K=\"V\""),
    ));

    for (path, isolated) in [("/index.html", true), ("/plain/index.html", false)] {
        let mode = browser.stdin_mode(isolated);
        page.load_at(path)?;
        checks.push(interactive(&page, mode)?);
        page.screenshot(&format!("interactive-{mode}"))?;
    }

    page.session().set_window(390, 844)?;
    page.screenshot("phone-width")?;
    // The layout it claims: nothing wider than the screen, the controls and the terminal on it.
    let layout = page.session().execute(
        "const w = window.innerWidth; \
         const inside = ['drop', 'run', 'terminal', 'oci-ref'].map((id) => { \
           const b = document.getElementById(id).getBoundingClientRect(); \
           return b.width > 0 && b.left >= -1 && b.right <= w + 1; }); \
         const all = (root) => [...root.querySelectorAll('*')].flatMap((e) => [e, ...(e.shadowRoot ? all(e.shadowRoot) : [])]); \
         const wide = all(document.body) \
           .filter((e) => e.getBoundingClientRect().right > w + 1) \
           .map((e) => `${e.id || e.className || e.tagName} ${e.getBoundingClientRect().right}`).slice(0, 5); \
         return { width: w, scrollWidth: document.documentElement.scrollWidth, inside, wide };",
        json!([]),
        false,
    )?;
    let fits = layout["scrollWidth"].as_f64() <= layout["width"].as_f64().map(|w| w + 1.0)
        && layout["inside"]
            .as_array()
            .is_some_and(|a| a.iter().all(|v| v == true));
    checks.push((
        format!("phone width: no sideways scrolling, controls on screen ({layout})"),
        fits,
    ));

    crate::checks::report_checks(&format!("drop page in {}", browser.name()), &checks, "")
}
