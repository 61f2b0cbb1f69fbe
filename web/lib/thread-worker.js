// One thread of a wasi-threads program (spawn() in wasi-run.js starts one per thread): the
// module instantiated on the shared memory, its WASI calls sent to the host worker through
// the channel (threads.js), and `wasi`.`thread-spawn` answered here with a new id.
//
// Message in:   {module, memory, memoryImport: {module, name}, channel, calls, tid?, arg?}
//               (no tid: the main thread, which runs _start)
// Messages out: {type: "spawn", tid, arg}     a new thread to start
//               {type: "thread-done"}         wasi_thread_start returned
//               {type: "host-busy"}           an ending waits for a host busy in a call
//               {type: "exit", kind, code, detail}   the program's end, when the host could
//               not take it (busy in another thread's call), or a thread that cannot start

import { ThreadChannel } from "./threads.js";

/** Thrown to unwind a thread that ended the program (proc_exit, a trap reported). */
class ThreadEnded extends Error {}

const errorText = (e) => (e instanceof Error ? `${e.name}: ${e.message}` : String(e));

self.onmessage = ({ data }) => {
  const { module, memory, memoryImport, channel, calls, tid, arg } = data;
  const ch = new ThreadChannel(channel);
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
    imports[m][name] = name === "proc_exit" ? (code) => end("exited", code >>> 0) : (...given) => ch.call(index, given);
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

/** A trap in any thread ends the whole program. */
function trapped(end, e) {
  try {
    end("trapped", 0, errorText(e));
  } catch {
    // ThreadEnded: the report went out.
  }
}
