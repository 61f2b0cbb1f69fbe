// The import object handed to WebAssembly.instantiate: each WASI function forwards its raw
// arguments to the host's matching `wasi_<name>` export (Rust, src/web/host.rs), first the
// run's handle, and returns the errno. Plain closures, not wasm-bindgen methods: one JS frame
// between the guest and the host per call.
//
// proc_exit is the one import that must not return to the guest. Rust records the status and
// returns normally; only then does this wrapper throw, so the exception unwinds through guest
// frames but never through Rust frames (DESIGN.md, "Never unwind").
//
// Under JSPI, the two imports that can wait (fd_read on stdin, poll_oneoff) are Suspending:
// they await input or a timer first, then make the real call, which no longer has to wait.

export class WasiExit extends Error {
  constructor(code) {
    super(`exit ${code}`);
    this.name = "WasiExit";
    this.code = code;
  }
}

// Which import module each host export serves, by its name (host.rs, generated from the one
// list of calls in src/wasi/calls.rs): `wasi_<name>` both, `wasi_p1_<name>` preview1 only,
// `wasi_p0_<name>` preview0 only.
const EXPORT_PREFIXES = [
  ["wasi_p1_", ["wasi_snapshot_preview1"]],
  ["wasi_p0_", ["wasi_unstable"]],
  ["wasi_", ["wasi_snapshot_preview1", "wasi_unstable"]],
];

const never = new Promise(() => {});
// Waits at least `ms`, as the clock the core then reads sees it: timers may truncate a
// fractional delay, and a coarsened performance.now() (1 ms in Firefox without isolation) can
// lag the timer, either of which left the real poll a sub-millisecond remainder to spin on.
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, Math.ceil(ms) + 1));

/** What a poll_oneoff would wait for, `{ms, stdin}` (ms 0: nothing, the call is made at once;
 * Infinity: stdin alone), from the host's one-number answer (host.rs `host_poll_plan`:
 * negative when stdin is among what it waits for). */
function pollPlan(host, run, subs, n, preview0, from) {
  const plan = host.host_poll_plan(run, subs, n, preview0, from);
  return { ms: Math.abs(plan), stdin: plan < 0 };
}

function suspending(host, run, jspi, p1, p0) {
  const readable = () => (jspi.readable ? jspi.readable() : Promise.resolve());
  const poll = (preview0, call) =>
    new WebAssembly.Suspending(async (subs, events, n, out) => {
      const { ms, stdin } = pollPlan(host, run, subs, n, preview0, NaN);
      if (ms > 0) {
        await Promise.race([ms === Infinity ? never : sleep(ms), stdin ? readable() : never]);
      }
      return call(subs, events, n, out);
    });
  const fdRead = p1.fd_read;
  const read = new WebAssembly.Suspending(async (fd, iovs, n, out) => {
    if (host.host_fd_is_stdin(run, fd)) await readable();
    return fdRead(fd, iovs, n, out);
  });
  p1.poll_oneoff = poll(0, p1.poll_oneoff);
  p0.poll_oneoff = poll(1, p0.poll_oneoff);
  p1.fd_read = read;
  p0.fd_read = read;
}

/** A threaded program's threads wait by themselves (web/lib/thread-worker.js), so the host
 * answers the other threads' calls meanwhile: the planner says what a call would wait for, as
 * the suspending imports above ask it, `{ms, stdin, anchor}` (`anchor`: where the poll's
 * relative timeouts start, NaN for none; ms 0: the call is made at once). A thread that waited plans again, `from` its anchor: another
 * thread may have taken the input it woke for, and its poll's timeouts keep their start. */
function threadPlanner(host, run) {
  const none = { ms: 0, stdin: false, anchor: NaN };
  return (module, name, given, from) => {
    if (name === "fd_read") {
      const waits = host.host_read_waits(run, given[0]) === 1;
      return waits ? { ms: Infinity, stdin: true, anchor: NaN } : none;
    }
    if (name !== "poll_oneoff") return none;
    const [subs, , n] = given;
    const preview0 = module === "wasi_unstable" ? 1 : 0;
    // The plan sets the start its timeouts count from; a call made at once leaves it to the
    // poll.
    const { ms, stdin } = pollPlan(host, run, subs, n, preview0, from);
    return ms > 0 ? { ms, stdin, anchor: host.host_take_poll_anchor(run) } : none;
  };
}

export class WasiLimit extends Error {
  constructor(kind) {
    super(`${kind} limit`);
    this.name = "WasiLimit";
  }
}

/** With a memory limit, every import ends the run once the host answers `limitHit` (host.rs
 * MEMORY_LIMIT_HIT: not an errno, the signal to stop the guest). */
function enforceMemoryLimit(imports, limitHit) {
  for (const table of Object.values(imports)) {
    for (const [name, f] of Object.entries(table)) {
      table[name] = (...args) => {
        const r = f(...args);
        if (r === limitHit) throw new WasiLimit("memory");
        return r;
      };
    }
  }
}

// `(a, b) => f(run, a, b)` with the export's own arity: a fixed-arity closure is what engines
// call fastest from wasm (a rest/spread or bound function is slower).
function withRun(f, run) {
  switch (f.length - 1) {
    case 0: return () => f(run);
    case 1: return (a) => f(run, a);
    case 2: return (a, b) => f(run, a, b);
    case 3: return (a, b, c) => f(run, a, b, c);
    case 4: return (a, b, c, d) => f(run, a, b, c, d);
    case 5: return (a, b, c, d, e) => f(run, a, b, c, d, e);
    case 6: return (a, b, c, d, e, g) => f(run, a, b, c, d, e, g);
    case 7: return (a, b, c, d, e, g, h) => f(run, a, b, c, d, e, g, h);
    default: return (...args) => f(run, ...args);
  }
}

/** The import object for one run (`input`: start.js prepare()'s). `limitHit`: the code a host
 * call answers once guest memory is over its limit, when the run has one. */
export function build_imports(host, run, input, limitHit) {
  const jspi = input.blocking === "jspi" ? { readable: input.readable } : null;
  const imports = { wasi_snapshot_preview1: {}, wasi_unstable: {} };
  for (const [name, f] of Object.entries(host)) {
    const [prefix, modules] = EXPORT_PREFIXES.find(([p]) => name.startsWith(p)) ?? [];
    if (!prefix) continue;
    // One closure per export, shared by both tables when it serves both.
    const bound = withRun(f, run);
    for (const module of modules) imports[module][name.slice(prefix.length)] = bound;
  }
  for (const table of Object.values(imports)) {
    table.proc_exit = (code) => {
      host.wasi_proc_exit(run, code);
      throw new WasiExit(code >>> 0);
    };
  }
  // Suspending imports stay as they are (wrapping one in a plain function would break JSPI);
  // they are only fd_read and poll_oneoff, and every other call still checks.
  if (limitHit !== undefined) enforceMemoryLimit(imports, limitHit);
  if (jspi) suspending(host, run, jspi, imports.wasi_snapshot_preview1, imports.wasi_unstable);
  // Not an import module: what threads.js serveCalls asks for a thread that is about to wait.
  if (input.threads) imports.planThreadCall = threadPlanner(host, run);
  return imports;
}
