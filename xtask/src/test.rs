//! `cargo xtask test`: setup, lint, native tests, then the browser suites in Chromium and
//! Firefox, then the command-line runner end to end. Fails if anything fails.

use crate::browser::Browser;
use crate::checks::Tally;
use crate::cli::{self, Long};
use crate::cmd::{self, root, run, which, Result};
use crate::{build, run as runner, setup};
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use wasi_web::outcome::Outcome;

/// The parts of `cargo xtask test`, in the order they run, and what each covers.
const PARTS: [(&str, &str); 12] = [
    (
        "lint",
        "cargo fmt --check, clippy -D warnings (native and wasm32)",
    ),
    (
        "native",
        "cargo test --workspace: the core, module inspection, outcome, xtask",
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
        "cargo xtask run end to end in Chromium, Firefox and WebKit",
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
        "native" => counts.add(run_counting(&mut cargo(&["test", "--workspace"]))?),
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
                counts.add(runner_smoke(browser)?);
            }
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
    run(cargo(&wasm).args(["--", "-D", "warnings"]))
}

/// `cargo xtask e2e`: the page-level suites alone, for working on the pages.
pub fn e2e(args: &[String]) -> Result {
    const USAGE: &str =
        "usage: cargo xtask e2e [--browser chrome|firefox|webkit] [--suite NAME,...]
suites: workers, terminal, xterm, docs, droppage, hostile, widget";
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
        .ok_or("wasm-bindgen-test-runner is missing: run `cargo xtask setup`")?;
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

/// The command-line runner end to end: hellowasi's output and status, stdin delivered, a trap
/// reported, and a `--dir` tree written back.
fn runner_smoke(browser: Browser) -> Result<(usize, usize)> {
    let name = browser.name();
    let mut checks: Vec<(String, bool)> = Vec::new();
    let mut check = |what: &str, ok: bool, report: &runner::RunReport| {
        let shown = if ok {
            what.to_string()
        } else {
            let stdout = String::from_utf8_lossy(&report.stdout);
            format!("{what} (got {} / stdout {stdout:?})", report.outcome)
        };
        checks.push((shown, ok));
    };
    let run = |req: &runner::RunRequest| runner::run_in_browser(browser, req, &mut |_, _| {});

    let hello = run(&runner::RunRequest::new(build::hellowasi()))?;
    check(
        "hellowasi prints Hello, World!",
        hello.stdout == b"Hello, World!\n" && hello.outcome.succeeded(),
        &hello,
    );

    let mut req = runner::RunRequest::new(build::guest_dir().join("stdio.wasm"));
    req.stdin = runner::StdinSource::Bytes(b"hi\n".to_vec());
    let stdio = run(&req)?;
    let text = String::from_utf8_lossy(&stdio.stdout).into_owned();
    check(
        "stdin reaches the guest",
        text.starts_with("read 3 bytes\nline: \"hi\"\n"),
        &stdio,
    );

    let trap = run(&runner::RunRequest::new(
        build::guest_dir().join("trap.wasm"),
    ))?;
    check(
        "a trap is reported",
        // Chromium says "unreachable", Firefox "unreachable executed", WebKit "Unreachable
        // code should not be executed".
        matches!(&trap.outcome, Outcome::Trapped(t)
            if t.to_lowercase().starts_with("runtimeerror: unreachable")),
        &trap,
    );

    let dir = std::env::temp_dir().join(format!("wasi-web-dir-{}-{}", std::process::id(), name));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    std::fs::write(dir.join("stale.txt"), b"left alone").map_err(|e| e.to_string())?;
    let mut req = runner::RunRequest::new(build::guest_dir().join("files.wasm"));
    req.dirs.push((dir.clone(), "/sandbox".into()));
    let files = run(&req)?;
    let written = std::fs::metadata(dir.join("big.bin"))
        .map(|m| m.len())
        .unwrap_or(0);
    let kept = std::fs::read(dir.join("stale.txt")).unwrap_or_default();
    let removed = !dir.join("a.txt").exists();
    check(
        "--dir is written back",
        files.outcome.succeeded() && written == 300_000 && kept == b"left alone" && removed,
        &files,
    );
    let _ = std::fs::remove_dir_all(&dir);
    dir_carries_mtimes_and_sparse_files(&dir, &mut check, &run)?;

    let typed = interactive_cli(browser)?;
    let what = if browser.stdin_mode(true) == "presupplied" {
        "the guest runs with the input once it ends"
    } else {
        "a line typed reaches the guest before EOF"
    };
    check(what, typed, &files);
    crate::checks::report_checks(&format!("runner in {name}"), &checks, "")
}

/// `--dir` carries a file's mtime into the guest and a sparse 1 GiB file back out (sparse on
/// the host too), keeping the other files; a run that never starts leaves the directory be.
fn dir_carries_mtimes_and_sparse_files(
    dir: &std::path::Path,
    check: &mut dyn FnMut(&str, bool, &runner::RunReport),
    run: &dyn Fn(&runner::RunRequest) -> Result<runner::RunReport>,
) -> Result {
    use std::os::unix::fs::MetadataExt;
    let io = |e: std::io::Error| e.to_string();
    std::fs::create_dir_all(dir).map_err(io)?;
    let old = dir.join("old.txt");
    std::fs::write(&old, b"old").map_err(io)?;
    // 2020-01-02T03:04:05Z
    let when = std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_577_934_245);
    std::fs::File::options()
        .write(true)
        .open(&old)
        .and_then(|f| f.set_modified(when))
        .map_err(io)?;
    let mut req = runner::RunRequest::new(build::guest_dir().join("dir_io.wasm"));
    req.args = vec!["/data/old.txt".into()];
    req.dirs.push((dir.to_path_buf(), "/data".into()));
    let report = run(&req)?;
    let stdout = String::from_utf8_lossy(&report.stdout);
    check(
        "--dir carries a file's mtime in",
        stdout.contains("mtime 1577934245"),
        &report,
    );
    let sparse = std::fs::metadata(dir.join("sparse")).map_err(io);
    let kept = std::fs::metadata(&old).map_err(io)?;
    check(
        "a sparse 1 GiB file is written back sparse, the other files and mtimes kept",
        sparse.is_ok_and(|m| m.len() == 1 << 30 && m.blocks() * 512 < 1 << 20)
            && std::fs::read(dir.join("new.txt")).is_ok_and(|b| b == b"new")
            && kept.modified().ok() == Some(when),
        &report,
    );
    // Over the guest filesystem's limit: refused before anything is read or run.
    let mut too_big = runner::RunRequest::new(build::guest_dir().join("dir_io.wasm"));
    too_big.dirs.push((dir.to_path_buf(), "/data".into()));
    let refused = run(&too_big).err().unwrap_or_default();
    check(
        &format!("a --dir over the filesystem limit is refused up front ({refused})"),
        refused.contains("over the guest filesystem's limit")
            && refused.contains("--limit fsBytes"),
        &report,
    );
    std::fs::remove_file(dir.join("sparse")).map_err(io)?;
    let mut broken = runner::RunRequest::new(dir.join("old.txt"));
    broken.dirs.push((dir.to_path_buf(), "/data".into()));
    let failed = run(&broken)?;
    check(
        "a run that never starts leaves the --dir as it was",
        matches!(failed.outcome, Outcome::Failed(_))
            && dir.join("new.txt").exists()
            && old.exists(),
        &failed,
    );
    let _ = std::fs::remove_dir_all(dir);
    Ok(())
}

