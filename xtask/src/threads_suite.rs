//! Threaded programs (tests/threads-guests, wasm32-wasip1-threads) against what wasmtime-cli
//! printed for them with threads on (tests/threads-guests/expected/, `cargo xtask oracle`):
//! through spawn() in a page and through `cargo xtask run`; without isolation, the refusal.

use crate::browser::Browser;
use crate::checks::report_checks;
use crate::cmd::{root, Result};
use crate::{build, http, run as runner};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::Duration;
use wasi_web::outcome::Outcome;

/// The wasmtime-cli the expectations come from (`-W threads=y -S threads=y`): 36, the long-term
/// support release. wasi-threads was removed in Wasmtime 47 (bytecodealliance/wasmtime#13558);
/// 48.0.8 builds but refuses `-S threads` ("support for wasi-threads has been removed").
const WASMTIME_CLI: &str = "36.0.20";

fn dir() -> PathBuf {
    root().join("tests/threads-guests")
}

fn cases() -> Result<Vec<Value>> {
    let text = std::fs::read(dir().join("cases.json")).map_err(|e| e.to_string())?;
    let cases: Value = serde_json::from_slice(&text).map_err(|e| e.to_string())?;
    Ok(cases.as_array().cloned().unwrap_or_default())
}

fn args(case: &Value) -> Vec<String> {
    crate::conformance::strings(&case["args"])
}

/// `rayon_sum-2`: the case's name and arguments, naming its expectation file.
fn label(case: &Value) -> String {
    let name = case["name"].as_str().unwrap_or_default();
    std::iter::once(name.to_string())
        .chain(args(case))
        .collect::<Vec<_>>()
        .join("-")
}

fn expected(case: &Value) -> Result<Value> {
    let path = dir().join(format!("expected/{}.json", label(case)));
    let text = std::fs::read(&path).map_err(|e| {
        format!(
            "{}: {e} (record it with `cargo xtask oracle`)",
            path.display()
        )
    })?;
    serde_json::from_slice(&text).map_err(|e| e.to_string())
}

/// Why a run differs from wasmtime's, if it does. `trapped`: our run ended in a trap.
fn difference(
    want: &Value,
    unordered: bool,
    code: Option<i64>,
    trapped: bool,
    stdout: &str,
    stderr: &str,
) -> Option<String> {
    let want_out = want["stdout"].as_str().unwrap_or_default();
    if compared_lines(stdout, unordered) != compared_lines(want_out, unordered) {
        return Some(format!("stdout {stdout:?}, wasmtime printed {want_out:?}"));
    }
    let want_err = want["stderr"].as_str().unwrap_or_default();
    if !stderr.starts_with(want_err) {
        return Some(format!(
            "stderr {stderr:?}, wasmtime's guest printed {want_err:?}"
        ));
    }
    if want["trap"] == true {
        return (!trapped).then(|| format!("ended with {code:?}, wasmtime trapped"));
    }
    (trapped || code != want["exit"].as_i64()).then(|| {
        format!(
            "ended with {code:?} (trap: {trapped}), wasmtime with exit {}",
            want["exit"]
        )
    })
}

