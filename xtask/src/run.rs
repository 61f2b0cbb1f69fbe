//! `cargo xtask run`: a WASI program in a real headless browser, like `wasmtime run`.

use crate::browser::Browser;
use crate::cmd::{root, Result};
use crate::webdriver::Session;
use crate::{build, http, setup};
use serde_json::{json, Value};
use std::collections::HashMap;
use std::io::{IsTerminal, Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

const RUN_HELP: &str = "\
usage: cargo xtask run [OPTIONS] FILE.wasm [ARGS...]

Runs a WASI (wasm32-wasip1) program inside headless Chromium or Firefox through wasi-web.
Piped stdin is given to the program; its stdout and stderr are printed; the exit status is
the program's (a trap exits 134, as wasmtime's CLI does).

options:
  --browser chrome|firefox   which browser (default chrome)
  --env KEY=VALUE            set an environment variable for the program (repeatable)
  --argv0 NAME               argv[0] (default: the file's name)
  --timeout SECS             give up after SECS seconds (default 120)
  --verbose                  print a one-line summary (browser, run time) on stderr
";

pub struct RunRequest {
    pub wasm: PathBuf,
    pub args: Vec<String>,
    pub env: Vec<(String, String)>,
    pub stdin: Vec<u8>,
    pub argv0: Option<String>,
    pub timeout: Duration,
}

impl RunRequest {
    pub fn new(wasm: PathBuf) -> Self {
        RunRequest {
            wasm,
            args: Vec::new(),
            env: Vec::new(),
            stdin: Vec::new(),
            argv0: None,
            timeout: Duration::from_secs(120),
        }
    }
}

pub struct Outcome {
    pub exit_code: Option<i32>,
    pub trap: Option<String>,
    pub error: Option<String>,
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
    pub run_ms: f64,
}

impl Outcome {
    pub fn status(&self) -> String {
        match (&self.exit_code, &self.trap, &self.error) {
            (Some(code), _, _) => format!("exit {code}"),
            (_, Some(trap), _) => format!("trap: {trap}"),
            (_, _, Some(error)) => format!("error: {error}"),
            _ => "unknown".into(),
        }
    }
}

/// Serves the runner page, opens it in `browser`, and waits for the program's results.
pub fn run_in_browser(browser: Browser, req: &RunRequest) -> Result<Outcome> {
    let wasm = std::fs::read(&req.wasm).map_err(|e| format!("{}: {e}", req.wasm.display()))?;
    let argv0 = req.argv0.clone().unwrap_or_else(|| {
        req.wasm
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    });
    let mut args = vec![argv0];
    args.extend(req.args.iter().cloned());
    let env: serde_json::Map<String, Value> =
        req.env.iter().map(|(k, v)| (k.clone(), json!(v))).collect();
    let config = json!({ "args": args, "env": env });
    let mut extra = HashMap::new();
    extra.insert("/guest.wasm".to_string(), wasm);
    extra.insert("/config.json".to_string(), config.to_string().into_bytes());
    extra.insert("/stdin".to_string(), req.stdin.clone());
    let server = http::serve(root().join("web"), extra)?;
    let session = Session::start(browser)?;
    session.navigate(&format!("http://127.0.0.1:{}/runner.html", server.port))?;

    let deadline = Instant::now() + req.timeout;
    let mut outcome = Outcome {
        exit_code: None,
        trap: None,
        error: None,
        stdout: Vec::new(),
        stderr: Vec::new(),
        run_ms: 0.0,
    };
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        let (path, body) = server
            .posts
            .recv_timeout(left)
            .map_err(|_| format!("killed: no result within {} s", req.timeout.as_secs()))?;
        match path.as_str() {
            "/out/stdout" => outcome.stdout = body,
            "/out/stderr" => outcome.stderr = body,
            "/out/status" => {
                let status: Value = serde_json::from_slice(&body).map_err(|e| e.to_string())?;
                outcome.exit_code = status["exitCode"].as_i64().map(|c| c as i32);
                outcome.trap = status["trap"].as_str().map(str::to_string);
                outcome.error = status["error"].as_str().map(str::to_string);
                outcome.run_ms = status["ms"].as_f64().unwrap_or(0.0);
                return Ok(outcome);
            }
            _ => {}
        }
    }
}

