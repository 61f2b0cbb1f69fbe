//! `cargo xtask bench --trace` (Chromium): where each host's cold start (`hello`) goes, read
//! from the browser's own trace rather than from marks we place. Chromium records it from
//! launch (startup tracing) and writes it when it quits: target/bench/trace.json, which
//! Perfetto and DevTools open. For each hello run's worker, in ms from the worker's first
//! event: when the guest module's and the host's last file's responses came, how long V8
//! spent compiling JS modules, compiling wasm, and compiling wasm functions on their first
//! call (V8 compiles them lazily), and when the worker's last task ended.

use crate::bench_report::median;
use crate::cmd::{root, Result};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// V8's compile events, its wasm events, and resource loading.
const CATEGORIES: &str = "v8,v8.wasm,devtools.timeline,loading,blink";
/// The bench's worker script and the hello workload's module (bench.rs), as URLs end.
const BENCH_WORKER: &str = "/harness/bench/bench-worker.js";
const HELLO: &str = "/examples/hellowasi.wasm";
/// Recorded for longer than any bench session: the trace is written when Chromium quits.
const TRACE_SECONDS: u32 = 36_000;

const TRACE_FILE: &str = "target/bench/trace.json";

pub fn file() -> PathBuf {
    root().join(TRACE_FILE)
}

/// Chromium's arguments that record the trace.
pub fn browser_args() -> Vec<String> {
    vec![
        format!("--trace-startup={CATEGORIES}"),
        format!("--trace-startup-file={}", file().display()),
        "--trace-startup-format=json".to_string(),
        format!("--trace-startup-duration={TRACE_SECONDS}"),
    ]
}

/// The phases of one worker's cold start, in ms from its first event.
const PHASES: [&str; 6] = [
    "guest module in",
    "host's last file in",
    "JS compile",
    "wasm compile",
    "wasm first-call compiles",
    "end",
];

/// The report's section: each host's median of each phase over its hello runs.
pub fn section() -> Result<String> {
    let text = std::fs::read_to_string(file())
        .map_err(|e| format!("bench --trace: {}: {e}", file().display()))?;
    let starts = cold_starts(&parse(&text)?);
    if starts.is_empty() {
        return Err("bench --trace: the trace has no hello run's worker".into());
    }
    let mut md = format!(
        "\n### Where `hello`'s time goes (Chromium's trace, {TRACE_FILE}; medians, ms from the worker's first event)\n\n| host | runs | {} |\n|---|---|{}\n",
        PHASES.join(" | "),
        "---|".repeat(PHASES.len())
    );
    for (host, runs) in &starts {
        let cells: Vec<String> = (0..PHASES.len())
            .map(|i| format!("{:.1}", median(runs.iter().map(|r| r[i]).collect())))
            .collect();
        md.push_str(&format!(
            "| {host} | {} | {} |\n",
            runs.len(),
            cells.join(" | ")
        ));
    }
    Ok(md)
}

/// What the report says of a trace it has no table for: the phases are hello's alone.
pub fn unread() -> String {
    format!("\nChromium's trace of this session: {TRACE_FILE} (Perfetto and DevTools open it). Where a cold start's time goes is read only from the `hello` workload's runs, which this session did not have.\n")
}

/// The events of a trace file. Chromium can quit before closing the JSON; what it wrote is
/// still read.
fn parse(text: &str) -> Result<Vec<Value>> {
    let mut whole: Value = serde_json::from_str(text)
        .or_else(|_| serde_json::from_str(&format!("{}]}}", text.trim_end().trim_end_matches(','))))
        .map_err(|e| format!("bench --trace: the trace is not JSON: {e}"))?;
    match whole["traceEvents"].take() {
        Value::Array(events) => Ok(events),
        _ => Err("bench --trace: no traceEvents in the trace".into()),
    }
}

