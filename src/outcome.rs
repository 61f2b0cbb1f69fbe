//! How a run ended, and the one line every UI and the CLI show for it. The web layer, the
//! JS runtime (through `statusText`) and `cargo xtask run` all format status here.

use crate::wasi::ExitRequest;
use std::fmt;

/// A limit that ended a run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Limit {
    /// Wall time (`spawn()`'s `limits.timeMs`, the widget's `timeout`).
    Time,
    /// Output bytes (`limits.outputBytes`).
    Output,
    /// Guest memory (`maxMemoryBytes`), checked at every host call.
    Memory,
}

impl Limit {
    pub fn name(self) -> &'static str {
        match self {
            Limit::Time => "time",
            Limit::Output => "output",
            Limit::Memory => "memory",
        }
    }

    pub fn parse(name: &str) -> Option<Limit> {
        [Limit::Time, Limit::Output, Limit::Memory]
            .into_iter()
            .find(|l| l.name() == name)
    }
}

/// How a run ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// `proc_exit(code)`, or 0 when `_start` returned.
    Exited(i32),
    /// The guest trapped (or exited with a status wasmtime refuses); the message.
    Trapped(String),
    /// Stopped by the user.
    Stopped,
    /// Ended by a limit.
    Limit(Limit),
    /// Never started: why (not wasm, a missing import, bad options...).
    Failed(String),
}

/// What the host saw when a run ended, in the order that decides the outcome.
#[derive(Default)]
pub struct RunEnd<'a> {
    /// A limit the host enforced.
    pub limit: Option<Limit>,
    /// Could not compile, link or start.
    pub setup_error: Option<String>,
    /// What the guest asked for with `proc_exit`.
    pub exit: Option<&'a ExitRequest>,
    /// What the guest threw, if it did not return.
    pub trap: Option<String>,
}

impl Outcome {
    /// Classifies a run's end: a limit wins (the guest was stopped for it), then a failure to
    /// start, then `proc_exit`, then a trap; a guest that just returned exited 0.
    pub fn classify(end: RunEnd) -> Outcome {
        if let Some(limit) = end.limit {
            return Outcome::Limit(limit);
        }
        if let Some(error) = end.setup_error {
            return Outcome::Failed(error);
        }
        match (end.exit, end.trap) {
            (Some(ExitRequest::Code(code)), _) => Outcome::Exited(*code as i32),
            (Some(ExitRequest::Invalid(code)), _) => Outcome::Trapped(format!(
                "exit with invalid exit status outside of [0..126): {code}"
            )),
            (None, Some(trap)) => Outcome::Trapped(trap),
            (None, None) => Outcome::Exited(0),
        }
    }

    /// `exited`, `trapped`, `stopped`, `limit` or `failed`: the `kind` JS results carry.
    pub fn kind(&self) -> &'static str {
        match self {
            Outcome::Exited(_) => "exited",
            Outcome::Trapped(_) => "trapped",
            Outcome::Stopped => "stopped",
            Outcome::Limit(_) => "limit",
            Outcome::Failed(_) => "failed",
        }
    }

    /// Rebuilds an outcome from a JS result's `kind` and its one detail (the exit code, the
    /// trap message, the limit's name or the failure's reason).
    pub fn from_kind(kind: &str, code: Option<i32>, detail: &str) -> Option<Outcome> {
        Some(match kind {
            "exited" => Outcome::Exited(code?),
            "trapped" => Outcome::Trapped(detail.to_string()),
            "stopped" => Outcome::Stopped,
            "limit" => Outcome::Limit(Limit::parse(detail)?),
            "failed" => Outcome::Failed(detail.to_string()),
            _ => return None,
        })
    }

    /// The exit code, for `Exited`.
    pub fn exit_code(&self) -> Option<i32> {
        match self {
            Outcome::Exited(code) => Some(*code),
            _ => None,
        }
    }

    /// The text that goes with the kind: the trap message, the limit's name, the failure's
    /// reason; empty for `exited` and `stopped`.
    pub fn detail(&self) -> &str {
        match self {
            Outcome::Trapped(text) | Outcome::Failed(text) => text,
            Outcome::Limit(limit) => limit.name(),
            Outcome::Exited(_) | Outcome::Stopped => "",
        }
    }

    /// Exited with status 0.
    pub fn succeeded(&self) -> bool {
        *self == Outcome::Exited(0)
    }

    /// The status a command-line runner exits with: the program's own, 134 for a trap (as
    /// wasmtime's CLI, SIGABRT's 128 + 6), 1 when it did not run to an exit.
    pub fn process_exit_code(&self) -> u8 {
        match self {
            Outcome::Exited(code) => *code as u8,
            Outcome::Trapped(_) => 134,
            _ => 1,
        }
    }
}

