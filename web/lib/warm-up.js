// The program a prewarmed run worker runs while it waits for the page's (run-worker.js, after
// "warm"): the page's run then finds the host's code for a run (run(), inspecting the module,
// the WASI context, instantiating, fd_write, proc_exit, the result) run once already, which
// an engine that starts code in an interpreter (WebKit's JavaScriptCore) then runs faster. The
// drop page, from dropping hellowasi.wasm to its exit, medians of 9 in two rounds: WebKitGTK
// 33.7 → 28.3 and 44.0 → 32.5 ms; Chromium 7.9 → 8.4 and 12.3 → 11.1 (not told apart).
//
// (module
//   (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
//   (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
//   (memory (export "memory") 1)
//   (data (i32.const 16) "warm\n")
//   (func (export "_start")
//     (i32.store (i32.const 0) (i32.const 16))   ;; one iovec: "warm\n"
//     (i32.store (i32.const 4) (i32.const 5))
//     (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))
//     (call $proc_exit (i32.const 0))))
export const WARM_UP = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 16, 3, 96, 4, 127, 127, 127, 127, 1, 127, 96, 1, 127, 0, 96,
  0, 0, 2, 70, 2, 22, 119, 97, 115, 105, 95, 115, 110, 97, 112, 115, 104, 111, 116, 95, 112, 114, 101, 118,
  105, 101, 119, 49, 8, 102, 100, 95, 119, 114, 105, 116, 101, 0, 0, 22, 119, 97, 115, 105, 95, 115, 110, 97,
  112, 115, 104, 111, 116, 95, 112, 114, 101, 118, 105, 101, 119, 49, 9, 112, 114, 111, 99, 95, 101, 120, 105, 116,
  0, 1, 3, 2, 1, 2, 5, 3, 1, 0, 1, 7, 19, 2, 6, 109, 101, 109, 111, 114, 121, 2, 0, 6,
  95, 115, 116, 97, 114, 116, 0, 2, 10, 33, 1, 31, 0, 65, 0, 65, 16, 54, 2, 0, 65, 4, 65, 5,
  54, 2, 0, 65, 1, 65, 0, 65, 1, 65, 8, 16, 0, 26, 65, 0, 16, 1, 11, 11, 11, 1, 0, 65,
  16, 11, 5, 119, 97, 114, 109, 10,
]);

/** What the warm-up writes to stdout (tests/e2e/worker.html runs it). */
export const WARM_UP_STDOUT = "warm\n";
