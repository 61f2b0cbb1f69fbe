//! `cargo xtask conformance`: the official wasi-testsuite (wasm32-wasip1) through wasi-web in
//! real browsers, with the suite's own semantics (argv, env, preopened fixture copies,
//! expected stdout and exit code).

use crate::browser::Browser;
use crate::cli::{self, Long, Short};
use crate::cmd::{root, Result};
use crate::page::DrivenPage;
use crate::{http, tree};
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

const HELP: &str = "\
usage: cargo xtask conformance [--browser chrome|firefox|webkit|all] [--filter SUBSTR] [--suite PATH] [--update-expected]

Runs every wasm32-wasip1 test of the official wasi-testsuite (prebuilt: the prod/testsuite-all
branch of WebAssembly/wasi-testsuite) in headless browsers through wasi-web. The suite is taken
from --suite, else $WASI_TESTSUITE, else ../shared/wasi-testsuite.
--update-expected adds the tests that pass now to tests/conformance/expected-pass-BROWSER.txt.
";

pub(crate) struct Test {
    pub id: String,
    pub wasm: PathBuf,
    pub args: Vec<String>,
    pub env: BTreeMap<String, String>,
    pub dirs: Vec<(String, PathBuf)>,
    pub stdout: Option<String>,
    pub exit_code: i64,
    /// Stdin stays open and empty: a read blocks (the wasi-threads tests assume it does).
    pub stdin_open: bool,
}

pub struct Options {
    pub browsers: Vec<Browser>,
    pub filter: Option<String>,
    pub suite: PathBuf,
    pub update_expected: bool,
}

impl Options {
    pub fn parse(args: &[String]) -> Result<Options> {
        let mut o = Options {
            browsers: vec![Browser::Chrome, Browser::Firefox],
            filter: None,
            suite: default_suite(),
            update_expected: false,
        };
        let mut p = cli::parser(args);
        while let Some(arg) = p.next().map_err(cli::fail(HELP))? {
            match arg {
                Long("browser") => {
                    let b: String = cli::value(&mut p, HELP)?;
                    o.browsers = if b == "all" {
                        Browser::ALL.to_vec()
                    } else {
                        vec![Browser::parse(&b)?]
                    };
                }
                Long("filter") => o.filter = Some(cli::value(&mut p, HELP)?),
                Long("suite") => o.suite = cli::value::<String>(&mut p, HELP)?.into(),
                Long("update-expected") => o.update_expected = true,
                Long("help") | Short('h') => return Err(HELP.into()),
                _ => return Err(cli::fail(HELP)(arg.unexpected())),
            }
        }
        Ok(o)
    }
}

fn default_suite() -> PathBuf {
    std::env::var_os("WASI_TESTSUITE")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("../shared/wasi-testsuite"))
}

/// Result of one test in one browser: `None` when it passed, else why it failed.
pub type Verdicts = BTreeMap<String, Option<String>>;

pub fn conformance(args: &[String]) -> Result {
    let options = Options::parse(args)?;
    let all = run_all(&options)?;
    let mut failed_any = false;
    for (browser, verdicts) in &all {
        if options.update_expected {
            update_expected(*browser, verdicts)?;
        }
        failed_any |= verdicts.values().any(Option::is_some);
    }
    if failed_any && !options.update_expected {
        return Err("some conformance tests failed".into());
    }
    Ok(())
}

/// Runs the suite in each browser, printing failures, a table and the closing line.
pub fn run_all(options: &Options) -> Result<Vec<(Browser, Verdicts)>> {
    let tests = discover(&options.suite, options.filter.as_deref())?;
    crate::run::ensure_pkg()?;
    let known = known_differences();
    let mut all = Vec::new();
    for &browser in &options.browsers {
        let started = Instant::now();
        let verdicts = run_suite(browser, &tests)?;
        for (id, verdict) in &verdicts {
            if let Some(reason) = verdict {
                // `suite/*` covers every test of a suite.
                let suite_wide = format!("{}/*", id.split('/').next().unwrap_or_default());
                match known.get(id).or_else(|| known.get(&suite_wide)) {
                    Some(why) => println!(
                        "FAIL {id} [{}]: {reason} (known difference: {why})",
                        browser.name()
                    ),
                    None => println!("FAIL {id} [{}]: {reason}", browser.name()),
                }
            }
        }
        print_table(browser, &verdicts);
        let passed = verdicts.values().filter(|v| v.is_none()).count();
        println!(
            "{}: {} passed, {} failed ({:.1} s)",
            browser.name(),
            passed,
            verdicts.len() - passed,
            started.elapsed().as_secs_f64()
        );
        all.push((browser, verdicts));
    }
    Ok(all)
}

