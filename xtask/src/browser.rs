//! Which browsers we drive and how: binaries, drivers, capabilities.

use crate::cmd::{which, Result};
use serde_json::{json, Value};
use std::path::PathBuf;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Browser {
    Chrome,
    Firefox,
    /// WebKitGTK's MiniBrowser under WebKitWebDriver, on a virtual display (Xvfb).
    WebKit,
}

const CHROMIUM: &str = "/usr/lib/chromium/chromium";
const FIREFOX: &str = "/usr/bin/firefox-esr";
const MINIBROWSER: &str = "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser";

impl Browser {
    /// The three engines people browse with.
    pub const ALL: [Browser; 3] = [Browser::Chrome, Browser::Firefox, Browser::WebKit];

    pub fn parse(name: &str) -> Result<Browser> {
        match name {
            "chrome" | "chromium" => Ok(Browser::Chrome),
            "firefox" => Ok(Browser::Firefox),
            "webkit" => Ok(Browser::WebKit),
            other => Err(format!(
                "unknown browser `{other}` (chrome, firefox or webkit)"
            )),
        }
    }

    /// As `--browser` takes it.
    pub fn arg(self) -> &'static str {
        match self {
            Browser::Chrome => "chrome",
            Browser::Firefox => "firefox",
            Browser::WebKit => "webkit",
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Browser::Chrome => "Chromium",
            Browser::Firefox => "Firefox",
            Browser::WebKit => "WebKit",
        }
    }

    /// The WebDriver server binary, or a one-line error saying what is missing.
    pub fn driver(self) -> Result<PathBuf> {
        let (driver, binary) = match self {
            Browser::Chrome => ("chromedriver", CHROMIUM),
            Browser::Firefox => ("geckodriver", FIREFOX),
            Browser::WebKit => ("WebKitWebDriver", MINIBROWSER),
        };
        if !std::path::Path::new(binary).exists() {
            return Err(crate::setup::missing(&format!(
                "{} ({binary})",
                self.name()
            )));
        }
        which(driver).ok_or_else(|| crate::setup::missing(driver))
    }

    /// How spawn() delivers interactive stdin here (wasi-run.js `interactiveMode`): over a
    /// SharedArrayBuffer when isolated, else JSPI; WebKitGTK has neither, so input is taken up
    /// front.
    pub fn stdin_mode(self, isolated: bool) -> &'static str {
        match (self, isolated) {
            (Browser::WebKit, _) => "presupplied",
            (_, true) => "sab",
            (_, false) => "jspi",
        }
    }

    /// The environment that gives WebKitGTK the SharedArrayBuffer Safari has on
    /// cross-origin-isolated pages (JavaScriptCore's own option; WebKitGTK never turns it on).
    pub const SAFARI_SHARED_MEMORY: [(&'static str, &'static str); 1] =
        [("JSC_useSharedArrayBuffer", "1")];

    /// Whether the browser needs a display (WebKitGTK has no headless mode here).
    pub fn needs_display(self) -> bool {
        self == Browser::WebKit
    }

    /// Driver command-line arguments to listen on `port`.
    pub fn driver_args(self, port: u16) -> Vec<String> {
        match self {
            Browser::Chrome | Browser::WebKit => vec![format!("--port={port}")],
            Browser::Firefox => vec!["--port".into(), port.to_string()],
        }
    }

    /// W3C capabilities for a headless session with a fresh profile; `extra_args` go to
    /// Chromium (the bench's trace), which only it takes.
    pub fn capabilities(self, profile_dir: &str, extra_args: &[String]) -> Value {
        match self {
            Browser::Chrome => {
                let mut args: Vec<String> = [
                    "--headless",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-dev-shm-usage",
                    "--disable-quic",
                    "--no-first-run",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                ]
                .map(String::from)
                .into();
                args.push(format!("--user-data-dir={profile_dir}"));
                args.extend_from_slice(extra_args);
                json!({
                    "browserName": "chrome",
                    "goog:chromeOptions": { "binary": CHROMIUM, "args": args }
                })
            }
            Browser::Firefox => json!({
                "browserName": "firefox",
                "moz:firefoxOptions": { "binary": FIREFOX, "args": ["-headless", "-profile", profile_dir] }
            }),
            // MiniBrowser's automation mode uses an ephemeral profile of its own.
            Browser::WebKit => json!({
                "webkitgtk:browserOptions": { "binary": MINIBROWSER, "args": ["--automation"] }
            }),
        }
    }
}
