//! `run()`: check, compile, instantiate and start a WASI module, then report how it ended.
//!
//! The JS half (start.js) reads the options and drives the instance; this half inspects the
//! module, builds the WASI context the guest's imports reach, and turns the outcome into a
//! [`RunResult`].

use super::host::{self, RunState};
use super::memory::MemoryView;
use super::platform::BrowserPlatform;
use super::result::{failed, RunResult};
use super::stdio::{CallbackInput, StreamSink};
use crate::limits::Limits;
use crate::module::{self, ModuleKind};
use crate::outcome::{Limit, Outcome, RunEnd};
use crate::vfs::{Files, Preopen};
use crate::wasi::{BufferedInput, CapturedOutput, WasiCtx};
use js_sys::{Array, Function, Int32Array};
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/src/web/imports.js")]
extern "C" {
    /// The import object: every host export (host.rs) bound to run `run`; `limit_hit` is the
    /// code host calls answer once memory is over its limit, when the run has one.
    fn build_imports(host: JsValue, run: u32, input: &RunInput, limit_hit: Option<i32>) -> JsValue;
}

#[wasm_bindgen(module = "/src/web/start.js")]
extern "C" {
    /// `run()` itself: checks and defaults the options and reads every Blob (`prepare`), then
    /// calls the two halves below through `host` (these exports) around `start`. No Rust
    /// future: the awaiting is JS's, which keeps an executor out of the host.
    fn drive(module: JsValue, options: JsValue, host: JsValue) -> js_sys::Promise;
    /// Finishes compiling (begun by `prepare`), instantiates and enters the module; resolves
    /// to a [`Started`].
    /// `imports` is the run's import object, `memory` its guest-memory object (memory.rs).
    fn start(input: &RunInput, imports: JsValue, entry: &str, memory: &JsValue) -> js_sys::Promise;
    #[wasm_bindgen(js_name = errorText)]
    fn error_text(e: &JsValue) -> String;

    type RunInput;
    /// The module up to its code section: all that inspection reads.
    #[wasm_bindgen(method, getter)]
    fn inspected(this: &RunInput) -> Vec<u8>;
    /// Where a module pulled from a registry came from (`{reference, digest, ...}`), or undefined.
    #[wasm_bindgen(method, getter)]
    fn source(this: &RunInput) -> JsValue;
    /// Each argument in UTF-8 followed by a NUL: one copy, not one per argument.
    #[wasm_bindgen(method, getter)]
    fn args(this: &RunInput) -> Vec<u8>;
    /// Each `KEY=value` in UTF-8 followed by a NUL.
    #[wasm_bindgen(method, getter)]
    fn env(this: &RunInput) -> Vec<u8>;
    #[wasm_bindgen(method, getter, js_name = stdinBytes)]
    fn stdin_bytes(this: &RunInput) -> Option<Vec<u8>>;
    #[wasm_bindgen(method, getter, js_name = stdinRead)]
    fn stdin_read(this: &RunInput) -> Option<Function>;
    #[wasm_bindgen(method, getter, js_name = stdinWait)]
    fn stdin_wait(this: &RunInput) -> Option<Function>;
    #[wasm_bindgen(method, getter, js_name = stdinTerminal)]
    fn stdin_terminal(this: &RunInput) -> bool;
    #[wasm_bindgen(method, getter)]
    fn stdout(this: &RunInput) -> Option<Function>;
    #[wasm_bindgen(method, getter)]
    fn stderr(this: &RunInput) -> Option<Function>;
    /// `atomics`, `jspi` or `spin`.
    #[wasm_bindgen(method, getter)]
    fn blocking(this: &RunInput) -> String;
    /// For a wasi-threads program, `{memory, serve(imports)}` (web/lib/threads.js): the
    /// shared memory the threads run on, and the loop that answers their calls.
    #[wasm_bindgen(method, getter)]
    fn threads(this: &RunInput) -> JsValue;
    /// The shared cell sleeps wait on, when `blocking` is `atomics`.
    #[wasm_bindgen(method, getter, js_name = sleepCell)]
    fn sleep_cell(this: &RunInput) -> Option<Int32Array>;
    /// The export to run instead of `_start` / `_initialize` (a WAGI entrypoint).
    #[wasm_bindgen(method, getter)]
    fn entrypoint(this: &RunInput) -> Option<String>;
    #[wasm_bindgen(method, getter, js_name = maxMemoryBytes)]
    fn max_memory_bytes(this: &RunInput) -> Option<f64>;
    /// `[name, value]` pairs of the `limits` option (checked by the core's `Limits::set`).
    #[wasm_bindgen(method, getter)]
    fn limits(this: &RunInput) -> Array;
    /// Guest paths of the preopened directories.
    #[wasm_bindgen(method, getter)]
    fn preopens(this: &RunInput) -> Vec<String>;
    /// `SeedEntry`s: what to put in the preopens before the run.
    #[wasm_bindgen(method, getter)]
    fn files(this: &RunInput) -> Array;
    #[wasm_bindgen(method, getter)]
    fn performance(this: &RunInput) -> web_sys::Performance;
    #[wasm_bindgen(method, getter)]
    fn crypto(this: &RunInput) -> web_sys::Crypto;

    type SeedEntry;
    /// Index into `preopens`.
    #[wasm_bindgen(method, getter)]
    fn dir(this: &SeedEntry) -> usize;
    #[wasm_bindgen(method, getter)]
    fn path(this: &SeedEntry) -> String;
    /// The file's bytes; none for a directory.
    #[wasm_bindgen(method, getter)]
    fn data(this: &SeedEntry) -> Option<Vec<u8>>;
    /// When it was last modified (a `File`'s `lastModified`, ms since the epoch), if known.
    #[wasm_bindgen(method, getter)]
    fn mtime(this: &SeedEntry) -> Option<f64>;

    /// What start() resolved to.
    type Started;
    #[wasm_bindgen(method, getter)]
    fn timings(this: &Started) -> JsValue;
    /// Could not compile or link: the program never started.
    #[wasm_bindgen(method, getter)]
    fn setup(this: &Started) -> Option<String>;
    /// The program started and then threw (a trap).
    #[wasm_bindgen(method, getter)]
    fn trap(this: &Started) -> Option<String>;
}

