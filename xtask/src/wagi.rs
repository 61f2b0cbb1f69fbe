//! `cargo xtask wagi`: a WAGI site (its config, modules and volumes) answered by handlers in
//! the visitor's browser, through the Service Worker in web/pkg/wagi/.
//!
//! The site, served or built: web/pkg/wagi/ at the root (index.html, the bootstrap page,
//! also served for any missing path with status 404; wagi-sw.js; the host), wagi-site.json
//! (`{config, env}` for the bootstrap), the config's directory (the config and its modules),
//! and each volume directory packed as `DIR.tar` beside the config.

use crate::browser::Browser;
use crate::cli::{self, Long, Value as Positional};
use crate::cmd::{root, Result};
use crate::page::DrivenPage;
use crate::{build, http, run as runner};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::sync::Arc;

const USAGE: &str = "\
usage: cargo xtask wagi -c CONFIG [--listen HOST:PORT] [--env K=V]... [--env-file FILE]
       cargo xtask wagi -c CONFIG [--env ...] --request [--browser chrome|firefox|webkit]
                        [--method M] [--header 'Name: value']... [--data TEXT | --data @FILE] PATH
       cargo xtask wagi build -c CONFIG [--env ...] --out DIR
       cargo xtask wagi -c CONFIG --bench [--browser chrome|firefox|webkit] [PATH]

