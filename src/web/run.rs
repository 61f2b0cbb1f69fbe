//! `run()`: inspect, compile, instantiate and start a WASI module; report how it ended.

use super::host::{RunState, WasiHost};
use super::memory::MemoryView;
use super::options;
use super::platform::{can_block_with_atomics, has_jspi, now_ms, BrowserPlatform};
use super::stdio::{CallbackInput, StreamSink};
use crate::module::{self, ModuleKind};
use crate::vfs::{self, NodeKind, NodeRef};
use crate::wasi::{BufferedInput, CapturedOutput, ExitRequest, Stats, WasiCtx};
use js_sys::{Function, Object, Reflect, Uint8Array, WebAssembly};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen(module = "/src/web/imports.js")]
extern "C" {
    fn build_imports(host: WasiHost, jspi: JsValue, memory_limited: bool) -> Object;
    /// Calls the guest's entry point (through `WebAssembly.promising` under JSPI).
    #[wasm_bindgen(catch)]
    fn call_entry(entry: &Function, jspi: bool) -> Result<JsValue, JsValue>;
}

/// How the guest waits when it sleeps or reads stdin that has nothing yet.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Blocking {
    /// `Atomics.wait` in a worker of a cross-origin-isolated page.
    Atomics,
    /// JSPI: the import suspends the guest on a promise; works on any thread, no headers.
    Jspi,
    /// Neither: sleeping busy-waits and stdin must be supplied up front.
    Spin,
}

impl Blocking {
    fn name(self) -> &'static str {
        match self {
            Blocking::Atomics => "atomics",
            Blocking::Jspi => "jspi",
            Blocking::Spin => "spin",
        }
    }

    /// The mode asked for (`blocking` option), or the best one available.
    fn choose(requested: Option<String>, async_stdin: bool) -> Result<Blocking, String> {
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

/// How a run ended, what it printed, and the filesystem it left behind.
#[wasm_bindgen]
pub struct RunResult {
    exit_code: Option<i32>,
    trap: Option<String>,
    error: Option<String>,
    /// The limit that ended the run (`memory`), if one did.
    limit: Option<String>,
    stdout: Vec<u8>,
    stderr: Vec<u8>,
    preopens: Vec<(String, NodeRef)>,
    timings: Timings,
    stats: Stats,
    blocking: Blocking,
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
        let o = Object::new();
        let t = self.timings;
        for (k, v) in [
            ("compileMs", t.compile_ms),
            ("instantiateMs", t.instantiate_ms),
            ("runMs", t.run_ms),
        ] {
            let _ = Reflect::set(&o, &JsValue::from_str(k), &JsValue::from_f64(v));
        }
        o.into()
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
        self.blocking.name().to_string()
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
            for (name, child) in entries {
                let _ = Reflect::set(&o, &JsValue::from_str(name), &tree_to_js(child));
            }
            o.into()
        }
    }
}

fn failed(error: String) -> RunResult {
    RunResult {
        exit_code: None,
        trap: None,
        error: Some(error),
        limit: None,
        stdout: Vec::new(),
        stderr: Vec::new(),
        preopens: Vec::new(),
        timings: Timings::default(),
        stats: Stats::default(),
        blocking: Blocking::Spin,
    }
}

fn js_error_text(e: &JsValue) -> String {
    if let Some(err) = e.dyn_ref::<js_sys::Error>() {
        let name = String::from(err.name());
        let message = String::from(err.message());
        let text = if name.is_empty() {
            message
        } else {
            format!("{name}: {message}")
        };
        let stack = Reflect::get(err, &"stack".into())
            .ok()
            .and_then(|s| s.as_string())
            .unwrap_or_default();
        return match trapping_wasm_function(&stack) {
            Some(function) => format!("{text} (in {function})"),
            None => text,
        };
    }
    e.as_string().unwrap_or_else(|| format!("{e:?}"))
}

/// The innermost wasm frame of a stack trace: its function name when the module has a name
/// section, else `wasm-function[N]`. Chromium writes `at NAME (wasm://...)`, Firefox
/// `NAME@URL:wasm-function[N]:0x...`.
fn trapping_wasm_function(stack: &str) -> Option<String> {
    let frame = stack
        .lines()
        .find(|l| l.contains("wasm-function[") || l.contains("wasm://"))?
        .trim();
    let named = match frame.strip_prefix("at ") {
        Some(rest) => rest
            .split(" (")
            .next()
            .filter(|n| !n.starts_with("wasm://")),
        None => frame.split('@').next().filter(|n| !n.is_empty()),
    };
    let index = || {
        let start = frame.find("wasm-function[")?;
        let end = frame[start..].find(']')? + start + 1;
        Some(&frame[start..end])
    };
    // Chromium prefixes the module's own name (`prog-1a2b.wasm.main`): keep the function's.
    let name = named.map(|n| n.rsplit_once(".wasm.").map_or(n, |(_, f)| f));
    name.or_else(index).map(str::to_string)
}

