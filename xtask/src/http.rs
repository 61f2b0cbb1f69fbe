//! The static HTTP server (tiny_http) for the pages xtask drives: serves `web/` with the COOP/COEP headers
//! (cross-origin isolation), `application/wasm`, and run-specific routes; hands POSTs to the
//! caller through a channel.

use crate::cmd::Result;
use std::path::{Component, Path, PathBuf};
use std::sync::mpsc::{channel, Receiver, Sender};
use std::sync::Arc;
use tiny_http::{Header, Method, Response};

pub struct Server {
    pub port: u16,
    /// `(path, body)` of every POST.
    pub posts: Receiver<(String, Vec<u8>)>,
}

/// Answers GET requests the static files do not: `(path, query) → body`. It may block (the
/// runner's stdin route waits for input).
pub type Routes = Arc<dyn Fn(&str, &str) -> Option<Vec<u8>> + Send + Sync>;

/// Serves `routes` and the files under `root` on 127.0.0.1, one thread per request (a route
/// may block).
pub fn serve(root: PathBuf, routes: Routes) -> Result<Server> {
    serve_on(0, root, routes)
}

/// Like [`serve`], on a given port (0: any free one).
pub fn serve_on(port: u16, root: PathBuf, routes: Routes) -> Result<Server> {
    serve_site(port, root, routes, None)
}

/// Like [`serve_on`], answering a path nothing serves with `not_found` (an HTML page, status
/// 404), as static hosts serve a site's 404.html.
pub fn serve_site(
    port: u16,
    root: PathBuf,
    routes: Routes,
    not_found: Option<Vec<u8>>,
) -> Result<Server> {
    let server = tiny_http::Server::http(("127.0.0.1", port))
        .map_err(|e| format!("cannot listen on 127.0.0.1:{port}: {e}"))?;
    let port = server
        .server_addr()
        .to_ip()
        .map(|a| a.port())
        .ok_or("the server has no IP address")?;
    let (tx, rx) = channel();
    std::thread::spawn(move || {
        for request in server.incoming_requests() {
            let (root, routes, tx) = (root.clone(), routes.clone(), tx.clone());
            let not_found = not_found.clone();
            std::thread::spawn(move || handle(request, &root, &routes, &tx, not_found));
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

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name, value).expect("static header names and values are valid")
}

fn handle(
    mut request: tiny_http::Request,
    root: &Path,
    routes: &Routes,
    posts: &Sender<(String, Vec<u8>)>,
    not_found: Option<Vec<u8>>,
) {
    let target = request.url().to_string();
    let (path, query) = target.split_once('?').unwrap_or((&target, ""));
    // `/plain/...` serves the same thing without the cross-origin isolation headers, to test
    // pages that cannot have them (no SharedArrayBuffer there).
    let (path, isolated) = match path.strip_prefix("/plain") {
        Some(rest) if rest.starts_with('/') => (rest, false),
        _ => (path, true),
    };
    let (status, ctype, payload) = if *request.method() == Method::Post {
        let mut body = Vec::new();
        let _ = request.as_reader().read_to_end(&mut body);
        let full = if query.is_empty() {
            path.to_string()
        } else {
            format!("{path}?{query}")
        };
        let _ = posts.send((full, body));
        (204, "text/plain", Vec::new())
    } else if let Some(bytes) = routes(path, query) {
        (200, content_type(path), bytes)
    } else {
        // A directory is its index.html, as on any static host.
        let rel = path.trim_start_matches('/');
        let rel = if rel.is_empty() || rel.ends_with('/') {
            format!("{rel}index.html")
        } else {
            rel.to_string()
        };
        match read_under(root, &rel) {
            Some(bytes) => (200, content_type(&rel), bytes),
            None => match not_found {
                Some(page) => (404, "text/html; charset=utf-8", page),
                None => (404, "text/plain", b"not found".to_vec()),
            },
        }
    };
    let mut response = Response::from_data(payload)
        .with_status_code(status)
        .with_header(header("Content-Type", ctype))
        .with_header(header("Cache-Control", "no-store"));
    if isolated {
        for (name, value) in [
            ("Cross-Origin-Opener-Policy", "same-origin"),
            ("Cross-Origin-Embedder-Policy", "require-corp"),
            ("Cross-Origin-Resource-Policy", "same-origin"),
        ] {
            response.add_header(header(name, value));
        }
    }
    let _ = request.respond(response);
}
