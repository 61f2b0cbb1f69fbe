//! `cargo xtask differ`: random scripts of file-system calls (the `script` guest) through
//! wasmtime (the oracle) and through wasi-web in a browser, and the first call of each case
//! where the two answer differently.

use crate::browser::Browser;
use crate::build::{self, guest_dir};
use crate::cli::{self, Long};
use crate::cmd::Result;
use crate::run::{ensure_pkg, run_in_browser, RunRequest};
use crate::setup;

const HELP: &str = "\
usage: cargo xtask differ [--browser chrome|firefox|webkit] [--seeds N[-M]] [--cases N] [--calls N]

Runs the script guest (tests/guests/src/bin/script.rs) with each seed's random script under
wasmtime-py and through wasi-web in the browser, and prints, for each case where the two
differ, the calls up to the first difference and both answers. Exits 1 on any difference.
Defaults: chrome, seed 1000, 400 cases of 30 calls.
";

pub fn differ(args: &[String]) -> Result {
    let mut browser = Browser::Chrome;
    let (mut seeds, mut cases, mut calls) = ((1000, 1000), CASES, 30u32);
    let mut p = cli::parser(args);
    while let Some(arg) = p.next().map_err(cli::fail(HELP))? {
        match arg {
            Long("browser") => browser = Browser::parse(&cli::value::<String>(&mut p, HELP)?)?,
            Long("seeds") => seeds = seed_range(&cli::value::<String>(&mut p, HELP)?)?,
            Long("cases") => cases = cli::value(&mut p, HELP)?,
            Long("calls") => calls = cli::value(&mut p, HELP)?,
            Long("help") => {
                print!("{HELP}");
                return Ok(());
            }
            _ => return Err(cli::fail(HELP)(arg.unexpected())),
        }
    }
    setup::for_browsers()?;
    build::build_guests()?;
    ensure_pkg()?;
    let mut differing = 0;
    for seed in seeds.0..=seeds.1 {
        let args = vec![seed.to_string(), cases.to_string(), calls.to_string()];
        let expected = under_wasmtime(&args)?;
        let got = in_browser(browser, &args)?;
        let found = first_differences(&expected, &got);
        println!(
            "seed {seed}: {} lines, {} case(s) differ",
            expected.lines().count(),
            found.len()
        );
        for f in &found {
            println!("{f}");
        }
        differing += found.len();
    }
    match differing {
        0 => Ok(()),
        n => Err(format!("{n} case(s) answered differently from wasmtime")),
    }
}

/// Seeds whose scripts once found a difference (README), `(seed, calls)` with the default 400
/// cases: `cargo xtask test`'s runner part runs them again in Chromium and Firefox.
const REGRESSION_SEEDS: [(u64, u32); 3] = [(6001, 30), (8003, 120), (8011, 120)];
const CASES: u32 = 400;

/// The regression seeds under wasmtime and through wasi-web in each browser, a check each.
pub fn regression_seeds(browsers: &[Browser]) -> Result<(usize, usize)> {
    let mut checks = Vec::new();
    for (seed, calls) in REGRESSION_SEEDS {
        let args = vec![seed.to_string(), CASES.to_string(), calls.to_string()];
        let expected = under_wasmtime(&args)?;
        for &browser in browsers {
            let found = first_differences(&expected, &in_browser(browser, &args)?);
            let what = format!(
                "{}: the differ's seed {seed} ({CASES} cases of {calls} calls) answers as wasmtime",
                browser.name()
            );
            checks.push(match found.first() {
                None => (what, true),
                Some(first) => (format!("{what}: {} differ, {first}", found.len()), false),
            });
        }
    }
    crate::checks::report_checks("runner", &checks, "")
}

/// `N` or `N-M`.
fn seed_range(text: &str) -> Result<(u64, u64)> {
    let number = |s: &str| {
        s.parse::<u64>()
            .map_err(|_| format!("--seeds {text}: expected N or N-M"))
    };
    match text.split_once('-') {
        Some((a, b)) => Ok((number(a)?, number(b)?)),
        None => number(text).map(|n| (n, n)),
    }
}