/// Each host's hello runs, one row of [`PHASES`] per worker.
fn cold_starts(events: &[Value]) -> BTreeMap<String, Vec<[f64; 6]>> {
    // Each worker thread's complete events, keyed by (pid, tid).
    let mut threads: BTreeMap<(i64, i64), Vec<&Value>> = events
        .iter()
        .filter(|e| e["name"] == "thread_name" && e["args"]["name"] == "DedicatedWorker thread")
        .map(|e| (thread(e), Vec::new()))
        .collect();
    for e in events.iter().filter(|e| e["ph"] == "X") {
        if let Some(thread_events) = threads.get_mut(&thread(e)) {
            thread_events.push(e);
        }
    }
    let mut starts: BTreeMap<String, Vec<[f64; 6]>> = BTreeMap::new();
    for mut events in threads.into_values() {
        events.sort_by_key(|e| e["ts"].as_i64().unwrap_or(0));
        if let Some((host, phases)) = cold_start(&events) {
            starts.entry(host).or_default().push(phases);
        }
    }
    starts
}

fn thread(e: &Value) -> (i64, i64) {
    (
        e["pid"].as_i64().unwrap_or(0),
        e["tid"].as_i64().unwrap_or(0),
    )
}

/// The URL an event names: a load's in `args.url`, a script compile's in `args.data.url`.
fn url(e: &Value) -> &str {
    let args = &e["args"];
    args["url"]
        .as_str()
        .or(args["data"]["url"].as_str())
        .unwrap_or("")
}

/// The bench's host a worker ran, from the first script it loaded after the guest module:
/// wasi-web's run.js, or a peer's bundle (xtask/src/peers.rs names them by host).
fn host(url: &str) -> Option<String> {
    let path = url.split_once("//").map_or(url, |(_, rest)| rest);
    let path = &path[path.find('/')?..];
    if path == "/pkg/run.js" {
        return Some("wasi-web".into());
    }
    if path.contains("/@wasmer/sdk/") {
        return Some("wasmer".into());
    }
    Some(
        path.strip_prefix("/bundles/")?
            .strip_suffix(".js")?
            .to_string(),
    )
}

