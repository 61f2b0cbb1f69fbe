//! `cargo xtask bench`: the same workloads, in one browser session, interleaved round-robin,
//! through wasi-web and the peers a user would pick instead, plus native wasmtime; a table of
//! medians and ratios in target/bench/, and the shipped size of each host.

use crate::browser::Browser;
use crate::cli::{self, Long};
use crate::cmd::{root, Result};
use crate::page::DrivenPage;
use crate::{build, http, peers};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::PathBuf;
use std::process::Command;
use std::sync::Arc;
use std::time::{Duration, Instant};

const HOSTS: [&str; 6] = [
    "wasi-web",
    "browser_wasi_shim",
    "runno",
    "uwasi",
    "wasm_util",
    "wasmer",
];
pub(crate) const NATIVE: &str = "wasmtime (native)";

pub(crate) struct Workload {
    pub(crate) name: &'static str,
    /// What one run does, to turn a time into a rate.
    pub(crate) unit: Unit,
}

#[derive(Clone, Copy)]
pub(crate) enum Unit {
    /// Milliseconds, as measured.
    Ms,
    /// Nanoseconds per call over this many calls.
    NsPerCall(f64),
    /// MB/s over this many MiB moved.
    MbPerS(f64),
    /// Operations per second over this many operations.
    OpsPerS(f64),
}

pub(crate) const WORKLOADS: [Workload; 13] = [
    Workload {
        name: "hello",
        unit: Unit::Ms,
    },
    // hello as a page starts a program at a URL: each host imported, then the module fetched
    // (wasi-web: `run(fetch(url))`, the module downloading while the host loads).
    Workload {
        name: "hello_url",
        unit: Unit::Ms,
    },
    Workload {
        name: "write_small",
        unit: Unit::NsPerCall(200_000.0),
    },
    Workload {
        name: "clock",
        unit: Unit::NsPerCall(1_000_000.0),
    },
    Workload {
        name: "compute",
        unit: Unit::Ms,
    },
    Workload {
        name: "fs_big",
        unit: Unit::MbPerS(128.0),
    },
    Workload {
        name: "write_64k",
        unit: Unit::MbPerS(64.0),
    },
    Workload {
        name: "write_4k",
        unit: Unit::MbPerS(64.0),
    },
    Workload {
        name: "fs_small",
        unit: Unit::OpsPerS(8_000.0),
    },
    // A 10 MB real program (uutils coreutils), fetched over HTTP: time to its first output.
    Workload {
        name: "big_first",
        unit: Unit::Ms,
    },
    Workload {
        name: "big_second",
        unit: Unit::Ms,
    },
    Workload {
        name: "args_env",
        unit: Unit::Ms,
    },
    Workload {
        name: "grep",
        unit: Unit::Ms,
    },
];

/// fs_small's phases, timed by the guest itself and printed as `phases C L S D` (ms): each
/// is reported as a row of its own.
pub(crate) const FS_PHASES: [&str; 4] = ["fs_create", "fs_list", "fs_stat", "fs_delete"];

/// The phases a run's stdout reports, as samples of their own rows.
fn phase_samples(host: &str, workload: &str, stdout: &str, samples: &mut Samples) {
    if workload != "fs_small" {
        return;
    }
    let Some(line) = stdout.lines().rev().find_map(|l| l.strip_prefix("phases ")) else {
        return;
    };
    for (phase, ms) in FS_PHASES.iter().zip(line.split(' ')) {
        if let Ok(ms) = ms.parse::<f64>() {
            let key = (host.to_string(), phase.to_string());
            samples.entry(key).or_default().push(Ok(ms));
        }
    }
}

pub(crate) struct Options {
    pub(crate) browser: Browser,
    pub(crate) runs: usize,
    pub(crate) hosts: Vec<String>,
    pub(crate) workloads: Vec<String>,
    /// Divides every workload's size (smoke runs in `cargo xtask test`).
    pub(crate) divisor: usize,
    /// Record Chromium's trace and say where hello's time goes (bench_trace.rs).
    pub(crate) trace: bool,
    /// Ms the bench's server holds back each answer (a network's round trip; 0: none).
    pub(crate) latency_ms: u64,
}