fn print_table(browser: Browser, verdicts: &Verdicts) {
    let mut per_suite: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for (id, v) in verdicts {
        let suite = id.split('/').next().unwrap_or("");
        let entry = per_suite.entry(suite).or_default();
        if v.is_none() {
            entry.0 += 1;
        } else {
            entry.1 += 1;
        }
    }
    println!("| {:<16} | suite          | passed | failed |", "browser");
    println!("|------------------|----------------|--------|--------|");
    for (suite, (p, f)) in per_suite {
        println!(
            "| {:<16} | {:<14} | {:>6} | {:>6} |",
            browser.name(),
            suite,
            p,
            f
        );
    }
}

fn discover(suite: &Path, filter: Option<&str>) -> Result<Vec<Test>> {
    let tests_dir = suite.join("tests");
    if !tests_dir.is_dir() {
        return Err(format!(
            "wasi-testsuite not found at {}: clone the prod/testsuite-all branch of WebAssembly/wasi-testsuite \
             (prebuilt tests) and pass --suite PATH or set WASI_TESTSUITE",
            suite.display()
        ));
    }
    let mut tests = Vec::new();
    let mut languages: Vec<_> = std::fs::read_dir(&tests_dir)
        .map_err(|e| e.to_string())?
        .flatten()
        .map(|e| e.path())
        .collect();
    languages.sort();
    for lang in languages {
        let dir = lang.join("testsuite/wasm32-wasip1");
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        let mut wasm: Vec<PathBuf> = entries
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "wasm"))
            .collect();
        wasm.sort();
        for path in wasm {
            let name = path
                .file_stem()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned();
            let lang_name = lang
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned();
            let id = format!("{lang_name}/{name}");
            if filter.is_some_and(|f| !id.contains(f)) {
                continue;
            }
            let spec = read_spec(&path.with_extension("json"));
            let strings = |key: &str| strings(&spec[key]);
            let env = spec["env"]
                .as_object()
                .map(|o| {
                    o.iter()
                        .map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_string()))
                        .collect()
                })
                .unwrap_or_default();
            tests.push(Test {
                id,
                args: std::iter::once(format!("{name}.wasm"))
                    .chain(strings("args"))
                    .collect(),
                env,
                dirs: strings("dirs")
                    .into_iter()
                    .map(|d| (d.clone(), dir.join(&d)))
                    .collect(),
                stdout: spec["stdout"].as_str().map(str::to_string),
                exit_code: spec["exit_code"].as_i64().unwrap_or(0),
                wasm: path,
                stdin_open: false,
            });
        }
    }
    tests.extend(crate::conformance_threads::discover(suite, filter)?);
    Ok(tests)
}

/// A test's `.json` spec; a test without one expects exit 0 and nothing else.
pub(crate) fn read_spec(path: &Path) -> Value {
    std::fs::read(path)
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .unwrap_or(Value::Null)
}

