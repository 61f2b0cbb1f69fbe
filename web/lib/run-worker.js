// The worker side of spawn() (wasi-run.js): runs one WASI program off the main thread.
//
// Messages in:  {type: "warm", host}    (prewarm(): the host made ready and warmed up, first)
//               {type: "inspect", id, host, wasm}   (inspectModule(): answered, then idle again)
//               {type: "module", host, wasm}                        (the program)
//               {type: "start", args, env, dirs, stdin, blocking, returnFiles}
//               {type: "stdin", data} / {type: "stdin-eof"}        (JSPI stdin only)
// Messages out: {type: "stdout" | "stderr", chunk}                 (as output is produced)
//               {type: "stdin-request"}                             (SAB stdin: wants bytes)
//               {type: "inspected", id, info | error}   (answers "inspect": inspect()'s)
//               {type: "needs", shared}    (answers "module": the shared memory a
//                                           wasi-threads program imports, or null)
//               {type: "exit", kind, code, detail, status, timings, stats, blocking, refused,
//                files}  (kind, code, detail and status as RunResult has them: src/outcome.rs)
//
// The page needs no host of its own for a run: this worker says what the program needs and
// words its ending (`status`). It ships as one module with its glue (xtask/src/build.rs), so a
// page's first run waits for one download here, not two levels of imports.
//
// stdin.mode is "sab" (block in Atomics.wait on a SharedArrayBuffer the page fills), "jspi"
// (the guest is suspended until a message brings bytes), or "bytes" (all of it up front).
//
// For a wasi-threads program, "start" also has `threads: {memory, channel, calls}`: the guest
// runs in thread workers (thread-worker.js) and this worker only answers their calls until one
// of them ends the program; "exit" then reports it as for one thread.
import init, { inspect, run } from "./wasi_web.js";
import { MAILBOX_DATA, MAILBOX_EMPTY, MAILBOX_EOF, serveCalls } from "./threads.js";
import { WARM_UP } from "./warm-up.js";

/** Stdin read from a SharedArrayBuffer mailbox: [state, length] then up to 64 KiB of data. */
function sabStdin(sab, terminal) {
  const ctrl = new Int32Array(sab, 0, 2);
  const data = new Uint8Array(sab, 8);
  let queue = new Uint8Array(0);
  let eof = false;
  let requested = false;
  const fill = (timeoutMs) => {
    if (queue.length > 0 || eof) return true;
    if (Atomics.load(ctrl, 0) === MAILBOX_EMPTY) {
      if (!requested) {
        self.postMessage({ type: "stdin-request" });
        requested = true;
      }
      Atomics.wait(ctrl, 0, MAILBOX_EMPTY, timeoutMs);
    }
    const state = Atomics.load(ctrl, 0);
    if (state === MAILBOX_DATA) {
      queue = data.slice(0, ctrl[1]);
      requested = false;
      Atomics.store(ctrl, 0, MAILBOX_EMPTY);
    } else if (state === MAILBOX_EOF) {
      eof = true;
    }
    return queue.length > 0 || eof;
  };
  return {
    terminal,
    wait: fill,
    read(max) {
      fill(Infinity);
      const chunk = queue.subarray(0, max);
      queue = queue.subarray(chunk.length);
      return chunk.length > 0 ? chunk : null;
    },
  };
}

/** Stdin fed by messages while the guest is suspended (JSPI). */
function messageStdin(terminal) {
  let queue = new Uint8Array(0);
  let eof = false;
  let wake = null;
  const stdin = {
    terminal,
    wait: () => queue.length > 0 || eof,
    readable: () => (stdin.wait() ? Promise.resolve() : new Promise((resolve) => (wake = resolve))),
    read(max) {
      const chunk = queue.subarray(0, max);
      queue = queue.subarray(chunk.length);
      return chunk.length > 0 ? chunk : null;
    },
    push(bytes) {
      const joined = new Uint8Array(queue.length + bytes.length);
      joined.set(queue);
      joined.set(bytes, queue.length);
      queue = joined;
      wake?.();
      wake = null;
    },
    end() {
      eof = true;
      wake?.();
      wake = null;
    },
  };
  return stdin;
}

