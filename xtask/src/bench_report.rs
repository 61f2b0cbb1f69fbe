//! The bench's report: a table of medians (min–max) and wasi-web's ratios to the best peer
//! and to native, one row per workload (fs_small's phases each a row of their own), and the
//! shipped size of each host.

use crate::bench::{Options, Samples, Unit, FS_PHASES, NATIVE, WORKLOADS};
use crate::bench_stats::ratio_interval;
use crate::cmd::root;
use crate::peers;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

pub fn report(o: &Options, samples: &Samples) -> String {
    let mut hosts: Vec<String> = o.hosts.clone();
    hosts.push(NATIVE.into());
    let mut md = format!(
        "## wasi-web bench — {}, {} run(s), sizes ÷{}\n\n",
        o.browser.name(),
        o.runs,
        o.divisor
    );
    if o.latency_ms > 0 {
        md.push_str(&format!(
            "Every answer of the bench's server was held back {} ms (`--latency`: a network's round trip), in every row and page below.\n\n",
            o.latency_ms
        ));
    }
    md.push_str(&format!(
        "| workload | {} | wasi-web vs best peer | wasi-web vs native |\n",
        hosts.join(" | ")
    ));
    md.push_str(&format!("|---|{}---|---|\n", "---|".repeat(hosts.len())));
    for w in WORKLOADS
        .iter()
        .filter(|w| o.workloads.iter().any(|n| n == w.name))
    {
        md.push_str(&row(o, samples, &hosts, w.name, w.unit));
        if w.name == "fs_small" {
            for phase in FS_PHASES {
                md.push_str(&row(o, samples, &hosts, phase, Unit::Ms));
            }
        }
    }
    md.push_str("\nRatios are times (wasi-web ÷ other): below 1× wasi-web is faster. In brackets, the ratio's 95% bootstrap interval (each host's runs resampled; 3 runs or more): one that spans 1× means this session's runs do not tell the two apart. `hello` is a cold start (fresh worker: load the host, compile, instantiate, run); the others time instantiate + run.\n\n");
    md.push_str("| host | shipped raw | gzip -9 |\n|---|---|---|\n");
    for (name, raw, gz) in sizes() {
        md.push_str(&format!(
            "| {name} | {:.1} KB | {:.1} KB |\n",
            raw as f64 / 1000.0,
            gz as f64 / 1000.0
        ));
    }
    md
}

/// One table row: each host's median (with min–max), and wasi-web's ratios.
fn row(o: &Options, samples: &Samples, hosts: &[String], name: &str, unit: Unit) -> String {
    let mut cells = Vec::new();
    // Each host that ran: its median and its runs (the runs for the ratios' intervals).
    let mut measured = BTreeMap::new();
    for h in hosts {
        let runs = samples
            .get(&(h.clone(), name.to_string()))
            .cloned()
            .unwrap_or_default();
        let ok: Vec<f64> = runs
            .iter()
            .filter_map(|r| r.as_ref().ok().copied())
            .collect();
        if runs.is_empty() && h == NATIVE {
            // A download and the browser's caches (big_*, hello_url): nothing native to compare.
            cells.push("–".into());
            continue;
        }
        if ok.is_empty() {
            let why = runs
                .iter()
                .find_map(|r| r.as_ref().err().cloned())
                .unwrap_or_else(|| "not run".into());
            cells.push(format!(
                "cannot run: {}",
                why.replace('|', "/").chars().take(100).collect::<String>()
            ));
            continue;
        }
        let (min, max) = min_max(&ok);
        let m = median(ok.clone());
        measured.insert(h.as_str(), (m, ok));
        cells.push(format!(
            "{} ({:.1}–{:.1} ms)",
            rate(unit, m, o.divisor),
            min,
            max
        ));
    }
    let best_peer = measured
        .iter()
        .filter(|(h, _)| **h != "wasi-web" && **h != NATIVE)
        .min_by(|(_, (a, _)), (_, (b, _))| a.total_cmp(b))
        .map(|(h, _)| *h);
    let ratio = |other: Option<&str>| {
        let (Some((ours, our_runs)), Some((theirs, their_runs))) = (
            measured.get("wasi-web"),
            other.and_then(|h| measured.get(h)),
        ) else {
            return "–".to_string();
        };
        let r = ours / theirs;
        match ratio_interval(our_runs, their_runs) {
            Some((low, high)) => format!("{r:.2}× ({low:.2}–{high:.2})"),
            None => format!("{r:.2}×"),
        }
    };
    format!(
        "| {} | {} | {} | {} |\n",
        name,
        cells.join(" | "),
        ratio(best_peer),
        ratio(Some(NATIVE))
    )
}