Serves a WAGI site (deislabs/wagi's config format) whose routes are answered by WASI
handlers running in the browser, in a Service Worker. --request sends one request through
a headless browser and prints it like `curl -i`; build writes the site for any static host;
--bench times a handler (default /hello) through the worker and the same module by run().";

/// What a site needs from its config: where it is and which volumes to pack.
pub struct Site {
    config: PathBuf,
    env: Vec<String>,
    /// Volume directories (relative to the config) served as `DIR.tar`.
    volumes: Vec<String>,
    /// `(route, module path relative to the config)` of each module served from beside it.
    modules: Vec<(String, String)>,
}

impl Site {
    pub fn load(config: &Path, env: Vec<String>) -> Result<Site> {
        let text =
            std::fs::read_to_string(config).map_err(|e| format!("{}: {e}", config.display()))?;
        let table: toml::Table =
            toml::from_str(&text).map_err(|e| format!("{}: {e}", config.display()))?;
        let mut site = Site {
            config: config.to_path_buf(),
            env,
            volumes: Vec::new(),
            modules: Vec::new(),
        };
        for module in table
            .get("module")
            .and_then(|m| m.as_array())
            .into_iter()
            .flatten()
        {
            let text = |key| module.get(key).and_then(|v| v.as_str());
            if let (Some(route), Some(source)) = (text("route"), text("module")) {
                if !source.contains(':') {
                    site.modules.push((route.to_string(), source.to_string()));
                }
            }
            let volumes = module.get("volumes").and_then(|v| v.as_table());
            for dir in volumes.into_iter().flat_map(|t| t.values()) {
                if let Some(dir) = dir.as_str().filter(|d| !d.ends_with(".tar")) {
                    site.volumes.push(dir.trim_end_matches('/').to_string());
                }
            }
        }
        Ok(site)
    }

    fn dir(&self) -> PathBuf {
        self.config
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default()
    }

    /// wagi-site.json; a served site has its handlers' stderr posted to /wagi-log.
    fn descriptor(&self, served: bool) -> Vec<u8> {
        let name = self.config.file_name().unwrap_or_default();
        let log = served.then_some("wagi-log");
        json!({ "config": name.to_string_lossy(), "env": self.env, "log": log })
            .to_string()
            .into_bytes()
    }

    /// A file of the site: a `.wat` module compiled (as WAGI runs text modules too).
    fn file(&self, rel: &str) -> Option<Vec<u8>> {
        let bytes = http::read_under(&self.dir(), rel)?;
        if rel.ends_with(".wat") {
            return wat::parse_bytes(&bytes).ok().map(|b| b.into_owned());
        }
        Some(bytes)
    }

    /// A volume directory as a tar archive.
    fn volume_tar(&self, dir: &str) -> Result<Vec<u8>> {
        let mut tar = tar::Builder::new(Vec::new());
        tar.append_dir_all(".", self.dir().join(dir))
            .and_then(|_| tar.into_inner())
            .map_err(|e| format!("volume {dir}: {e}"))
    }

    /// What the site serves beyond web/pkg/wagi/.
    pub fn routes(self: &Arc<Self>) -> http::Routes {
        let site = self.clone();
        Arc::new(move |path, _| {
            let rel = path.trim_start_matches('/');
            if rel == "wagi-site.json" {
                return Some(site.descriptor(true));
            }
            if let Some(dir) = rel
                .strip_suffix(".tar")
                .filter(|d| site.volumes.iter().any(|v| v == d))
            {
                return site.volume_tar(dir).ok();
            }
            site.file(rel)
        })
    }
}

pub fn pkg() -> PathBuf {
    root().join("web/pkg/wagi")
}

pub fn not_found_page() -> Result<Vec<u8>> {
    std::fs::read(pkg().join("index.html")).map_err(|e| format!("web/pkg/wagi: {e}"))
}

/// One request for `--request`.
struct Request {
    method: String,
    headers: Vec<(String, String)>,
    data: Option<Vec<u8>>,
    path: String,
    browser: Browser,
}

pub fn wagi(args: &[String]) -> Result {
    let (building, args) = match args.split_first() {
        Some((first, rest)) if first == "build" => (true, rest),
        _ => (false, args),
    };
    let mut config = None;
    let mut listen = "127.0.0.1:3000".to_string();
    let mut env = Vec::new();
    let mut out = None;
    let (mut requesting, mut bench) = (false, false);
    // The PATH of --request or --bench.
    let mut path: Option<String> = None;
    let (mut method, mut headers, mut data, mut browser) =
        ("GET".to_string(), Vec::new(), None, Browser::Chrome);
    let mut p = cli::parser(args);
    while let Some(arg) = p.next().map_err(cli::fail(USAGE))? {
        match arg {
            cli::Short('c') | Long("config") => {
                config = Some(PathBuf::from(cli::value::<String>(&mut p, USAGE)?))
            }
            Long("listen") => listen = cli::value(&mut p, USAGE)?,
            Long("env") => env.push(key_value(cli::value(&mut p, USAGE)?)?),
            Long("env-file") => {
                let file: String = cli::value(&mut p, USAGE)?;
                let text = std::fs::read_to_string(&file).map_err(|e| format!("{file}: {e}"))?;
                for line in text
                    .lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty() && !l.starts_with('#'))
                {
                    env.push(key_value(line.to_string())?);
                }
            }
            Long("out") => out = Some(PathBuf::from(cli::value::<String>(&mut p, USAGE)?)),
            Long("request") => requesting = true,
            Long("bench") => bench = true,
            Long("browser") => browser = Browser::parse(&cli::value::<String>(&mut p, USAGE)?)?,
            Long("method") => method = cli::value(&mut p, USAGE)?,
            Long("header") => {
                let h: String = cli::value(&mut p, USAGE)?;
                let (name, value) = h
                    .split_once(':')
                    .ok_or_else(|| format!("--header {h}: expected 'Name: value'"))?;
                headers.push((name.trim().to_string(), value.trim().to_string()));
            }
            Long("data") => {
                let d: String = cli::value(&mut p, USAGE)?;
                data = Some(match d.strip_prefix('@') {
                    Some(file) => std::fs::read(file).map_err(|e| format!("{file}: {e}"))?,
                    None => d.into_bytes(),
                });
            }
            Positional(p) if bench || requesting => path = Some(p.to_string_lossy().into_owned()),
            _ => return Err(cli::fail(USAGE)(arg.unexpected())),
        }
    }
    let config = config.ok_or_else(|| format!("no config given (-c wagi.toml)\n\n{USAGE}"))?;
    build::build_guests()?;
    runner::ensure_pkg()?;
    let site = Arc::new(Site::load(
        &std::fs::canonicalize(&config).map_err(|e| format!("{}: {e}", config.display()))?,
        env,
    )?);
    if building {
        let out = out.ok_or_else(|| format!("wagi build needs --out DIR\n\n{USAGE}"))?;
        return write_static(&site, &out);
    }
    if bench {
        return bench_handler(&site, browser, path.as_deref().unwrap_or("/hello"));
    }
    if requesting {
        let path = path.ok_or_else(|| format!("--request needs a PATH\n\n{USAGE}"))?;
        let request = Request {
            method,
            headers,
            data,
            path,
            browser,
        };
        return request_once(&site, &request);
    }
    let port = listen
        .rsplit_once(':')
        .and_then(|(_, p)| p.parse().ok())
        .ok_or_else(|| format!("--listen {listen}: expected HOST:PORT"))?;
    let server = http::serve_site(port, pkg(), site.routes(), Some(not_found_page()?))?;
    println!(
        "wagi: http://127.0.0.1:{}/  ({}; Ctrl-C to stop)",
        server.port,
        site.config.display()
    );
    // The handlers' stderr, posted by the Service Worker.
    while let Ok((path, line)) = server.posts.recv() {
        if path == "/wagi-log" {
            eprintln!("{}", String::from_utf8_lossy(&line));
        }
    }
    Ok(())
}

fn key_value(kv: String) -> Result<String> {
    if kv.contains('=') {
        Ok(kv)
    } else {
        Err(format!("--env {kv}: expected KEY=VALUE"))
    }
}