/// Each case through spawn() in a page and through `cargo xtask run`, and the refusal of a
/// page without isolation. WebKitGTK, without SharedArrayBuffer, must refuse them all.
pub fn suite(browser: Browser) -> Result<(usize, usize)> {
    let guests = build::build_thread_guests()?;
    let cases = cases()?;
    let mut checks = Vec::new();
    let threads_run = browser != Browser::WebKit;
    let page = page_report(browser, &guests, &cases, "/e2e/threads.html?widget")?;
    if threads_run {
        let got_all = page["cases"].as_array().cloned().unwrap_or_default();
        for (case, got) in cases.iter().zip(got_all) {
            let what = format!("spawn(): {} matches wasmtime", label(case));
            let differs = difference(
                &expected(case)?,
                case["unordered"] == true,
                got["code"].as_i64(),
                got["kind"] == "trapped",
                got["stdout"].as_str().unwrap_or_default(),
                got["stderr"].as_str().unwrap_or_default(),
            );
            checks.push(match differs {
                None => (what, true),
                Some(d) => (format!("{what}: {d} ({})", got["status"]), false),
            });
        }
    }
    if threads_run {
        let widget = &page["widget"];
        checks.push((
            format!(
                "<wasi-playground> runs a threaded program: {}",
                widget["status"]
            ),
            widget["status"] == "exit 0"
                && widget["text"]
                    .as_str()
                    .is_some_and(|t| t.contains("total: 7998000")),
        ));
        let f = |v: &Value| v.as_f64().unwrap_or(f64::NAN);
        checks.push((
            format!(
                "a 1 s time limit ends every thread: {} {} after {:.0} ms",
                page["timeLimit"]["kind"],
                page["timeLimit"]["limit"],
                f(&page["timeLimit"]["ms"])
            ),
            // Not before the second is up (how long after it depends on the machine).
            page["timeLimit"]["limit"] == "time" && f(&page["timeLimit"]["ms"]) >= 1000.0,
        ));
        checks.push((
            format!(
                "a 100 kB output limit on two flooding threads: {} {}",
                page["outputLimit"]["kind"], page["outputLimit"]["limit"]
            ),
            page["outputLimit"]["limit"] == "output",
        ));
        checks.push((
            format!(
                "Stop ends every thread: {} after {:.1} ms",
                page["stop"]["kind"],
                f(&page["stop"]["ms"])
            ),
            // The program never ends by itself: "stopped" is Stop's doing.
            page["stop"]["kind"] == "stopped",
        ));
        checks.push((
            format!(
                "a 16 MiB memory limit on a growing thread: {} {}",
                page["memoryLimit"]["kind"], page["memoryLimit"]["limit"]
            ),
            page["memoryLimit"]["limit"] == "memory",
        ));
        checks.push((
            format!("thread-spawn answers new positive ids, then a negative one past 64 live threads: {}", page["spawnLimit"]["status"]),
            page["spawnLimit"]["code"] == 64,
        ));
        let reading = &page["exitWhileReading"];
        checks.push((
            format!(
                "an exit while another thread blocks reading stdin still brings back the files: {}, /data/out.txt {}, after {:.0} ms",
                reading["status"], reading["file"], f(&reading["ms"])
            ),
            reading["status"] == "exit 3"
                && reading["file"] == "written before exit"
                && reading["stdout"] == "written\n",
        ));
        let beside = &page["readBesideCalls"];
        checks.push((
            format!(
                "a thread blocked reading stdin holds up no other thread's calls: {}, /data/during.txt {}, stdout {}, after {:.0} ms",
                beside["status"], beside["file"], beside["stdout"], f(&beside["ms"])
            ),
            beside["status"] == "exit 0"
                && beside["file"] == "written while the reader waits"
                && beside["stdout"] == "main still runs\nread: typed later\n",
        ));
        let readers = &page["twoReaders"];
        checks.push((
            format!(
                "two threads reading stdin at once: the one whose line another took waits again by itself: {}, stdout {}, after {:.0} ms",
                readers["status"], readers["stdout"], f(&readers["ms"])
            ),
            readers["status"] == "exit 0"
                && readers["stdout"] == "main still runs\nread: first\nread: second\nboth read\n",
        ));
        checks.push(drop_page(browser, &guests)?);
        for case in &cases {
            checks.push(through_cli(browser, &guests, case)?);
        }
    } else {
        let refused = page["cases"][0]["detail"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        checks.push((
            format!("refused where no memory can be shared: {refused:?}"),
            refused.contains("no SharedArrayBuffer even in a cross-origin-isolated page"),
        ));
    }
    let plain = page_report(browser, &guests, &cases, "/plain/e2e/threads.html")?;
    let refused = plain["cases"][0]["detail"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    checks.push((
        format!("a page without isolation refuses, naming the headers: {refused:?}"),
        plain["cases"][0]["kind"] == "failed"
            && refused.contains("Cross-Origin-Opener-Policy: same-origin")
            && refused.contains("Cross-Origin-Embedder-Policy: require-corp"),
    ));
    report_checks(&format!("threads in {}", browser.name()), &checks, "")
}

/// The report of `page` (tests/e2e/threads.html: `/plain/` in front for no isolation,
/// `?widget` to run the widget too) for `cases`, run one after another with spawn().
pub fn page_report(browser: Browser, guests: &Path, cases: &[Value], page: &str) -> Result<Value> {
    let manifest = Value::Array(cases.to_vec()).to_string().into_bytes();
    let guests = guests.to_path_buf();
    let routes: http::Routes = Arc::new(move |path, _| match path {
        "/threads-cases.json" => Some(manifest.clone()),
        _ => http::read_under(&guests, path.strip_prefix("/threads-guests/")?),
    });
    crate::e2e::run_page_with(browser, page, Duration::from_secs(180), routes, &[])
}

/// The drop page deep-linked to a threaded program runs it.
fn drop_page(browser: Browser, guests: &Path) -> Result<(String, bool)> {
    let guests = guests.to_path_buf();
    let routes: http::Routes =
        Arc::new(move |path, _| http::read_under(&guests, path.strip_prefix("/threads-guests/")?));
    let page = crate::page::DrivenPage::open(
        browser,
        routes,
        "/index.html?src=/threads-guests/spawn_join.wasm",
    )?;
    let ran = page
        .session
        .wait_for(
            "document.body.dataset.lastStatus === 'exit 0' && document.getElementById('terminal').text.includes('total: 7998000')",
            "the threaded program's output on the drop page",
        )
        .is_ok();
    page.screenshot(&format!(
        "threads-drop-page-{}",
        browser.name().to_lowercase()
    ))?;
    Ok(("the drop page runs a threaded program (?src=)".into(), ran))
}

/// One case through `cargo xtask run`, a temp directory as /data.
fn through_cli(browser: Browser, guests: &Path, case: &Value) -> Result<(String, bool)> {
    let name = case["name"].as_str().unwrap_or_default();
    let data = std::env::temp_dir().join(format!(
        "wasi-web-threads-{}-{}",
        std::process::id(),
        label(case)
    ));
    let _ = std::fs::remove_dir_all(&data);
    std::fs::create_dir_all(&data).map_err(|e| e.to_string())?;
    let mut req = runner::RunRequest::new(guests.join(format!("{name}.wasm")));
    req.args = args(case);
    req.dirs.push((data.clone(), "/data".into()));
    let report = runner::run_in_browser(browser, &req, &mut |_, _| {})?;
    let _ = std::fs::remove_dir_all(&data);
    let (code, trapped) = match &report.outcome {
        Outcome::Exited(c) => (Some(i64::from(*c)), false),
        Outcome::Trapped(_) => (None, true),
        _ => (None, false),
    };
    let differs = difference(
        &expected(case)?,
        case["unordered"] == true,
        code,
        trapped,
        &String::from_utf8_lossy(&report.stdout),
        &String::from_utf8_lossy(&report.stderr),
    );
    let what = format!("cargo xtask run: {} matches wasmtime", label(case));
    Ok(match differs {
        None => (what, true),
        Some(d) => (format!("{what}: {d} ({})", report.outcome), false),
    })
}

/// stdout's lines as the suite compares them: an unordered case's (its threads print in any
/// interleaving) sorted.
fn compared_lines(stdout: &str, unordered: bool) -> Vec<&str> {
    let mut lines: Vec<&str> = stdout.lines().collect();
    if unordered {
        lines.sort_unstable();
    }
    lines
}

/// stdout as recorded: an unordered case's lines as they are compared, so re-recording gives
/// the same file whichever interleaving wasmtime's threads took.
fn recorded_stdout(stdout: &str, case: &Value) -> String {
    if case["unordered"] != true {
        return stdout.to_string();
    }
    compared_lines(stdout, true)
        .iter()
        .map(|l| format!("{l}\n"))
        .collect()
}

/// `cargo xtask oracle`'s threaded half: each case under wasmtime-cli with threads on, an
/// empty directory as /data, stdin closed; the guest's own stderr (before wasmtime's report
/// of a trap) is kept.
pub fn record() -> Result {
    let guests = build::build_thread_guests()?;
    let wasmtime = wasmtime_cli()?;
    let out_dir = dir().join("expected");
    std::fs::create_dir_all(&out_dir).map_err(|e| e.to_string())?;
    for case in cases()? {
        let name = case["name"].as_str().unwrap_or_default();
        let data = std::env::temp_dir().join(format!("wasi-web-oracle-{}", label(&case)));
        let _ = std::fs::remove_dir_all(&data);
        std::fs::create_dir_all(&data).map_err(|e| e.to_string())?;
        let out = Command::new(&wasmtime)
            .args(["run", "-W", "threads=y", "-S", "threads=y", "--dir"])
            .arg(format!("{}::/data", data.display()))
            .arg(guests.join(format!("{name}.wasm")))
            .args(args(&case))
            .stdin(Stdio::null())
            .output()
            .map_err(|e| e.to_string())?;
        let _ = std::fs::remove_dir_all(&data);
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        // wasmtime's own report of a trap starts at "Error:"; before it is the guest's.
        let (guest_err, report) = stderr
            .split_once("Error:")
            .map_or((stderr.as_str(), ""), |(g, r)| (g, r));
        let trap = report.contains("wasm trap");
        let record = json!({
            "name": name,
            "args": args(&case),
            "wasmtime": WASMTIME_CLI,
            "exit": if trap { Value::Null } else { json!(out.status.code()) },
            "trap": trap,
            "stdout": recorded_stdout(&String::from_utf8_lossy(&out.stdout), &case),
            "stderr": guest_err,
        });
        let path = out_dir.join(format!("{}.json", label(&case)));
        let text = serde_json::to_string_pretty(&record).map_err(|e| e.to_string())?;
        std::fs::write(&path, text + "\n").map_err(|e| e.to_string())?;
        eprintln!(
            "oracle: {} ({})",
            path.display(),
            if trap {
                "trap".into()
            } else {
                format!("exit {:?}", out.status.code())
            }
        );
    }
    Ok(())
}

/// Where wasmtime-cli is installed (tools/wasmtime), if it is.
pub fn installed_wasmtime() -> Option<PathBuf> {
    Some(root().join("tools/wasmtime/bin/wasmtime")).filter(|bin| bin.exists())
}

/// The installed wasmtime-cli, installed with cargo the first time (it builds in about 12
/// minutes here).
fn wasmtime_cli() -> Result<PathBuf> {
    if let Some(bin) = installed_wasmtime() {
        return Ok(bin);
    }
    crate::cmd::run(
        crate::cmd::cargo()
            .args([
                "install",
                "wasmtime-cli",
                "--locked",
                "--version",
                WASMTIME_CLI,
                "--root",
            ])
            .arg(root().join("tools/wasmtime")),
    )?;
    installed_wasmtime().ok_or_else(|| "wasmtime-cli did not install".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_run_is_judged_against_wasmtimes_record() {
        let want = json!({"exit": 0, "trap": false, "stdout": "a\nb\n", "stderr": "warn\n"});
        assert_eq!(
            difference(&want, false, Some(0), false, "a\nb\n", "warn\nmore"),
            None
        );
        assert!(difference(&want, false, Some(0), false, "b\na\n", "warn\n").is_some());
        assert_eq!(
            difference(&want, true, Some(0), false, "b\na\n", "warn\n"),
            None
        );
        assert!(difference(&want, false, Some(1), false, "a\nb\n", "warn\n").is_some());
        assert!(difference(&want, false, None, true, "a\nb\n", "warn\n").is_some());
        let trap = json!({"exit": null, "trap": true, "stdout": "", "stderr": ""});
        assert_eq!(difference(&trap, false, None, true, "", ""), None);
        assert!(difference(&trap, false, Some(0), false, "", "").is_some());
    }

    #[test]
    fn an_unordered_case_is_recorded_in_one_order_whatever_the_interleaving() {
        let unordered = json!({"name": "output", "unordered": true});
        let one = recorded_stdout("t2 b\nt1 a\nt2 a\n", &unordered);
        assert_eq!(one, "t1 a\nt2 a\nt2 b\n");
        assert_eq!(recorded_stdout("t2 a\nt1 a\nt2 b\n", &unordered), one);
        let ordered = json!({"name": "spawn_join"});
        assert_eq!(recorded_stdout("b\na\n", &ordered), "b\na\n");
    }
}
