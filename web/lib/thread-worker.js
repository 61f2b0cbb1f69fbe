// One thread of a wasi-threads program (spawn() in wasi-run.js starts one per thread): the
// module instantiated on the shared memory, its WASI calls sent to the host worker through
// the channel (threads.js), and `wasi`.`thread-spawn` answered here with a new id.
//
// Message in:   {module, memory, memoryImport: {module, name}, channel, calls, stdin, tid?, arg?}
//               (no tid: the main thread, which runs _start; stdin: the page's stdin mailbox,
//               a SharedArrayBuffer, or null)
// Messages out: {type: "spawn", tid, arg}     a new thread to start
//               {type: "thread-done"}         wasi_thread_start returned
//               {type: "host-busy"}           an ending waits for a host busy in a call
//               {type: "exit", kind, code, detail}   the program's end, when the host could
//               not take it (busy in another thread's call), or a thread that cannot start

import { MAILBOX_EMPTY, ThreadChannel } from "./threads.js";

/** Thrown to unwind a thread that ended the program (proc_exit, a trap reported). */
class ThreadEnded extends Error {}

const errorText = (e) => (e instanceof Error ? `${e.name}: ${e.message}` : String(e));

self.onmessage = ({ data }) => {
  const { module, memory, memoryImport, channel, calls, stdin, tid, arg } = data;
  const ch = new ThreadChannel(channel);
  const waitFor = waiter(stdin);
  // The whole program ends: through the host so it follows the output, else directly. A host
  // busy in another thread's read of stdin is freed by the page closing stdin.
  const hostBusy = () => self.postMessage({ type: "host-busy" });
  const end = (kind, code, detail = "") => {
    if (!ch.end(kind, code, detail, hostBusy)) self.postMessage({ type: "exit", kind, code, detail });
    throw new ThreadEnded();
  };
  const imports = { wasi: {} };
  calls.forEach(([m, name], index) => {
    imports[m] ??= {};
    if (name === "proc_exit") imports[m][name] = (code) => end("exited", code >>> 0);
    else if (name === "fd_read" || name === "poll_oneoff") {
      // A wait is waited out here, so the host answers the other threads meanwhile; then the
      // call is planned again: another thread may have taken the input this one woke for.
      imports[m][name] = (...given) => {
        let plan = ch.callUnlessWaits(index, given);
        while ("ms" in plan) {
          if (!waitFor(plan.ms, plan.stdin)) return ch.call(index, given);
          plan = ch.callUnlessWaits(index, given, plan.anchor);
        }
        return plan.result;
      };
    } else imports[m][name] = (...given) => ch.call(index, given);
  });
  imports.wasi["thread-spawn"] = (startArg) => {
    const id = ch.nextTid();
    if (id > 0) self.postMessage({ type: "spawn", tid: id, arg: startArg });
    return id;
  };
  (imports[memoryImport.module] ??= {})[memoryImport.name] = memory;

  let instance;
  try {
    instance = new WebAssembly.Instance(module, imports);
  } catch (e) {
    if (e instanceof ThreadEnded) return;
    if (e instanceof WebAssembly.RuntimeError) return void trapped(end, e);
    return self.postMessage({ type: "exit", kind: "failed", code: null, detail: `instantiation failed: ${errorText(e)}` });
  }
  try {
    if (tid === undefined) {
      instance.exports._start();
      // _start returning ends the program, as in wasmtime.
      end("exited", 0);
    } else {
      instance.exports.wasi_thread_start(tid, arg);
      ch.finished();
      self.postMessage({ type: "thread-done" });
    }
  } catch (e) {
    if (!(e instanceof ThreadEnded)) trapped(end, e);
  }
};

/** Waits `ms` (Infinity: until input) for the clock, or for input on stdin as well: the
 * mailbox's state word leaves MAILBOX_EMPTY when the page puts input or its end there.
 * False when nothing here can end the wait (stdin without a mailbox, no timeout): then the
 * call itself must wait, in the host. */
function waiter(mailbox) {
  const state = mailbox ? new Int32Array(mailbox, 0, 1) : null;
  const sleeper = new Int32Array(new SharedArrayBuffer(4));
  return (ms, stdin) => {
    if (stdin && state) Atomics.wait(state, 0, MAILBOX_EMPTY, ms);
    else if (ms !== Infinity) Atomics.wait(sleeper, 0, 0, ms);
    else return false;
    return true;
  };
}

/** A trap in any thread ends the whole program. */
function trapped(end, e) {
  try {
    end("trapped", 0, errorText(e));
  } catch {
    // ThreadEnded: the report went out.
  }
}
