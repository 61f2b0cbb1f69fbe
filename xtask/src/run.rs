//! A WASI program in a real headless browser, like `wasmtime run`: the runner page served and
//! driven, stdin pumped in, output streamed out, `--dir` trees carried both ways. The command
//! line is run_cli.rs.

use crate::browser::Browser;
use crate::cmd::{root, Result};
use crate::page::DrivenPage;
use crate::{build, http, tree};
use serde_json::{json, Value};
use std::collections::VecDeque;
use std::io::{IsTerminal, Read};
use std::path::PathBuf;
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};
use wasi_web::outcome::Outcome;

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
    if tty && browser.stdin_mode(true) == "presupplied" {
        eprintln!(
            "{}: this engine cannot pause a program for input; type all of it, then Ctrl-D runs the program",
            browser.name()
        );
    }
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
