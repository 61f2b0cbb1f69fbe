//! `cargo xtask run`'s command line: options that end at the module path (as in `wasmtime
//! run`), the run in a browser (run.rs), the program's exit status as ours; and `cargo xtask
//! hello`.

use crate::browser::Browser;
use crate::cli::{self, Long, Short};
use crate::cmd::Result;
use crate::run::{ensure_pkg, run_in_browser, RunRequest, StdinSource, Stream};
use crate::{build, setup};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};
use wasi_web::outcome::Outcome;

const RUN_HELP: &str = "\
usage: cargo xtask run [OPTIONS] FILE.wasm|oci://REGISTRY/REPO:TAG [ARGS...]

Runs a WASI (wasm32-wasip1) program inside headless Chromium or Firefox through wasi-web.
An OCI reference (oci://…, oci:…, …@sha256:DIGEST) is pulled by the browser, as a page would.
Stdin is forwarded to the program as it reads; its stdout and stderr stream to ours; the
exit status is the program's (a trap exits 134, as wasmtime's CLI does).

options:
  --browser NAME             chrome (default), firefox or webkit (WebKitGTK on Xvfb)
  --dir HOST[::GUEST]        preopen a copy of directory HOST as GUEST (default: the same
                             path); what the program changes there is written back at exit
  --env KEY=VALUE            set an environment variable for the program (repeatable)
  --argv0 NAME               argv[0] (default: the file's name)
  --limit NAME=N             a resource limit: fsBytes, fileBytes, openFiles, inodes
                             (repeatable; see the README's run() options)
  --timeout SECS             give up after SECS seconds (default 120)
  --verbose                  print a one-line summary (browser, run time; for an OCI
                             reference, the digests that ran) on stderr
";

/// What `cargo xtask run` was asked: the browser, the run, `--verbose`; `None` for `--help`.
/// Our options end at the module path, as in `wasmtime run`: everything after it is the
/// program's, `--help` included.
fn parse(args: &[String]) -> Result<Option<(Browser, RunRequest, bool)>> {
    let mut browser = Browser::Chrome;
    let mut req = RunRequest::new(PathBuf::new());
    let mut verbose = false;
    let mut p = cli::parser(args);
    while let Some(arg) = p.next().map_err(cli::fail(RUN_HELP))? {
        match arg {
            Long("browser") => browser = Browser::parse(&cli::value::<String>(&mut p, RUN_HELP)?)?,
            Long("env") => {
                let kv: String = cli::value(&mut p, RUN_HELP)?;
                let (k, v) = kv
                    .split_once('=')
                    .ok_or_else(|| format!("--env {kv}: expected KEY=VALUE"))?;
                req.env.push((k.to_string(), v.to_string()));
            }
            Long("argv0") => req.argv0 = Some(cli::value(&mut p, RUN_HELP)?),
            Long("limit") => {
                let kv: String = cli::value(&mut p, RUN_HELP)?;
                let parsed = kv
                    .split_once('=')
                    .and_then(|(k, v)| Some((k, v.parse().ok()?)));
                let (name, value) =
                    parsed.ok_or_else(|| format!("--limit {kv}: expected NAME=NUMBER"))?;
                // Checked here as the host checks it, so a typo fails before a browser starts.
                wasi_web::limits::Limits::default().set(name, value)?;
                req.limits.push((name.to_string(), value));
            }
            Long("dir") => {
                let spec: String = cli::value(&mut p, RUN_HELP)?;
                let (host, guest) = spec.split_once("::").unwrap_or((&spec, &spec));
                if !std::path::Path::new(host).is_dir() {
                    return Err(format!("--dir {spec}: {host} is not a directory"));
                }
                req.dirs.push((PathBuf::from(host), guest.to_string()));
            }
            Long("timeout") => {
                let secs: f64 = cli::value(&mut p, RUN_HELP)?;
                req.timeout = Duration::from_secs_f64(secs.max(0.0));
            }
            Long("verbose") => verbose = true,
            Long("help") | Short('h') => return Ok(None),
            cli::Value(file) => {
                req.wasm = PathBuf::from(file);
                req.args = p
                    .raw_args()
                    .map_err(cli::fail(RUN_HELP))?
                    .map(|a| a.to_string_lossy().into_owned())
                    .collect();
            }
            _ => return Err(cli::fail(RUN_HELP)(arg.unexpected())),
        }
    }
    if req.wasm.as_os_str().is_empty() {
        return Err(format!("no program given\n\n{RUN_HELP}"));
    }
    Ok(Some((browser, req, verbose)))
}

pub fn run_command(args: &[String]) -> ExitCode {
    let mut print = |stream: Stream, bytes: &[u8]| {
        let _ = match stream {
            Stream::Stdout => std::io::stdout()
                .write_all(bytes)
                .and_then(|_| std::io::stdout().flush()),
            Stream::Stderr => std::io::stderr().write_all(bytes),
        };
    };
    let started = Instant::now();
    let parsed = match parse(args) {
        Ok(Some(parsed)) => Ok(parsed),
        Ok(None) => {
            print!("{RUN_HELP}");
            return ExitCode::SUCCESS;
        }
        Err(e) => Err(e),
    };
    match parsed.and_then(|(browser, mut req, verbose)| {
        req.stdin = StdinSource::Inherit;
        ensure_pkg()?;
        let report = run_in_browser(browser, &req, &mut print)?;
        if let Some(refused) = &report.refused {
            eprintln!("wasi-web: {refused} (cargo xtask run --limit NAME=N)");
        }
        if verbose {
            let t = &report.timings;
            eprintln!(
                "[wasi-web] {} · {} · {} · compile {:.1} ms · instantiate {:.1} ms · run {:.1} ms · total {:.2} s",
                browser.name(),
                report.outcome,
                report.modes,
                t["compileMs"].as_f64().unwrap_or(0.0),
                t["instantiateMs"].as_f64().unwrap_or(0.0),
                t["runMs"].as_f64().unwrap_or(0.0),
                started.elapsed().as_secs_f64()
            );
            if let Some(pulled) = &report.pulled {
                eprintln!("[wasi-web] pulled {pulled}");
            }
        }
        Ok(report.outcome)
    }) {
        Ok(outcome) => exit_status(&outcome),
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// The program's status as ours (see `Outcome::process_exit_code`), with wasmtime's line for
/// a trap and ours for a run that did not reach an exit.
fn exit_status(outcome: &Outcome) -> ExitCode {
    match outcome {
        Outcome::Exited(_) => {}
        Outcome::Trapped(trap) => eprintln!("Error: wasm trap: {trap}"),
        other => eprintln!("error: {other}"),
    }
    ExitCode::from(outcome.process_exit_code())
}

/// The README's main command: set up, build, and run hellowasi in headless Chromium.
pub fn hello() -> Result {
    setup::for_browsers()?;
    build::build_guests()?;
    build::build_pkg()?;
    let mut print = |_: Stream, bytes: &[u8]| {
        let _ = std::io::stdout().write_all(bytes);
    };
    let outcome = run_in_browser(
        Browser::Chrome,
        &RunRequest::new(build::hellowasi()),
        &mut print,
    )?
    .outcome;
    eprintln!(
        "[wasi-web] {outcome} in headless {}",
        Browser::Chrome.name()
    );
    if outcome.succeeded() {
        Ok(())
    } else {
        Err(outcome.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn options_end_at_the_module_path() {
        let (browser, req, verbose) = parse(&args(&[
            "--browser",
            "firefox",
            "--env",
            "K=V",
            "--verbose",
            "tool.wasm",
            "--help",
            "--env",
            "x",
        ]))
        .unwrap()
        .unwrap();
        assert!(browser == Browser::Firefox && verbose);
        assert_eq!(req.wasm, PathBuf::from("tool.wasm"));
        assert_eq!(req.args, ["--help", "--env", "x"]);
        assert_eq!(req.env, [("K".to_string(), "V".to_string())]);
        assert!(parse(&args(&["--help"])).unwrap().is_none());
        assert!(parse(&args(&["--bogus", "tool.wasm"])).is_err());
        assert!(parse(&args(&["--env", "novalue", "tool.wasm"])).is_err());
        assert!(parse(&args(&[])).is_err());
    }
}
