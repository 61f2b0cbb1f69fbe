// The JS half of run() (src/web/run.rs): reading the options and starting the instance are
// plain JS work (property checks, Blob reads, promises, exception text), so they live here and
// the Rust half keeps what needs the core: inspecting the module and building the WASI context.

import { WasiExit } from "./imports.js";

/** An error whose message is the whole line the result shows. */
const fail = (message) => {
  throw new Error(message);
};

const textEncoder = new TextEncoder();

/** Bytes from a string (UTF-8), Uint8Array, ArrayBuffer, any typed-array view, Blob or File. */
async function toBytes(value, what) {
  if (typeof value === "string") return textEncoder.encode(value);
  if (value instanceof Uint8Array) return value;
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  if (ArrayBuffer.isView(value)) {
    return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  }
  if (typeof Blob !== "undefined" && value instanceof Blob) {
    try {
      return new Uint8Array(await value.arrayBuffer());
    } catch (e) {
      fail(`${what}: could not read file: ${errorText(e)}`);
    }
  }
  fail(`${what}: expected a string, Uint8Array, ArrayBuffer, Blob or File`);
}

function strings(value, what) {
  if (value == null) return [];
  if (!Array.isArray(value)) fail(`options: \`${what}\` must be an array of strings`);
  for (const s of value) {
    if (typeof s !== "string") fail(`options: \`${what}\` must contain only strings`);
    // The guest sees C strings: a NUL would cut one short.
    if (s.includes("\0")) fail(`options: \`${what}\` must not contain NUL characters`);
  }
  return value;
}

/** A list of strings as UTF-8 bytes, each NUL-terminated: one copy into wasm, not one per
 * string (and no per-character copy loop, which is what passing a JS string costs). */
const nulTerminated = (list) => textEncoder.encode(list.map((s) => `${s}\0`).join(""));

/** `env` as `{KEY: "value"}` or `["KEY=value"]`, always as `KEY=value` strings. */
function environment(env) {
  if (Array.isArray(env)) {
    for (const kv of strings(env, "env")) {
      if (!kv.includes("=")) fail(`options: env entry \`${kv}\` is not KEY=VALUE`);
    }
    return env;
  }
  if (env == null) return [];
  if (typeof env !== "object") fail("options: `env` must be an object or array");
  return strings(
    Object.entries(env).map(([key, value]) => {
      if (typeof value !== "string") fail(`options: env value of \`${key}\` must be a string`);
      return `${key}=${value}`;
    }),
    "env",
  );
}

const isTree = (v) =>
  v !== null &&
  typeof v === "object" &&
  !ArrayBuffer.isView(v) &&
  !(v instanceof ArrayBuffer) &&
  !(typeof Blob !== "undefined" && v instanceof Blob);

/** Every file and directory of the `dirs` trees as `{dir, path, data}` (data null: a dir). */
async function seedEntries(dirs) {
  if (dirs == null) return { preopens: [], files: [] };
  if (!isTree(dirs)) fail("options: `dirs` must be an object");
  const preopens = Object.keys(dirs);
  const files = [];
  for (const [dir, guestPath] of preopens.entries()) {
    const work = [["", dirs[guestPath]]];
    while (work.length > 0) {
      const [prefix, tree] = work.pop();
      if (!isTree(tree)) fail(`options: \`${prefix}\` must be an object`);
      for (const [name, value] of Object.entries(tree)) {
        const path = `${prefix}/${name}`;
        if (isTree(value)) {
          files.push({ dir, path, data: null });
          work.push([path, value]);
        } else {
          // A File keeps its modification time in the guest (the drop page, --dir).
          const mtime = typeof File !== "undefined" && value instanceof File ? value.lastModified : undefined;
          files.push({ dir, path, data: await toBytes(value, `options: ${path}`), mtime });
        }
      }
    }
  }
  return { preopens, files };
}

function hasJspi() {
  return typeof WebAssembly.Suspending === "function" && typeof WebAssembly.promising === "function";
}