fn parse(args: &[String]) -> Result<(Browser, RunRequest, bool)> {
    let mut browser = Browser::Chrome;
    let mut req = RunRequest::new(PathBuf::new());
    let mut verbose = false;
    let mut it = args.iter();
    let value = |it: &mut std::slice::Iter<String>, flag: &str| {
        it.next()
            .cloned()
            .ok_or_else(|| format!("{flag} needs a value"))
    };
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--browser" => browser = Browser::parse(&value(&mut it, arg)?)?,
            "--env" => {
                let kv = value(&mut it, arg)?;
                let (k, v) = kv
                    .split_once('=')
                    .ok_or_else(|| format!("--env {kv}: expected KEY=VALUE"))?;
                req.env.push((k.to_string(), v.to_string()));
            }
            "--argv0" => req.argv0 = Some(value(&mut it, arg)?),
            "--timeout" => {
                let secs: f64 = value(&mut it, arg)?
                    .parse()
                    .map_err(|_| "--timeout needs seconds".to_string())?;
                req.timeout = Duration::from_secs_f64(secs.max(0.0));
            }
            "--verbose" => verbose = true,
            "--" => break,
            flag if flag.starts_with("--") => {
                return Err(format!("unknown option {flag}\n\n{RUN_HELP}"))
            }
            file => {
                req.wasm = PathBuf::from(file);
                req.args = it.by_ref().cloned().collect();
            }
        }
    }
    if req.wasm.as_os_str().is_empty() {
        return Err(format!("no program given\n\n{RUN_HELP}"));
    }
    Ok((browser, req, verbose))
}

pub fn run_command(args: &[String]) -> ExitCode {
    if args.iter().any(|a| a == "--help" || a == "-h") {
        print!("{RUN_HELP}");
        return ExitCode::SUCCESS;
    }
    match parse(args).and_then(|(browser, mut req, verbose)| {
        if !std::io::stdin().is_terminal() {
            std::io::stdin()
                .read_to_end(&mut req.stdin)
                .map_err(|e| e.to_string())?;
        }
        ensure_pkg()?;
        let outcome = run_in_browser(browser, &req)?;
        if verbose {
            eprintln!(
                "[wasi-web] {} · {} · run {:.1} ms",
                browser.name(),
                outcome.status(),
                outcome.run_ms
            );
        }
        Ok(outcome)
    }) {
        Ok(outcome) => report(&outcome),
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Prints the program's output and turns its status into ours.
fn report(outcome: &Outcome) -> ExitCode {
    let _ = std::io::stdout().write_all(&outcome.stdout);
    let _ = std::io::stderr().write_all(&outcome.stderr);
    match (&outcome.exit_code, &outcome.trap, &outcome.error) {
        (Some(code), _, _) => ExitCode::from(*code as u8),
        (_, Some(trap), _) => {
            eprintln!("Error: wasm trap: {trap}");
            ExitCode::from(134)
        }
        (_, _, Some(error)) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
        _ => ExitCode::FAILURE,
    }
}

/// Builds web/pkg unless it is newer than the library's sources.
fn ensure_pkg() -> Result {
    let pkg = root().join("web/pkg/wasi_web_bg.wasm");
    let newest_source = walk_newest(&root().join("src"));
    let built = std::fs::metadata(&pkg).and_then(|m| m.modified()).ok();
    if built.is_none() || newest_source > built {
        build::build_pkg()?;
    }
    Ok(())
}

fn walk_newest(dir: &std::path::Path) -> Option<std::time::SystemTime> {
    std::fs::read_dir(dir)
        .ok()?
        .flatten()
        .filter_map(|e| {
            let p = e.path();
            if p.is_dir() {
                walk_newest(&p)
            } else {
                e.metadata().and_then(|m| m.modified()).ok()
            }
        })
        .max()
}

/// The README's main command: set up, build, and run hellowasi in headless Chromium.
pub fn hello() -> Result {
    setup::setup()?;
    build::build_guests()?;
    build::build_pkg()?;
    let outcome = run_in_browser(Browser::Chrome, &RunRequest::new(build::hellowasi()))?;
    std::io::stdout()
        .write_all(&outcome.stdout)
        .map_err(|e| e.to_string())?;
    eprintln!(
        "[wasi-web] {} in headless {} ({:.1} ms)",
        outcome.status(),
        Browser::Chrome.name(),
        outcome.run_ms
    );
    match outcome.exit_code {
        Some(0) => Ok(()),
        _ => Err(outcome.status()),
    }
}
