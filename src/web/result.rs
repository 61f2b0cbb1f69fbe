//! `RunResult`: how a run ended, what it printed, and the files it left.

use crate::outcome::Outcome;
use crate::vfs::{self, FileData, NodeKind, NodeRef, Preopen};
use crate::wasi::Stats;
use js_sys::{Array, Object, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;

/// How a run ended, what it printed, and the filesystem it left behind.
#[wasm_bindgen]
pub struct RunResult {
    pub(super) outcome: Outcome,
    pub(super) stdout: Vec<u8>,
    pub(super) stderr: Vec<u8>,
    pub(super) preopens: Vec<Preopen>,
    /// `{compileMs, instantiateMs, runMs}`, from start.js.
    pub(super) timings: JsValue,
    pub(super) stats: Stats,
    /// `atomics`, `jspi` or `spin`.
    pub(super) blocking: String,
    /// The resource cap that refused the guest, described (`Cap::describe`), if one did.
    pub(super) refused: Option<String>,
    /// For a module pulled from a registry, `{reference, digest, manifestDigest, mediaType,
    /// size, cached}`: which bytes ran.
    pub(super) source: JsValue,
}

#[wasm_bindgen]
impl RunResult {
    /// How the run ended: `exited`, `trapped`, `limit` or `failed`.
    #[wasm_bindgen(getter)]
    pub fn kind(&self) -> String {
        self.outcome.kind().into()
    }

    /// The exit status (`proc_exit`, or 0 when `_start` returned); undefined on trap or error.
    #[wasm_bindgen(getter, js_name = exitCode)]
    pub fn exit_code(&self) -> Option<i32> {
        self.outcome.exit_code()
    }

    /// The text that goes with `kind`: the trap message, the limit, the failure's reason.
    #[wasm_bindgen(getter)]
    pub fn detail(&self) -> Option<String> {
        Some(self.outcome.detail().to_string()).filter(|d| !d.is_empty())
    }

    /// The trap message when the guest crashed (e.g. `RuntimeError: unreachable`).
    #[wasm_bindgen(getter)]
    pub fn trap(&self) -> Option<String> {
        self.detail_if("trapped")
    }

    /// Why the module could not run at all (not wasm, not WASI, a missing import...).
    #[wasm_bindgen(getter)]
    pub fn error(&self) -> Option<String> {
        self.detail_if("failed")
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

    /// When a resource limit refused the program (`ENOSPC`, `EFBIG`, `EMFILE`), which one and
    /// how to raise it: `the program was refused with ENOSPC at the limit on ...`.
    #[wasm_bindgen(getter)]
    pub fn refused(&self) -> Option<String> {
        self.refused.clone()
    }

    /// Which module ran when it was pulled from an OCI registry: `{reference, digest,
    /// manifestDigest, mediaType, size, cached}`; undefined for bytes given directly.
    #[wasm_bindgen(getter, unchecked_return_type = "PulledSource | undefined")]
    pub fn source(&self) -> JsValue {
        self.source.clone()
    }

    /// The limit that ended the run (`"memory"`), when one did.
    #[wasm_bindgen(getter)]
    pub fn limit(&self) -> Option<String> {
        self.detail_if("limit")
    }

    /// One line for humans: `exit 0`, `trap: ...`, `failed to start: ...` (see `outcome`).
    #[wasm_bindgen(getter)]
    pub fn status(&self) -> String {
        self.outcome.to_string()
    }

    /// The contents of a file the program left, by guest path (`/data/out.txt`).
    #[wasm_bindgen(js_name = readFile)]
    pub fn read_file(&self, path: &str) -> Option<Uint8Array> {
        let node = self.find(path)?;
        let n = node.borrow();
        match &n.kind {
            NodeKind::File(data) => file_bytes(data),
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
                for p in &self.preopens {
                    let tree = tree_to_js(p.root());
                    let _ = Reflect::set(&all, &JsValue::from_str(&p.guest_path), &tree);
                }
                all.into()
            }
        }
    }

    /// Everything the program left, flat, with what a host needs to write it out:
    /// `[{path, kind: "file" | "dir" | "symlink", size, mtimeMs, data, target}]`, `path` the
    /// guest path, a file's `data` only its stored bytes (the rest up to `size` are zeros), so
    /// a sparse file stays small on the way out.
    pub fn entries(&self) -> Array {
        let out = Array::new();
        for p in &self.preopens {
            let root = p.root().clone();
            let mut work = vec![(p.guest_path.trim_end_matches('/').to_string(), root)];
            while let Some((path, node)) = work.pop() {
                let n = node.borrow();
                let o = Object::new();
                let set = |k: &str, v: JsValue| {
                    let _ = Reflect::set(&o, &JsValue::from_str(k), &v);
                };
                set("path", JsValue::from_str(&path));
                set("size", JsValue::from_f64(n.size() as f64));
                set("mtimeMs", JsValue::from_f64((n.mtim / 1_000_000) as f64));
                let kind = match &n.kind {
                    NodeKind::File(data) => {
                        set("data", stored_bytes(data).into());
                        "file"
                    }
                    NodeKind::Symlink(target) => {
                        set("target", JsValue::from_str(target));
                        "symlink"
                    }
                    NodeKind::Dir(entries) => {
                        for (child, node) in entries.iter() {
                            work.push((format!("{path}/{child}"), node.clone()));
                        }
                        "dir"
                    }
                };
                set("kind", JsValue::from_str(kind));
                out.push(&o);
            }
        }
        out
    }

    fn find(&self, path: &str) -> Option<NodeRef> {
        vfs::find_in_preopens(&self.preopens, path)
    }

    fn detail_if(&self, kind: &str) -> Option<String> {
        (self.outcome.kind() == kind).then(|| self.outcome.detail().to_string())
    }
}

/// A file's bytes for JS: the stored part copied, the zeros past it left to the engine's
/// zero-filled buffer. None for a file too large for one `Uint8Array` (over 4 GiB).
fn file_bytes(data: &FileData) -> Option<Uint8Array> {
    let out = Uint8Array::new_with_length(u32::try_from(data.len()).ok()?);
    copy_stored(data, &out);
    Some(out)
}

/// The stored bytes only (a file's `data` in `entries`).
fn stored_bytes(data: &FileData) -> Uint8Array {
    let out = Uint8Array::new_with_length(data.stored_len() as u32);
    copy_stored(data, &out);
    out
}

fn copy_stored(data: &FileData, out: &Uint8Array) {
    let mut at = 0;
    for piece in data.stored() {
        let end = at + piece.len() as u32;
        out.subarray(at, end).copy_from(piece);
        at = end;
    }
}

fn tree_to_js(node: &NodeRef) -> JsValue {
    let n = node.borrow();
    match &n.kind {
        NodeKind::File(data) => file_bytes(data).map_or(JsValue::UNDEFINED, Into::into),
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

/// The status line for a JS result (`spawn()`'s `{kind, code, message | limit | reason}`):
/// the pages and the widget show exactly what `RunResult.status` and the CLI show.
#[cfg(not(feature = "stdio-only"))]
#[wasm_bindgen(js_name = statusText)]
pub fn status_text(kind: &str, code: Option<i32>, detail: Option<String>) -> String {
    Outcome::from_kind(kind, code, detail.as_deref().unwrap_or_default())
        .map(|o| o.to_string())
        .unwrap_or_else(|| format!("unknown outcome `{kind}`"))
}

/// A result for a run that could not start.
pub fn failed(error: String) -> RunResult {
    RunResult {
        outcome: Outcome::Failed(error),
        stdout: Vec::new(),
        stderr: Vec::new(),
        preopens: Vec::new(),
        timings: JsValue::UNDEFINED,
        stats: Stats::default(),
        blocking: String::new(),
        refused: None,
        source: JsValue::UNDEFINED,
    }
}
