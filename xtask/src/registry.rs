//! Real OCI registries for the tests: Debian's docker-registry on 127.0.0.1, its storage in a
//! temp dir, the artifacts pushed by oras-py (xtask/oci/fixtures.py), all stopped on drop.
//!
//! Four registries share one storage:
//! - `open`: the CORS headers the README and the puller's error tell users to add, no auth (the one pushed to);
//! - `no_cors`: no CORS headers, as a registry is out of the box;
//! - `token`: token auth, anonymous pull tokens from xtask/oci/token_server.py (nothing for
//!   `private/`); docker-registry answers the browser's preflight with 401 there;
//! - `proxied`: the same token registry behind xtask/oci/preflight_proxy.py, which answers
//!   preflights, so a page can complete the Bearer flow.

use crate::cmd::{root, Result};
use crate::webdriver::free_port;
use serde_json::Value;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub struct Registries {
    pub open: u16,
    pub no_cors: u16,
    pub token: u16,
    pub proxied: u16,
    /// What fixtures.py pushed: `{name: {ref, manifest, blob}}`.
    pub fixtures: Value,
    children: Vec<Child>,
    dir: PathBuf,
}

/// The `http.headers` a registry needs for pages to pull from it: the very config.yml lines
/// the puller's CORS error tells users to add (`CORS_CONFIG` in web/lib/oci.js), so the test
/// registry runs what users are told.
fn cors_headers() -> Result<String> {
    let source =
        std::fs::read_to_string(root().join("web/lib/oci.js")).map_err(|e| e.to_string())?;
    let config = source
        .split_once("export const CORS_CONFIG = `")
        .and_then(|(_, rest)| rest.split_once('`'))
        .map(|(config, _)| config)
        .ok_or("web/lib/oci.js has no CORS_CONFIG")?;
    let headers = config
        .strip_prefix("http:\n")
        .ok_or("CORS_CONFIG must start with http:")?;
    Ok(format!("{headers}\n"))
}
const TOKEN_SERVICE: &str = "wasi-web-test";
const TOKEN_ISSUER: &str = "wasi-web-test-issuer";

pub fn docker_registry() -> Option<PathBuf> {
    crate::cmd::which("docker-registry")
}

impl Registries {
    /// All four on free ports.
    pub fn start() -> Result<Registries> {
        Registries::start_on(None, None)
    }

    /// All four, the open one on `open_port` when given; their files under `dir` (default: a
    /// temp dir of this process), removed on drop.
    pub fn start_on(open_port: Option<u16>, dir: Option<PathBuf>) -> Result<Registries> {
        let registry = docker_registry().ok_or_else(|| crate::setup::missing("docker-registry"))?;
        let dir = dir.unwrap_or_else(|| {
            std::env::temp_dir().join(format!("wasi-web-oci-{}", std::process::id()))
        });
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("storage")).map_err(|e| e.to_string())?;
        let mut started = Registries {
            open: open_port.map_or_else(free_port, Ok)?,
            no_cors: free_port()?,
            token: free_port()?,
            proxied: free_port()?,
            fixtures: Value::Null,
            children: Vec::new(),
            dir,
        };
        let token_port = free_port()?;
        let cert = started.dir.join("token.pem");
        started.spawn(
            "token service",
            Command::new(python())
                .arg(script("token_server.py"))
                .arg(token_port.to_string())
                .arg(&cert),
        )?;
        wait_for_port(token_port, "the token service")?;
        let auth = format!(
            "auth:\n  token:\n    realm: http://127.0.0.1:{token_port}/token\n    service: {TOKEN_SERVICE}\n    issuer: {TOKEN_ISSUER}\n    rootcertbundle: {}\n",
            cert.display()
        );
        for (name, port, cors, auth) in [
            ("open", started.open, true, ""),
            ("no-cors", started.no_cors, false, ""),
            ("token", started.token, true, auth.as_str()),
        ] {
            let config = started.config(name, port, cors, auth)?;
            started.spawn(
                &format!("docker-registry ({name})"),
                Command::new(&registry).arg("serve").arg(config),
            )?;
        }
        let upstream = format!("http://127.0.0.1:{}", started.token);
        started.spawn(
            "preflight proxy",
            Command::new(python())
                .arg(script("preflight_proxy.py"))
                .arg(started.proxied.to_string())
                .arg(upstream),
        )?;
        for port in [
            started.open,
            started.no_cors,
            started.token,
            started.proxied,
        ] {
            wait_for_port(port, "a registry")?;
        }
        started.fixtures = started.push_fixtures()?;
        Ok(started)
    }

    /// `oci://127.0.0.1:PORT/` + `reference` (`repo:tag`).
    pub fn reference(port: u16, reference: &str) -> String {
        format!("oci://127.0.0.1:{port}/{reference}")
    }

    fn config(&self, name: &str, port: u16, cors: bool, auth: &str) -> Result<PathBuf> {
        let headers = if cors { cors_headers()? } else { String::new() };
        let text = format!(
            "version: 0.1\nlog:\n  level: warn\n  accesslog:\n    disabled: true\nstorage:\n  filesystem:\n    rootdirectory: {}\nhttp:\n  addr: 127.0.0.1:{port}\n{headers}{auth}",
            self.dir.join("storage").display(),
        );
        let path = self.dir.join(format!("{name}.yml"));
        std::fs::write(&path, text).map_err(|e| e.to_string())?;
        Ok(path)
    }

    fn spawn(&mut self, what: &str, command: &mut Command) -> Result {
        let stem: String = what
            .chars()
            .filter_map(|c| match c {
                ' ' => Some('-'),
                '(' | ')' => None,
                c => Some(c),
            })
            .collect();
        let log = std::fs::File::create(self.dir.join(format!("{stem}.log")))
            .map_err(|e| e.to_string())?;
        let child = command
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .map_err(|e| format!("cannot start {what}: {e}"))?;
        self.children.push(child);
        Ok(())
    }

    fn push_fixtures(&self) -> Result<Value> {
        let coreutils = crate::build::coreutils()?;
        let wagi_hello = root().join("examples/wagi/target/wasm32-wasip1/release/hello.wasm");
        let out = Command::new(python())
            .arg(script("fixtures.py"))
            .arg(format!("127.0.0.1:{}", self.open))
            .arg(self.dir.join("storage"))
            .arg(crate::build::hellowasi())
            .arg(&coreutils)
            .arg(wagi_hello)
            .stderr(Stdio::inherit())
            .output()
            .map_err(|e| format!("cannot run oras-py (xtask/oci/fixtures.py): {e}"))?;
        if !out.status.success() {
            return Err("pushing the OCI fixtures with oras-py failed (see above)".into());
        }
        serde_json::from_slice(&out.stdout).map_err(|e| format!("fixtures.py printed no JSON: {e}"))
    }
}

