//! `cargo xtask test`: setup, then its parts (PARTS) in order: lint, native tests, the browser
//! suites in Chromium, Firefox and WebKit, the conformance ratchet. Fails if anything fails.

use crate::browser::Browser;
use crate::checks::Tally;
use crate::cli::{self, Long};
use crate::cmd::{self, root, run, which, Result};
use crate::{build, run as runner, setup};
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

/// The parts of `cargo xtask test`, in the order they run, and what each covers.
const PARTS: [(&str, &str); 12] = [
    (
        "lint",
        "cargo fmt --check, clippy -D warnings (native and wasm32)",
    ),
    (
        "native",
        "cargo test --workspace: the core, module inspection, outcome, xtask; the core again as the stdio-only host builds it",
    ),
    (
        "browser",
        "wasm-bindgen-test in Chromium and Firefox: every guest vs wasmtime",
    ),
    (
        "abi",
        "the list of calls against wasmtime's ABI and the built host's exports",
    ),
    (
        "runner",
        "cargo xtask run end to end in Chromium, Firefox and WebKit; the differ's regression seeds vs wasmtime",
    ),
    (
        "e2e",
        "page suites in Chromium, Firefox and WebKit: workers, terminal, drop page, widget",
    ),
    (
        "threads",
        "wasm32-wasip1-threads programs against wasmtime: spawn() and cargo xtask run; the refusals",
    ),
    (
        "wagi",
        "examples/wagi through the Service Worker in Chromium, Firefox and WebKit, served and static",
    ),
    (
        "oci",
        "modules pulled from real registries (docker-registry, pushed by oras-py) in Chromium, Firefox and WebKit",
    ),
    (
        "package",
        "the npm tarball installed into a fresh project, every entry type-checked (tsc --strict)",
    ),
    ("bench", "the benchmark page with every peer, tiny sizes"),
    (
        "conformance",
        "the official wasi-testsuite in Chromium, Firefox and WebKit, against the ratchet",
    ),
];

const USAGE: &str = "usage: cargo xtask test [--only PART,PART...]
parts: lint, native, browser, abi, runner, e2e, threads, wagi, oci, package, bench, conformance";

pub fn test(args: &[String]) -> Result {
    let mut only: Option<Vec<String>> = None;
    let mut p = cli::parser(args);
    while let Some(arg) = p.next().map_err(cli::fail(USAGE))? {
        match arg {
            Long("only") => {
                let parts: String = cli::value(&mut p, USAGE)?;
                only = Some(parts.split(',').map(str::to_string).collect());
            }
            _ => return Err(cli::fail(USAGE)(arg.unexpected())),
        }
    }
    if let Some(unknown) = only
        .iter()
        .flatten()
        .find(|part| !PARTS.iter().any(|(name, _)| name == part))
    {
        return Err(format!("no part `{unknown}`\n\n{USAGE}"));
    }
    setup::setup()?;
    // The browser suite embeds the guests, so they are built before anything compiles it.
    build::build_guests()?;
    let mut tally = Tally::default();
    let mut times = Vec::new();
    for (name, what) in PARTS {
        if only.as_ref().is_some_and(|o| !o.iter().any(|p| p == name)) {
            continue;
        }
        eprintln!("== {name}: {what} ==");
        let started = std::time::Instant::now();
        tally.add(part(name)?);
        times.push((name, started.elapsed()));
    }
    for (name, took) in times {
        println!("xtask test: {name:<12} {:>6.1} s", took.as_secs_f64());
    }
    crate::checks::verdict("xtask test", &tally)
}

