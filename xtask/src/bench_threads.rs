//! The bench's threads section: a CPU-bound rayon workload on 1 and 2 threads (the speedup),
//! and what one WASI call costs from the main thread and from a spawned one; wasi-web through
//! spawn() (the peers cannot run wasm32-wasip1-threads) beside native wasmtime-cli, when
//! tools/wasmtime is installed (`cargo xtask oracle` installs it).

use crate::bench_report::median;
use crate::browser::Browser;
use crate::cmd::Result;
use crate::threads_suite;
use serde_json::{json, Value};
use std::process::{Command, Stdio};

/// One sample of each measurement: rayon ms on 1 and 2 threads, ns per call main / spawned.
#[derive(Default)]
struct Samples {
    rayon: [Vec<f64>; 2],
    main_ns: Vec<f64>,
    spawned_ns: Vec<f64>,
}

impl Samples {
    /// Takes the numbers a guest printed (rayon_work: `…, ms: N`; call_cost: `main: N ns/call,
    /// spawned: M ns/call`).
    fn add(&mut self, name: &str, threads: usize, stdout: &str) -> Result {
        let number = |after: &str| -> Result<f64> {
            stdout
                .split(after)
                .nth(1)
                .and_then(|rest| rest.split(|c: char| c != '.' && !c.is_ascii_digit()).next())
                .and_then(|n| n.parse().ok())
                .ok_or_else(|| format!("bench threads: no `{after}` in {name}'s output {stdout:?}"))
        };
        if name == "rayon_work" {
            self.rayon[threads - 1].push(number("ms: ")?);
        } else {
            self.main_ns.push(number("main: ")?);
            self.spawned_ns.push(number("spawned: ")?);
        }
        Ok(())
    }
}

fn cases(runs: usize) -> Vec<Value> {
    let one_run = [
        json!({"name": "rayon_work", "args": ["1"]}),
        json!({"name": "rayon_work", "args": ["2"]}),
        json!({"name": "call_cost"}),
    ];
    (0..runs).flat_map(|_| one_run.clone()).collect()
}

fn threads_of(case: &Value) -> usize {
    case["args"][0]
        .as_str()
        .and_then(|a| a.parse().ok())
        .unwrap_or(1)
}

fn in_browser(browser: Browser, runs: usize) -> Result<Samples> {
    let guests = crate::build::build_thread_guests()?;
    let cases = cases(runs);
    let report = threads_suite::page_report(browser, &guests, &cases, "/e2e/threads.html")?;
    let mut samples = Samples::default();
    for (case, got) in cases
        .iter()
        .zip(report["cases"].as_array().cloned().unwrap_or_default())
    {
        if got["kind"] != "exited" || got["code"] != 0 {
            return Err(format!(
                "bench threads: {case} ended with {}",
                got["status"]
            ));
        }
        let name = case["name"].as_str().unwrap_or_default();
        samples.add(
            name,
            threads_of(case),
            got["stdout"].as_str().unwrap_or_default(),
        )?;
    }
    Ok(samples)
}

fn native(runs: usize) -> Result<Option<Samples>> {
    let Some(wasmtime) = threads_suite::installed_wasmtime() else {
        return Ok(None);
    };
    let guests = crate::build::build_thread_guests()?;
    let mut samples = Samples::default();
    for case in cases(runs) {
        let name = case["name"].as_str().unwrap_or_default();
        let out = Command::new(&wasmtime)
            .args(["run", "-W", "threads=y", "-S", "threads=y"])
            .arg(guests.join(format!("{name}.wasm")))
            .args(
                case["args"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(Value::as_str),
            )
            .stdin(Stdio::null())
            .output()
            .map_err(|e| e.to_string())?;
        samples.add(
            name,
            threads_of(&case),
            &String::from_utf8_lossy(&out.stdout),
        )?;
    }
    Ok(Some(samples))
}

/// One column's cell of a row, from that host's samples.
type Cell = fn(&Samples) -> String;

/// The section's markdown, from `runs` runs of each measurement.
pub fn section(browser: Browser, runs: usize) -> Result<String> {
    let ours = in_browser(browser, runs)?;
    let theirs = native(runs)?;
    let rows: [(&str, Cell); 4] = [
        ("rayon, 1 thread (primes below 2,000,000)", |s| {
            format!("{:.1} ms", median(s.rayon[0].clone()))
        }),
        ("rayon, 2 threads", |s| {
            let (one, two) = (median(s.rayon[0].clone()), median(s.rayon[1].clone()));
            format!("{two:.1} ms (speedup {:.2}×)", one / two)
        }),
        ("a WASI call from the main thread", |s| {
            format!("{:.0} ns", median(s.main_ns.clone()))
        }),
        ("a WASI call from a spawned thread", |s| {
            format!("{:.0} ns", median(s.spawned_ns.clone()))
        }),
    ];
    let mut md = format!(
        "\n### Threads (wasm32-wasip1-threads) — {}, {runs} run(s), medians\n\n| measurement | wasi-web | wasmtime (native) |\n|---|---|---|\n",
        browser.name()
    );
    for (what, cell) in rows {
        let native = theirs
            .as_ref()
            .map_or("not installed (`cargo xtask oracle`)".into(), cell);
        md.push_str(&format!("| {what} | {} | {native} |\n", cell(&ours)));
    }
    md.push_str("\nThe guests time themselves (tests/threads-guests/src/bin/rayon_work.rs, call_cost.rs); every WASI call of a threaded program goes through the host worker's channel.\n");
    Ok(md)
}
