//! How a run waits when the guest sleeps or reads stdin that has nothing yet.

use super::platform::{can_block_with_atomics, has_jspi};

/// How the guest waits when it sleeps or reads stdin that has nothing yet.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Blocking {
    /// `Atomics.wait` in a worker of a cross-origin-isolated page.
    Atomics,
    /// JSPI: the import suspends the guest on a promise; works on any thread, no headers.
    Jspi,
    /// Neither: sleeping busy-waits and stdin must be supplied up front.
    Spin,
}

impl Blocking {
    pub fn name(self) -> &'static str {
        match self {
            Blocking::Atomics => "atomics",
            Blocking::Jspi => "jspi",
            Blocking::Spin => "spin",
        }
    }

    /// The mode asked for (`blocking` option), or the best one available.
    pub fn choose(requested: Option<String>, async_stdin: bool) -> Result<Blocking, String> {
        let atomics = can_block_with_atomics();
        let jspi = has_jspi();
        match requested.as_deref() {
            Some("atomics") if !atomics => {
                Err("blocking \"atomics\" needs a worker in a cross-origin-isolated page".into())
            }
            Some("atomics") => Ok(Blocking::Atomics),
            Some("jspi") | None if async_stdin && !jspi => Err(
                "stdin.readable needs JSPI (WebAssembly.Suspending), which this browser lacks"
                    .into(),
            ),
            Some("jspi") => Ok(Blocking::Jspi),
            Some("spin") => Ok(Blocking::Spin),
            Some(other) if other != "auto" => Err(format!(
                "unknown blocking mode `{other}` (auto, atomics, jspi, spin)"
            )),
            _ if async_stdin => Ok(Blocking::Jspi),
            _ if atomics => Ok(Blocking::Atomics),
            _ if jspi => Ok(Blocking::Jspi),
            _ => Ok(Blocking::Spin),
        }
    }
}
