//! Counting and reporting checks: one line each, a failure names them all.

use crate::cmd::Result;

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

/// Prints one line per check and fails, with `detail`, if any failed; else counts them.
pub fn report_checks(
    label: &str,
    checks: &[(String, bool)],
    detail: &str,
) -> Result<(usize, usize)> {
    let failures: Vec<&str> = checks
        .iter()
        .filter(|(_, ok)| !ok)
        .map(|(what, _)| what.as_str())
        .collect();
    for (what, ok) in checks {
        println!("{label}: {what} ... {}", if *ok { "ok" } else { "FAILED" });
    }
    if failures.is_empty() {
        Ok((checks.len(), 0))
    } else {
        Err(format!("{label}: {}\n{detail}", failures.join("; ")))
    }
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
