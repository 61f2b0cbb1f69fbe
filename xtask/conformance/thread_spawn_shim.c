// The wasi-testsuite's thread_spawn-simple.c calls wasi-libc's __wasi_thread_spawn. Zig's
// bundled wasi-libc (ziglang on PyPI, our C toolchain) is built without threads, so it lacks
// that function: this is it, as wasi-libc's libc-bottom-half/sources/__wasilibc_real.c has it.
#include <stdint.h>

int32_t __imported_wasi_thread_spawn(int32_t arg0)
    __attribute__((__import_module__("wasi"), __import_name__("thread-spawn")));

int32_t __wasi_thread_spawn(void *start_arg) {
    return __imported_wasi_thread_spawn((int32_t)start_arg);
}