/// The site as files for a static host.
pub fn write_static(site: &Site, out: &Path) -> Result {
    let write = |rel: &str, bytes: &[u8]| -> Result {
        let to = out.join(rel);
        if let Some(dir) = to.parent() {
            std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
        }
        std::fs::write(&to, bytes).map_err(|e| format!("{}: {e}", to.display()))
    };
    for entry in std::fs::read_dir(pkg())
        .map_err(|e| e.to_string())?
        .flatten()
    {
        let name = entry.file_name().to_string_lossy().into_owned();
        write(
            &name,
            &std::fs::read(entry.path()).map_err(|e| e.to_string())?,
        )?;
    }
    write("404.html", &not_found_page()?)?;
    write("wagi-site.json", &site.descriptor(false))?;
    let name = site
        .config
        .file_name()
        .unwrap_or_default()
        .to_string_lossy()
        .into_owned();
    write(
        &name,
        &std::fs::read(&site.config).map_err(|e| e.to_string())?,
    )?;
    for (_, module) in &site.modules {
        let bytes = site.file(module).ok_or_else(|| {
            format!("module {module}: not found beside the config (or not valid WAT)")
        })?;
        write(module, &bytes)?;
    }
    for dir in &site.volumes {
        write(&format!("{dir}.tar"), &site.volume_tar(dir)?)?;
    }
    println!("wagi: site written to {}", out.display());
    Ok(())
}

/// Sends one request through a headless browser and prints it like `curl -i`.
fn request_once(site: &Arc<Site>, r: &Request) -> Result {
    let page = DrivenPage::open_site(r.browser, pkg(), site.routes(), not_found_page()?, "/")?;
    page.session.wait_for(
        HANDLERS_ANSWER,
        "the WAGI Service Worker did not take control",
    )?;
    let body = r.data.as_ref().map(|d| {
        use base64::Engine;
        base64::engine::general_purpose::STANDARD.encode(d)
    });
    let args = json!([r.path, r.method, r.headers, body]);
    let answer: Value = page.session.execute(REQUEST, args, true)?;
    if let Some(e) = answer["error"].as_str() {
        return Err(format!("request: {e}"));
    }
    let reason = answer["statusText"].as_str().unwrap_or("");
    let mut out = format!("HTTP/1.1 {} {reason}", answer["status"])
        .trim_end()
        .to_string()
        + "\n";
    for h in answer["headers"].as_array().into_iter().flatten() {
        out.push_str(&format!(
            "{}: {}\n",
            h[0].as_str().unwrap_or(""),
            h[1].as_str().unwrap_or("")
        ));
    }
    out.push('\n');
    use base64::Engine;
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(answer["body"].as_str().unwrap_or(""))
        .map_err(|e| format!("request: {e}"))?;
    use std::io::Write;
    let mut stdout = std::io::stdout();
    stdout
        .write_all(out.as_bytes())
        .and_then(|_| stdout.write_all(&bytes))
        .map_err(|e| e.to_string())
}

/// Times one handler, first and warm, through the Service Worker and by run() directly.
fn bench_handler(site: &Arc<Site>, browser: Browser, path: &str) -> Result {
    let (_, module) = site
        .modules
        .iter()
        .find(|(route, _)| route == path)
        .ok_or_else(|| format!("--bench {path}: no exact route {path} in the config"))?;
    let page = DrivenPage::open_site(browser, pkg(), site.routes(), not_found_page()?, path)?;
    page.session.wait_for(
        HANDLERS_ANSWER,
        "the WAGI Service Worker did not take control",
    )?;
    let r: Value = page
        .session
        .execute(BENCH, json!([path, format!("/{module}"), 50]), true)?;
    if let Some(e) = r["error"].as_str() {
        return Err(format!("bench: {e}"));
    }
    let ms = |k: &str| r[k].as_f64().unwrap_or(f64::NAN);
    println!(
        "wagi bench in {}: {path} (module {module}), 50 warm samples",
        browser.name()
    );
    println!("| | first | warm median | warm min |");
    println!("|---|---|---|---|");
    println!(
        "| through the Service Worker (fetch) | {:.1} ms | {:.2} ms | {:.2} ms |",
        ms("first"),
        ms("warm"),
        ms("warmMin")
    );
    println!(
        "| run() directly, same page | {:.1} ms | {:.2} ms | {:.2} ms |",
        ms("firstRun"),
        ms("direct"),
        ms("directMin")
    );
    println!("warm: worker ÷ run() = {:.2}×", ms("warm") / ms("direct"));
    Ok(())
}

const BENCH: &str = include_str!("../pages/wagi-bench.js");

/// The page is no longer the bootstrap (index.html, titled "Starting…") but an answer from a
/// handler, through the worker: it will not reload under a script.
const HANDLERS_ANSWER: &str = "navigator.serviceWorker.controller && document.readyState === 'complete' && document.title !== 'Starting…'";

/// Sends one fetch() from the page: arguments path, method, headers, base64 body.
const REQUEST: &str = include_str!("../pages/wagi-request.js");
