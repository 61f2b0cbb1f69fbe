//! `cargo xtask demo`: set up, build, and serve the drop page (web/) until interrupted.

use crate::cli::{self, Long};
use crate::cmd::{root, Result};
use crate::{build, http, setup};
use std::sync::Arc;

/// Serves examples/embed/ at /embed/ (it uses the pkg and samples from web/).
pub fn embed_routes() -> http::Routes {
    Arc::new(|path, _| {
        let rel = path.strip_prefix("/embed/")?;
        let rel = if rel.is_empty() { "index.html" } else { rel };
        http::read_under(&root().join("examples/embed"), rel)
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
    setup::setup()?;
    build::build_guests()?;
    build::build_pkg()?;
    let server = http::serve_on(port, root().join("web"), embed_routes())?;
    println!(
        "wasi-web demo: http://127.0.0.1:{}/  (cross-origin isolated; Ctrl-C to stop)",
        server.port
    );
    println!("embedding example: http://127.0.0.1:{}/embed/", server.port);
    // POSTs are not used by the page; keep serving until the process is stopped.
    while server.posts.recv().is_ok() {}
    Ok(())
}
