;; Loops for ever without a single host call.
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func (param i32)))
  (memory (export "memory") 1)
  (func (export "_start") (loop $forever (br $forever))))
