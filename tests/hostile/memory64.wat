;; A 64-bit memory (the memory64 proposal).
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func (param i32)))
  (memory (export "memory") i64 1)
  (func (export "_start")))