/// The guest's stdout under wasmtime-py, as the oracle records it.
fn under_wasmtime(args: &[String]) -> Result<String> {
    let dir = std::env::temp_dir().join(format!("wasi-web-differ-{}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let cases = dir.join("cases.json");
    let case = serde_json::json!([{ "name": "script", "args": args }]);
    std::fs::write(&cases, case.to_string()).map_err(|e| e.to_string())?;
    build::oracle(&cases, &dir)?;
    let record = std::fs::read_to_string(dir.join("script.json")).map_err(|e| e.to_string())?;
    let _ = std::fs::remove_dir_all(&dir);
    let record: serde_json::Value = serde_json::from_str(&record).map_err(|e| e.to_string())?;
    Ok(record["stdout"].as_str().unwrap_or_default().to_string())
}

/// The guest's stdout through wasi-web, with an empty directory preopened as /sandbox.
fn in_browser(browser: Browser, args: &[String]) -> Result<String> {
    let sandbox =
        std::env::temp_dir().join(format!("wasi-web-differ-sandbox-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&sandbox);
    std::fs::create_dir_all(&sandbox).map_err(|e| e.to_string())?;
    let mut req = RunRequest::new(guest_dir().join("script.wasm"));
    req.args = args.to_vec();
    req.dirs.push((sandbox.clone(), "/sandbox".into()));
    let report = run_in_browser(browser, &req, &mut |_, _| {});
    let _ = std::fs::remove_dir_all(&sandbox);
    Ok(String::from_utf8_lossy(&report?.stdout).into_owned())
}

/// For each case (from a `case` line to the next) whose lines differ: the case's calls up to
/// the first difference, then both answers to it.
fn first_differences(expected: &str, got: &str) -> Vec<String> {
    let cases = |text: &str| -> Vec<Vec<String>> {
        let mut out: Vec<Vec<String>> = Vec::new();
        for line in text.lines() {
            // Each line is `N CALL => ANSWER`; the number is the line's, not the case's.
            let call = line
                .split_once(' ')
                .map_or(line, |(_, rest)| rest)
                .to_string();
            match out.last_mut() {
                Some(case) if !call.starts_with("case ") => case.push(call),
                _ => out.push(vec![call]),
            }
        }
        out
    };
    let (expected, got) = (cases(expected), cases(got));
    let mut found = Vec::new();
    for k in 0..expected.len().max(got.len()) {
        let (want, have) = (expected.get(k), got.get(k));
        let (want, have) = (
            want.map_or(&[][..], Vec::as_slice),
            have.map_or(&[][..], Vec::as_slice),
        );
        let Some(at) = (0..want.len().max(have.len())).find(|&i| want.get(i) != have.get(i)) else {
            continue;
        };
        let mut text = format!("case {k}:\n");
        for call in &want[..at] {
            text.push_str(&format!("    {call}\n"));
        }
        let line = |l: Option<&String>| l.map_or("(nothing)".to_string(), String::clone);
        text.push_str(&format!(
            "  wasmtime: {}\n  wasi-web: {}",
            line(want.get(at)),
            line(have.get(at))
        ));
        found.push(text);
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_differing_case_is_shown_to_its_first_difference() {
        let wasmtime = "0 case => ok case0\n1 mkdir 0 d => ok\n2 rmdir 0 d => ok\n3 case => ok case1\n4 stat 0 0 a => NOENT\n5 case => ok case2\n6 mkdir 0 x => ok\n7 stat 0 0 x => ok dir\n";
        let ours = "0 case => ok case0\n1 mkdir 0 d => ok\n2 rmdir 0 d => NOTEMPTY\n3 case => ok case1\n4 stat 0 0 a => NOENT\n5 case => ok case2\n6 mkdir 0 x => ok\n";
        let found = first_differences(wasmtime, ours);
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!(
            found[0],
            "case 0:\n    case => ok case0\n    mkdir 0 d => ok\n  wasmtime: rmdir 0 d => ok\n  wasi-web: rmdir 0 d => NOTEMPTY"
        );
        assert!(found[1].starts_with("case 2:") && found[1].ends_with("wasi-web: (nothing)"));
        assert!(first_differences(wasmtime, wasmtime).is_empty());
    }

    #[test]
    fn seeds_are_one_or_a_range() {
        assert_eq!(seed_range("7"), Ok((7, 7)));
        assert_eq!(seed_range("3-9"), Ok((3, 9)));
        assert!(seed_range("x").is_err());
    }
}
