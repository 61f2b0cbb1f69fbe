//! `cargo xtask run`: a WASI program in a real headless browser, like `wasmtime run`.

use crate::browser::Browser;
use crate::cli::{self, Long, Short};
use crate::cmd::{root, Result};
use crate::page::DrivenPage;
use crate::{build, http, setup, tree};
use serde_json::{json, Value};
use std::collections::VecDeque;
use std::io::{IsTerminal, Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};
use wasi_web::outcome::Outcome;

const RUN_HELP: &str = "\
usage: cargo xtask run [OPTIONS] FILE.wasm|oci://REGISTRY/REPO:TAG [ARGS...]

Runs a WASI (wasm32-wasip1) program inside headless Chromium or Firefox through wasi-web.
An OCI reference (oci://…, oci:…, …@sha256:DIGEST) is pulled by the browser, as a page would.
Stdin is forwarded to the program as it reads; its stdout and stderr stream to ours; the
exit status is the program's (a trap exits 134, as wasmtime's CLI does).

options:
  --browser chrome|firefox   which browser (default chrome)
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

pub struct RunRequest {
    pub wasm: PathBuf,
    pub args: Vec<String>,
    pub env: Vec<(String, String)>,
    pub stdin: StdinSource,
    /// `(host directory, guest path)` pairs to preopen and write back.
    pub dirs: Vec<(PathBuf, String)>,
    pub argv0: Option<String>,
    pub timeout: Duration,
    /// `(name, value)` of each `--limit`, checked by the host (src/limits.rs).
    pub limits: Vec<(String, f64)>,
}

pub enum StdinSource {
    Bytes(Vec<u8>),
    /// Forward this process's stdin, read on demand (end of input when it closes).
    Inherit,
}

impl RunRequest {
    pub fn new(wasm: PathBuf) -> Self {
        RunRequest {
            wasm,
            args: Vec::new(),
            env: Vec::new(),
            stdin: StdinSource::Bytes(Vec::new()),
            dirs: Vec::new(),
            argv0: None,
            timeout: Duration::from_secs(120),
            limits: Vec::new(),
        }
    }
}

/// Bytes of this process's stdin, read by a background thread once the guest first asks.
#[derive(Default)]
struct StdinPipe {
    state: Mutex<(VecDeque<u8>, bool, bool)>,
    ready: Condvar,
}

impl StdinPipe {
    fn from_bytes(bytes: Vec<u8>) -> Self {
        StdinPipe {
            state: Mutex::new((bytes.into(), true, true)),
            ready: Condvar::new(),
        }
    }

    /// Up to `max` bytes, blocking until some arrive; empty at end of input.
    fn read(self: &Arc<Self>, max: usize) -> Vec<u8> {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        if !state.2 {
            state.2 = true;
            let pipe = self.clone();
            std::thread::spawn(move || pipe.pump());
        }
        while state.0.is_empty() && !state.1 {
            state = self.ready.wait(state).unwrap_or_else(|e| e.into_inner());
        }
        let n = max.min(state.0.len());
        state.0.drain(..n).collect()
    }

