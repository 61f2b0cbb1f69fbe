// spawn(): run a WASI program in its own Worker, with interactive stdin, Stop and limits.
//
//   const run = spawn(wasmBytes, { args, env, dirs, stdin: "interactive", onStdout, onStderr,
//                                  onProgress,   // ({loaded, total}) while an OCI module downloads
//                                  limits: { timeMs: 10000, outputBytes: 1 << 20, memoryBytes: 64 << 20,
//                                            fsBytes, fileBytes, openFiles, inodes } });
//   run.mode            // stdin: "sab" | "jspi" | "presupplied"
//   run.write("line\n"); run.end();   // feed stdin; end() is EOF (Ctrl-D)
//   run.stop();                       // terminate now
//   const result = await run.done;
//   // {kind: "exited", code} | {kind: "trapped", message} | {kind: "stopped"}
//   // | {kind: "limit", limit: "time" | "output" | "memory"} | {kind: "failed", reason}
//   // plus status (the one-line text every UI shows: "exit 0", "trap: ..."), ok (exit 0),
//   // timings, stats, blocking, files, refused (the filesystem / fd limit that refused the
//   // program, if one did), and source (which digest ran) for a pulled module
//
// `wasm` is the module's bytes, or an OCI reference to pull it from: `"oci://registry/repo:tag"`
// or `{oci: "…"}` (web/lib/oci.js; the pull happens here, before the worker starts).
//
// Interactive stdin picks the best mechanism the page has: a SharedArrayBuffer the worker
// blocks on (cross-origin-isolated pages), else JSPI (the guest is suspended until input
// arrives; no special headers), else (WebKit without isolation, WebKitGTK) input collected up
// front: the program starts once end() is called, with everything written before it.

import { compileHost } from "./run.js";
import { MAILBOX_DATA, MAILBOX_EOF, newChannel, wasiCalls } from "./threads.js";

const encoder = new TextEncoder();
const MAILBOX_BYTES = 64 * 1024;

export function interactiveMode() {
  if (globalThis.crossOriginIsolated && typeof SharedArrayBuffer === "function") return "sab";
  if (typeof WebAssembly.Suspending === "function") return "jspi";
  return "presupplied";
}

// The host's own wasm is compiled once per page and handed to every worker, so only the first
// run pays for it.
let hostModule = null;
function compiledHost() {
  hostModule ??= compileHost(new URL("./wasi_web_bg.wasm", import.meta.url));
  return hostModule;
}

/** This page's own host (wasi_web.js), initialised from the module spawn() hands its workers:
 * for initHost(), and for the status of an ending the page decides (stopped, a limit, a lost
 * worker). A run needs none: the worker inspects and words its own ending (run-worker.js), so
 * a page running programs downloads the glue once, inside the worker. */
let pageHost = null;
function loadPageHost() {
  pageHost ??= import("./wasi_web.js")
    .then(async (glue) => {
      await glue.default({ module_or_path: (await compiledHost()) ?? undefined });
      return glue;
    })
    .catch((e) => {
      // Not kept: the next call tries again. Started early, it is awaited (and reported) later.
      pageHost = null;
      throw e;
    });
  return pageHost;
}

/** Initialises this page's host from the module spawn() hands its workers: a page that also
 * calls the host itself (inspect(), run()) downloads and compiles it once. */
export async function initHost() {
  await loadPageHost();
}

// Each outcome's one detail, under the name spawn()'s results give it.
const DETAIL_FIELD = { exited: "code", trapped: "message", limit: "limit", failed: "reason" };

/** spawn()'s result for an outcome; its status line comes from the host (src/outcome.rs), so
 * the page shows what the CLI and `run()` show: the worker's `status`, or the page's host
 * asked. */
async function result(kind, code, detail, status, extra) {
  const field = DETAIL_FIELD[kind];
  const r = { kind, ...(field ? { [field]: kind === "exited" ? code : detail } : {}), ...extra };
  r.status = status ?? (await loadPageHost()).statusText(kind, code ?? undefined, detail ?? undefined);
  r.ok = kind === "exited" && code === 0;
  return r;
}