fn part(name: &str) -> Result<(usize, usize)> {
    let browsers = [Browser::Chrome, Browser::Firefox];
    let mut counts = Tally::default();
    match name {
        "lint" => lint()?,
        "native" => {
            counts.add(run_counting(&mut cargo(&["test", "--workspace"]))?);
            // The stdio-only host's core (web/pkg/stdio/), which serves every run without dirs.
            let stdio = ["test", "--lib", "--features", "stdio-only"];
            counts.add(run_counting(&mut cargo(&stdio))?);
        }
        "browser" => {
            for browser in browsers {
                counts.add(browser_suite(browser)?);
            }
        }
        "abi" => {
            counts.add(crate::abi::against_wasmtime()?);
            let pkg = build::build_pkg()?;
            counts.add(crate::abi::host_exports(&pkg.join("wasi_web_bg.wasm"))?);
        }
        "runner" => {
            runner::ensure_pkg()?;
            for browser in Browser::ALL {
                counts.add(crate::runner_suite::smoke(browser)?);
            }
            counts.add(crate::differ::regression_seeds(&browsers)?);
        }
        "e2e" => {
            runner::ensure_pkg()?;
            for browser in Browser::ALL {
                counts.add(crate::e2e::suites(browser, &[])?);
            }
        }
        "threads" => {
            runner::ensure_pkg()?;
            for browser in Browser::ALL {
                counts.add(crate::threads_suite::suite(browser)?);
            }
        }
        "wagi" => {
            runner::ensure_pkg()?;
            for browser in Browser::ALL {
                counts.add(crate::wagi_suite::suite(browser)?);
            }
        }
        "oci" => {
            runner::ensure_pkg()?;
            let registries = crate::registry::Registries::start()?;
            for browser in Browser::ALL {
                counts.add(crate::oci_suite::suite(browser, &registries)?);
            }
        }
        "package" => counts.add(crate::package::check()?),
        "bench" => counts.add(crate::bench::smoke()?),
        "conformance" => counts.add(crate::conformance::ratchet()?),
        _ => unreachable!("parts are checked against PARTS"),
    }
    Ok(counts.into())
}

fn cargo(args: &[&str]) -> Command {
    let mut c = cmd::cargo();
    c.current_dir(root()).args(args);
    c
}

fn lint() -> Result {
    run(&mut cargo(&["fmt", "--all", "--check"]))?;
    run(cargo(&["clippy", "--workspace", "--all-targets"]).args(["--", "-D", "warnings"]))?;
    let wasm = [
        "clippy",
        "--target",
        "wasm32-unknown-unknown",
        "--lib",
        "--tests",
    ];
    run(cargo(&wasm).args(["--", "-D", "warnings"]))?;
    // The stdio-only host's build (web/pkg/stdio/): its library as it ships, and natively
    // with the tests that build runs.
    let stdio = &wasm[..4];
    run(cargo(stdio).args(["--features", "stdio-only", "--", "-D", "warnings"]))?;
    let native_stdio = ["clippy", "--lib", "--tests", "--features", "stdio-only"];
    run(cargo(&native_stdio).args(["--", "-D", "warnings"]))
}

/// `cargo xtask e2e`: the page-level suites alone, for working on the pages.
pub fn e2e(args: &[String]) -> Result {
    const USAGE: &str =
        "usage: cargo xtask e2e [--browser chrome|firefox|webkit] [--suite NAME,...]
suites: workers, terminal, xterm, docs, droppage, hostile, widget, hosts";
    let mut browsers = Browser::ALL.to_vec();
    let mut only: Vec<String> = Vec::new();
    let mut p = cli::parser(args);
    while let Some(arg) = p.next().map_err(cli::fail(USAGE))? {
        match arg {
            Long("browser") => {
                browsers = vec![Browser::parse(&cli::value::<String>(&mut p, USAGE)?)?]
            }
            Long("suite") => {
                let names: String = cli::value(&mut p, USAGE)?;
                only = names.split(',').map(str::to_string).collect();
                if let Some(unknown) = only
                    .iter()
                    .find(|n| !crate::e2e::SUITES.contains(&n.as_str()))
                {
                    return Err(format!("no suite `{unknown}`\n\n{USAGE}"));
                }
            }
            _ => return Err(cli::fail(USAGE)(arg.unexpected())),
        }
    }
    build::build_guests()?;
    build::build_pkg()?;
    let mut tally = Tally::default();
    for browser in browsers {
        tally.add(crate::e2e::suites(browser, &only)?);
    }
    crate::checks::verdict("xtask e2e", &tally)
}