/// The smallest and largest of `xs` (samples: times and rates, never negative).
pub fn min_max(xs: &[f64]) -> (f64, f64) {
    xs.iter()
        .fold((f64::MAX, 0f64), |(a, b), &x| (a.min(x), b.max(x)))
}

/// The median (of an even count, the mean of the middle two); NaN for no samples.
pub fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    let n = xs.len();
    match n {
        0 => f64::NAN,
        _ if n % 2 == 1 => xs[n / 2],
        _ => (xs[n / 2 - 1] + xs[n / 2]) / 2.0,
    }
}

fn rate(unit: Unit, ms: f64, divisor: usize) -> String {
    let scale = divisor as f64;
    match unit {
        Unit::Ms => format!("{ms:.1} ms"),
        Unit::NsPerCall(calls) => format!("{:.0} ns/call", ms * 1e6 / (calls / scale)),
        Unit::MbPerS(mib) => format!("{:.0} MB/s", (mib / scale) * 1.048576 / (ms / 1000.0)),
        Unit::OpsPerS(ops) => format!("{:.0} ops/s", (ops / scale) / (ms / 1000.0)),
    }
}

/// The most a page may download to run hellowasi (issue 19's row), gzip -9 bytes: the smoke
/// run holds the [`HELLO_DOWNLOAD`] row of [`sizes`] to it.
pub const HELLO_BUDGET: u64 = 40_000;

/// The row of [`sizes`] that is what a page downloads to run hellowasi.
pub const HELLO_DOWNLOAD: &str = "wasi-web (no dirs: stdio-only host)";

/// `entries` (files of `dir`) and every module they import statically, each once: what a page
/// loads before it runs anything (a dynamic `import()`, e.g. the OCI puller, loads only when
/// asked). Read from the shipped text, minified or not: `from"./x.js"`, `import "./x.js"`.
fn imported_closure(dir: &Path, entries: &[&str]) -> Vec<PathBuf> {
    let mut seen: Vec<String> = Vec::new();
    let mut work: Vec<String> = entries.iter().map(|e| e.to_string()).collect();
    while let Some(name) = work.pop() {
        if seen.contains(&name) {
            continue;
        }
        let text = std::fs::read_to_string(dir.join(&name)).unwrap_or_default();
        work.extend(static_imports(&text));
        seen.push(name);
    }
    seen.iter().map(|name| dir.join(name)).collect()
}

/// The files beside it that a module's static `import`/`export … from` statements name.
fn static_imports(module: &str) -> Vec<String> {
    let mut found = Vec::new();
    for keyword in ["from", "import"] {
        for (at, _) in module.match_indices(keyword) {
            let rest = module[at + keyword.len()..].trim_start();
            let Some(quote) = rest.chars().next().filter(|c| *c == '"' || *c == '\'') else {
                continue;
            };
            let Some(path) = rest[1..].split(quote).next() else {
                continue;
            };
            if let Some(name) = path.strip_prefix("./") {
                found.push(name.to_string());
            }
        }
    }
    found
}