    fn pump(&self) {
        let mut buf = [0u8; 4096];
        loop {
            let n = std::io::stdin().read(&mut buf).unwrap_or(0);
            let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
            if n == 0 {
                state.1 = true;
            } else {
                state.0.extend(&buf[..n]);
            }
            self.ready.notify_all();
            if n == 0 {
                return;
            }
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Stream {
    Stdout,
    Stderr,
}

/// What a run in the browser gave back.
pub struct RunReport {
    /// How it ended, as the runner page reported it.
    pub outcome: Outcome,
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
    /// `{compileMs, instantiateMs, runMs}` as measured in the browser.
    pub timings: Value,
    /// How stdin reached the guest (`sab`, `jspi`, `presupplied`) and how it blocked.
    pub modes: String,
    /// For a module pulled from a registry: `REFERENCE (module DIGEST)`, which bytes ran.
    pub pulled: Option<String>,
    /// The resource limit that refused the program, described, if one did.
    pub refused: Option<String>,
}

/// Serves the runner page, opens it in `browser`, streams output to `on_output` as the program
/// produces it, writes `--dir` trees back, and returns how the program ended.
pub fn run_in_browser(
    browser: Browser,
    req: &RunRequest,
    on_output: &mut dyn FnMut(Stream, &[u8]),
) -> Result<RunReport> {
    let oci = oci_reference(&req.wasm);
    let wasm = match oci {
        Some(_) => Vec::new(),
        None => std::fs::read(&req.wasm).map_err(|e| format!("{}: {e}", req.wasm.display()))?,
    };
    let argv0 = req.argv0.clone().unwrap_or_else(|| match oci {
        Some(reference) => program_name(reference).to_string(),
        None => req
            .wasm
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
    });
    let mut args = vec![argv0];
    args.extend(req.args.iter().cloned());
    let env: serde_json::Map<String, Value> =
        req.env.iter().map(|(k, v)| (k.clone(), json!(v))).collect();
    // A --dir larger than the guest's filesystem may hold is refused before anything is read.
    let mut limits = wasi_web::limits::Limits::default();
    for (name, value) in &req.limits {
        limits.set(name, *value)?;
    }
    let mut total = 0;
    for (host, _) in &req.dirs {
        total += tree::bytes_under(host)?;
    }
    if total > limits.fs_bytes {
        return Err(format!(
            "--dir: the directories hold {total} bytes, over the guest filesystem's limit of {} (raise it with --limit fsBytes=N)",
            limits.fs_bytes
        ));
    }
    let mut before = Vec::new();
    for (host, guest) in &req.dirs {
        before.push((host.clone(), guest.clone(), tree::read_host(host)?));
    }
    // Each tree as a list; each file's bytes fetched on their own (`/in`), never in a string.
    let dirs: Vec<Value> = before
        .iter()
        .map(|(_, guest, t)| json!({ "guest": guest, "entries": tree::manifest(t) }))
        .collect();
    let trees: Vec<tree::Tree> = before.iter().map(|(_, _, t)| t.clone()).collect();
    // Like wasmtime, the guest sees a terminal only when ours is one.
    let tty = matches!(req.stdin, StdinSource::Inherit) && std::io::stdin().is_terminal();
    let limits: serde_json::Map<String, Value> = req
        .limits
        .iter()
        .map(|(k, v)| (k.clone(), json!(v)))
        .collect();
    let config =
        json!({ "args": args, "env": env, "dirs": dirs, "tty": tty, "oci": oci, "limits": limits })
            .to_string()
            .into_bytes();
    let stdin = Arc::new(match &req.stdin {
        StdinSource::Bytes(b) => StdinPipe::from_bytes(b.clone()),
        StdinSource::Inherit => StdinPipe::default(),
    });
    let routes: http::Routes = Arc::new(move |path, query| match path {
        "/guest.wasm" => Some(wasm.clone()),
        "/config.json" => Some(config.clone()),
        "/in" => {
            let dir: usize = query_param(query, "dir")?.parse().ok()?;
            let file = query_param(query, "path")?;
            tree::file_at(trees.get(dir)?, &file).map(<[u8]>::to_vec)
        }
        "/stdin" => {
            let max = query
                .strip_prefix("max=")
                .and_then(|m| m.parse().ok())
                .unwrap_or(4096);
            Some(stdin.read(max))
        }
        _ => None,
    });
    let page = DrivenPage::open(browser, routes, "/harness/runner.html")?;

    let deadline = Instant::now() + req.timeout;
    // File bodies the page posted, by guest path, until their directory's list arrives.
    let mut bodies = std::collections::HashMap::new();
    let mut report = RunReport {
        outcome: Outcome::Failed("the runner page sent no status".into()),
        stdout: Vec::new(),
        stderr: Vec::new(),
        timings: Value::Null,
        modes: String::new(),
        pulled: None,
        refused: None,
    };
    loop {
        let (path, body) = page
            .next_post(deadline)
            .ok_or_else(|| format!("killed: no result within {} s", req.timeout.as_secs()))?;
        match path.as_str() {
            "/out/stdout" => {
                on_output(Stream::Stdout, &body);
                report.stdout.extend_from_slice(&body);
            }
            "/out/stderr" => {
                on_output(Stream::Stderr, &body);
                report.stderr.extend_from_slice(&body);
            }
            file if file.starts_with("/out/file?") => {
                let path = query_param(&file["/out/file?".len()..], "path").unwrap_or_default();
                bodies.insert(path, body);
            }
            files if files.starts_with("/out/files?") => {
                let guest = query_param(&files["/out/files?".len()..], "dir").unwrap_or_default();
                let entries: Vec<Value> =
                    serde_json::from_slice(&body).map_err(|e| format!("runner page: {e}"))?;
                let after = tree::from_entries(&guest, &entries, &mut bodies)?;
                if let Some((host, _, old)) = before.iter().find(|(_, g, _)| *g == guest) {
                    tree::write_back(host, old, &after)
                        .map_err(|e| format!("writing back {}: {e}", host.display()))?;
                }
            }
            "/out/status" => {
                let status: Value = serde_json::from_slice(&body).map_err(|e| e.to_string())?;
                let kind = status["kind"].as_str().unwrap_or_default();
                let code = status["code"].as_i64().map(|c| c as i32);
                let detail = status["detail"].as_str().unwrap_or_default();
                report.outcome = Outcome::from_kind(kind, code, detail)
                    .ok_or_else(|| format!("runner page: unknown outcome {status}"))?;
                report.timings = status["timings"].clone();
                report.modes = format!(
                    "stdin {} · blocking {}",
                    status["stdinMode"].as_str().unwrap_or("?"),
                    status["blocking"].as_str().unwrap_or("?")
                );
                let source = &status["source"];
                report.pulled = source["reference"]
                    .as_str()
                    .map(|r| format!("{r} (module {})", source["digest"].as_str().unwrap_or("?")));
                report.refused = status["refused"].as_str().map(str::to_string);
                return Ok(report);
            }
            _ => {}
        }
    }
}

/// The value of `key` in a query string (`a=1&b=x%20y`), percent-decoded.
fn query_param(query: &str, key: &str) -> Option<String> {
    query.split('&').find_map(|pair| {
        let (k, v) = pair.split_once('=')?;
        (k == key).then(|| {
            percent_encoding::percent_decode_str(v)
                .decode_utf8_lossy()
                .into_owned()
        })
    })
}

/// The module source when it is an OCI reference (the page pulls it), not a file.
fn oci_reference(source: &std::path::Path) -> Option<&str> {
    let text = source.to_str()?;
    (text.starts_with("oci:") || text.starts_with("oci+http:")).then_some(text)
}

/// argv[0] for a pulled module: its repository's last name (`oci://r/org/tool:1` → `tool`).
fn program_name(reference: &str) -> &str {
    let path = reference
        .split_once(':')
        .map_or(reference, |(_, rest)| rest);
    let last = path.rsplit('/').next().unwrap_or(path);
    last.split(['@', ':']).next().unwrap_or(last)
}

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

/// Builds web/pkg unless it is newer than the library's sources.
pub fn ensure_pkg() -> Result {
    let pkg = root().join("web/pkg/wasi_web_bg.wasm");
    let newest_source = walk_newest(&root().join("src")).max(walk_newest(&root().join("web/lib")));
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
    fn a_pulled_module_is_named_after_its_repository() {
        assert_eq!(program_name("oci://127.0.0.1:5000/org/tool:1.2"), "tool");
        assert_eq!(
            program_name("oci://ghcr.io/hellowasi@sha256:ab"),
            "hellowasi"
        );
        assert_eq!(program_name("oci:hello:v1"), "hello");
        assert!(oci_reference(std::path::Path::new("tool.wasm")).is_none());
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