/// The types of `run()`'s arguments.
#[wasm_bindgen(typescript_custom_section)]
const RUN_OPTIONS: &str = r#"
import type { PulledSource, Progress } from "./oci.js";

/** A directory tree: strings and bytes are files (a File keeps its mtime), objects directories. */
export interface Tree {
  [name: string]: string | Uint8Array | ArrayBuffer | Blob | Tree;
}

/** Input read as the program asks: bytes or text, or null at end of input. */
export type StdinSource =
  | ((maxBytes: number) => Uint8Array | string | null)
  | { read(maxBytes: number): Uint8Array | string | null; wait?(): boolean; readable?(): Promise<void>; terminal?: boolean };

export interface RunOptions {
  args?: string[];
  env?: Record<string, string> | string[];
  stdin?: string | Uint8Array | ArrayBuffer | Blob | StdinSource;
  dirs?: Record<string, Tree>;
  stdout?: (chunk: Uint8Array) => void;
  stderr?: (chunk: Uint8Array) => void;
  blocking?: "auto" | "atomics" | "jspi" | "spin";
  maxMemoryBytes?: number;
  limits?: { fsBytes?: number; fileBytes?: number; openFiles?: number; inodes?: number };
  onProgress?: (progress: Progress) => void;
  /** The module already compiled (the bytes are still inspected). */
  compiled?: WebAssembly.Module;
  /** The export to run instead of _start / _initialize. */
  entrypoint?: string;
}

/** A module's bytes, a Response or URL to download it from (compiled as it downloads), or an
 * OCI reference to pull it from. run() also takes a promise of one (`run(fetch(url))`). */
export type ModuleSource = Uint8Array | ArrayBuffer | Blob | Response | URL | string | { oci: string };
"#;

/// What the stdio-only host (built with the `stdio-only` feature) answers a run given `dirs`.
const NO_FILE_SYSTEM: &str = "`dirs` needs the full host (wasi_web.js): this one (stdio/wasi_web.js) has no file system; web/pkg/run.js picks the host a run needs";

/// Why `run()` itself cannot run a wasi-threads program: each thread is a Worker.
const THREADS_NEED_SPAWN: &str = "this program uses threads (wasm32-wasip1-threads): run it with spawn() (web/lib/wasi-run.js), which gives each thread a Worker, in a cross-origin-isolated page";

