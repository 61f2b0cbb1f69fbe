;; Imports from modules wasi-web does not provide.
(module
  (import "env" "emscripten_get_now" (func (result f64)))
  (import "wasi_snapshot_preview1" "fd_write" (func (param i32 i32 i32 i32) (result i32)))
  (import "wasi:cli/stdout@0.2.0" "get-stdout" (func (result i32)))
  (memory (export "memory") 1)
  (func (export "_start")))