const BENCH_USAGE: &str =
    "usage: cargo xtask bench [--browser chrome|firefox|webkit] [--runs N] [--hosts a,b] [--workloads a,b,threads] [--smoke] [--trace] [--latency MS]";

fn list(csv: &str) -> Vec<String> {
    csv.split(',').map(str::to_string).collect()
}

fn parse(args: &[String]) -> Result<Options> {
    let mut o = Options {
        browser: Browser::Chrome,
        runs: 5,
        hosts: HOSTS.iter().map(|h| h.to_string()).collect(),
        workloads: WORKLOADS
            .iter()
            .map(|w| w.name.to_string())
            .chain(["threads".to_string()])
            .collect(),
        divisor: 1,
        trace: false,
        latency_ms: 0,
    };
    let mut p = cli::parser(args);
    while let Some(arg) = p.next().map_err(cli::fail(BENCH_USAGE))? {
        match arg {
            Long("browser") => {
                o.browser = Browser::parse(&cli::value::<String>(&mut p, BENCH_USAGE)?)?
            }
            Long("runs") => o.runs = cli::value(&mut p, BENCH_USAGE)?,
            Long("hosts") => o.hosts = list(&cli::value::<String>(&mut p, BENCH_USAGE)?),
            Long("workloads") => o.workloads = list(&cli::value::<String>(&mut p, BENCH_USAGE)?),
            Long("smoke") => {
                o.divisor = 100;
                o.runs = 1;
            }
            Long("trace") => o.trace = true,
            Long("latency") => o.latency_ms = cli::value(&mut p, BENCH_USAGE)?,
            _ => return Err(cli::fail(BENCH_USAGE)(arg.unexpected())),
        }
    }
    if o.trace && o.browser != Browser::Chrome {
        return Err("bench: --trace reads Chromium's trace: use it with --browser chrome".into());
    }
    Ok(o)
}

fn plan(o: &Options) -> Value {
    let div = o.divisor.to_string();
    let workloads: Vec<Value> = WORKLOADS
        .iter()
        .filter(|w| o.workloads.iter().any(|n| n == w.name))
        .map(|w| {
            if w.name.starts_with("hello") {
                // hello_url: fetched when the host asks, as a page would (bench-worker.js).
                let as_page = w.name == "hello_url";
                return json!({ "name": w.name, "wasm": "/examples/hellowasi.wasm", "visit": as_page.then_some("first"), "asPage": as_page, "args": ["hellowasi.wasm"], "env": {} });
            }
            if let Some(visit) = w.name.strip_prefix("big_") {
                return json!({ "name": w.name, "wasm": BIG_MODULE_URL, "visit": visit, "args": ["coreutils", "echo", "hello"], "env": {} });
            }
            let mut args = vec!["bench.wasm".to_string(), w.name.to_string(), "/tmp".into(), div.clone()];
            let mut env = serde_json::Map::new();
            if w.name == "args_env" {
                let n = 1000 / o.divisor;
                args.extend((0..n).map(|i| format!("argument-number-{i}")));
                env.extend((0..n).map(|i| (format!("VAR_{i}"), json!(format!("value {i}")))));
            }
            // Only a workload that reports its phases has its stdout kept (bench-worker.js).
            let keep_stdout = w.name == "fs_small";
            // bench.wasm's workloads may use /tmp; hello and coreutils' echo never open a file.
            json!({ "name": w.name, "wasm": "/guests/bench.wasm", "args": args, "env": env, "keepStdout": keep_stdout, "files": true })
        })
        .collect();
    json!({ "runs": o.runs, "hosts": o.hosts, "workloads": workloads })
}

/// The big module, under /cached/: served cacheable, as a CDN would (http.rs).
const BIG_MODULE_URL: &str = "/cached/coreutils.wasm";

/// Files for the bench page: its own, the peers from npm, the guests, the samples, the big
/// module (`big`: its directory, when the plan has it).
fn routes(plan: Vec<u8>, big: Option<PathBuf>) -> http::Routes {
    let mut mounts = vec![
        ("/bundles/", peers::bundle_dir()),
        ("/node_modules/", root().join("tools/bench/node_modules")),
        ("/guests/", build::guest_dir()),
    ];
    mounts.extend(big.map(|dir| ("/cached/", dir)));
    Arc::new(move |path, _| {
        if path == "/harness/bench/plan.json" {
            return Some(plan.clone());
        }
        http::read_mounted(path, &mounts)
    })
}

