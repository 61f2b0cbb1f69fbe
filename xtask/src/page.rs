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
        let harness = root().join("xtask/pages");
        let all: http::Routes = Arc::new(move |p, query| {
            routes(p, query).or_else(|| http::read_under(&harness, p.strip_prefix("/harness/")?))
        });
        let server = http::serve(root().join("web"), all)?;
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

    /// The next `(path, body)` the page posts before `deadline`, if it posts one in time.
    pub fn next_post(&self, deadline: Instant) -> Option<(String, Vec<u8>)> {
        let left = deadline.saturating_duration_since(Instant::now());
        self.server.posts.recv_timeout(left).ok()
    }
}