/// The one-line status: `exit 0`, `trap: …`, `stopped`, `limit: time`, `failed to start: …`.
impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Outcome::Exited(code) => write!(f, "exit {code}"),
            Outcome::Trapped(message) => write!(f, "trap: {message}"),
            Outcome::Stopped => f.write_str("stopped"),
            Outcome::Limit(limit) => write!(f, "limit: {}", limit.name()),
            Outcome::Failed(reason) => write!(f, "failed to start: {reason}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_end_of_a_run_is_classified_in_order() {
        let code = ExitRequest::Code(3);
        let invalid = ExitRequest::Invalid(200);
        let trap = || Some("RuntimeError: unreachable".to_string());
        let cases = [
            (RunEnd::default(), Outcome::Exited(0)),
            (
                RunEnd {
                    exit: Some(&code),
                    trap: trap(),
                    ..RunEnd::default()
                },
                Outcome::Exited(3),
            ),
            (
                RunEnd {
                    trap: trap(),
                    ..RunEnd::default()
                },
                Outcome::Trapped("RuntimeError: unreachable".into()),
            ),
            (
                RunEnd {
                    exit: Some(&invalid),
                    ..RunEnd::default()
                },
                Outcome::Trapped("exit with invalid exit status outside of [0..126): 200".into()),
            ),
            (
                RunEnd {
                    setup_error: Some("instantiation failed".into()),
                    trap: trap(),
                    ..RunEnd::default()
                },
                Outcome::Failed("instantiation failed".into()),
            ),
            (
                RunEnd {
                    limit: Some(Limit::Memory),
                    setup_error: Some("x".into()),
                    exit: Some(&code),
                    trap: trap(),
                },
                Outcome::Limit(Limit::Memory),
            ),
        ];
        for (end, want) in cases {
            assert_eq!(Outcome::classify(end), want);
        }
    }

    #[test]
    fn status_lines_and_cli_exit_codes() {
        let cases = [
            (Outcome::Exited(0), "exit 0", 0, true),
            (Outcome::Exited(42), "exit 42", 42, false),
            (
                Outcome::Trapped("unreachable".into()),
                "trap: unreachable",
                134,
                false,
            ),
            (Outcome::Stopped, "stopped", 1, false),
            (Outcome::Limit(Limit::Time), "limit: time", 1, false),
            (
                Outcome::Failed("not wasm".into()),
                "failed to start: not wasm",
                1,
                false,
            ),
        ];
        for (outcome, line, code, ok) in cases {
            assert_eq!(outcome.to_string(), line);
            assert_eq!(outcome.process_exit_code(), code, "{line}");
            assert_eq!(outcome.succeeded(), ok, "{line}");
        }
    }

    #[test]
    fn outcomes_round_trip_through_their_js_kind() {
        for outcome in [
            Outcome::Exited(7),
            Outcome::Trapped("t".into()),
            Outcome::Stopped,
            Outcome::Limit(Limit::Output),
            Outcome::Failed("f".into()),
        ] {
            let back = Outcome::from_kind(outcome.kind(), outcome.exit_code(), outcome.detail());
            assert_eq!(back, Some(outcome));
        }
        assert_eq!(Outcome::from_kind("limit", None, "cpu"), None);
        assert_eq!(Outcome::from_kind("bogus", None, ""), None);
    }
}
