//! `run()`: check, compile, instantiate and start a WASI module, then report how it ended.

use super::blocking::Blocking;
use super::host::{self, RunState};
use super::memory::MemoryView;
use super::options;
use super::platform::{now_ms, BrowserPlatform};
use super::result::{failed, RunResult, Timings};
use super::stdio::{CallbackInput, StreamSink};
use super::trap::js_error_text;
use crate::module::{self, ModuleKind};
use crate::vfs::NodeRef;
use crate::wasi::{BufferedInput, CapturedOutput, ExitRequest, WasiCtx};
use js_sys::{Function, Object, Reflect, Uint8Array, WebAssembly};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen(module = "/src/web/imports.js")]
extern "C" {
    /// The import object: each WASI function calls its `wasi_<name>` export with `run`.
    fn build_imports(exports: JsValue, run: u32, jspi: JsValue, memory_limited: bool) -> Object;
    /// Calls the guest's entry point (through `WebAssembly.promising` under JSPI).
    #[wasm_bindgen(catch)]
    fn call_entry(entry: &Function, jspi: bool) -> Result<JsValue, JsValue>;
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
    let handle = host::register(state.clone());
    let outcome =
        instantiate_and_start(&bytes, &state, handle, info.kind, jspi, &mut timings).await;
    host::unregister(handle);
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
            let root = ctx
                .preopen_new_dir(&guest_path)
                .map_err(|e| format!("{guest_path}: {e:?}"))?;
            let now = ctx.now();
            options::fill_dir(&mut ctx.vfs, &root, &pair.get(1), now).await?;
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

async fn instantiate_and_start(
    bytes: &[u8],
    state: &RunState,
    handle: u32,
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
        wasm_bindgen::exports(),
        handle,
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
    state.memory.borrow_mut().attach(memory);
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