/// Raw and gzip -9 size of the files a page loads for each host.
pub fn sizes() -> Vec<(String, u64, u64)> {
    let pkg = root().join("web/pkg");
    // What run.js loads: the stdio-only host for a run without dirs (hellowasi), else the full.
    let host = |dir: &str| {
        vec![
            pkg.join("run.js"),
            pkg.join(dir).join("wasi_web.js"),
            pkg.join(dir).join("wasi_web_bg.wasm"),
        ]
    };
    // The widget's page: its modules and its run worker's (spawn() runs on the full host), and
    // the host's wasm, compiled once on the page for both.
    let mut widget = imported_closure(&pkg, &["wasi-playground.js", "run-worker.js"]);
    widget.push(pkg.join("wasi_web_bg.wasm"));
    let mut groups: Vec<(&str, Vec<PathBuf>)> = vec![
        (HELLO_DOWNLOAD, host("stdio")),
        ("wasi-web (with dirs: full host)", host(".")),
        (
            "wasi-web `<wasi-playground>` (its modules, full host)",
            widget,
        ),
    ];
    groups.extend(peers::shipped_files());
    let mut out = Vec::new();
    for (name, files) in groups {
        let mut bytes = Vec::new();
        for f in &files {
            bytes.extend(std::fs::read(f).unwrap_or_default());
        }
        let gz = Command::new("gzip")
            .arg("-9c")
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .and_then(|mut c| {
                // Fed from another thread: gzip's output (read by wait_with_output) would
                // otherwise fill its pipe while we still write a large input.
                let input = c.stdin.take();
                let data = bytes.clone();
                let feeder = std::thread::spawn(move || input.map(|mut i| i.write_all(&data)));
                let out = c.wait_with_output();
                let _ = feeder.join();
                out
            })
            .map(|o| o.stdout.len() as u64)
            .unwrap_or(0);
        out.push((name.to_string(), bytes.len() as u64, gz));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn static_imports_are_read_from_readable_and_minified_modules() {
        let readable = "import init, { run } from \"./wasi_web.js\";\nimport './terminal.js';\nexport { x } from \"./threads.js\";\nconst { pullModule } = await import(\"./oci.js\");\nfromResponse(m);\n";
        assert_eq!(
            static_imports(readable),
            ["wasi_web.js", "threads.js", "terminal.js"]
        );
        let minified = "import{spawn as a}from\"./wasi-run.js\";import\"./terminal.js\";import(\"./oci.js\");from\"wasi-web/run\"";
        assert_eq!(static_imports(minified), ["wasi-run.js", "terminal.js"]);
    }

    #[test]
    fn a_row_compares_with_the_fastest_peer_by_median_and_gives_each_ratio_its_interval() {
        let hosts: Vec<String> = ["wasi-web", "slow", "fast", NATIVE]
            .iter()
            .map(|h| h.to_string())
            .collect();
        let o = Options {
            browser: crate::browser::Browser::Chrome,
            runs: 5,
            hosts: hosts.clone(),
            workloads: vec!["hello".into()],
            divisor: 1,
            trace: false,
            latency_ms: 0,
        };
        let mut samples = Samples::new();
        let mut add = |host: &str, ms: [f64; 5]| {
            let runs = ms.iter().map(|&m| Ok(m)).collect();
            samples.insert((host.to_string(), "hello".to_string()), runs);
        };
        add("wasi-web", [10.0, 10.2, 9.9, 10.1, 10.0]);
        // "slow" has the lowest single run, "fast" the lowest median: the median decides.
        add("slow", [1.0, 40.0, 41.0, 39.0, 40.5]);
        add("fast", [20.0, 20.4, 19.8, 20.1, 20.2]);
        add(NATIVE, [5.0, 5.1, 4.9, 5.0, 5.05]);
        let five_runs = row(&o, &samples, &hosts, "hello", Unit::Ms);
        let cells: Vec<&str> = five_runs
            .trim_end()
            .trim_matches('|')
            .split(" | ")
            .collect();
        let (vs_peer, vs_native) = (cells[cells.len() - 2], cells[cells.len() - 1]);
        assert!(vs_peer.starts_with("0.50× (0.4"), "{five_runs}");
        assert!(vs_native.starts_with("2.00× (1.9"), "{five_runs}");
        let one_run: Samples = samples
            .iter()
            .map(|(k, runs)| (k.clone(), runs[..1].to_vec()))
            .collect();
        // One run each: no interval, and "slow"'s one run is its median.
        let row = row(&o, &one_run, &hosts, "hello", Unit::Ms);
        assert!(row.trim_end().ends_with("| 10.00× | 2.00× |"), "{row}");
    }

    #[test]
    fn a_pages_modules_are_each_counted_once() {
        let dir = std::env::temp_dir().join(format!("wasi-web-closure-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let module = |name: &str, text: &str| std::fs::write(dir.join(name), text).unwrap();
        module(
            "page.js",
            "import \"./a.js\"; import { b } from \"./b.js\";",
        );
        module(
            "a.js",
            "import { b } from \"./b.js\"; import(\"./lazy.js\");",
        );
        module("b.js", "export const b = 1;");
        module("worker.js", "import \"./b.js\";");
        let mut names: Vec<String> = imported_closure(&dir, &["page.js", "worker.js"])
            .iter()
            .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(names, ["a.js", "b.js", "page.js", "worker.js"]);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
