//! `cargo xtask test`: setup, lint, native tests, then the browser suites in Chromium and
//! Firefox, then the command-line runner end to end. Fails if anything fails.

use crate::browser::Browser;
use crate::cmd::{self, root, run, which, Result};
use crate::{build, run as runner, setup};

pub fn test() -> Result {
    setup::setup()?;
    run(cmd::cargo()
        .current_dir(root())
        .args(["fmt", "--all", "--check"]))?;
    run(cmd::cargo().current_dir(root()).args([
        "clippy",
        "--workspace",
        "--all-targets",
        "--",
        "-D",
        "warnings",
    ]))?;
    run(cmd::cargo().current_dir(root()).args([
        "clippy",
        "--target",
        "wasm32-unknown-unknown",
        "--lib",
        "--tests",
        "--",
        "-D",
        "warnings",
    ]))?;
    run(cmd::cargo()
        .current_dir(root())
        .args(["test", "--workspace"]))?;
    build::build_guests()?;
    for browser in [Browser::Chrome, Browser::Firefox] {
        browser_suite(browser)?;
    }
    build::build_pkg()?;
    for browser in [Browser::Chrome, Browser::Firefox] {
        runner_smoke(browser)?;
    }
    println!("xtask test: all suites passed");
    Ok(())
}

/// wasm-bindgen-test in one browser. The runner picks GECKODRIVER before CHROMEDRIVER, so
/// exactly one is set.
fn browser_suite(browser: Browser) -> Result {
    eprintln!("== browser tests in {} ==", browser.name());
    let mut c = cmd::cargo();
    c.current_dir(root())
        .args([
            "test",
            "--target",
            "wasm32-unknown-unknown",
            "--test",
            "browser",
        ])
        .env_remove("CHROMEDRIVER")
        .env_remove("GECKODRIVER");
    let runner = which("wasm-bindgen-test-runner")
        .ok_or("wasm-bindgen-test-runner is missing: run `cargo xtask setup`")?;
    c.env("CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER", runner);
    let driver = browser.driver()?;
    match browser {
        Browser::Chrome => c.env("CHROMEDRIVER", driver),
        Browser::Firefox => c.env("GECKODRIVER", driver),
    };
    run(&mut c)
}

/// The command-line runner runs hellowasi and reports its output and status.
fn runner_smoke(browser: Browser) -> Result {
    let outcome = runner::run_in_browser(browser, &runner::RunRequest::new(build::hellowasi()))?;
    if outcome.stdout != b"Hello, World!\n" || outcome.exit_code != Some(0) {
        return Err(format!(
            "runner in {}: expected `Hello, World!` and exit 0, got {:?} / {}",
            browser.name(),
            String::from_utf8_lossy(&outcome.stdout),
            outcome.status()
        ));
    }
    println!(
        "runner smoke test in {}: Hello, World! (exit 0)",
        browser.name()
    );
    Ok(())
}