/// The strings of a JSON array (none for anything else).
pub(crate) fn strings(list: &Value) -> Vec<String> {
    list.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

fn run_suite(browser: Browser, tests: &[Test]) -> Result<Verdicts> {
    let mut manifest = Vec::new();
    for t in tests {
        let mut dirs = Vec::new();
        for (guest, host) in &t.dirs {
            // A fresh copy per test: tests write into their fixtures.
            let fixture = if host.is_dir() {
                tree::read_host(host)?
            } else {
                tree::Tree::new()
            };
            dirs.push(json!({ "guest": guest, "tree": tree::to_json(&fixture) }));
        }
        manifest.push(json!({
            "id": t.id, "wasm": format!("/wasm/{}", manifest.len()), "args": t.args, "env": t.env,
            "dirs": dirs, "stdinOpen": t.stdin_open,
        }));
    }
    let manifest = Value::Array(manifest).to_string().into_bytes();
    let wasm: Vec<PathBuf> = tests.iter().map(|t| t.wasm.clone()).collect();
    let routes: http::Routes = Arc::new(move |path, _| {
        if path == "/conformance.json" {
            return Some(manifest.clone());
        }
        let index: usize = path.strip_prefix("/wasm/")?.parse().ok()?;
        std::fs::read(wasm.get(index)?).ok()
    });
    let page = DrivenPage::open(browser, routes, "/harness/conformance.html")?;
    let mut verdicts = Verdicts::new();
    let deadline = Instant::now() + Duration::from_secs(60 + 35 * tests.len() as u64);
    while verdicts.len() < tests.len() {
        let (path, body) = page
            .next_post(deadline)
            .ok_or_else(|| format!("{}: conformance run timed out", browser.name()))?;
        match path.as_str() {
            "/out/result" => {
                let r: Value = serde_json::from_slice(&body).map_err(|e| e.to_string())?;
                let id = r["id"].as_str().unwrap_or_default().to_string();
                if let Some(test) = tests.iter().find(|t| t.id == id) {
                    verdicts.insert(id, judge(test, &r));
                }
            }
            "/out/done" if !body.is_empty() => {
                return Err(String::from_utf8_lossy(&body).into_owned())
            }
            _ => {}
        }
    }
    Ok(verdicts)
}

/// The suite's rules: the exit code must match, and stdout when the spec gives it.
fn judge(test: &Test, r: &Value) -> Option<String> {
    let stderr = r["stderr"].as_str().unwrap_or_default().trim();
    let tail = |s: &str| {
        // The informative part of a panic report: everything but the backtrace hint.
        let lines: Vec<&str> = s
            .lines()
            .filter(|l| !l.starts_with("note: run with"))
            .collect();
        if lines.is_empty() {
            String::new()
        } else {
            format!("; stderr: {}", lines.join(" / "))
        }
    };
    if let Some(e) = r["error"].as_str() {
        return Some(format!("error: {e}"));
    }
    if let Some(t) = r["trap"].as_str() {
        return Some(format!("trap: {t}{}", tail(stderr)));
    }
    let code = r["exitCode"].as_i64();
    if code != Some(test.exit_code) {
        return Some(format!(
            "exit {} (expected {}){}",
            code.unwrap_or(-1),
            test.exit_code,
            tail(stderr)
        ));
    }
    if let Some(expected) = &test.stdout {
        let got = r["stdout"].as_str().unwrap_or_default();
        if got != expected {
            return Some(format!("stdout {got:?} (expected {expected:?})"));
        }
    }
    None
}

fn expected_file(browser: Browser) -> PathBuf {
    root().join(format!(
        "tests/conformance/expected-pass-{}.txt",
        browser.name().to_lowercase()
    ))
}

pub fn expected_passes(browser: Browser) -> BTreeSet<String> {
    std::fs::read_to_string(expected_file(browser))
        .unwrap_or_default()
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_string)
        .collect()
}

fn update_expected(browser: Browser, verdicts: &Verdicts) -> Result {
    let mut list = expected_passes(browser);
    list.extend(
        verdicts
            .iter()
            .filter(|(_, v)| v.is_none())
            .map(|(id, _)| id.clone()),
    );
    let mut text = format!(
        "# wasi-testsuite tests that pass in {}; the list only grows.\n",
        browser.name()
    );
    for id in &list {
        text.push_str(id);
        text.push('\n');
    }
    std::fs::write(expected_file(browser), text).map_err(|e| e.to_string())?;
    println!(
        "{}: {} tests in {}",
        browser.name(),
        list.len(),
        expected_file(browser).display()
    );
    Ok(())
}

/// `id: reason` lines for tests that cannot pass in a browser for a stated reason.
fn known_differences() -> BTreeMap<String, String> {
    std::fs::read_to_string(root().join("tests/conformance/known-differences.txt"))
        .unwrap_or_default()
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| {
            l.split_once(':')
                .map(|(id, why)| (id.trim().to_string(), why.trim().to_string()))
        })
        .collect()
}

/// For `cargo xtask test`: both browsers, failing on a regression or an unrecorded pass.
pub fn ratchet() -> Result<(usize, usize)> {
    let options = Options {
        browsers: Browser::ALL.to_vec(),
        filter: None,
        suite: default_suite(),
        update_expected: false,
    };
    if !options.suite.join("tests").is_dir() {
        let missing = format!(
            "wasi-testsuite not found at {} (set WASI_TESTSUITE, or put shared/ beside the checkout)",
            options.suite.display()
        );
        // CI must run the suite: a run that skipped it would look green.
        if std::env::var("CI").is_ok_and(|v| v == "true") {
            return Err(format!("conformance: {missing}"));
        }
        println!("conformance: skipped, {missing}");
        return Ok((0, 0));
    }
    let (mut passed, mut problems) = (0, Vec::new());
    for (browser, verdicts) in run_all(&options)? {
        let expected = expected_passes(browser);
        for (id, verdict) in &verdicts {
            match (verdict, expected.contains(id)) {
                (Some(reason), true) => problems.push(format!("{} regressed: {id}: {reason}", browser.name())),
                (None, false) => problems.push(format!("{} newly passes {id}: record it with `cargo xtask conformance --update-expected`", browser.name())),
                (None, true) => passed += 1,
                (Some(_), false) => {}
            }
        }
    }
    if problems.is_empty() {
        Ok((passed, 0))
    } else {
        Err(problems.join("\n"))
    }
}
