//! End-to-end tests of the <wasi-playground> widget on examples/embed/, with and without
//! cross-origin isolation, over WebDriver. Screenshots land in target/e2e/.

use crate::browser::Browser;
use crate::cmd::{root, Result};
use crate::webdriver::Session;
use crate::{demo, http};
use serde_json::{json, Value};
use std::time::{Duration, Instant};

/// Runs the scripted checks that need no typing; returns what each widget showed.
const CHECK: &str = r#"
const done = arguments[arguments.length - 1];
const $ = (id) => document.getElementById(id);
const text = (w) => w.shadowRoot.querySelector("wasi-terminal").text;
const exits = {};
for (const w of document.querySelectorAll("wasi-playground")) {
  w.addEventListener("wasi-exit", (e) => (exits[w.id] ??= []).push(e.detail.kind === "exited" ? e.detail.code : e.detail.kind));
}
(async () => {
  const until = async (test) => { const end = performance.now() + 20000; while (!test() && performance.now() < end) await new Promise((r) => setTimeout(r, 20)); return test(); };
  const hello = $("hello"), cat = $("cat");
  await until(() => hello.result);
  cat.scrollIntoView();
  const catResult = await cat.run();
  const broken = document.createElement("wasi-playground");
  broken.setAttribute("src", "missing.wasm");
  broken.setAttribute("autorun", "");
  document.body.append(broken);
  await until(() => !broken.shadowRoot.querySelector(".error").hidden);
  // A whole tree from a tar archive, built in the page's own realm (Firefox runs WebDriver
  // scripts in a sandbox whose typed arrays the page's code does not recognise).
  const script = document.createElement("script");
  script.type = "module";
  script.textContent = `
    import { tarBlob } from "../pkg/tar.js";
    const w = document.createElement("wasi-playground");
    w.setAttribute("src", "../examples/cat.wasm");
    w.setAttribute("args", "/data/sub/x.txt");
    const dir = document.createElement("wasi-dir");
    dir.setAttribute("path", "/data");
    dir.setAttribute("src", URL.createObjectURL(tarBlob({ sub: { "x.txt": new TextEncoder().encode("from a tar archive\\n") } })));
    w.append(dir);
    document.body.append(w);
    window.tarred = w;
    window.tarDone = w.run();`;
  document.head.append(script);
  await until(() => window.tarDone);
  const tarResult = await window.tarDone;
  const tarred = window.tarred;
  done({
    hello: { kind: hello.result?.kind, code: hello.result?.code, text: text(hello) },
    cat: { kind: catResult?.kind, code: catResult?.code, text: text(cat), files: Object.keys(cat.files?.["/data"] ?? {}) },
    exits,
    broken: broken.shadowRoot.querySelector(".error").textContent,
    tar: { code: tarResult?.code, text: text(tarred) },
    // rows= sizes the terminal, and running must not undo it.
    heights: Object.fromEntries([hello, cat].map((w) => [w.id, w.shadowRoot.querySelector("wasi-terminal").getBoundingClientRect().height])),
  });
})();
"#;

/// Adds a raw-mode interactive widget, waits for its prompt and focuses it.
const START_RAW: &str = r#"
const done = arguments[arguments.length - 1];
const w = document.createElement("wasi-playground");
w.id = "keys";
for (const a of ["interactive", "raw", "autorun"]) w.setAttribute(a, "");
w.setAttribute("src", "../examples/keys.wasm");
document.body.append(w);
window.keysDone = new Promise((resolve) => w.addEventListener("wasi-exit", (e) => resolve(e.detail)));
const end = performance.now() + 20000;
const loop = () => {
  const t = w.shadowRoot.querySelector("wasi-terminal").text;
  if (t.includes("press keys")) { w.scrollIntoView(); w.focusTerminal(); done(t); }
  else if (performance.now() > end) done(t);
  else setTimeout(loop, 20);
};
loop();
"#;

const FINISH_RAW: &str = r#"
const done = arguments[arguments.length - 1];
const text = () => document.getElementById("keys").shadowRoot.querySelector("wasi-terminal").text;
const timeout = new Promise((resolve) => setTimeout(() => resolve({ kind: "timeout" }), 20000));
Promise.race([window.keysDone, timeout]).then((r) => done({ kind: r.kind, code: r.code, text: text(), active: document.activeElement?.id }));
"#;

/// Starts the interactive widget and waits for its prompt.
const START_INTERACTIVE: &str = r#"
const done = arguments[arguments.length - 1];
const w = document.getElementById("reverse");
w.scrollIntoView();
window.reverseDone = w.run();
const end = performance.now() + 20000;
const loop = () => {
  const t = w.shadowRoot.querySelector("wasi-terminal").text;
  if (t.includes("ready")) { w.focusTerminal(); done(t); }
  else if (performance.now() > end) done(t);
  else setTimeout(loop, 20);
};
loop();
"#;

const FINISH_INTERACTIVE: &str = r#"
const done = arguments[arguments.length - 1];
window.reverseDone.then(async (r) => {
  const w = document.getElementById("reverse");
  const text = w.shadowRoot.querySelector("wasi-terminal").text;
  // stop(): a second run waits for input forever until stopped.
  const second = w.run();
  await new Promise((resolve) => setTimeout(resolve, 300));
  w.stop();
  const stopped = await second;
  done({ kind: r.kind, code: r.code, text, stopped: stopped.kind });
});
"#;

pub fn suite(browser: Browser, isolated: bool) -> Result<(usize, usize)> {
    let server = http::serve(root().join("web"), demo::embed_routes())?;
    let session = Session::start(browser)?;
    session.set_window(1100, 1400)?;
    let prefix = if isolated { "" } else { "/plain" };
    session.navigate(&format!("http://127.0.0.1:{}{prefix}/embed/", server.port))?;
    let deadline = Instant::now() + Duration::from_secs(20);
    while session.execute(
        "return !!customElements.get('wasi-playground')",
        json!([]),
        false,
    )? != true
    {
        if Instant::now() > deadline {
            return Err("the embed page did not define <wasi-playground>".into());
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let r = session.execute(CHECK, json!([]), true)?;
    let prompt = session.execute(START_INTERACTIVE, json!([]), true)?;
    session.type_keys("hello\nabc\n^d")?;
    let i = session.execute(FINISH_INTERACTIVE, json!([]), true)?;
    session.execute(START_RAW, json!([]), true)?;
    session.type_keys("a\n^cq")?;
    let raw = session.execute(FINISH_RAW, json!([]), true)?;
    let shots = root().join("target/e2e");
    std::fs::create_dir_all(&shots).map_err(|e| e.to_string())?;
    let label = if isolated { "isolated" } else { "not-isolated" };
    std::fs::write(
        shots.join(format!(
            "{}-embed-{label}.png",
            browser.name().to_lowercase()
        )),
        session.screenshot()?,
    )
    .map_err(|e| e.to_string())?;

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
            "the interactive one accepts typed input",
            s(&prompt).contains("ready (tty: true)")
                && s(&i["text"]).contains("olleh")
                && s(&i["text"]).contains("cba")
                && i["code"] == 0,
        ),
        ("stop() stops a run", i["stopped"] == "stopped"),
        (
            "raw mode sends each key at once (a, Enter as 13, Ctrl-C as 3)",
            ["key 97", "key 13", "key 3", "key 113"]
                .iter()
                .all(|k| s(&raw["text"]).contains(k))
                && raw["code"] == 0,
        ),
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
    crate::e2e::report_checks(
        &format!("widget in {} ({label})", browser.name()),
        &checks,
        &format!("report: {r}\ninteractive: {i}\nraw: {raw}"),
    )
}