const concat = (chunks) => {
  const all = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  chunks.reduce((at, c) => (all.set(c, at), at + c.length), 0);
  return all;
};

/** Why a threaded program cannot run in this page, if it cannot. */
function threadsUnavailable() {
  const needs = "this program uses threads (wasm32-wasip1-threads), which need shared memory";
  if (globalThis.crossOriginIsolated !== true) {
    return `${needs}: serve the page cross-origin isolated (Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: require-corp; \`cargo xtask demo\` sets both)`;
  }
  // WebKitGTK: isolated, yet without SharedArrayBuffer.
  if (typeof SharedArrayBuffer !== "function") return `${needs}, and this browser has no SharedArrayBuffer even in a cross-origin-isolated page`;
  return null;
}

const toBytes = (data) => (typeof data === "string" ? encoder.encode(data) : new Uint8Array(data));

/** `{bytes, source}`: the module given, or pulled from the registry its reference names. */
async function moduleBytes(wasm, onProgress) {
  if (typeof wasm !== "string" && typeof wasm?.oci !== "string") return { bytes: toBytes(wasm) };
  const { pullModule } = await import("./oci.js");
  const { bytes, ...source } = await pullModule(wasm, { onProgress });
  return { bytes, source };
}

/** Sets up a wasi-threads program: its shared memory, the channel to the host, and a worker
 * per thread (`track.added`/`removed` follow them; `track.hostBusy()` frees a host an ending
 * waits for); `stdin`, the stdin mailbox (or null), for threads that wait for input themselves.
 * `{host}` goes to the host worker;
 * `runMain()` starts the main thread. */
async function startThreads(bytes, shared, stdin, workerUrl, track, finish) {
  const memory = new WebAssembly.Memory({ initial: shared.initialPages, maximum: shared.maximumPages, shared: true });
  const module = await WebAssembly.compile(bytes);
  const channel = newChannel();
  const calls = wasiCalls(module);
  const base = { module, memory, memoryImport: { module: shared.module, name: shared.name }, channel, calls, stdin };
  const thread = (extra) => {
    // Written out in full so bundlers see and emit the worker (as for run-worker.js).
    const t = workerUrl ? new Worker(workerUrl, { type: "module" }) : new Worker(new URL("./thread-worker.js", import.meta.url), { type: "module" });
    track.added(t);
    t.onerror = (e) => finish("failed", null, `thread worker: ${e.message}`);
    t.onmessage = ({ data }) => {
      if (data.type === "spawn") thread({ tid: data.tid, arg: data.arg });
      else if (data.type === "thread-done") {
        t.terminate();
        track.removed(t);
      } else if (data.type === "host-busy") track.hostBusy();
      else if (data.type === "exit") finish(data.kind, data.code, data.detail);
    };
    t.postMessage({ ...base, ...extra });
  };
  return { host: { memory, channel, calls }, runMain: () => thread({}) };
}

// Written out in full so bundlers (Vite, webpack 5, Rollup) see and emit the worker.
const newRunWorker = (workerUrl) =>
  workerUrl ? new Worker(workerUrl, { type: "module" }) : new Worker(new URL("./run-worker.js", import.meta.url), { type: "module" });

/** Workers started ahead of a spawn() by prewarm(), one per worker URL. */
const spares = new Map();

/**
 * Starts a worker and its host now, so the next spawn() only has to start the program (the
 * drop page: 56.7 → 24.8 ms from a drop to "Hello, World!" on screen, measured in Chromium);
 * left idle, the worker warms its host up (warm-up.js).
 * Call it once a page that will run programs has loaded; after each spawn() that takes the
 * worker, another is made ready when that run ends. Options: `workerUrl` as for spawn().
 */
export function prewarm(options = {}) {
  const key = options.workerUrl ?? "";
  if (spares.has(key)) return;
  const worker = newRunWorker(options.workerUrl);
  const spare = { worker, failed: false };
  worker.onerror = () => (spare.failed = true);
  compiledHost().then((host) => worker.postMessage({ type: "warm", host }));
  spares.set(key, spare);
}