/** A 4-byte cell of shared memory to `Atomics.wait` on, or null. WebKitGTK hides the
 * SharedArrayBuffer constructor (even when cross-origin isolated) yet makes shared wasm
 * memories, whose buffer serves as well: nobody else needs to see the cell. Made once per
 * worker: nothing ever notifies it, so every run may share it. */
let cell;
function sharedCell() {
  if (cell !== undefined) return cell;
  try {
    const buffer =
      typeof SharedArrayBuffer === "function"
        ? new SharedArrayBuffer(4)
        : new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true }).buffer;
    cell = new Int32Array(buffer, 0, 1);
  } catch {
    cell = null;
  }
  return cell;
}

const inWorker = () => typeof WorkerGlobalScope !== "undefined" && globalThis instanceof WorkerGlobalScope;

/** Only a worker may block in `Atomics.wait`, and only on shared memory. */
function canBlockWithAtomics() {
  return inWorker() && sharedCell() !== null;
}

/** The mode asked for (`blocking` option), or the best one available. */
function blockingMode(requested, asyncStdin) {
  const mode = requested ?? "auto";
  if (mode === "atomics" && !canBlockWithAtomics()) {
    fail('options: blocking "atomics" needs a worker that can make shared memory');
  }
  if ((mode === "jspi" || mode === "auto") && asyncStdin && !hasJspi()) {
    fail("options: stdin.readable needs JSPI (WebAssembly.Suspending), which this browser lacks");
  }
  if (["atomics", "jspi", "spin"].includes(mode)) return mode;
  if (mode !== "auto") fail(`options: unknown blocking mode \`${mode}\` (auto, atomics, jspi, spin)`);
  if (asyncStdin) return "jspi";
  // Atomics first where isolation gives shared memory to everyone; JSPI next, which needs no
  // headers; then Atomics on a private cell (WebKit: real sleeps, no spinning).
  if (globalThis.crossOriginIsolated === true && canBlockWithAtomics()) return "atomics";
  if (hasJspi()) return "jspi";
  return canBlockWithAtomics() ? "atomics" : "spin";
}

/** `limits` ({fsBytes, fileBytes, openFiles, inodes}) as `[name, value]` pairs; the names
 * and values are checked by the core (src/limits.rs). */
function resourceLimits(limits) {
  if (limits == null) return [];
  if (typeof limits !== "object" || Array.isArray(limits)) fail("options: `limits` must be an object");
  return Object.entries(limits).map(([name, value]) => [name, typeof value === "number" ? value : NaN]);
}

const callback = (f) => (typeof f === "function" ? f : undefined);

/** What `module` gives: `{wasm, source}`, its bytes and, when it was pulled from an OCI registry
 * (an `oci://…` string or `{oci: "…"}`), where from ({reference, digest, manifestDigest, ...});
 * or, for a Response or URL served as wasm, `{head, streamed}`: the module compiling as it
 * downloads and its bytes before the code. The puller ships beside the glue (web/lib/oci.js)
 * and loads only when a reference is given. */
async function moduleBytes(module, onProgress) {
  if (module instanceof URL || (typeof Response === "function" && module instanceof Response)) {
    return fromResponse(module);
  }
  if (typeof module !== "string" && typeof module?.oci !== "string") {
    return { wasm: await toBytes(module, "module") };
  }
  // "./oci.js" is left unbundled by the build (--external), so it is the file beside the glue,
  // and a bundler that follows dynamic imports (Vite, Rollup, webpack) finds it.
  const { pullModule } = await import("./oci.js");
  const { bytes, ...source } = await pullModule(module, { onProgress }).catch((e) => fail(e.message));
  return { wasm: bytes, source };
}

/** A module given as a Response, or a URL to fetch. Served as `application/wasm`, the engine
 * compiles it as it downloads; any other type is read, then compiled. */
