//! Counting and reporting checks: one line each, and one list of every failure across the
//! suites of a run, which the command ends with (`verdict`), so a failing suite does not hide
//! the ones after it.

use crate::cmd::Result;
use std::sync::Mutex;

/// Every check that failed in this process: `label: what`, with the suite's detail.
static FAILED: Mutex<Vec<String>> = Mutex::new(Vec::new());

/// Checks passed and failed, added up over suites.
#[derive(Default)]
pub struct Tally {
    pub passed: usize,
    pub failed: usize,
}

impl Tally {
    pub fn add(&mut self, (passed, failed): (usize, usize)) {
        self.passed += passed;
        self.failed += failed;
    }
}

impl From<Tally> for (usize, usize) {
    fn from(t: Tally) -> Self {
        (t.passed, t.failed)
    }
}

/// Prints one line per check, records each failure (with `detail`) for the run's verdict, and
/// counts them: `(passed, failed)`.
pub fn report_checks(
    label: &str,
    checks: &[(String, bool)],
    detail: &str,
) -> Result<(usize, usize)> {
    let mut failed = FAILED.lock().unwrap_or_else(|e| e.into_inner());
    for (what, ok) in checks {
        println!("{label}: {what} ... {}", if *ok { "ok" } else { "FAILED" });
        if !ok {
            let detail = if detail.is_empty() {
                String::new()
            } else {
                format!("\n  {detail}")
            };
            failed.push(format!("{label}: {what}{detail}"));
        }
    }
    let failures = checks.iter().filter(|(_, ok)| !ok).count();
    Ok((checks.len() - failures, failures))
}

/// How a command that ran suites ends: its tally, then every failure in one list.
pub fn verdict(command: &str, tally: &Tally) -> Result {
    println!(
        "{command}: {} passed, {} failed",
        tally.passed, tally.failed
    );
    let failed = FAILED.lock().unwrap_or_else(|e| e.into_inner());
    if tally.failed == 0 && failed.is_empty() {
        return Ok(());
    }
    Err(format!(
        "{} check(s) failed:\n{}",
        failed.len().max(tally.failed),
        failed.join("\n")
    ))
}

/// The checks a page posted as `{checks: [{what, ok, got}]}`, a failure shown with what it got.
pub fn posted(report: &serde_json::Value, page: &str) -> Result<Vec<(String, bool)>> {
    let checks = report["checks"]
        .as_array()
        .ok_or_else(|| format!("{page}: no checks in its report"))?;
    Ok(checks
        .iter()
        .map(|c| {
            let what = c["what"].as_str().unwrap_or("?");
            let ok = c["ok"] == true;
            let shown = if ok {
                what.to_string()
            } else {
                format!("{what} (got {})", c["got"])
            };
            (shown, ok)
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_check_is_counted_and_ends_the_run_named() {
        let counts = report_checks(
            "suite",
            &[("works".into(), true), ("breaks".into(), false)],
            "why",
        );
        assert_eq!(counts, Ok((1, 1)));
        let mut tally = Tally::default();
        tally.add(counts.unwrap());
        let verdict = verdict("xtask test", &tally).unwrap_err();
        assert!(verdict.contains("suite: breaks\n  why"), "{verdict}");
    }
}
