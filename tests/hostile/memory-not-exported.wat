;; A WASI program whose memory is not exported.
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func (param i32)))
  (memory 1)
  (func (export "_start")))