/// `cargo xtask run` as a user runs it: a line written to its stdin is answered before stdin
/// closes, and closing it ends the program with exit 0. Where the engine cannot pause the
/// program (WebKit), it runs once stdin closes, with all of it.
fn interactive_cli(browser: Browser) -> Result<bool> {
    let presupplied = browser.stdin_mode(true) == "presupplied";
    use std::io::Write;
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let mut child = Command::new(exe)
        .args(["run", "--browser", browser.arg()])
        .arg(build::guest_dir().join("reverse.wasm"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .map_err(|e| e.to_string())?;
    let stdout = child.stdout.take().ok_or("no stdout")?;
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout)
            .lines()
            .map_while(std::io::Result::ok)
        {
            let _ = tx.send(line);
        }
    });
    let mut stdin = child.stdin.take().ok_or("no stdin")?;
    let wait_for = |want: &str| loop {
        match rx.recv_timeout(std::time::Duration::from_secs(60)) {
            Ok(line) if line == want => return true,
            Ok(_) => continue,
            Err(_) => return false,
        }
    };
    let ready = presupplied || wait_for("ready (tty: false)");
    stdin.write_all(b"abc\n").map_err(|e| e.to_string())?;
    stdin.flush().map_err(|e| e.to_string())?;
    let answered = presupplied || (ready && wait_for("cba"));
    drop(stdin);
    let ran_after = !presupplied || (wait_for("ready (tty: false)") && wait_for("cba"));
    let said_bye = ran_after && wait_for("bye");
    let status = child.wait().map_err(|e| e.to_string())?;
    Ok(answered && said_bye && status.success())
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