/// Runs a test command, echoing its output, and adds up its `test result:` lines.
fn run_counting(c: &mut Command) -> Result<(usize, usize)> {
    let shown = format!("{c:?}").replace('"', "");
    eprintln!("$ {shown}");
    let mut child = c
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start `{shown}`: {e}"))?;
    let (mut passed, mut failed) = (0, 0);
    if let Some(out) = child.stdout.take() {
        for line in BufReader::new(out).lines().map_while(std::io::Result::ok) {
            println!("{line}");
            if let Some(rest) = line.split("test result: ").nth(1) {
                let count = |word: &str| {
                    rest.split(';')
                        .find_map(|part| {
                            part.trim()
                                .trim_start_matches("ok. ")
                                .trim_start_matches("FAILED. ")
                                .strip_suffix(word)
                        })
                        .and_then(|n| n.trim().parse::<usize>().ok())
                        .unwrap_or(0)
                };
                passed += count(" passed");
                failed += count(" failed");
            }
        }
    }
    let status = child.wait().map_err(|e| e.to_string())?;
    if !status.success() {
        return Err(format!("`{shown}` failed ({status})"));
    }
    Ok((passed, failed))
}

/// wasm-bindgen-test in one browser. The runner picks GECKODRIVER before CHROMEDRIVER, so
/// exactly one is set.
fn browser_suite(browser: Browser) -> Result<(usize, usize)> {
    eprintln!("== browser tests in {} ==", browser.name());
    let mut c = cmd::cargo();
    c.current_dir(root())
        .args([
            "test",
            "--target",
            "wasm32-unknown-unknown",
            "--test",
            "browser",
        ])
        .env_remove("CHROMEDRIVER")
        .env_remove("GECKODRIVER");
    let runner = which("wasm-bindgen-test-runner")
        .ok_or_else(|| crate::setup::missing("wasm-bindgen-test-runner"))?;
    c.env("CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER", runner);
    let driver = browser.driver()?;
    match browser {
        Browser::Chrome => c.env("CHROMEDRIVER", driver),
        Browser::Firefox => c.env("GECKODRIVER", driver),
        // wasm-bindgen-test-runner drives Safari's safaridriver only, not WebKitGTK's.
        Browser::WebKit => return Err("the wasm-bindgen-test suite has no WebKitGTK driver".into()),
    };
    run_counting(&mut c)
}

/// `cargo xtask fuzz [--time SECS]`: the cargo-fuzz target (fuzz/, src/wasi/fuzz.rs) for a
/// while; a finding is saved under fuzz/artifacts/ and fails the command.
pub fn fuzz(args: &[String]) -> Result {
    const USAGE: &str = "usage: cargo xtask fuzz [--time SECS]   (default 60)";
    let mut secs: u64 = 60;
    let mut p = cli::parser(args);
    while let Some(arg) = p.next().map_err(cli::fail(USAGE))? {
        match arg {
            Long("time") => secs = cli::value(&mut p, USAGE)?,
            _ => return Err(cli::fail(USAGE)(arg.unexpected())),
        }
    }
    setup::for_fuzz()?;
    // Through rustup's proxy, which `+nightly` needs (not the stable cargo running us).
    run(Command::new("cargo")
        .env_remove("RUSTUP_TOOLCHAIN")
        .env_remove("CARGO")
        .env_remove("RUSTC")
        .current_dir(root().join("fuzz"))
        .args(["+nightly", "fuzz", "run", "wasi_calls", "--"])
        .arg(format!("-max_total_time={secs}"))
        .args(["-timeout=5", "-rss_limit_mb=2048", "-print_final_stats=1"]))
}