async function fromResponse(module) {
  const response = module instanceof URL ? await fetch(module).catch((e) => fail(`module: ${module}: ${errorText(e)}`)) : module;
  const name = response.url || "the Response";
  if (!response.ok) fail(`module: ${name}: HTTP ${response.status}`);
  if (response.bodyUsed) fail(`module: ${name}: its body was already read`);
  const type = response.headers.get("Content-Type")?.split(";")[0].trim().toLowerCase();
  // A module small enough to compile synchronously (SYNC_BYTES) is read whole: streaming it
  // gains nothing and its tee and reads cost time.
  const size = Number(response.headers.get("Content-Length"));
  const small = size > 0 && size <= SYNC_BYTES;
  try {
    if (type === "application/wasm" && !small && typeof WebAssembly.compileStreaming === "function" && response.body) {
      const { head, streamed } = compileAsItDownloads(response.body);
      return { head: await head, streamed };
    }
    return { wasm: new Uint8Array(await response.arrayBuffer()) };
  } catch (e) {
    fail(`module: ${name}: could not read it: ${errorText(e)}`);
  }
}

/** Hands `body` to the engine's streaming compiler, and reads a copy of it (the stream's own
 * tee) only as far as the code section: inspection needs the bytes before it, and can then run
 * while the code downloads. `{head, streamed}`, two promises. Passing the chunks on from JS
 * measured slower on a second visit, and a whole second copy (Response.clone()) slower still. */
function compileAsItDownloads(body) {
  const [toEngine, toInspect] = body.tee();
  const streamed = WebAssembly.compileStreaming(new Response(toEngine, { headers: { "Content-Type": "application/wasm" } }));
  // Awaited only when it is the module used (not with `compiled` or `threads`).
  streamed.catch(() => {});
  const head = (async () => {
    const reader = toInspect.getReader();
    // Kept in a buffer that doubles, and walked from the last header reached: linear in what
    // comes before the code, however large (a big custom section) and however it is split.
    let kept = new Uint8Array(64 * 1024);
    let length = 0;
    let scan = { next: 8 };
    for (;;) {
      const next = await reader.read();
      if (next.done) return kept.subarray(0, length);
      if (length + next.value.length > kept.length) {
        const more = new Uint8Array(Math.max(kept.length * 2, length + next.value.length));
        more.set(kept.subarray(0, length));
        kept = more;
      }
      kept.set(next.value, length);
      length += next.value.length;
      // Malformed (null): kept whole, for Rust to say what is wrong.
      if (scan) scan = sectionsFrom(kept.subarray(0, length), scan.next);
      if (scan?.code !== undefined) {
        // The rest is the engine's alone: the tee stops keeping it for this side.
        reader.cancel();
        return kept.subarray(0, scan.code);
      }
    }
  })();
  return { head, streamed };
}

const CODE_SECTION = 10;

/** Walks section headers from offset `at`: `{code}` where the code section starts, `{next}`
 * where the next header is when `wasm` ends first (past its end, inside a section), or null
 * for a size that is not a valid u32 LEB. */
function sectionsFrom(wasm, at) {
  while (at < wasm.length) {
    const id = wasm[at];
    let size = 0;
    let p = at + 1;
    for (let shift = 0; ; shift += 7) {
      if (shift > 28) return null;
      if (p >= wasm.length) return { next: at };
      const byte = wasm[p++];
      size += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) break;
    }
    if (id === CODE_SECTION) return { code: at };
    at = p + size;
  }
  return { next: at };
}

/** The module up to its code section: all inspection reads (types, imports, memories and
 * exports all come before the code), so a 10 MB program is not copied into the host whole.
 * Anything odd gives the whole module, for Rust to judge. */
export function inspectedPart(bytes) {
  const wasm = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  const at = sectionsFrom(wasm, 8)?.code;
  return at === undefined ? wasm : wasm.subarray(0, at);
}

/** Up to this size a module is compiled and instantiated synchronously: Chromium compiles
 * lazily, so that takes well under a millisecond, where each async step waits for a task of
 * its own. Not above: Firefox compiles every function up front, and the bench's 169 KB
 * program ran about 0.5 ms sooner there compiled asynchronously (Chromium: no change).
 * Chromium also refuses synchronous compiles above 8 MB on a page's main thread. */