let inspections = 0;

/**
 * inspect() run by the host in a worker: the module's `ModuleInfo`, or a rejection for bytes
 * that are not a module (or a host that could not load). A page that shows what it is about
 * to run needs no host of its own (the drop page). The worker is the one prewarm() keeps ready
 * (started now if there is none), so the spawn() that follows finds it warm. Options:
 * `workerUrl` as for spawn().
 */
export function inspectModule(wasm, options = {}) {
  const key = options.workerUrl ?? "";
  // A spare whose worker failed to start is replaced, as spawn() would.
  const spare = spares.get(key);
  if (spare?.failed) {
    spare.worker.terminate();
    spares.delete(key);
  }
  prewarm(options);
  const { worker } = spares.get(key);
  const id = ++inspections;
  const wasmBytes = toBytes(wasm);
  return new Promise((resolve, reject) => {
    const answer = ({ data }) => {
      if (data.type !== "inspected" || data.id !== id) return;
      stop();
      if (data.error == null) resolve(data.info);
      else reject(new Error(data.error));
    };
    const lost = (e) => {
      stop();
      reject(new Error(`worker: ${e.message}`));
    };
    const stop = () => {
      worker.removeEventListener("message", answer);
      worker.removeEventListener("error", lost);
    };
    worker.addEventListener("message", answer);
    worker.addEventListener("error", lost);
    // After prewarm()'s "warm", which it follows: the worker's host comes from this module.
    compiledHost().then((host) => worker.postMessage({ type: "inspect", id, host, wasm: wasmBytes }));
  });
}

/** A worker for spawn(): the warm one if there is one (and another made ready after the run). */
function takeWorker(workerUrl) {
  const key = workerUrl ?? "";
  const spare = spares.get(key);
  if (!spare) return { worker: newRunWorker(workerUrl), refill: () => {} };
  spares.delete(key);
  const refill = () => prewarm({ workerUrl });
  if (spare.failed) {
    spare.worker.terminate();
    return { worker: newRunWorker(workerUrl), refill };
  }
  return { worker: spare.worker, refill };
}

