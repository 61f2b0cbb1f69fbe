;; Opens "f" in the preopen (fd 3) until path_open fails, then exits with that errno.
(module
  (import "wasi_snapshot_preview1" "path_open" (func $open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "f")
  (func (export "_start") (local $errno i32)
    (loop $more
      ;; O_CREAT, rights fd_read|fd_write
      (local.set $errno (call $open (i32.const 3) (i32.const 0) (i32.const 16) (i32.const 1)
        (i32.const 1) (i64.const 66) (i64.const 0) (i32.const 0) (i32.const 0)))
      (br_if $more (i32.eqz (local.get $errno))))
    (call $exit (local.get $errno))))
