;; Declares 65536 pages (4 GiB) of initial memory.
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func (param i32)))
  (memory (export "memory") 65536)
  (func (export "_start")))