/// Runs a WASI module.
///
/// `module`: the module's bytes (`Uint8Array`, `ArrayBuffer`, `Blob`/`File`).
/// `options`: `{ args, env, stdin, dirs, stdout, stderr }` — see the README.
/// Never throws for a bad module: the result's `error` says what was wrong.
#[wasm_bindgen]
pub async fn run(module: JsValue, options: JsValue) -> RunResult {
    let bytes = match options::bytes_async(&module).await {
        Ok(b) => b,
        Err(e) => return failed(format!("module: {e}")),
    };
    let info = match module::inspect(&bytes) {
        Ok(info) => info,
        Err(e) => return failed(e.to_string()),
    };
    if let Some(reason) = info.unrunnable_reason() {
        return failed(reason);
    }
    let Prepared {
        state,
        stdout,
        stderr,
        preopens,
        blocking,
        readable,
    } = match prepare(&options).await {
        Ok(parts) => parts,
        Err(e) => return failed(format!("options: {e}")),
    };
    let jspi = (blocking == Blocking::Jspi).then(|| {
        let o = Object::new();
        let _ = Reflect::set(
            &o,
            &"readable".into(),
            &readable.map(JsValue::from).unwrap_or(JsValue::UNDEFINED),
        );
        JsValue::from(o)
    });
    let mut timings = Timings::default();
    let outcome = instantiate_and_start(&bytes, &state, info.kind, jspi, &mut timings).await;
    let mut ctx = state.ctx.borrow_mut();
    ctx.flush_output();
    let limit = state.memory_limit_hit.get().then(|| "memory".to_string());
    let outcome = if limit.is_some() { Ok(()) } else { outcome };
    let (exit_code, trap, error) = match (outcome, ctx.exit_request()) {
        (Err(Failure::Setup(e)), _) => (None, None, Some(e)),
        (_, Some(ExitRequest::Code(code))) => (Some(*code as i32), None, None),
        (_, Some(ExitRequest::Invalid(code))) => (
            None,
            Some(format!(
                "exit with invalid exit status outside of [0..126): {code}"
            )),
            None,
        ),
        (Ok(()), None) if limit.is_some() => (None, None, None),
        (Ok(()), None) => (Some(0), None, None),
        (Err(Failure::Trap(msg)), None) => (None, Some(msg), None),
    };
    RunResult {
        exit_code,
        trap,
        error,
        limit,
        stdout: stdout.bytes(),
        stderr: stderr.bytes(),
        preopens,
        timings,
        stats: ctx.stats,
        blocking,
    }
}

enum Failure {
    /// Could not compile or link: the program never started.
    Setup(String),
    /// The program started and then threw (a trap, or `proc_exit`'s exception).
    Trap(String),
}

/// A run ready to start: its state, output captures, preopens and how it will block.
struct Prepared {
    state: Rc<RunState>,
    stdout: CapturedOutput,
    stderr: CapturedOutput,
    preopens: Vec<(String, NodeRef)>,
    blocking: Blocking,
    /// `stdin.readable()`: resolves when a read would not block (JSPI stdin).
    readable: Option<Function>,
}

async fn prepare(options: &JsValue) -> Result<Prepared, String> {
    let stdin = options::get(options, "stdin");
    let readable = stdin
        .as_ref()
        .and_then(|v| options::get(v, "readable"))
        .and_then(|f| f.dyn_into::<Function>().ok());
    let requested = options::get(options, "blocking").and_then(|v| v.as_string());
    let blocking = Blocking::choose(requested, readable.is_some())?;
    let platform = BrowserPlatform::new(blocking == Blocking::Atomics)?;
    let mut ctx = WasiCtx::new(Box::new(platform));
    let mut args = options::string_list(options::get(options, "args"), "args")?;
    if args.is_empty() {
        args.push("main.wasm".into());
    }
    ctx.set_args(args);
    ctx.set_env(options::env(options::get(options, "env"))?);
    if let Some(stdin) = stdin {
        if let Some(source) = CallbackInput::from_js(&stdin) {
            ctx.set_stdin(Box::new(source));
        } else {
            ctx.set_stdin(Box::new(BufferedInput::new(
                options::bytes_async(&stdin).await?,
            )));
        }
    }
    let stdout = CapturedOutput::default();
    let stderr = CapturedOutput::default();
    let callback = |key| options::get(options, key).and_then(|f| f.dyn_into::<Function>().ok());
    ctx.set_stdout(Box::new(StreamSink::new(
        callback("stdout"),
        stdout.clone(),
    )));
    ctx.set_stderr(Box::new(StreamSink::new(
        callback("stderr"),
        stderr.clone(),
    )));

    let mut preopens = Vec::new();
    if let Some(dirs) = options::get(options, "dirs") {
        let dirs: Object = dirs
            .dyn_into()
            .map_err(|_| "`dirs` must be an object".to_string())?;
        for pair in Object::entries(&dirs).iter() {
            let pair = js_sys::Array::from(&pair);
            let guest_path = pair.get(0).as_string().unwrap_or_default();
            let now = js_sys::Date::now() as u64 * 1_000_000;
            let root = ctx.vfs.new_dir(now);
            options::fill_dir(&mut ctx.vfs, &root, &pair.get(1), now).await?;
            ctx.preopen(&guest_path, root.clone())
                .map_err(|e| format!("{guest_path}: {e:?}"))?;
            preopens.push((guest_path, root));
        }
    }
    let max_memory = options::get(options, "maxMemoryBytes")
        .and_then(|v| v.as_f64())
        .map(|b| b as usize);
    let state = Rc::new(RunState {
        ctx: RefCell::new(ctx),
        memory: RefCell::new(MemoryView::default()),
        max_memory,
        memory_limit_hit: std::cell::Cell::new(false),
    });
    Ok(Prepared {
        state,
        stdout,
        stderr,
        preopens,
        blocking,
        readable,
    })
}