/// One measured run: host, workload, milliseconds, or why it failed.
pub(crate) type Samples = BTreeMap<(String, String), Vec<std::result::Result<f64, String>>>;

/// coreutils' directory, built if the plan runs the big module (about 95 s the first time).
fn big_module(o: &Options) -> Result<Option<PathBuf>> {
    if !o.workloads.iter().any(|w| w.starts_with("big_")) {
        return Ok(None);
    }
    let wasm = build::coreutils()?;
    Ok(wasm.parent().map(PathBuf::from))
}

fn run_browser(o: &Options, plan: &Value, samples: &mut Samples, raw: &mut Vec<Value>) -> Result {
    let routes = routes(plan.to_string().into_bytes(), big_module(o)?);
    let trace = if o.trace {
        crate::bench_trace::browser_args()
    } else {
        Vec::new()
    };
    let page = DrivenPage::open_with(o.browser, routes, "/harness/bench/bench.html", &[], &trace)?;
    let total = o.runs * o.hosts.len() * plan["workloads"].as_array().map_or(0, Vec::len);
    let deadline = Instant::now() + Duration::from_secs(180 + 130 * total as u64);
    loop {
        let (path, body) = page.next_post(deadline).ok_or("bench: timed out")?;
        let r: Value = serde_json::from_slice(&body).map_err(|e| e.to_string())?;
        if path.ends_with("/done") {
            return Ok(());
        }
        let key = (
            r["host"].as_str().unwrap_or("").to_string(),
            r["workload"].as_str().unwrap_or("").to_string(),
        );
        // Cold start counts everything from the worker's creation, a big module the time from
        // its fetch to its first output; the rest time the run.
        let ms = if key.1.starts_with("hello") {
            r["pageMs"].as_f64()
        } else if key.1.starts_with("big_") {
            r["firstOutputMs"].as_f64()
        } else {
            r["runMs"].as_f64()
        };
        let sample = match (r["ok"].as_bool(), ms) {
            (Some(true), Some(ms)) => Ok(ms),
            _ => Err(r["error"]
                .as_str()
                .map(str::to_string)
                .unwrap_or_else(|| format!("exit {}", r["exitCode"]))),
        };
        print!(".");
        let _ = std::io::stdout().flush();
        if sample.is_ok() {
            phase_samples(
                &key.0,
                &key.1,
                r["stdoutTail"].as_str().unwrap_or(""),
                samples,
            );
        }
        samples.entry(key).or_default().push(sample);
        raw.push(r);
    }
}

