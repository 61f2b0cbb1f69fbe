// wasi-threads' transport: every guest thread's WASI calls go, one at a time, through one
// SharedArrayBuffer channel to the host worker (run-worker.js), which alone runs the host and
// never runs guest code, so a guest thread blocked in `memory.atomic.wait32` can never block
// the host. The core's typed calls are unchanged: only how their arguments arrive differs.
//
// Channel, as Int32 words: LOCK (the thread holding the channel), STATE (IDLE, REQUEST,
// RESPONSE), CALL (an index into `calls`, an ending, or PLAN), RESULT, NARGS, BIGINTS (a bit
// per i64 argument), NEXT_TID, END_CODE, TEXT_LEN, LIVE (spawned threads still running),
// ENDING (the program's ending on its way to the host), TARGET (the call PLAN is about); at
// FLOATS_AT, as two float64s, a plan's wait (ms) and a poll's anchor; then MAX_ARGS 64-bit
// arguments, then the text of an ending (a trap's message).
//
// A call that can wait (fd_read, poll_oneoff) goes as PLAN: the host makes it at once if it
// would not wait, else says how long and for what; the thread then waits by itself and plans
// again, until the call is made. So a thread reading stdin or sleeping holds up no other, and
// one whose input another thread took waits again instead of in the host.

const LOCK = 0, STATE = 1, CALL = 2, RESULT = 3, NARGS = 4, BIGINTS = 5, NEXT_TID = 6, END_CODE = 7, TEXT_LEN = 8, LIVE = 9, ENDING = 10, TARGET = 11;
const FLOATS_AT = 48, WAIT_MS = 0, ANCHOR = 1;
const IDLE = 0, REQUEST = 1, RESPONSE = 2;
const ARGS_AT = 64, MAX_ARGS = 16;
const TEXT_AT = ARGS_AT + MAX_ARGS * 8, TEXT_BYTES = 2048;
export const CHANNEL_BYTES = TEXT_AT + TEXT_BYTES;
/** CALL values of the two endings a thread reports: the program exits, or a thread trapped.
 * ENDING holds one of them while it waits; CLAIMED while its text is written, TAKEN once the
 * host (or, as a fallback, the page) has it. */
const END_EXIT = -1, END_TRAP = -2, TAKEN = 1, CLAIMED = 2;
/** CALL value about the call at TARGET: made unless it would wait (then WAIT_MS > 0, and
 * RESULT 1 if it waits for stdin), its poll's timeouts counting from ANCHOR (the start an
 * earlier plan of it gave; NaN: now), where the next plan counts from too. */
const PLAN = -3;
/** How long an ending waits for the channel before it asks the page to close stdin: the host
 * may be blocked in another thread's read of it, which otherwise never returns. */
const END_WAIT_MS = 200;
/** How long it then waits for the host to take it, before reporting to the page itself
 * (without the files: the host still holds them), as when another thread sleeps longer. */
const TAKE_WAIT_MS = 2000;
/** The ending's look at the channel, between looks at whether the host took it. */
const LOCK_LOOK_MS = 10;
/** The stdin mailbox's state word (its first Int32): the page (wasi-run.js) puts bytes or the
 * end of input there, the host worker (run-worker.js) takes them, and a thread waiting for
 * input (thread-worker.js) waits for it to leave EMPTY. Here because all three import this. */
export const MAILBOX_EMPTY = 0, MAILBOX_DATA = 1, MAILBOX_EOF = 2;
/** The most threads a program may have alive; thread-spawn answers a negative value past it. */
export const MAX_THREADS = 64;

const WASI_MODULES = ["wasi_snapshot_preview1", "wasi_unstable"];

/** How long a side spins on STATE before it sleeps in Atomics.wait: a call answered within
 * this (most are) costs no wake-up of a sleeping thread on either side, and a wake-up costs
 * about 30 µs in Firefox. Timed, not counted: one Atomics.load takes about 9 ns in Chromium and
 * 0.7 ns in Firefox (measured), so a count that suits one is 13× off in the other. */
const SPIN_MS = 0.04;
/** Loads between two looks at the clock, which costs more than a load. */
const LOADS_PER_LOOK = 256;

/** Whether STATE became `want` within one batch of loads. */
function seenWithin(ctrl, want) {
  for (let i = 0; i < LOADS_PER_LOOK; i++) if (Atomics.load(ctrl, STATE) === want) return true;
  return false;
}

