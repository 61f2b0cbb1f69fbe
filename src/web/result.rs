//! `RunResult`: how a run ended, what it printed, and the files it left.

use crate::vfs::{self, NodeKind, NodeRef};
use crate::wasi::Stats;
use js_sys::{Object, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;

/// How a run ended, what it printed, and the filesystem it left behind.
#[wasm_bindgen]
pub struct RunResult {
    pub(super) exit_code: Option<i32>,
    pub(super) trap: Option<String>,
    pub(super) error: Option<String>,
    /// The limit that ended the run (`memory`), if one did.
    pub(super) limit: Option<String>,
    pub(super) stdout: Vec<u8>,
    pub(super) stderr: Vec<u8>,
    pub(super) preopens: Vec<(String, NodeRef)>,
    /// `{compileMs, instantiateMs, runMs}`, from start.js.
    pub(super) timings: JsValue,
    pub(super) stats: Stats,
    /// `atomics`, `jspi` or `spin`.
    pub(super) blocking: String,
}

#[wasm_bindgen]
impl RunResult {
    /// The exit status (`proc_exit`, or 0 when `_start` returned); undefined on trap or error.
    #[wasm_bindgen(getter, js_name = exitCode)]
    pub fn exit_code(&self) -> Option<i32> {
        self.exit_code
    }

    /// The trap message when the guest crashed (e.g. `RuntimeError: unreachable`).
    #[wasm_bindgen(getter)]
    pub fn trap(&self) -> Option<String> {
        self.trap.clone()
    }

    /// Why the module could not run at all (not wasm, not WASI, a missing import...).
    #[wasm_bindgen(getter)]
    pub fn error(&self) -> Option<String> {
        self.error.clone()
    }

    #[wasm_bindgen(getter)]
    pub fn stdout(&self) -> Uint8Array {
        Uint8Array::from(&self.stdout[..])
    }

    #[wasm_bindgen(getter)]
    pub fn stderr(&self) -> Uint8Array {
        Uint8Array::from(&self.stderr[..])
    }

    /// `{compileMs, instantiateMs, runMs}` of this run.
    #[wasm_bindgen(getter)]
    pub fn timings(&self) -> JsValue {
        self.timings.clone()
    }

    /// `{pollCalls, spinIterations}`: how often the guest polled, and how often the host had
    /// to busy-wait because it could not block.
    #[wasm_bindgen(getter)]
    pub fn stats(&self) -> JsValue {
        let o = Object::new();
        for (k, v) in [
            ("pollCalls", self.stats.poll_calls),
            ("spinIterations", self.stats.spin_iterations),
        ] {
            let _ = Reflect::set(&o, &JsValue::from_str(k), &JsValue::from_f64(v as f64));
        }
        o.into()
    }

    /// How this run blocked: `atomics`, `jspi` or `spin`.
    #[wasm_bindgen(getter)]
    pub fn blocking(&self) -> String {
        self.blocking.clone()
    }

    /// The limit that ended the run (`"memory"`), when one did.
    #[wasm_bindgen(getter)]
    pub fn limit(&self) -> Option<String> {
        self.limit.clone()
    }

    /// One line for humans: `exit 0`, `trap: ...`, `error: ...`.
    #[wasm_bindgen(getter)]
    pub fn status(&self) -> String {
        if let Some(limit) = &self.limit {
            return format!("limit: {limit}");
        }
        match (&self.exit_code, &self.trap, &self.error) {
            (Some(code), _, _) => format!("exit {code}"),
            (_, Some(trap), _) => format!("trap: {trap}"),
            (_, _, Some(error)) => format!("error: {error}"),
            _ => "unknown".into(),
        }
    }

    /// The contents of a file the program left, by guest path (`/data/out.txt`).
    #[wasm_bindgen(js_name = readFile)]
    pub fn read_file(&self, path: &str) -> Option<Uint8Array> {
        let node = self.find(path)?;
        let n = node.borrow();
        match &n.kind {
            NodeKind::File(data) => Some(Uint8Array::from(&data[..])),
            _ => None,
        }
    }

    /// The whole tree under a guest directory as nested objects (files are `Uint8Array`s,
    /// symlinks `{symlink: target}`), or every preopen when no path is given.
    pub fn files(&self, path: Option<String>) -> JsValue {
        match path {
            Some(p) => self
                .find(&p)
                .map(|n| tree_to_js(&n))
                .unwrap_or(JsValue::UNDEFINED),
            None => {
                let all = Object::new();
                for (name, node) in &self.preopens {
                    let _ = Reflect::set(&all, &JsValue::from_str(name), &tree_to_js(node));
                }
                all.into()
            }
        }
    }

    fn find(&self, path: &str) -> Option<NodeRef> {
        self.preopens
            .iter()
            .filter_map(|(name, node)| {
                let rest = path.strip_prefix(name.trim_end_matches('/'))?;
                (rest.is_empty() || rest.starts_with('/')).then_some((name.len(), node, rest))
            })
            .max_by_key(|(len, _, _)| *len)
            .and_then(|(_, node, rest)| vfs::lookup(node, rest))
    }
}

fn tree_to_js(node: &NodeRef) -> JsValue {
    let n = node.borrow();
    match &n.kind {
        NodeKind::File(data) => Uint8Array::from(&data[..]).into(),
        NodeKind::Symlink(target) => {
            let o = Object::new();
            let _ = Reflect::set(&o, &"symlink".into(), &JsValue::from_str(target));
            o.into()
        }
        NodeKind::Dir(entries) => {
            let o = Object::new();
            for (name, child) in entries.iter() {
                let _ = Reflect::set(&o, &JsValue::from_str(name), &tree_to_js(child));
            }
            o.into()
        }
    }
}

/// A result for a run that could not start.
pub fn failed(error: String) -> RunResult {
    RunResult {
        exit_code: None,
        trap: None,
        error: Some(error),
        limit: None,
        stdout: Vec::new(),
        stderr: Vec::new(),
        preopens: Vec::new(),
        timings: JsValue::UNDEFINED,
        stats: Stats::default(),
        blocking: String::new(),
    }
}