fn run_native(o: &Options, plan: &Value, samples: &mut Samples, raw: &mut Vec<Value>) -> Result {
    let python = root().join(".venv/bin/python");
    let plan_path = root().join("target/bench/plan.json");
    std::fs::write(&plan_path, plan.to_string()).map_err(|e| e.to_string())?;
    // The plan's module paths are URL paths; serve the same files from disk.
    let wasm_root = root().join("target/bench/wasm");
    for (dir, file) in [
        ("guests", build::guest_dir().join("bench.wasm")),
        ("examples", build::hellowasi()),
    ] {
        std::fs::create_dir_all(wasm_root.join(dir)).map_err(|e| e.to_string())?;
        let name = file.file_name().unwrap_or_default();
        std::fs::copy(&file, wasm_root.join(dir).join(name)).map_err(|e| e.to_string())?;
    }
    let out = Command::new(python)
        .arg(root().join("xtask/bench_native.py"))
        .arg(&plan_path)
        .arg(&wasm_root)
        .arg(o.runs.to_string())
        .output()
        .map_err(|e| e.to_string())?;
    if !out.status.success() {
        return Err(format!(
            "native bench failed: {}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    for line in String::from_utf8_lossy(&out.stdout).lines() {
        let r: Value = serde_json::from_str(line).map_err(|e| e.to_string())?;
        let key = (
            NATIVE.to_string(),
            r["workload"].as_str().unwrap_or("").to_string(),
        );
        let sample = if r["exitCode"] == 0 {
            phase_samples(
                NATIVE,
                &key.1,
                r["stdoutTail"].as_str().unwrap_or(""),
                samples,
            );
            Ok(r["runMs"].as_f64().unwrap_or(0.0))
        } else {
            Err(format!("exit {}", r["exitCode"]))
        };
        samples.entry(key).or_default().push(sample);
        raw.push(json!({ "host": NATIVE, "workload": r["workload"], "run": r["run"], "runMs": r["runMs"], "exitCode": r["exitCode"] }));
    }
    Ok(())
}

/// For `cargo xtask test`: a smoke run (tiny sizes, one run, Chromium) in which wasi-web
/// must complete every workload.
pub fn smoke() -> Result<(usize, usize)> {
    let o = parse(&["--smoke".to_string()])?;
    std::fs::create_dir_all(root().join("target/bench")).map_err(|e| e.to_string())?;
    peers::bundle()?;
    let plan = plan(&o);
    let mut samples = Samples::new();
    run_browser(&o, &plan, &mut samples, &mut Vec::new())?;
    println!();
    let mut failures = Vec::new();
    for w in &WORKLOADS {
        let runs = samples
            .get(&("wasi-web".to_string(), w.name.to_string()))
            .cloned()
            .unwrap_or_default();
        match runs.first() {
            Some(Ok(ms)) => println!("bench smoke: wasi-web {} in {ms:.1} ms ... ok", w.name),
            other => failures.push(format!("{}: {other:?}", w.name)),
        }
    }
    match crate::bench_threads::section(o.browser, 1) {
        Ok(md) => println!("bench smoke: the threads section ... ok\n{md}"),
        Err(e) => failures.push(e),
    }
    match crate::bench_pages::section(o.browser, 1) {
        Ok(md) => println!(
            "bench smoke: the drop page, the playground page and the spawn() page ... ok\n{md}"
        ),
        Err(e) => failures.push(e),
    }
    // A byte count, not a time: the same on any machine.
    let budget = crate::bench_report::HELLO_BUDGET;
    let sizes = crate::bench_report::sizes();
    match sizes
        .iter()
        .find(|(name, ..)| name == crate::bench_report::HELLO_DOWNLOAD)
    {
        Some((name, raw, gz)) if *raw > 0 && *gz <= budget => {
            println!("bench smoke: {name} ships {gz} B gzip, within {budget} ... ok")
        }
        other => failures.push(format!("shipped size over {budget} B gzip: {other:?}")),
    }
    if failures.is_empty() {
        Ok((WORKLOADS.len() + 3, 0))
    } else {
        Err(format!("bench smoke: {}", failures.join("; ")))
    }
}

pub fn bench(args: &[String]) -> Result {
    let o = parse(args)?;
    build::build_guests()?;
    build::build_pkg()?;
    peers::bundle()?;
    std::fs::create_dir_all(root().join("target/bench")).map_err(|e| e.to_string())?;
    http::set_latency(o.latency_ms);
    let plan = plan(&o);
    let mut samples = Samples::new();
    let mut raw = Vec::new();
    println!(
        "bench: {} run(s) of {} workload(s) x {} host(s) in {}",
        o.runs,
        plan["workloads"].as_array().map_or(0, Vec::len),
        o.hosts.len(),
        o.browser.name()
    );
    if o.trace {
        // A trace left by an earlier run must not be read as this one's.
        let _ = std::fs::remove_file(crate::bench_trace::file());
    }
    run_browser(&o, &plan, &mut samples, &mut raw)?;
    println!();
    run_native(&o, &plan, &mut samples, &mut raw)?;
    let mut report = crate::bench_report::report(&o, &samples);
    if o.workloads.iter().any(|w| w == "threads") {
        report.push_str(&crate::bench_threads::section(o.browser, o.runs)?);
    }
    let hello = o.workloads.iter().any(|w| w == "hello");
    if o.trace {
        report.push_str(&if hello {
            crate::bench_trace::section()?
        } else {
            crate::bench_trace::unread()
        });
    }
    if hello {
        report.push_str(&crate::bench_pages::section(o.browser, o.runs)?);
    }
    println!("{report}");
    std::fs::write(root().join("target/bench/results.md"), &report).map_err(|e| e.to_string())?;
    std::fs::write(
        root().join("target/bench/results.json"),
        Value::Array(raw).to_string(),
    )
    .map_err(|e| e.to_string())?;
    println!("written: target/bench/results.md, target/bench/results.json");
    Ok(())
}