/** Waits until STATE is `want`: spinning briefly, then sleeping. */
function awaitState(ctrl, want) {
  // Most answers come within the first batch, before any look at the clock.
  if (seenWithin(ctrl, want)) return;
  const until = performance.now() + SPIN_MS;
  do {
    if (seenWithin(ctrl, want)) return;
  } while (performance.now() < until);
  for (let s; (s = Atomics.load(ctrl, STATE)) !== want; ) Atomics.wait(ctrl, STATE, s);
}

/** The WASI functions `module` imports, as `[module, name]`: the channel's call numbers. */
export function wasiCalls(module) {
  return WebAssembly.Module.imports(module)
    .filter((i) => i.kind === "function" && WASI_MODULES.includes(i.module))
    .map((i) => [i.module, i.name]);
}

export function newChannel() {
  const channel = new SharedArrayBuffer(CHANNEL_BYTES);
  // Thread ids are positive and unique; the main thread is not spawned and has none.
  new Int32Array(channel)[NEXT_TID] = 1;
  return channel;
}

/** Host side: answers calls until a thread ends the program, then returns `{}` for an exit
 * (recorded by the host's own proc_exit) or `{trap}`; the host then reports the run as for
 * one thread, files and all. `imports.planThreadCall` plans the calls that can wait
 * (src/web/imports.js). */
export function serveCalls(channel, calls, imports) {
  const ctrl = new Int32Array(channel, 0, ARGS_AT / 4);
  const floats = new Float64Array(channel, FLOATS_AT, 2);
  const args = new BigInt64Array(channel, ARGS_AT, MAX_ARGS);
  const text = new Uint8Array(channel, TEXT_AT, TEXT_BYTES);
  const table = calls.map(([module, name]) => imports[module]?.[name]);
  const plans = imports.planThreadCall;
  /** PLAN, about the call at TARGET. */
  const planned = (given) => {
    const target = ctrl[TARGET];
    const plan = plans(...calls[target], given, floats[ANCHOR]);
    floats[WAIT_MS] = plan.ms;
    if (!(plan.ms > 0)) return table[target](...given);
    floats[ANCHOR] = plan.anchor;
    return plan.stdin ? 1 : 0;
  };
  const ending = (call) => {
    if (call === END_EXIT) {
      try {
        imports.wasi_snapshot_preview1.proc_exit(ctrl[END_CODE]);
      } catch {
        // WasiExit, thrown once the host has recorded the status
      }
      return {};
    }
    return { trap: new TextDecoder().decode(text.slice(0, ctrl[TEXT_LEN])) };
  };
  for (;;) {
    awaitState(ctrl, REQUEST);
    const call = ctrl[CALL];
    let result = 0;
    let ended = null;
    if (call === END_EXIT || call === END_TRAP) {
      ended = ending(call);
    } else {
      const n = ctrl[NARGS];
      const bigints = ctrl[BIGINTS];
      const given = [];
      for (let i = 0; i < n; i++) given.push(bigints & (1 << i) ? args[i] : Number(args[i]));
      try {
        result = call >= 0 ? table[call](...given) : planned(given);
      } catch {
        // The memory limit (imports.js WasiLimit): the host has recorded it.
        ended = {};
      }
      // An ending that waited while this call held the host: taken now, and this call's
      // thread is not answered (the program is over; the page stops every thread).
      const waiting = Atomics.load(ctrl, ENDING);
      if (!ended && waiting < 0 && Atomics.compareExchange(ctrl, ENDING, waiting, TAKEN) === waiting) return ending(waiting);
    }
    ctrl[RESULT] = result;
    Atomics.store(ctrl, STATE, RESPONSE);
    Atomics.notify(ctrl, STATE);
    if (ended) return ended;
  }
}

/** Thread side: the channel, taken for one call at a time. */
export class ThreadChannel {
  constructor(channel) {
    this.ctrl = new Int32Array(channel, 0, ARGS_AT / 4);
    this.args = new BigInt64Array(channel, ARGS_AT, MAX_ARGS);
    this.floats = new Float64Array(channel, FLOATS_AT, 2);
    this.text = new Uint8Array(channel, TEXT_AT, TEXT_BYTES);
  }