impl Drop for Registries {
    fn drop(&mut self) {
        for child in &mut self.children {
            let _ = child.kill();
            let _ = child.wait();
        }
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn python() -> PathBuf {
    root().join(".venv/bin/python")
}

fn script(name: &str) -> PathBuf {
    root().join("xtask/oci").join(name)
}

fn wait_for_port(port: u16, what: &str) -> Result {
    let deadline = Instant::now() + Duration::from_secs(20);
    while Instant::now() < deadline {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return Ok(());
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    Err(format!(
        "{what} did not listen on 127.0.0.1:{port} within 20 s"
    ))
}

/// `cargo xtask registry [--port N]`: the test registries with the fixtures pushed, kept
/// running to try references by hand (the drop page, `cargo xtask run oci://…`).
pub fn serve(args: &[String]) -> Result {
    const USAGE: &str = "usage: cargo xtask registry [--port N]   (default 5000)";
    let mut port = 5000;
    let mut p = crate::cli::parser(args);
    while let Some(arg) = p.next().map_err(crate::cli::fail(USAGE))? {
        match arg {
            crate::cli::Long("port") => port = crate::cli::value(&mut p, USAGE)?,
            _ => return Err(crate::cli::fail(USAGE)(arg.unexpected())),
        }
    }
    if std::net::TcpListener::bind(("127.0.0.1", port)).is_err() {
        return Err(format!("127.0.0.1:{port} is in use (Debian's own docker-registry service listens on 5000): pick another with --port"));
    }
    crate::setup::for_registry()?;
    crate::build::build_guests()?;
    // Under target/, so what Ctrl-C leaves behind is replaced by the next start.
    let dir = root().join("target/registry");
    let registries = Registries::start_on(Some(port), Some(dir))?;
    println!("registry: http://127.0.0.1:{port}/ (docker-registry with the README's CORS headers), pushed by oras-py:");
    let mut names: Vec<&String> = registries
        .fixtures
        .as_object()
        .map(|o| o.keys().collect())
        .unwrap_or_default();
    names.sort();
    for name in names {
        let fixture = &registries.fixtures[name.as_str()];
        println!(
            "  {}  (manifest {})",
            Registries::reference(port, fixture["ref"].as_str().unwrap_or_default()),
            fixture["manifest"].as_str().unwrap_or_default()
        );
    }
    println!("token auth: 127.0.0.1:{} (preflights refused), 127.0.0.1:{} (behind a preflight proxy); no CORS: 127.0.0.1:{}", registries.token, registries.proxied, registries.no_cors);
    println!("try: cargo xtask run oci://127.0.0.1:{port}/hellowasi:v1   or, with cargo xtask demo, http://127.0.0.1:8080/?src=oci://127.0.0.1:{port}/hellowasi:v1");
    println!("Ctrl-C to stop");
    loop {
        std::thread::park();
    }
}
