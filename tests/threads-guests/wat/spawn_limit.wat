;; Spawns threads until thread-spawn answers a negative id, checking each id is new and
;; positive, then exits with how many it got (wasi-web allows 64 live threads). Each thread
;; waits for ever, so all stay alive.
(module
  (memory (export "memory") (import "env" "memory") 1 1 shared)
  (func $thread_spawn (import "wasi" "thread-spawn") (param i32) (result i32))
  (func $proc_exit (import "wasi_snapshot_preview1" "proc_exit") (param i32))
  (func (export "wasi_thread_start") (param i32 i32)
    (drop (memory.atomic.wait32 (i32.const 0) (i32.const 0) (i64.const -1))))
  (func (export "_start")
    (local $n i32) (local $tid i32) (local $last i32)
    (loop $more
      (local.set $tid (call $thread_spawn (i32.const 0)))
      (if (i32.lt_s (local.get $tid) (i32.const 0))
        (then (call $proc_exit (local.get $n))))
      ;; ids are positive and never repeat (they only grow)
      (if (i32.le_s (local.get $tid) (local.get $last)) (then unreachable))
      (local.set $last (local.get $tid))
      (local.set $n (i32.add (local.get $n) (i32.const 1)))
      (br_if $more (i32.lt_u (local.get $n) (i32.const 1000))))
    (call $proc_exit (i32.const 1000))))