/// Milliseconds spent in each phase of a run.
#[derive(Clone, Copy, Default)]
struct Timings {
    compile_ms: f64,
    instantiate_ms: f64,
    run_ms: f64,
}

async fn instantiate_and_start(
    bytes: &[u8],
    state: &Rc<RunState>,
    kind: ModuleKind,
    jspi: Option<JsValue>,
    timings: &mut Timings,
) -> Result<(), Failure> {
    let t0 = now_ms();
    let setup = |what: &str, e: JsValue| Failure::Setup(format!("{what}: {}", js_error_text(&e)));
    let compiled = JsFuture::from(WebAssembly::compile(&Uint8Array::from(bytes)))
        .await
        .map_err(|e| setup("invalid module", e))?;
    let compiled: WebAssembly::Module = compiled.unchecked_into();
    let t1 = now_ms();
    timings.compile_ms = t1 - t0;
    let suspending = jspi.is_some();
    let limited = state.max_memory.is_some();
    let imports = build_imports(
        WasiHost::new(state.clone()),
        jspi.unwrap_or(JsValue::UNDEFINED),
        limited,
    );
    let instance = JsFuture::from(WebAssembly::instantiate_module(&compiled, &imports))
        .await
        .map_err(|e| setup("instantiation failed", e))?;
    let instance: WebAssembly::Instance = instance.unchecked_into();
    let t2 = now_ms();
    timings.instantiate_ms = t2 - t1;
    let exports = instance.exports();
    let memory = Reflect::get(&exports, &"memory".into()).map_err(|e| setup("no memory", e))?;
    let memory = memory
        .dyn_into::<WebAssembly::Memory>()
        .map_err(|_| Failure::Setup("the module does not export its memory".into()))?;
    WasiHost::attach_memory(state, memory);
    let entry = match kind {
        ModuleKind::Command => "_start",
        ModuleKind::Reactor => "_initialize",
    };
    let Ok(start) = Reflect::get(&exports, &entry.into()).and_then(|f| f.dyn_into::<Function>())
    else {
        // A reactor without _initialize has nothing to run.
        return Ok(());
    };
    // Exceptions (traps, and proc_exit's WasiExit) are caught by the binding: they unwind
    // through guest frames only, never through Rust.
    let mut ran = call_entry(&start, suspending);
    if let (true, Ok(promise)) = (suspending, &ran) {
        ran = JsFuture::from(js_sys::Promise::from(promise.clone())).await;
    }
    timings.run_ms = now_ms() - t2;
    ran.map(drop).map_err(|e| Failure::Trap(js_error_text(&e)))
}

/// What a module is, for a page to show before running it (or why it cannot run).
#[wasm_bindgen]
pub fn inspect(bytes: &[u8]) -> Result<JsValue, JsError> {
    let info = module::inspect(bytes).map_err(|e| JsError::new(&e.to_string()))?;
    let o = Object::new();
    let set = |k: &str, v: JsValue| {
        let _ = Reflect::set(&o, &JsValue::from_str(k), &v);
    };
    let list = |items: &[String]| {
        items
            .iter()
            .map(|s| JsValue::from_str(s))
            .collect::<js_sys::Array>()
            .into()
    };
    set(
        "kind",
        JsValue::from_str(match info.kind {
            ModuleKind::Command => "command",
            ModuleKind::Reactor => "reactor",
        }),
    );
    set("wasiVersions", list(&info.wasi_versions));
    set("wasiImports", list(&info.wasi_imports));
    set("unsupportedImports", list(&info.unsupported_imports));
    set("exports", list(&info.exports));
    if let Some(m) = info.memory {
        set(
            "memoryInitialPages",
            JsValue::from_f64(m.initial_pages as f64),
        );
        set(
            "memoryMaximumPages",
            m.maximum_pages
                .map(|p| JsValue::from_f64(p as f64))
                .unwrap_or(JsValue::NULL),
        );
    }
    set(
        "runnable",
        JsValue::from_bool(info.unrunnable_reason().is_none()),
    );
    if let Some(reason) = info.unrunnable_reason() {
        set("problem", JsValue::from_str(&reason));
    }
    Ok(o.into())
}