/// One worker's phases, if it ran the bench's hello.
fn cold_start(events: &[&Value]) -> Option<(String, [f64; 6])> {
    let first = events.first()?["ts"].as_f64()?;
    let at = |e: &Value| (e["ts"].as_f64().unwrap_or(first) - first) / 1000.0;
    let took = |e: &Value| e["dur"].as_f64().unwrap_or(0.0) / 1000.0;
    if !events.iter().any(|e| url(e).ends_with(BENCH_WORKER)) {
        return None;
    }
    let responses: Vec<&Value> = events
        .iter()
        .copied()
        .filter(|e| e["name"] == "ThrottlingURLLoader::OnReceiveResponse")
        .collect();
    let guest = responses.iter().find(|e| url(e).ends_with(HELLO))?;
    let host_files: Vec<&&Value> = responses
        .iter()
        .filter(|e| at(e) > at(guest) && !url(e).ends_with(HELLO))
        .collect();
    let host = host(url(host_files.first()?))?;
    let sum = |names: &[&str], skip: &str| -> f64 {
        events
            .iter()
            .filter(|e| names.iter().any(|n| e["name"] == *n))
            .filter(|e| skip.is_empty() || !url(e).ends_with(skip))
            .map(|e| took(e))
            .sum()
    };
    let end = events.iter().map(|e| at(e) + took(e)).fold(0.0, f64::max);
    Some((
        host,
        [
            at(guest),
            host_files.iter().map(|e| at(e)).fold(0.0, f64::max),
            sum(&["v8.compileModule"], BENCH_WORKER),
            sum(
                &[
                    "wasm.FinishStreaming",
                    "wasm.SyncCompile",
                    "wasm.AsyncCompile",
                ],
                "",
            ),
            sum(&["wasm.CompileLazy"], ""),
            end,
        ],
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const BASE: &str = "http://127.0.0.1:4000";

    /// An event as Chromium writes it: a load names its URL in `args.url`, the rest in
    /// `args.data.url`.
    fn x(tid: i64, ts: i64, dur: i64, name: &str, url: &str) -> Value {
        let url = format!("{BASE}{url}");
        let args = if name.starts_with("ThrottlingURLLoader") {
            json!({ "url": url })
        } else {
            json!({ "data": { "url": url } })
        };
        json!({"ph": "X", "pid": 1, "tid": tid, "ts": ts, "dur": dur, "name": name, "args": args})
    }

    fn worker(tid: i64) -> Value {
        json!({"ph": "M", "pid": 1, "tid": tid, "name": "thread_name",
               "args": {"name": "DedicatedWorker thread"}})
    }

    /// A worker that ran hello on `script`'s host, with its events `offset` µs apart.
    fn run(tid: i64, script: &str, offset: i64) -> Vec<Value> {
        vec![
            worker(tid),
            x(tid, 0, 100, "RunTask", ""),
            x(tid, 500, 400, "v8.compileModule", BENCH_WORKER),
            x(
                tid,
                2_000,
                10,
                "ThrottlingURLLoader::OnReceiveResponse",
                HELLO,
            ),
            x(
                tid,
                4_000 + offset,
                10,
                "ThrottlingURLLoader::OnReceiveResponse",
                script,
            ),
            x(tid, 5_000 + offset, 3_000, "v8.compileModule", script),
            x(tid, 9_000 + offset, 500, "wasm.SyncCompile", ""),
            x(tid, 10_000 + offset, 250, "wasm.CompileLazy", ""),
            x(tid, 11_000 + offset, 250, "wasm.CompileLazy", ""),
            x(tid, 12_000 + offset, 1_000, "RunTask", ""),
        ]
    }

    #[test]
    fn phases_come_from_each_hello_worker_by_host() {
        let mut events = run(10, "/pkg/run.js", 0);
        events.extend(run(11, "/pkg/run.js", 2_000));
        events.extend(run(12, "/bundles/uwasi.js", 0));
        // Not the bench's (the drop page's worker): left out.
        events.push(worker(13));
        events.push(x(
            13,
            0,
            10,
            "ThrottlingURLLoader::OnReceiveResponse",
            HELLO,
        ));
        // Not a worker's.
        events.extend(run(14, "/bundles/runno.js", 0).into_iter().skip(1));
        let starts = cold_starts(&events);
        assert_eq!(starts.keys().collect::<Vec<_>>(), ["uwasi", "wasi-web"]);
        assert_eq!(starts["wasi-web"][0], [2.0, 4.0, 3.0, 0.5, 0.5, 13.0]);
        assert_eq!(starts["wasi-web"][1], [2.0, 6.0, 3.0, 0.5, 0.5, 15.0]);
        assert_eq!(starts["uwasi"].len(), 1);
    }

    #[test]
    fn hosts_are_named_from_their_first_script() {
        assert_eq!(
            host(&format!("{BASE}/pkg/run.js")).as_deref(),
            Some("wasi-web")
        );
        assert_eq!(
            host(&format!("{BASE}/bundles/browser_wasi_shim.js")).as_deref(),
            Some("browser_wasi_shim")
        );
        let wasmer = format!("{BASE}/node_modules/@wasmer/sdk/dist/index.js");
        assert_eq!(host(&wasmer).as_deref(), Some("wasmer"));
        assert_eq!(host(&format!("{BASE}/pkg/stdio/wasi_web.js")), None);
    }

    #[test]
    fn a_trace_cut_off_at_quit_is_still_read() {
        let cut = r#"{"traceEvents":[{"ph":"X","name":"a"},{"ph":"X","name":"b"},"#;
        assert_eq!(parse(cut).unwrap().len(), 2);
        assert!(parse("{\"traceEvents\": 3}").is_err());
        assert!(parse("not json").is_err());
    }
}
