//! A W3C WebDriver client over ureq: start a driver, open a headless session, navigate, quit.

use crate::browser::Browser;
use crate::cmd::Result;
use serde_json::{json, Value};
use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub struct Session {
    driver: Child,
    /// The virtual X server a browser without a headless mode draws on.
    display: Option<Child>,
    port: u16,
    id: String,
    profile: PathBuf,
}

pub fn free_port() -> Result<u16> {
    let listener = TcpListener::bind("127.0.0.1:0").map_err(|e| e.to_string())?;
    Ok(listener.local_addr().map_err(|e| e.to_string())?.port())
}

impl Session {
    pub fn start(browser: Browser) -> Result<Session> {
        Session::start_with(browser, &[], &[])
    }

    /// A session whose driver, and so its browser, runs with `env` set too, the browser
    /// given `browser_args` too (Chromium only: see [`Browser::capabilities`]).
    pub fn start_with(
        browser: Browser,
        env: &[(&str, &str)],
        browser_args: &[String],
    ) -> Result<Session> {
        let driver_path = browser.driver()?;
        let port = free_port()?;
        let (display, screen) = if browser.needs_display() {
            let (child, screen) = virtual_display()?;
            (Some(child), Some(screen))
        } else {
            (None, None)
        };
        let mut command = Command::new(&driver_path);
        command.envs(env.iter().copied());
        if let Some(screen) = &screen {
            command.env("DISPLAY", screen);
        }
        let driver = command
            .args(browser.driver_args(port))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", driver_path.display()))?;
        let profile =
            std::env::temp_dir().join(format!("wasi-web-profile-{}-{port}", std::process::id()));
        std::fs::create_dir_all(&profile).map_err(|e| e.to_string())?;
        let mut session = Session {
            driver,
            display,
            port,
            id: String::new(),
            profile,
        };
        let deadline = Instant::now() + Duration::from_secs(20);
        while request(port, "GET", "/status", None).is_err() {
            if Instant::now() > deadline {
                return Err(format!("{} did not start listening", driver_path.display()));
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let caps = browser.capabilities(&session.profile.to_string_lossy(), browser_args);
        let answer = request(
            port,
            "POST",
            "/session",
            Some(&json!({"capabilities": {"alwaysMatch": caps}})),
        )
        .map_err(|e| format!("could not start {}: {e}", browser.name()))?;
        session.id = answer["sessionId"]
            .as_str()
            .ok_or_else(|| format!("could not start {}: {answer}", browser.name()))?
            .to_string();
        // Async scripts in the e2e suites wait for whole runs.
        session.command("POST", "timeouts", Some(json!({ "script": 180_000 })))?;
        Ok(session)
    }

    pub fn navigate(&self, url: &str) -> Result {
        self.command("POST", "url", Some(json!({ "url": url })))
            .map(drop)
    }

    fn command(&self, method: &str, path: &str, body: Option<Value>) -> Result<Value> {
        request(
            self.port,
            method,
            &format!("/session/{}/{path}", self.id),
            body.as_ref(),
        )
    }

    /// Runs `script` in the page (a function body; `arguments` holds `args`) and returns its
    /// value; an async script calls `arguments[arguments.length - 1](value)` when done.
    pub fn execute(&self, script: &str, args: Value, asynchronous: bool) -> Result<Value> {
        let path = if asynchronous {
            "execute/async"
        } else {
            "execute/sync"
        };
        self.command(
            "POST",
            path,
            Some(json!({ "script": script, "args": args })),
        )
    }

    /// Waits until the JS expression `condition` holds in the page (20 s at most). A script
    /// error while the page reloads (Firefox: "Document was unloaded") is tried again.
    pub fn wait_for(&self, condition: &str, what: &str) -> Result {
        let deadline = Instant::now() + Duration::from_secs(20);
        let script = format!("return !!({condition})");
        loop {
            let last = match self.execute(&script, json!([]), false) {
                Ok(v) if v == true => return Ok(()),
                Ok(_) => String::new(),
                Err(e) => format!(" (last: {e})"),
            };
            if Instant::now() > deadline {
                return Err(format!("{what} within 20 s{last}"));
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// The first element matching a CSS selector, as a WebDriver element reference.
    pub fn find(&self, css: &str) -> Result<String> {
        let found = self.command(
            "POST",
            "element",
            Some(json!({ "using": "css selector", "value": css })),
        )?;
        found
            .as_object()
            .and_then(|o| o.values().next())
            .and_then(Value::as_str)
            .map(str::to_string)
            .ok_or_else(|| format!("no element {css}"))
    }

    /// Types into an element; for `<input type=file>` the text is a file path to pick.
    pub fn send_keys(&self, element: &str, text: &str) -> Result {
        self.command(
            "POST",
            &format!("element/{element}/value"),
            Some(json!({ "text": text })),
        )
        .map(drop)
    }

    /// Sets the window size (for screenshots at a given width).
    pub fn set_window(&self, width: u32, height: u32) -> Result {
        self.command(
            "POST",
            "window/rect",
            Some(json!({ "width": width, "height": height })),
        )
        .map(drop)
    }

    /// Types into whatever has focus with real key events. `\n` presses Enter, `\u{8}`
    /// Backspace; `^X` holds Control while pressing X.
    pub fn type_keys(&self, text: &str) -> Result {
        const ENTER: &str = "\u{E007}";
        const BACKSPACE: &str = "\u{E003}";
        const CONTROL: &str = "\u{E009}";
        let mut actions = Vec::new();
        let mut chars = text.chars();
        while let Some(c) = chars.next() {
            let press = |key: &str, actions: &mut Vec<Value>| {
                actions.push(json!({ "type": "keyDown", "value": key }));
                actions.push(json!({ "type": "keyUp", "value": key }));
            };
            match c {
                '\n' => press(ENTER, &mut actions),
                '\u{8}' => press(BACKSPACE, &mut actions),
                '^' => {
                    let key = chars
                        .next()
                        .ok_or("^ needs a key")?
                        .to_ascii_lowercase()
                        .to_string();
                    actions.push(json!({ "type": "keyDown", "value": CONTROL }));
                    press(&key, &mut actions);
                    actions.push(json!({ "type": "keyUp", "value": CONTROL }));
                }
                c => press(&c.to_string(), &mut actions),
            }
        }
        let body = json!({ "actions": [{ "type": "key", "id": "keyboard", "actions": actions }] });
        self.command("POST", "actions", Some(body)).map(drop)
    }

    /// A PNG of the viewport.
    pub fn screenshot(&self) -> Result<Vec<u8>> {
        use base64::Engine;
        let shot = self.command("GET", "screenshot", None)?;
        base64::engine::general_purpose::STANDARD
            .decode(shot.as_str().ok_or("screenshot: no data")?)
            .map_err(|e| format!("screenshot: {e}"))
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        if !self.id.is_empty() {
            let _ = request(self.port, "DELETE", &format!("/session/{}", self.id), None);
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
        if let Some(display) = &mut self.display {
            stop_display(display);
        }
        let _ = std::fs::remove_dir_all(&self.profile);
    }
}

/// An Xvfb server on a display of its own, and that display (`:N`). Xvfb picks a free number
/// itself (`-displayfd`): one chosen here collided with the lock and socket a killed server had
/// left in /tmp, that Xvfb then refused to take over while the socket made it look started.
fn virtual_display() -> Result<(Child, String)> {
    let xvfb = crate::cmd::which("Xvfb").ok_or_else(|| crate::setup::missing("Xvfb"))?;
    let mut child = Command::new(xvfb)
        .args([
            "-displayfd",
            "1",
            "-screen",
            "0",
            "1280x1024x24",
            "-nolisten",
            "tcp",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot start Xvfb: {e}"))?;
    // It writes the number once it listens; read on a thread so a stuck server times out.
    let out = child.stdout.take().ok_or("Xvfb: no stdout")?;
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut line = String::new();
        let _ = std::io::BufRead::read_line(&mut std::io::BufReader::new(out), &mut line);
        let _ = tx.send(line);
    });
    // Nothing within 10 s (or only an end of file) reads as an empty line.
    let line = rx.recv_timeout(Duration::from_secs(10)).unwrap_or_default();
    let number = line.trim();
    if !number.is_empty() && number.bytes().all(|b| b.is_ascii_digit()) {
        return Ok((child, format!(":{number}")));
    }
    stop_display(&mut child);
    Err(format!(
        "Xvfb did not start (it printed {number:?} for its display within 10 s)"
    ))
}

/// Stops Xvfb with SIGTERM, so it removes its lock file and socket (a SIGKILL leaves both).
fn stop_display(child: &mut Child) {
    let stopped = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .is_ok_and(|s| s.success());
    if !stopped {
        let _ = child.kill();
    }
    let _ = child.wait();
}

/// One WebDriver command; returns the response's `value`, or its error message.
fn request(port: u16, method: &str, path: &str, body: Option<&Value>) -> Result<Value> {
    // WebDriver reports errors as 4xx/5xx with a JSON body: read it rather than fail on the
    // status. Async scripts can take minutes (the session's script timeout).
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(200)))
        .build()
        .into();
    let url = format!("http://127.0.0.1:{port}{path}");
    let sent = match (method, body) {
        ("POST", body) => agent
            .post(&url)
            .send_json(body.cloned().unwrap_or_else(|| json!({}))),
        ("DELETE", _) => agent.delete(&url).call(),
        _ => agent.get(&url).call(),
    };
    let v: Value = sent
        .map_err(|e| format!("WebDriver {method} {path}: {e}"))?
        .body_mut()
        .read_json()
        .map_err(|e| format!("bad driver response: {e}"))?;
    let value = v.get("value").cloned().unwrap_or(Value::Null);
    if let Some(err) = value.get("error").and_then(Value::as_str) {
        let msg = value.get("message").and_then(Value::as_str).unwrap_or("");
        return Err(format!("{err}: {}", msg.lines().next().unwrap_or("")));
    }
    Ok(value)
}
