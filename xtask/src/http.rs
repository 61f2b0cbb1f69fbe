//! The static HTTP server (hyper) for the pages xtask drives: serves `web/` with the COOP/COEP headers
//! (cross-origin isolation), `application/wasm`, and run-specific routes; hands POSTs to the
//! caller through a channel.

use crate::cmd::Result;
use http_body_util::{BodyExt, Full};
use hyper::body::{Bytes, Incoming};
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use std::convert::Infallible;
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{channel, Receiver, Sender};
use std::sync::Arc;
use std::time::Duration;

/// How long every server here holds back each answer, in ms: a network's round trip on
/// localhost (`cargo xtask bench --latency`); none unless set.
static LATENCY_MS: AtomicU64 = AtomicU64::new(0);

pub fn set_latency(ms: u64) {
    LATENCY_MS.store(ms, Ordering::Relaxed);
}

pub struct Server {
    pub port: u16,
    /// `(path, body)` of every POST.
    pub posts: Receiver<(String, Vec<u8>)>,
}

/// Answers GET requests the static files do not: `(path, query) → body`. It may block (the
/// runner's stdin route waits for input).
pub type Routes = Arc<dyn Fn(&str, &str) -> Option<Vec<u8>> + Send + Sync>;

/// Serves `routes` and the files under `root` on 127.0.0.1 (a route may block).
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
    let listener = std::net::TcpListener::bind(("127.0.0.1", port))
        .map_err(|e| format!("cannot listen on 127.0.0.1:{port}: {e}"))?;
    let port = listener.local_addr().map_err(|e| e.to_string())?.port();
    listener.set_nonblocking(true).map_err(|e| e.to_string())?;
    let (tx, rx) = channel();
    let site = Arc::new(Site {
        root,
        routes,
        posts: tx,
        not_found,
    });
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_io()
        .build()
        .map_err(|e| e.to_string())?;
    std::thread::spawn(move || runtime.block_on(accept(listener, site)));
    Ok(Server { port, posts: rx })
}

struct Site {
    root: PathBuf,
    routes: Routes,
    posts: Sender<(String, Vec<u8>)>,
    not_found: Option<Vec<u8>>,
}

/// One connection per request (keep-alive off): a browser never waits on a connection held
/// by another request, and a route that blocks (the runner's stdin) holds only its own.
async fn accept(listener: std::net::TcpListener, site: Arc<Site>) {
    let Ok(listener) = tokio::net::TcpListener::from_std(listener) else {
        return;
    };
    while let Ok((stream, _)) = listener.accept().await {
        let site = site.clone();
        tokio::spawn(async move {
            let service = service_fn(move |req| {
                let site = site.clone();
                async move { Ok::<_, Infallible>(respond(req, site).await) }
            });
            let _ = hyper::server::conn::http1::Builder::new()
                .keep_alive(false)
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
    }
}

async fn respond(req: hyper::Request<Incoming>, site: Arc<Site>) -> hyper::Response<Full<Bytes>> {
    let post = req.method() == hyper::Method::POST;
    let target = req
        .uri()
        .path_and_query()
        .map(|p| p.as_str().to_string())
        .unwrap_or_default();
    let body = req
        .into_body()
        .collect()
        .await
        .map(|b| b.to_bytes().to_vec())
        .unwrap_or_default();
    // Routes and files are blocking work (a route may wait for input).
    let cache = cache_control(&target);
    let answer = tokio::task::spawn_blocking(move || {
        let latency = LATENCY_MS.load(Ordering::Relaxed);
        if latency > 0 {
            std::thread::sleep(Duration::from_millis(latency));
        }
        answer(&site, post, &target, body)
    })
    .await;
    let (status, ctype, payload, isolated) =
        answer.unwrap_or((500, "text/plain", b"server error".to_vec(), true));
    let mut response = hyper::Response::builder()
        .status(status)
        .header("Content-Type", ctype)
        .header("Cache-Control", cache);
    if isolated {
        response = response
            .header("Cross-Origin-Opener-Policy", "same-origin")
            .header("Cross-Origin-Embedder-Policy", "require-corp")
            .header("Cross-Origin-Resource-Policy", "same-origin");
    }
    response
        .body(Full::new(Bytes::from(payload)))
        .unwrap_or_default()
}

/// Nothing is cached (every page load is a first one), except under `/cached/`, which is
/// served as a CDN serves a released file, for the bench's second visits.
fn cache_control(target: &str) -> &'static str {
    if target.starts_with("/cached/") {
        "public, max-age=31536000, immutable"
    } else {
        "no-store"
    }
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

/// `(status, content type, body, isolated)` for one request.
fn answer(
    site: &Site,
    post: bool,
    target: &str,
    body: Vec<u8>,
) -> (u16, &'static str, Vec<u8>, bool) {
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    // `/plain/...` serves the same thing without the cross-origin isolation headers, to test
    // pages that cannot have them (no SharedArrayBuffer there).
    let (path, isolated) = match path.strip_prefix("/plain") {
        Some(rest) if rest.starts_with('/') => (rest, false),
        _ => (path, true),
    };
    if post {
        let full = if query.is_empty() {
            path.to_string()
        } else {
            format!("{path}?{query}")
        };
        let _ = site.posts.send((full, body));
        return (204, "text/plain", Vec::new(), isolated);
    }
    if let Some(bytes) = (site.routes)(path, query) {
        return (200, content_type(path), bytes, isolated);
    }
    // A directory is its index.html, as on any static host.
    let rel = path.trim_start_matches('/');
    let rel = if rel.is_empty() || rel.ends_with('/') {
        format!("{rel}index.html")
    } else {
        rel.to_string()
    };
    match (read_under(&site.root, &rel), &site.not_found) {
        (Some(bytes), _) => (200, content_type(&rel), bytes, isolated),
        (None, Some(page)) => (404, "text/html; charset=utf-8", page.clone(), isolated),
        (None, None) => (404, "text/plain", b"not found".to_vec(), isolated),
    }
}