const SYNC_BYTES = 128 << 10;

/** Compiling `wasm` (a promise, rejected with the engine's CompileError). */
function compile(wasm) {
  if (wasm.length > SYNC_BYTES) return WebAssembly.compile(wasm);
  try {
    return Promise.resolve(new WebAssembly.Module(wasm));
  } catch (e) {
    return Promise.reject(e);
  }
}

/** Instantiating `module` (of `bytes`): synchronously in a worker, or on a page when it is small
 * (see SYNC_BYTES). */
function instantiate(module, imports, bytes) {
  return inWorker() || bytes <= SYNC_BYTES ? new WebAssembly.Instance(module, imports) : WebAssembly.instantiate(module, imports);
}

/** run(): the options prepared, then the Rust halves (run.rs, reached through `host`, the
 * wasm's exports) around start(); resolves to a RunResult, never rejects. */
export async function drive(module, options, host) {
  let input;
  try {
    input = await prepare(module, options);
  } catch (e) {
    return host.run_refused(e);
  }
  const begun = host.run_begin(input);
  if (!Array.isArray(begun)) return begun;
  const [handle, started] = begun;
  // start() never rejects; should it ever, run_end reports a run that did not start (and the
  // run's host state is still released).
  return host.run_end(handle, await started.catch(() => undefined));
}

/** The options of run() checked, defaulted and with every Blob read (a `RunInput` in Rust). */
async function prepare(given, options) {
  const o = options ?? {};
  // A promise of a module (`run(fetch(url))`): the download began before run() was called,
  // and web/pkg/run.js loads the host meanwhile.
  const module = typeof given?.then === "function" ? await given.then(null, (e) => fail(`module: ${errorText(e)}`)) : given;
  const { wasm, head, source, streamed } = await moduleBytes(module, callback(o.onProgress));
  // A big module compiles on the engine's threads (as it downloads, if it is) while Rust
  // inspects it and builds the context; start() awaits it. A module Rust refuses never awaits
  // it, hence the catch.
  // A caller running one module many times (the WAGI gateway) compiles it once.
  // A threaded program's threads compile it themselves (web/lib/thread-worker.js).
  const compiled = o.threads
    ? Promise.resolve(null)
    : o.compiled instanceof WebAssembly.Module
      ? Promise.resolve(o.compiled)
      : (streamed ?? compile(wasm));
  compiled.catch(() => {});
  if (o.entrypoint !== undefined && typeof o.entrypoint !== "string") fail("options: `entrypoint` must be a string");
  const stdin = o.stdin ?? undefined;
  const stdinObject = stdin !== undefined && typeof stdin === "object" && typeof stdin.read === "function";
  const stdinRead = typeof stdin === "function" ? stdin : stdinObject ? stdin.read.bind(stdin) : undefined;
  const readable = stdinObject ? callback(stdin.readable) : undefined;
  const args = strings(o.args, "args");
  const blocking = blockingMode(o.blocking, readable !== undefined);
  return {
    inspected: head ?? inspectedPart(wasm),
    // A module compiled as it downloads is instantiated asynchronously, whatever its size.
    size: wasm?.length ?? Infinity,
    source,
    compiled,
    args: nulTerminated(args.length > 0 ? args : ["main.wasm"]),
    env: nulTerminated(environment(o.env)),
    stdinRead,
    stdinWait: stdinObject && callback(stdin.wait) ? stdin.wait.bind(stdin) : undefined,
    stdinTerminal: stdinObject && stdin.terminal === true,
    stdinBytes: stdin === undefined || stdinRead ? undefined : await toBytes(stdin, "options: stdin"),
    readable: readable?.bind(stdin),
    stdout: callback(o.stdout),
    stderr: callback(o.stderr),
    blocking,
    sleepCell: blocking === "atomics" ? sharedCell() : undefined,
    threads: o.threads ?? undefined,
    maxMemoryBytes: typeof o.maxMemoryBytes === "number" ? o.maxMemoryBytes : undefined,
    limits: resourceLimits(o.limits),
    entrypoint: o.entrypoint,
    ...(await seedEntries(o.dirs)),
    performance: globalThis.performance ?? fail("this JavaScript environment has no `performance`"),
    crypto: globalThis.crypto ?? fail("this JavaScript environment has no `crypto`"),
  };
}