/// Runs a WASI module.
///
/// `module`: the module's bytes (`Uint8Array`, `ArrayBuffer`, `Blob`/`File`), a `Response`
/// or `URL` to download it from, or an OCI
/// reference (`"oci://registry/repo:tag"`, `{oci: "…"}`) to pull it from; or a promise of
/// one, such as `fetch("tool.wasm")`.
/// `options`: `{ args, env, stdin, dirs, stdout, stderr }` — see the README.
/// Resolves to a [`RunResult`] and never rejects: for a bad module, its `error` says what was
/// wrong.
#[wasm_bindgen(unchecked_return_type = "Promise<RunResult>")]
pub fn run(
    #[wasm_bindgen(unchecked_param_type = "ModuleSource | Promise<ModuleSource>")] module: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "RunOptions")] options: JsValue,
) -> js_sys::Promise {
    drive(module, options, wasm_bindgen::exports())
}

/// A run between its two halves: what `run_end` needs to say how it went.
struct Pending {
    state: Rc<RunState>,
    stdout: CapturedOutput,
    stderr: CapturedOutput,
    preopens: Vec<Preopen>,
    input: RunInput,
}

thread_local! {
    /// The runs started and not yet ended, by their host handle.
    static PENDING: RefCell<Vec<(u32, Pending)>> = const { RefCell::new(Vec::new()) };
}

/// `run()` when the options were refused (`prepare` rejected with `error`).
#[doc(hidden)]
#[wasm_bindgen(skip_typescript)]
pub fn run_refused(error: JsValue) -> JsValue {
    failed(error_text(&error)).into()
}

/// The first half of `run()`, given what `prepare` made of its options: inspects the module,
/// builds the WASI context and calls `start`. `[handle, start's promise]` for `run_end`, or
/// the [`RunResult`] of a run that cannot start.
#[doc(hidden)]
#[wasm_bindgen(skip_typescript)]
pub fn run_begin(input: JsValue) -> JsValue {
    let input: RunInput = input.unchecked_into();
    let bytes = input.inspected();
    let info = match module::inspect(&bytes) {
        Ok(info) => info,
        Err(e) => return failed(e.to_string()).into(),
    };
    if let Some(reason) = info.unrunnable_reason() {
        return failed(reason).into();
    }
    if info.needs_threads() && input.threads().is_undefined() {
        return failed(THREADS_NEED_SPAWN.into()).into();
    }
    drop(bytes);
    let stdout = CapturedOutput::default();
    let stderr = CapturedOutput::default();
    let (ctx, preopens) = match context(&input, &stdout, &stderr) {
        Ok(parts) => parts,
        Err(e) => return failed(format!("options: {e}")).into(),
    };
    let state = Rc::new(RunState {
        ctx: RefCell::new(ctx),
        memory: MemoryView::new(),
        max_memory: input.max_memory_bytes().map(|b| b as usize),
        memory_limit_hit: Cell::new(false),
        flush_each_call: !input.threads().is_undefined(),
    });
    let entry = input.entrypoint().unwrap_or_else(|| {
        match info.kind {
            ModuleKind::Command => "_start",
            ModuleKind::Reactor => "_initialize",
        }
        .to_string()
    });
    let handle = host::register(state.clone());
    let limit_hit = state.max_memory.map(|_| host::MEMORY_LIMIT_HIT);
    let imports = build_imports(wasm_bindgen::exports(), handle, &input, limit_hit);
    let started = start(&input, imports, &entry, state.memory.js());
    let pending = Pending {
        state,
        stdout,
        stderr,
        preopens,
        input,
    };
    PENDING.with(|p| p.borrow_mut().push((handle, pending)));
    Array::of2(&handle.into(), &started).into()
}

