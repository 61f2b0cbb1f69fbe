;; Exports neither _start nor _initialize and imports nothing: not a WASI program.
(module (memory (export "memory") 1) (func (export "main")))