/** `Name: message`, plus the wasm function a trap happened in when the stack shows it. */
export function errorText(e) {
  if (!(e instanceof Error)) return String(e);
  const text = e.name ? `${e.name}: ${e.message}` : e.message;
  const where = trappingWasmFunction(String(e.stack ?? ""));
  return where ? `${text} (in ${where})` : text;
}

/** The innermost wasm frame of a stack trace: its function name when the module has a name
 * section, else `wasm-function[N]`. Chromium writes `at NAME (wasm://...)`, Firefox
 * `NAME@URL:wasm-function[N]:0x...`. */
function trappingWasmFunction(stack) {
  const frame = stack
    .split("\n")
    .find((l) => l.includes("wasm-function[") || l.includes("wasm://"))
    ?.trim();
  if (!frame) return null;
  let name = frame.startsWith("at ") ? frame.slice(3).split(" (")[0] : frame.split("@")[0];
  if (!name || name.startsWith("wasm://")) name = frame.match(/wasm-function\[\d+\]/)?.[0];
  // Chromium prefixes the module's own name (`prog-1a2b.wasm.main`): keep the function's.
  const dot = name?.lastIndexOf(".wasm.") ?? -1;
  return dot >= 0 ? name.slice(dot + ".wasm.".length) : name;
}

/** Finishes compiling (begun by prepare), instantiates and enters the module;
 * `{timings, setup?, trap?}` (never throws). `compileMs` is the part of the compile not
 * hidden behind the Rust side's work. */
export async function start(input, imports, entry, guestMemory) {
  const timings = { compileMs: 0, instantiateMs: 0, runMs: 0 };
  if (input.threads) {
    // The guest runs in thread workers on this shared memory; here the host only answers
    // their calls, until one of them ends the program (web/lib/threads.js).
    guestMemory.memory = input.threads.memory;
    guestMemory.shared = true;
    const t0 = performance.now();
    const { trap } = input.threads.serve(imports);
    timings.runMs = performance.now() - t0;
    return trap ? { timings, trap } : { timings };
  }
  const t0 = performance.now();
  let module, instance;
  try {
    module = await input.compiled;
  } catch (e) {
    return { timings, setup: `invalid module: ${errorText(e)}` };
  }
  const t1 = performance.now();
  timings.compileMs = t1 - t0;
  const jspi = input.blocking === "jspi";
  try {
    instance = await instantiate(module, imports, input.size);
  } catch (e) {
    // A start function is the guest's own code running: its trap is a trap (as in wasmtime),
    // its proc_exit an exit. Anything else (a link error) means it never started.
    if (e instanceof WasiExit) return { timings };
    if (e instanceof WebAssembly.RuntimeError || e instanceof RangeError) return { timings, trap: errorText(e) };
    return { timings, setup: `instantiation failed: ${errorText(e)}` };
  }
  const t2 = performance.now();
  timings.instantiateMs = t2 - t1;
  const memory = instance.exports.memory;
  if (!(memory instanceof WebAssembly.Memory)) {
    return { timings, setup: "the module does not export its memory" };
  }
  guestMemory.memory = memory;
  const main = instance.exports[entry];
  if (typeof main !== "function") {
    // A reactor without _initialize has nothing to run; an entrypoint asked for must exist.
    if (input.entrypoint === undefined) return { timings };
    return { timings, setup: `the module has no exported function \`${entry}\`` };
  }
  try {
    // Exceptions (traps, and proc_exit's WasiExit) unwind through guest frames only.
    await (jspi ? WebAssembly.promising(main)() : main());
  } catch (e) {
    timings.runMs = performance.now() - t2;
    return { timings, trap: e instanceof WasiExit ? null : errorText(e) };
  }
  timings.runMs = performance.now() - t2;
  return { timings };
}