let jspiStdin = null;

/** The shared memory a wasi-threads program imports, or null for a single-threaded one. */
function sharedMemory(wasm) {
  try {
    return inspect(wasm).sharedMemory ?? null;
  } catch {
    return null; // not a module: the run reports it as for any program
  }
}

/** The host, instantiated once: ahead of the run ("warm", see prewarm() in wasi-run.js, and
 * then warmed up: warm-up.js) or when it starts. A host module compiled by the page saves
 * compiling it again here. */
let host = null;
const hostReady = (compiled) => (host ??= init(compiled ? { module_or_path: compiled } : undefined));
/** How long a ready host waits for a program before it warms up: a program the page fetches
 * alongside the host usually comes within this, and a run that just ended has drawn its
 * output by then (a refill comes then, wasi-run.js). */
const WARM_UP_AFTER_MS = 100;
/** The warm-up's run, once it started. */
let warming = null;
/** The program "module" brought, which "start" runs. */
let program = null;

self.onmessage = async ({ data }) => {
  if (data.type === "stdin") return jspiStdin?.push(data.data);
  if (data.type === "stdin-eof") return jspiStdin?.end();
  if (data.type === "warm") {
    await hostReady(data.host);
    // Still idle a while later (no program came): the warm-up, which a program then waits for.
    setTimeout(() => {
      // run() answers with a result, not a rejection; a failed warm-up only warms less.
      if (program === null) warming = run(WARM_UP, { stdout: () => {} }).catch(() => {});
    }, WARM_UP_AFTER_MS);
    return;
  }
  if (data.type === "inspect") {
    // A host that fails to load is the answer too: the page is waiting for one.
    try {
      await hostReady(data.host);
      return self.postMessage({ type: "inspected", id: data.id, info: inspect(data.wasm) });
    } catch (e) {
      return self.postMessage({ type: "inspected", id: data.id, error: String(e?.message ?? e) });
    }
  }
  if (data.type === "module") {
    program = data.wasm;
    await hostReady(data.host);
    await warming;
    return self.postMessage({ type: "needs", shared: sharedMemory(program) });
  }
  const stdin = data.stdin ?? { mode: "bytes", data: new Uint8Array(0) };
  // Created before the first await: input may arrive while the host initialises.
  if (stdin.mode === "jspi") jspiStdin = messageStdin(stdin.terminal);
  await host;
  const forward = (type) => (chunk) => self.postMessage({ type, chunk }, [chunk.buffer]);
  const options = {
    args: data.args,
    env: data.env,
    dirs: data.dirs,
    blocking: data.blocking,
    maxMemoryBytes: data.maxMemoryBytes,
    limits: data.limits,
    stdout: forward("stdout"),
    stderr: forward("stderr"),
  };
  if (stdin.mode === "sab") options.stdin = sabStdin(stdin.sab, stdin.terminal);
  else if (stdin.mode === "jspi") options.stdin = jspiStdin;
  else options.stdin = stdin.data;
  if (data.threads) {
    const { memory, channel, calls } = data.threads;
    options.threads = { memory, serve: (imports) => serveCalls(channel, calls, imports) };
  }
  const result = await run(program, options);
  self.postMessage({
    type: "exit",
    kind: result.kind,
    code: result.exitCode ?? null,
    detail: result.detail ?? null,
    status: result.status,
    timings: result.timings,
    stats: result.stats,
    blocking: result.blocking,
    refused: result.refused ?? null,
    // "entries": flat, with sizes and mtimes, sparse files' stored bytes only (a host writing
    // them out: `cargo xtask run --dir`); otherwise the tree of Uint8Arrays.
    files: data.returnFiles === "entries" ? result.entries() : data.returnFiles ? result.files() : null,
  });
};
