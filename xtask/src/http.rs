//! A small static HTTP server for the runner page: serves `web/` with the COOP/COEP headers
//! (cross-origin isolation), `application/wasm`, and run-specific routes; hands POSTs to the
//! caller through a channel.

use crate::cmd::Result;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::sync::mpsc::{channel, Receiver, Sender};
use std::sync::Arc;

pub struct Server {
    pub port: u16,
    /// `(path, body)` of every POST.
    pub posts: Receiver<(String, Vec<u8>)>,
}

/// Answers GET requests the static files do not: `(path, query) → body`. It may block (the
/// runner's stdin route waits for input).
pub type Routes = Arc<dyn Fn(&str, &str) -> Option<Vec<u8>> + Send + Sync>;

/// Serves `routes` and the files under `root` on 127.0.0.1, one thread per connection.
pub fn serve(root: PathBuf, routes: Routes) -> Result<Server> {
    serve_on(0, root, routes)
}

/// Like [`serve`], on a given port (0: any free one).
pub fn serve_on(port: u16, root: PathBuf, routes: Routes) -> Result<Server> {
    let listener = TcpListener::bind(("127.0.0.1", port))
        .map_err(|e| format!("cannot listen on 127.0.0.1:{port}: {e}"))?;
    let port = listener.local_addr().map_err(|e| e.to_string())?.port();
    let (tx, rx) = channel();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let (root, routes, tx) = (root.clone(), routes.clone(), tx.clone());
            std::thread::spawn(move || {
                let _ = handle(stream, &root, &routes, &tx);
            });
        }
    });
    Ok(Server { port, posts: rx })
}

/// The file at `path` from the first mount whose URL prefix (`/guests/`) it starts with.
pub fn read_mounted(path: &str, mounts: &[(&str, PathBuf)]) -> Option<Vec<u8>> {
    mounts
        .iter()
        .find_map(|(prefix, dir)| read_under(dir, path.strip_prefix(prefix)?))
}

/// The file at `rel` under `dir`, refusing any path that could leave it (`..`, absolute).
pub fn read_under(dir: &Path, rel: &str) -> Option<Vec<u8>> {
    let rel = Path::new(rel);
    rel.components()
        .all(|c| matches!(c, Component::Normal(_)))
        .then(|| std::fs::read(dir.join(rel)).ok())?
}

fn content_type(path: &str) -> &'static str {
    if path.ends_with('/') {
        return "text/html; charset=utf-8";
    }
    match path.rsplit('.').next() {
        Some("html") => "text/html; charset=utf-8",
        Some("js" | "mjs") => "text/javascript",
        Some("wasm") => "application/wasm",
        Some("json") => "application/json",
        Some("css") => "text/css",
        Some("svg") => "image/svg+xml",
        _ => "application/octet-stream",
    }
}

fn handle(
    stream: TcpStream,
    root: &Path,
    routes: &Routes,
    posts: &Sender<(String, Vec<u8>)>,
) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut line = String::new();
    reader.read_line(&mut line)?;
    let mut parts = line.split_whitespace();
    let (method, target) = (parts.next().unwrap_or(""), parts.next().unwrap_or("/"));
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    // `/plain/...` serves the same thing without the cross-origin isolation headers, to test
    // pages that cannot have them (no SharedArrayBuffer there).
    let (path, isolated) = match path.strip_prefix("/plain") {
        Some(rest) if rest.starts_with('/') => (rest.to_string(), false),
        _ => (path.to_string(), true),
    };
    let mut length = 0usize;
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header)? == 0 || header.trim().is_empty() {
            break;
        }
        if let Some((k, v)) = header.split_once(':') {
            if k.eq_ignore_ascii_case("content-length") {
                length = v.trim().parse().unwrap_or(0);
            }
        }
    }
    let mut body = vec![0u8; length];
    reader.read_exact(&mut body)?;
    let (status, ctype, payload) = if method == "POST" {
        let full = if query.is_empty() {
            path.clone()
        } else {
            format!("{path}?{query}")
        };
        let _ = posts.send((full, body));
        ("204 No Content", "text/plain", Vec::new())
    } else if let Some(bytes) = routes(&path, query) {
        ("200 OK", content_type(&path), bytes)
    } else {
        // A directory is its index.html, as on any static host.
        let rel = path.trim_start_matches('/');
        let rel = if rel.is_empty() || rel.ends_with('/') {
            format!("{rel}index.html")
        } else {
            rel.to_string()
        };
        match read_under(root, &rel) {
            Some(bytes) => ("200 OK", content_type(&rel), bytes),
            None => ("404 Not Found", "text/plain", b"not found".to_vec()),
        }
    };
    let isolation = if isolated {
        "Cross-Origin-Opener-Policy: same-origin\r\nCross-Origin-Embedder-Policy: require-corp\r\nCross-Origin-Resource-Policy: same-origin\r\n"
    } else {
        ""
    };
    let mut out = stream;
    write!(
        out,
        "HTTP/1.1 {status}\r\nContent-Type: {ctype}\r\nContent-Length: {}\r\n{isolation}Cache-Control: no-store\r\nConnection: close\r\n\r\n",
        payload.len()
    )?;
    out.write_all(&payload)
}
