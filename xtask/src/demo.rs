//! `cargo xtask demo`: set up, build, and serve the drop page (web/) until interrupted.

use crate::cli::{self, Long};
use crate::cmd::{root, Result};
use crate::{build, http, setup, wagi};
use std::sync::Arc;

/// Serves examples/embed/ at /embed/ (it uses the pkg and samples from web/).
pub fn embed_routes() -> http::Routes {
    Arc::new(|path, _| {
        let rel = path.strip_prefix("/embed/")?;
        let rel = if rel.is_empty() { "index.html" } else { rel };
        http::read_under(&root().join("examples/embed"), rel)
    })
}

/// The embed example, and examples/wagi as a WAGI site at /wagi/ (the drop page links it).
fn demo_routes() -> Result<http::Routes> {
    let embed = embed_routes();
    let site = wagi::Site::load(&root().join("examples/wagi/wagi.toml"), Vec::new())?;
    let wagi = wagi_at("/wagi", Arc::new(site));
    Ok(Arc::new(move |path, query| {
        wagi(path, query).or_else(|| embed(path, query))
    }))
}

/// A WAGI site served under `prefix` (its pages, its config's files, the gateway's package).
pub fn wagi_at(prefix: &'static str, site: Arc<wagi::Site>) -> http::Routes {
    let files = site.routes();
    Arc::new(move |path, query| {
        let rest = path.strip_prefix(prefix)?;
        let rel = match rest {
            "" | "/" => "/index.html",
            r if r.starts_with('/') => r,
            _ => return None,
        };
        files(rel, query).or_else(|| http::read_under(&wagi::pkg(), &rel[1..]))
    })
}

pub fn demo(args: &[String]) -> Result {
    const USAGE: &str = "usage: cargo xtask demo [--port N]";
    let mut port = 8080;
    let mut p = cli::parser(args);
    while let Some(arg) = p.next().map_err(cli::fail(USAGE))? {
        match arg {
            Long("port") => port = cli::value(&mut p, USAGE)?,
            _ => return Err(cli::fail(USAGE)(arg.unexpected())),
        }
    }
    setup::for_build()?;
    build::build_guests()?;
    build::build_pkg()?;
    let server = http::serve_on(port, root().join("web"), demo_routes()?)?;
    println!(
        "wasi-web demo: http://127.0.0.1:{}/  (cross-origin isolated; Ctrl-C to stop)",
        server.port
    );
    println!("embedding example: http://127.0.0.1:{}/embed/", server.port);
    println!("documentation: http://127.0.0.1:{}/docs/", server.port);
    println!("WAGI example site: http://127.0.0.1:{}/wagi/", server.port);
    // POSTs are not used by the page; keep serving until the process is stopped.
    while server.posts.recv().is_ok() {}
    Ok(())
}