/// The second half of `run()`: what `start` resolved to, made a [`RunResult`].
#[doc(hidden)]
#[wasm_bindgen(skip_typescript)]
pub fn run_end(handle: u32, started: JsValue) -> JsValue {
    let pending = PENDING.with(|p| {
        let mut p = p.borrow_mut();
        let at = p.iter().position(|(h, _)| *h == handle)?;
        Some(p.swap_remove(at).1)
    });
    let Some(Pending {
        state,
        stdout,
        stderr,
        preopens,
        input,
    }) = pending
    else {
        return failed("the run had already ended".into()).into();
    };
    host::unregister(handle);
    let started: Started = started.unchecked_into();
    let mut ctx = state.ctx.borrow_mut();
    ctx.flush_output();
    let setup_error = started.setup().or_else(|| {
        started
            .is_undefined()
            .then(|| "the run did not start".into())
    });
    let outcome = Outcome::classify(RunEnd {
        limit: state.memory_limit_hit.get().then_some(Limit::Memory),
        setup_error,
        exit: ctx.exit_request(),
        trap: started.trap(),
    });
    RunResult {
        outcome,
        stdout: stdout.bytes(),
        stderr: stderr.bytes(),
        preopens,
        timings: started.timings(),
        stats: ctx.stats,
        blocking: input.blocking(),
        refused: ctx
            .vfs
            .usage
            .refused()
            .map(|cap| cap.describe(&ctx.vfs.usage.limits)),
        source: input.source(),
    }
    .into()
}

/// The strings of a NUL-terminated list (start.js wrote it from JS strings: valid UTF-8).
fn nul_terminated(list: &[u8]) -> impl Iterator<Item = &str> {
    let count = list.iter().filter(|&&b| b == 0).count();
    list.split(|&b| b == 0)
        .take(count)
        .map(|s| std::str::from_utf8(s).unwrap_or_default())
}

/// The WASI context `input` describes: args, env, stdio and seeded preopens.
fn context(
    input: &RunInput,
    stdout: &CapturedOutput,
    stderr: &CapturedOutput,
) -> Result<(WasiCtx, Vec<Preopen>), String> {
    let platform = BrowserPlatform::new(input.performance(), input.crypto(), input.sleep_cell());
    let mut limits = Limits::default();
    for pair in input.limits().iter() {
        let pair: Array = pair.unchecked_into();
        let name = pair.get(0).as_string().unwrap_or_default();
        limits.set(&name, pair.get(1).as_f64().unwrap_or(f64::NAN))?;
    }
    let mut ctx = WasiCtx::with_limits(Box::new(platform), limits);
    ctx.set_args(nul_terminated(&input.args()).map(String::from).collect());
    ctx.set_env(
        nul_terminated(&input.env())
            .filter_map(|kv| kv.split_once('='))
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
    );
    if let Some(read) = input.stdin_read() {
        ctx.set_stdin(Box::new(CallbackInput::new(
            read,
            input.stdin_wait(),
            input.stdin_terminal(),
        )));
    } else if let Some(bytes) = input.stdin_bytes() {
        ctx.set_stdin(Box::new(BufferedInput::new(bytes)));
    }
    ctx.set_stdout(Box::new(StreamSink::new(input.stdout(), stdout.clone())));
    ctx.set_stderr(Box::new(StreamSink::new(input.stderr(), stderr.clone())));

    let guest_paths = input.preopens();
    if guest_paths.is_empty() {
        return Ok((ctx, Vec::new()));
    }
    let files = Files::available().map_err(|_| NO_FILE_SYSTEM)?;
    let mut preopens = Vec::new();
    for guest_path in guest_paths {
        let root = ctx
            .preopen_new_dir(&guest_path)
            .map_err(|e| [&guest_path, ": ", e.name()].concat())?;
        preopens.push(Preopen::new(guest_path, root, files));
    }
    let now = ctx.now();
    for entry in input.files().iter() {
        let entry: SeedEntry = entry.unchecked_into();
        let path = entry.path();
        let root = &preopens
            .get(entry.dir())
            .ok_or("a seeded file has no directory")?
            .root();
        let seeded = match entry.data() {
            Some(data) => ctx.vfs.write_file(root, &path, data, now),
            None => ctx.vfs.mkdir_all(root, &path, now),
        };
        let node = seeded.map_err(|e| match ctx.vfs.usage.refused() {
            Some(cap) => format!(
                "{path}: the files given are over a limit: {}",
                cap.describe(&ctx.vfs.usage.limits)
            ),
            None => [&path, ": ", e.name()].concat(),
        })?;
        // A file keeps the time it was last modified, as a directory a host preopens does.
        if let Some(ms) = entry.mtime().filter(|ms| ms.is_finite() && *ms >= 0.0) {
            let mut n = node.borrow_mut();
            n.mtim = (ms * 1e6) as u64;
            n.atim = n.mtim;
        }
    }
    Ok((ctx, preopens))
}
