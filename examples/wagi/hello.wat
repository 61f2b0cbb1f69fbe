;; A WAGI handler written in WebAssembly text: `cargo xtask wagi` compiles it as it serves or
;; builds the site, as WAGI runs .wat modules.
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "Content-Type: text/plain\n\nHello from WebAssembly text\n")
  (func (export "_start")
    ;; one iovec at 0: the 54 bytes at 16; the count written goes to 8
    (i32.store (i32.const 0) (i32.const 16))
    (i32.store (i32.const 4) (i32.const 54))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))))