  /** Takes the channel; false if `timeoutMs` passed first. */
  lock(timeoutMs = Infinity) {
    const deadline = performance.now() + timeoutMs;
    while (Atomics.compareExchange(this.ctrl, LOCK, 0, 1) !== 0) {
      const left = deadline - performance.now();
      if (left <= 0) return false;
      Atomics.wait(this.ctrl, LOCK, 1, left);
    }
    return true;
  }

  /** One request and its answer; the caller holds the lock, which this releases. */
  request(call, given) {
    const result = this.exchange(call, given);
    this.unlock();
    return result;
  }

  /** One request and its answer, under the caller's lock. */
  exchange(call, given) {
    const { ctrl, args } = this;
    let bigints = 0;
    for (let i = 0; i < given.length; i++) {
      const v = given[i];
      if (typeof v === "bigint") bigints |= 1 << i;
      args[i] = typeof v === "bigint" ? v : BigInt(v | 0);
    }
    ctrl[CALL] = call;
    ctrl[NARGS] = given.length;
    ctrl[BIGINTS] = bigints;
    Atomics.store(ctrl, STATE, REQUEST);
    Atomics.notify(ctrl, STATE);
    awaitState(ctrl, RESPONSE);
    const result = ctrl[RESULT];
    Atomics.store(ctrl, STATE, IDLE);
    return result;
  }

  unlock() {
    Atomics.store(this.ctrl, LOCK, 0);
    Atomics.notify(this.ctrl, LOCK, 1);
  }

  call(index, given) {
    this.lock();
    return this.request(index, given);
  }

  /** Call `index` unless it would wait: `{result}`, or what it would wait for,
   * `{ms, stdin, anchor}`; a poll's timeouts counting `from` an earlier answer's anchor. */
  callUnlessWaits(index, given, from = NaN) {
    this.lock();
    this.ctrl[TARGET] = index;
    this.floats[ANCHOR] = from;
    const result = this.exchange(PLAN, given);
    const ms = this.floats[WAIT_MS];
    const answer = ms > 0 ? { ms, stdin: result === 1, anchor: this.floats[ANCHOR] } : { result };
    this.unlock();
    return answer;
  }

  /** Reports the program's end (`exited` with a code, or `trapped` with a message) through
   * the host, so it comes after every byte of output and the files come back; false if the
   * host stayed busy, after `hostBusy()` (which should end a read of stdin) did not free it. */
  end(kind, code, message = "", hostBusy = () => {}) {
    const { ctrl } = this;
    const call = kind === "exited" ? END_EXIT : END_TRAP;
    // Another thread's ending is already on its way: the first one is the program's.
    if (Atomics.compareExchange(ctrl, ENDING, 0, CLAIMED) !== 0) return true;
    const bytes = new TextEncoder().encode(message).slice(0, TEXT_BYTES);
    this.text.set(bytes);
    ctrl[TEXT_LEN] = bytes.length;
    ctrl[END_CODE] = code;
    // Published once written: the host takes only a waiting ending (END_EXIT or END_TRAP).
    Atomics.store(ctrl, ENDING, call);
    const start = performance.now();
    let asked = false;
    for (;;) {
      if (this.lock(LOCK_LOOK_MS)) {
        // The host is free: the ending goes as a call, unless the host took it meanwhile.
        if (Atomics.compareExchange(ctrl, ENDING, call, TAKEN) === call) this.request(call, []);
        else this.unlock();
        return true;
      }
      if (Atomics.load(ctrl, ENDING) === TAKEN) return true;
      const waited = performance.now() - start;
      if (!asked && waited > END_WAIT_MS) {
        asked = true;
        hostBusy();
      }
      if (waited > END_WAIT_MS + TAKE_WAIT_MS) return Atomics.compareExchange(ctrl, ENDING, call, TAKEN) !== call;
    }
  }

  /** A new thread id, or -1 with MAX_THREADS already running (the proposal's negative
   * answer); `finished()` when the thread returns. */
  nextTid() {
    if (Atomics.add(this.ctrl, LIVE, 1) >= MAX_THREADS) {
      Atomics.sub(this.ctrl, LIVE, 1);
      return -1;
    }
    return Atomics.add(this.ctrl, NEXT_TID, 1);
  }

  finished() {
    Atomics.sub(this.ctrl, LIVE, 1);
  }
}