export function spawn(wasm, options = {}) {
  const { worker, refill } = takeWorker(options.workerUrl);
  const interactive = options.stdin === "interactive";
  const mode = interactive ? interactiveMode() : "presupplied";
  const pending = [];
  let ended = false;
  let finished = false;
  let outputBytes = 0;
  let resolveDone;
  const done = new Promise((resolve) => (resolveDone = resolve));
  let source;
  // A threaded program's guest threads (the host stays in `worker`).
  const threads = new Set();
  const finish = (kind, code, detail, status, extra) => {
    if (finished) return;
    finished = true;
    clearTimeout(timer);
    worker.terminate();
    refill();
    for (const t of threads) t.terminate();
    resolveDone(result(kind, code, detail, status, { ...extra, ...(source ? { source } : {}) }));
  };

  // SAB mailbox: [state, length] + data; the page writes only when the worker asked.
  let sab = null;
  let ctrl = null;
  let asked = false;
  const deliver = () => {
    if (!asked) return;
    if (pending.length > 0) {
      const bytes = pending.shift();
      const chunk = bytes.subarray(0, MAILBOX_BYTES);
      if (chunk.length < bytes.length) pending.unshift(bytes.subarray(chunk.length));
      new Uint8Array(sab, 8).set(chunk);
      ctrl[1] = chunk.length;
      Atomics.store(ctrl, 0, MAILBOX_DATA);
    } else if (ended) {
      Atomics.store(ctrl, 0, MAILBOX_EOF);
    } else {
      return;
    }
    asked = false;
    Atomics.notify(ctrl, 0);
  };

  let stdin;
  if (mode === "sab") {
    sab = new SharedArrayBuffer(8 + MAILBOX_BYTES);
    ctrl = new Int32Array(sab, 0, 2);
    stdin = { mode: "sab", sab, terminal: !!options.tty };
  } else if (mode === "jspi") {
    stdin = { mode: "jspi", terminal: !!options.tty };
  } else if (!interactive) {
    stdin = { mode: "bytes", data: options.stdin == null ? new Uint8Array(0) : toBytes(options.stdin) };
  }
  // Presupplied interactive input: what is written until end() becomes the program's stdin.
  let inputEnded = () => {};
  const allInput = interactive && mode === "presupplied" ? new Promise((resolve) => (inputEnded = resolve)) : null;

  // The page enforces time and output; the host in the worker the rest (src/limits.rs).
  const { timeMs, outputBytes: maxOutput, memoryBytes, ...hostLimits } = options.limits ?? {};
  const limits = { timeMs, outputBytes: maxOutput, memoryBytes };
  let timer = null;

  worker.onerror = (e) => finish("failed", null, `worker: ${e.message}`);
  worker.onmessage = ({ data }) => {
    if (finished) return;
    if (data.type === "stdout" || data.type === "stderr") {
      outputBytes += data.chunk.length;
      if (limits.outputBytes && outputBytes > limits.outputBytes) {
        return finish("limit", null, "output");
      }
      (data.type === "stdout" ? options.onStdout : options.onStderr)?.(data.chunk);
    } else if (data.type === "stdin-request") {
      asked = true;
      deliver();
    } else if (data.type === "needs") {
      needs(data.shared);
    } else if (data.type === "exit") {
      const extra = { timings: data.timings, stats: data.stats, blocking: data.blocking, files: data.files, ...(data.refused ? { refused: data.refused } : {}) };
      finish(data.kind, data.code, data.detail, data.status, extra);
    }
  };
  // The worker inspects the program (a page needs no host of its own) and answers "needs".
  let needs;
  const needed = new Promise((resolve) => (needs = resolve));
  // Everything posted after "start" waits for it, so input typed early is not lost.
  const module = moduleBytes(wasm, options.onProgress);
  const started = Promise.all([compiledHost(), module]).then(async ([host, pulled]) => {
    source = pulled.source;
    if (finished) return;
    worker.postMessage({ type: "module", host, wasm: pulled.bytes });
    const shared = await needed;
    let threaded;
    if (shared) {
      const refused = threadsUnavailable();
      if (refused) return finish("failed", null, refused);
      // An ending waits for a host blocked in a read of stdin: stdin is closed, the read
      // returns, and the host takes the ending (with the files) before answering it.
      const hostBusy = () => {
        if (ctrl) {
          Atomics.store(ctrl, 0, MAILBOX_EOF);
          Atomics.notify(ctrl, 0);
        }
      };
      const track = { added: (t) => threads.add(t), removed: (t) => threads.delete(t), hostBusy };
      threaded = await startThreads(pulled.bytes, shared, sab, options.threadWorkerUrl, track, finish);
    }
    const input = await allInput;
    if (finished) return;
    if (input) stdin = { mode: "bytes", data: input };
    // The time limit is the program's: a download before it does not count.
    if (limits.timeMs) timer = setTimeout(() => finish("limit", null, "time"), limits.timeMs);
    worker.postMessage({
      type: "start",
      args: options.args,
      env: options.env,
      dirs: options.dirs,
      blocking: options.blocking,
      maxMemoryBytes: limits.memoryBytes,
      limits: hostLimits,
      returnFiles: options.returnFiles === "entries" ? "entries" : !!options.returnFiles,
      stdin,
      threads: threaded?.host,
    });
    threaded?.runMain();
  }).catch((e) => finish("failed", null, e.message));

  return {
    mode,
    done,
    write(data) {
      if (ended || finished) return;
      const bytes = toBytes(data);
      if (mode === "jspi") started.then(() => worker.postMessage({ type: "stdin", data: bytes }));
      else if (mode === "sab") {
        pending.push(bytes);
        deliver();
      } else if (allInput) pending.push(bytes);
    },
    end() {
      if (ended) return;
      ended = true;
      if (mode === "jspi") started.then(() => worker.postMessage({ type: "stdin-eof" }));
      else if (mode === "sab") deliver();
      else inputEnded(concat(pending));
    },
    stop() {
      finish("stopped");
    },
  };
}
