//! Driving a page, the one way every browser command does it: serve web/ with the harness
//! pages (xtask/pages at /harness/) and the command's routes, open the page in a fresh
//! browser session, and take what it posts back until a deadline.

use crate::browser::Browser;
use crate::cmd::{root, Result};
use crate::http;
use crate::webdriver::Session;
use std::sync::Arc;
use std::time::Instant;

pub struct DrivenPage {
    pub session: Session,
    server: http::Server,
}

impl DrivenPage {
    /// Serves and opens `path` (`/harness/runner.html`, `/plain/e2e/worker.html`: `/plain`
    /// in front serves it without cross-origin isolation).
    pub fn open(browser: Browser, routes: http::Routes, path: &str) -> Result<DrivenPage> {
        DrivenPage::open_with(browser, routes, path, &[], &[])
    }

    /// [`DrivenPage::open`] with the browser's environment extended by `env`, and the browser
    /// given `browser_args` (Chromium only).
    pub fn open_with(
        browser: Browser,
        routes: http::Routes,
        path: &str,
        env: &[(&str, &str)],
        browser_args: &[String],
    ) -> Result<DrivenPage> {
        let harness = root().join("xtask/pages");
        let all: http::Routes = Arc::new(move |p, query| {
            routes(p, query).or_else(|| http::read_under(&harness, p.strip_prefix("/harness/")?))
        });
        let server = http::serve(root().join("web"), all)?;
        let session = Session::start_with(browser, env, browser_args)?;
        let page = DrivenPage { session, server };
        page.navigate(path)?;
        Ok(page)
    }

    /// Serves a site of its own (`root` plus `routes`, `not_found` for any other path) and
    /// opens `path`: a WAGI site, whose Service Worker must sit at the root.
    pub fn open_site(
        browser: Browser,
        root: std::path::PathBuf,
        routes: http::Routes,
        not_found: Vec<u8>,
        path: &str,
    ) -> Result<DrivenPage> {
        let server = http::serve_site(0, root, routes, Some(not_found))?;
        let session = Session::start(browser)?;
        let page = DrivenPage { session, server };
        page.navigate(path)?;
        Ok(page)
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.server.port)
    }

    pub fn navigate(&self, path: &str) -> Result {
        self.session.navigate(&self.url(path))
    }

    /// Saves a PNG of the viewport as target/e2e/NAME.png.
    pub fn screenshot(&self, name: &str) -> Result {
        let dir = root().join("target/e2e");
        std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
        let png = self.session.screenshot()?;
        std::fs::write(dir.join(format!("{name}.png")), png).map_err(|e| e.to_string())
    }

    /// The next `(path, body)` the page posts before `deadline`, if it posts one in time.
    pub fn next_post(&self, deadline: Instant) -> Option<(String, Vec<u8>)> {
        let left = deadline.saturating_duration_since(Instant::now());
        self.server.posts.recv_timeout(left).ok()
    }
}
