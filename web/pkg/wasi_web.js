/* @ts-self-types="./wasi_web.d.ts" */
import { build_imports, call_entry, copy_from_guest, copy_to_guest } from './snippets/wasi-web-3b87624943eeaa07/src/web/imports.js';


/**
 * How a run ended, what it printed, and the filesystem it left behind.
 */
export class RunResult {
    static __wrap(ptr) {
        const obj = Object.create(RunResult.prototype);
        obj.__wbg_ptr = ptr;
        RunResultFinalization.register(obj, obj.__wbg_ptr, obj);
        return obj;
    }
    __destroy_into_raw() {
        const ptr = this.__wbg_ptr;
        this.__wbg_ptr = 0;
        RunResultFinalization.unregister(this);
        return ptr;
    }
    free() {
        const ptr = this.__destroy_into_raw();
        wasm.__wbg_runresult_free(ptr, 0);
    }
    /**
     * How this run blocked: `atomics`, `jspi` or `spin`.
     * @returns {string}
     */
    get blocking() {
        let deferred1_0;
        let deferred1_1;
        try {
            const ret = wasm.runresult_blocking(this.__wbg_ptr);
            deferred1_0 = ret[0];
            deferred1_1 = ret[1];
            return getStringFromWasm0(ret[0], ret[1]);
        } finally {
            wasm.__wbindgen_free(deferred1_0, deferred1_1, 1);
        }
    }
    /**
     * Why the module could not run at all (not wasm, not WASI, a missing import...).
     * @returns {string | undefined}
     */
    get error() {
        const ret = wasm.runresult_error(this.__wbg_ptr);
        let v1;
        if (ret[0] !== 0) {
            v1 = getStringFromWasm0(ret[0], ret[1]);
            wasm.__wbindgen_free(ret[0], ret[1] * 1, 1);
        }
        return v1;
    }
    /**
     * The exit status (`proc_exit`, or 0 when `_start` returned); undefined on trap or error.
     * @returns {number | undefined}
     */
    get exitCode() {
        const ret = wasm.runresult_exitCode(this.__wbg_ptr);
        return ret === Number.MAX_SAFE_INTEGER ? undefined : ret;
    }
    /**
     * The whole tree under a guest directory as nested objects (files are `Uint8Array`s,
     * symlinks `{symlink: target}`), or every preopen when no path is given.
     * @param {string | null} [path]
     * @returns {any}
     */
    files(path) {
        var ptr0 = isLikeNone(path) ? 0 : passStringToWasm0(path, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
        var len0 = WASM_VECTOR_LEN;
        const ret = wasm.runresult_files(this.__wbg_ptr, ptr0, len0);
        return ret;
    }
    /**
     * The limit that ended the run (`"memory"`), when one did.
     * @returns {string | undefined}
     */
    get limit() {
        const ret = wasm.runresult_limit(this.__wbg_ptr);
        let v1;
        if (ret[0] !== 0) {
            v1 = getStringFromWasm0(ret[0], ret[1]);
            wasm.__wbindgen_free(ret[0], ret[1] * 1, 1);
        }
        return v1;
    }
    /**
     * The contents of a file the program left, by guest path (`/data/out.txt`).
     * @param {string} path
     * @returns {Uint8Array | undefined}
     */
    readFile(path) {
        const ptr0 = passStringToWasm0(path, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
        const len0 = WASM_VECTOR_LEN;
        const ret = wasm.runresult_readFile(this.__wbg_ptr, ptr0, len0);
        return ret;
    }
    /**
     * `{pollCalls, spinIterations}`: how often the guest polled, and how often the host had
     * to busy-wait because it could not block.
     * @returns {any}
     */
    get stats() {
        const ret = wasm.runresult_stats(this.__wbg_ptr);
        return ret;
    }
    /**
     * One line for humans: `exit 0`, `trap: ...`, `error: ...`.
     * @returns {string}
     */
    get status() {
        let deferred1_0;
        let deferred1_1;
        try {
            const ret = wasm.runresult_status(this.__wbg_ptr);
            deferred1_0 = ret[0];
            deferred1_1 = ret[1];
            return getStringFromWasm0(ret[0], ret[1]);
        } finally {
            wasm.__wbindgen_free(deferred1_0, deferred1_1, 1);
        }
    }
    /**
     * @returns {Uint8Array}
     */
    get stderr() {
        const ret = wasm.runresult_stderr(this.__wbg_ptr);
        return ret;
    }
    /**
     * @returns {Uint8Array}
     */
    get stdout() {
        const ret = wasm.runresult_stdout(this.__wbg_ptr);
        return ret;
    }
    /**
     * `{compileMs, instantiateMs, runMs}` of this run.
     * @returns {any}
     */
    get timings() {
        const ret = wasm.runresult_timings(this.__wbg_ptr);
        return ret;
    }
    /**
     * The trap message when the guest crashed (e.g. `RuntimeError: unreachable`).
     * @returns {string | undefined}
     */
    get trap() {
        const ret = wasm.runresult_trap(this.__wbg_ptr);
        let v1;
        if (ret[0] !== 0) {
            v1 = getStringFromWasm0(ret[0], ret[1]);
            wasm.__wbindgen_free(ret[0], ret[1] * 1, 1);
        }
        return v1;
    }
}
if (Symbol.dispose) RunResult.prototype[Symbol.dispose] = RunResult.prototype.free;

export class WasiHost {
    static __wrap(ptr) {
        const obj = Object.create(WasiHost.prototype);
        obj.__wbg_ptr = ptr;
        WasiHostFinalization.register(obj, obj.__wbg_ptr, obj);
        return obj;
    }
    __destroy_into_raw() {
        const ptr = this.__wbg_ptr;
        this.__wbg_ptr = 0;
        WasiHostFinalization.unregister(this);
        return ptr;
    }
    free() {
        const ptr = this.__destroy_into_raw();
        wasm.__wbg_wasihost_free(ptr, 0);
    }
    /**
     * @param {number} argv
     * @param {number} buf
     * @returns {number}
     */
    args_get(argv, buf) {
        const ret = wasm.wasihost_args_get(this.__wbg_ptr, argv, buf);
        return ret;
    }
    /**
     * @param {number} count
     * @param {number} size
     * @returns {number}
     */
    args_sizes_get(count, size) {
        const ret = wasm.wasihost_args_sizes_get(this.__wbg_ptr, count, size);
        return ret;
    }
    /**
     * @param {number} id
     * @param {number} out
     * @returns {number}
     */
    clock_res_get(id, out) {
        const ret = wasm.wasihost_clock_res_get(this.__wbg_ptr, id, out);
        return ret;
    }
    /**
     * @param {number} id
     * @param {bigint} precision
     * @param {number} out
     * @returns {number}
     */
    clock_time_get(id, precision, out) {
        const ret = wasm.wasihost_clock_time_get(this.__wbg_ptr, id, precision, out);
        return ret;
    }
    /**
     * @param {number} environ
     * @param {number} buf
     * @returns {number}
     */
    environ_get(environ, buf) {
        const ret = wasm.wasihost_environ_get(this.__wbg_ptr, environ, buf);
        return ret;
    }
    /**
     * @param {number} count
     * @param {number} size
     * @returns {number}
     */
    environ_sizes_get(count, size) {
        const ret = wasm.wasihost_environ_sizes_get(this.__wbg_ptr, count, size);
        return ret;
    }
    /**
     * @param {number} fd
     * @param {bigint} offset
     * @param {bigint} len
     * @param {number} advice
     * @returns {number}
     */
    fd_advise(fd, offset, len, advice) {
        const ret = wasm.wasihost_fd_advise(this.__wbg_ptr, fd, offset, len, advice);
        return ret;
    }
    /**
     * @param {number} fd
     * @param {bigint} offset
     * @param {bigint} len
     * @returns {number}
     */
    fd_allocate(fd, offset, len) {
        const ret = wasm.wasihost_fd_allocate(this.__wbg_ptr, fd, offset, len);
        return ret;
    }
    /**
     * @param {number} fd
     * @returns {number}
     */
    fd_close(fd) {
        const ret = wasm.wasihost_fd_close(this.__wbg_ptr, fd);
        return ret;
    }
    /**
     * @param {number} fd
     * @returns {number}
     */
    fd_datasync(fd) {
        const ret = wasm.wasihost_fd_datasync(this.__wbg_ptr, fd);
        return ret;
    }
    /**
     * @param {number} fd
     * @param {number} out
     * @returns {number}
     */
    fd_fdstat_get(fd, out) {
        const ret = wasm.wasihost_fd_fdstat_get(this.__wbg_ptr, fd, out);
        return ret;
    }
    /**
     * @param {number} fd
     * @param {number} flags
     * @returns {number}
     */
    fd_fdstat_set_flags(fd, flags) {
        const ret = wasm.wasihost_fd_fdstat_set_flags(this.__wbg_ptr, fd, flags);
        return ret;
    }
    /**
     * @param {number} fd
     * @param {bigint} base
     * @param {bigint} inheriting
     * @returns {number}
     */
    fd_fdstat_set_rights(fd, base, inheriting) {
        const ret = wasm.wasihost_fd_fdstat_set_rights(this.__wbg_ptr, fd, base, inheriting);
        return ret;
    }
    /**
     * @param {number} fd
     * @param {number} out
     * @returns {number}
     */
    fd_filestat_get(fd, out) {
        const ret = wasm.wasihost_fd_filestat_get(this.__wbg_ptr, fd, out);
        return ret;
    }
    /**
     * @param {number} fd
     * @param {bigint} size
     * @returns {number}
     */
    fd_filestat_set_size(fd, size) {
        const ret = wasm.wasihost_fd_filestat_set_size(this.__wbg_ptr, fd, size);
        return ret;
    }
    /**
     * @param {number} fd
     * @param {bigint} atim
     * @param {bigint} mtim
     * @param {number} flags
     * @returns {number}
     */
    fd_filestat_set_times(fd, atim, mtim, flags) {
        const ret = wasm.wasihost_fd_filestat_set_times(this.__wbg_ptr, fd, atim, mtim, flags);
        return ret;
    }
    /**
     * For a suspending fd_read: whether `fd` is stdin (it may have been renumbered).
     * @param {number} fd
     * @returns {boolean}
     */
    fd_is_stdin(fd) {
        const ret = wasm.wasihost_fd_is_stdin(this.__wbg_ptr, fd);
        return ret !== 0;
    }
    /**
     * @param {number} fd
     * @param {number} iovs
     * @param {number} iovs_len
     * @param {bigint} offset
     * @param {number} out
     * @returns {number}
     */
    fd_pread(fd, iovs, iovs_len, offset, out) {
        const ret = wasm.wasihost_fd_pread(this.__wbg_ptr, fd, iovs, iovs_len, offset, out);
        return ret;
    }
    /**
     * @param {number} fd
     * @param {number} path
     * @param {number} path_len
     * @returns {number}
     */
    fd_prestat_dir_name(fd, path, path_len) {
        const ret = wasm.wasihost_fd_prestat_dir_name(this.__wbg_ptr, fd, path, path_len);
        return ret;
    }
    /**
     * @param {number} fd
     * @param {number} out
     * @returns {number}
     */
    fd_prestat_get(fd, out) {
        const ret = wasm.wasihost_fd_prestat_get(this.__wbg_ptr, fd, out);
        return ret;
    }
    /**
     * @param {number} fd
     * @param {number} iovs
     * @param {number} iovs_len
     * @param {bigint} offset
     * @param {number} out
     * @returns {number}
     */
    fd_pwrite(fd, iovs, iovs_len, offset, out) {
        const ret = wasm.wasihost_fd_pwrite(this.__wbg_ptr, fd, iovs, iovs_len, offset, out);
        return ret;
    }
    /**
     * @param {number} fd
     * @param {number} iovs
     * @param {number} iovs_len
     * @param {number} out
     * @returns {number}
     */
    fd_read(fd, iovs, iovs_len, out) {
        const ret = wasm.wasihost_fd_read(this.__wbg_ptr, fd, iovs, iovs_len, out);
        return ret;
    }
    /**
     * @param {number} fd
     * @param {number} buf
     * @param {number} buf_len
     * @param {bigint} cookie
     * @param {number} out
     * @returns {number}
     */
    fd_readdir(fd, buf, buf_len, cookie, out) {
        const ret = wasm.wasihost_fd_readdir(this.__wbg_ptr, fd, buf, buf_len, cookie, out);
        return ret;
    }
    /**
     * @param {number} from
     * @param {number} to
     * @returns {number}
     */
    fd_renumber(from, to) {
        const ret = wasm.wasihost_fd_renumber(this.__wbg_ptr, from, to);
        return ret;
    }
    /**
     * @param {number} fd
     * @param {bigint} offset
     * @param {number} whence
     * @param {number} out
     * @returns {number}
     */
    fd_seek(fd, offset, whence, out) {
        const ret = wasm.wasihost_fd_seek(this.__wbg_ptr, fd, offset, whence, out);
        return ret;
    }
    /**
     * @param {number} fd
     * @returns {number}
     */
    fd_sync(fd) {
        const ret = wasm.wasihost_fd_sync(this.__wbg_ptr, fd);
        return ret;
    }
    /**
     * @param {number} fd
     * @param {number} out
     * @returns {number}
     */
    fd_tell(fd, out) {
        const ret = wasm.wasihost_fd_tell(this.__wbg_ptr, fd, out);
        return ret;
    }
    /**
     * @param {number} fd
     * @param {number} iovs
     * @param {number} iovs_len
     * @param {number} out
     * @returns {number}
     */
    fd_write(fd, iovs, iovs_len, out) {
        const ret = wasm.wasihost_fd_write(this.__wbg_ptr, fd, iovs, iovs_len, out);
        return ret;
    }
    /**
     * @param {number} fd
     * @param {number} out
     * @returns {number}
     */
    p0_fd_filestat_get(fd, out) {
        const ret = wasm.wasihost_p0_fd_filestat_get(this.__wbg_ptr, fd, out);
        return ret;
    }
    /**
     * @param {number} fd
     * @param {bigint} offset
     * @param {number} whence
     * @param {number} out
     * @returns {number}
     */
    p0_fd_seek(fd, offset, whence, out) {
        const ret = wasm.wasihost_p0_fd_seek(this.__wbg_ptr, fd, offset, whence, out);
        return ret;
    }
    /**
     * @param {number} fd
     * @param {number} flags
     * @param {number} path
     * @param {number} path_len
     * @param {number} out
     * @returns {number}
     */
    p0_path_filestat_get(fd, flags, path, path_len, out) {
        const ret = wasm.wasihost_p0_path_filestat_get(this.__wbg_ptr, fd, flags, path, path_len, out);
        return ret;
    }
    /**
     * @param {number} subs
     * @param {number} events
     * @param {number} nsubs
     * @param {number} out
     * @returns {number}
     */
    p0_poll_oneoff(subs, events, nsubs, out) {
        const ret = wasm.wasihost_p0_poll_oneoff(this.__wbg_ptr, subs, events, nsubs, out);
        return ret;
    }
    /**
     * @param {number} fd
     * @param {number} path
     * @param {number} path_len
     * @returns {number}
     */
    path_create_directory(fd, path, path_len) {
        const ret = wasm.wasihost_path_create_directory(this.__wbg_ptr, fd, path, path_len);
        return ret;
    }
    /**
     * @param {number} fd
     * @param {number} flags
     * @param {number} path
     * @param {number} path_len
     * @param {number} out
     * @returns {number}
     */
    path_filestat_get(fd, flags, path, path_len, out) {
        const ret = wasm.wasihost_path_filestat_get(this.__wbg_ptr, fd, flags, path, path_len, out);
        return ret;
    }
    /**
     * @param {number} fd
     * @param {number} flags
     * @param {number} path
     * @param {number} path_len
     * @param {bigint} atim
     * @param {bigint} mtim
     * @param {number} fst_flags
     * @returns {number}
     */
    path_filestat_set_times(fd, flags, path, path_len, atim, mtim, fst_flags) {
        const ret = wasm.wasihost_path_filestat_set_times(this.__wbg_ptr, fd, flags, path, path_len, atim, mtim, fst_flags);
        return ret;
    }
    /**
     * @param {number} old_fd
     * @param {number} old_flags
     * @param {number} old_path
     * @param {number} old_len
     * @param {number} new_fd
     * @param {number} new_path
     * @param {number} new_len
     * @returns {number}
     */
    path_link(old_fd, old_flags, old_path, old_len, new_fd, new_path, new_len) {
        const ret = wasm.wasihost_path_link(this.__wbg_ptr, old_fd, old_flags, old_path, old_len, new_fd, new_path, new_len);
        return ret;
    }
    /**
     * @param {number} fd
     * @param {number} dirflags
     * @param {number} path
     * @param {number} path_len
     * @param {number} oflags
     * @param {bigint} base
     * @param {bigint} inheriting
     * @param {number} fdflags
     * @param {number} out
     * @returns {number}
     */
    path_open(fd, dirflags, path, path_len, oflags, base, inheriting, fdflags, out) {
        const ret = wasm.wasihost_path_open(this.__wbg_ptr, fd, dirflags, path, path_len, oflags, base, inheriting, fdflags, out);
        return ret;
    }
    /**
     * @param {number} fd
     * @param {number} path
     * @param {number} path_len
     * @param {number} buf
     * @param {number} buf_len
     * @param {number} out
     * @returns {number}
     */
    path_readlink(fd, path, path_len, buf, buf_len, out) {
        const ret = wasm.wasihost_path_readlink(this.__wbg_ptr, fd, path, path_len, buf, buf_len, out);
        return ret;
    }
    /**
     * @param {number} fd
     * @param {number} path
     * @param {number} path_len
     * @returns {number}
     */
    path_remove_directory(fd, path, path_len) {
        const ret = wasm.wasihost_path_remove_directory(this.__wbg_ptr, fd, path, path_len);
        return ret;
    }
    /**
     * @param {number} fd
     * @param {number} old_path
     * @param {number} old_len
     * @param {number} new_fd
     * @param {number} new_path
     * @param {number} new_len
     * @returns {number}
     */
    path_rename(fd, old_path, old_len, new_fd, new_path, new_len) {
        const ret = wasm.wasihost_path_rename(this.__wbg_ptr, fd, old_path, old_len, new_fd, new_path, new_len);
        return ret;
    }
    /**
     * @param {number} old_path
     * @param {number} old_len
     * @param {number} fd
     * @param {number} new_path
     * @param {number} new_len
     * @returns {number}
     */
    path_symlink(old_path, old_len, fd, new_path, new_len) {
        const ret = wasm.wasihost_path_symlink(this.__wbg_ptr, old_path, old_len, fd, new_path, new_len);
        return ret;
    }
    /**
     * @param {number} fd
     * @param {number} path
     * @param {number} path_len
     * @returns {number}
     */
    path_unlink_file(fd, path, path_len) {
        const ret = wasm.wasihost_path_unlink_file(this.__wbg_ptr, fd, path, path_len);
        return ret;
    }
    /**
     * @param {number} subs
     * @param {number} events
     * @param {number} nsubs
     * @param {number} out
     * @returns {number}
     */
    poll_oneoff(subs, events, nsubs, out) {
        const ret = wasm.wasihost_poll_oneoff(this.__wbg_ptr, subs, events, nsubs, out);
        return ret;
    }
    /**
     * For a suspending poll_oneoff: milliseconds it would wait (Infinity: for stdin only).
     * @param {number} subs
     * @param {number} nsubs
     * @param {boolean} preview0
     * @returns {number}
     */
    poll_wait_ms(subs, nsubs, preview0) {
        const ret = wasm.wasihost_poll_wait_ms(this.__wbg_ptr, subs, nsubs, preview0);
        return ret;
    }
    /**
     * For a suspending poll_oneoff: whether it waits for stdin.
     * @param {number} subs
     * @param {number} nsubs
     * @param {boolean} preview0
     * @returns {boolean}
     */
    poll_watches_stdin(subs, nsubs, preview0) {
        const ret = wasm.wasihost_poll_watches_stdin(this.__wbg_ptr, subs, nsubs, preview0);
        return ret !== 0;
    }
    /**
     * Records the exit status and returns; the JS wrapper then throws `WasiExit`.
     * @param {number} code
     */
    proc_exit(code) {
        wasm.wasihost_proc_exit(this.__wbg_ptr, code);
    }
    /**
     * @param {number} signal
     * @returns {number}
     */
    proc_raise(signal) {
        const ret = wasm.wasihost_proc_raise(this.__wbg_ptr, signal);
        return ret;
    }
    /**
     * @param {number} buf
     * @param {number} len
     * @returns {number}
     */
    random_get(buf, len) {
        const ret = wasm.wasihost_random_get(this.__wbg_ptr, buf, len);
        return ret;
    }
    /**
     * @returns {number}
     */
    sched_yield() {
        const ret = wasm.wasihost_sched_yield(this.__wbg_ptr);
        return ret;
    }
    /**
     * @param {number} fd
     * @param {number} flags
     * @param {number} out
     * @returns {number}
     */
    sock_accept(fd, flags, out) {
        const ret = wasm.wasihost_sock_accept(this.__wbg_ptr, fd, flags, out);
        return ret;
    }
    /**
     * @param {number} fd
     * @param {number} iovs
     * @param {number} iovs_len
     * @param {number} flags
     * @param {number} out
     * @param {number} oflags
     * @returns {number}
     */
    sock_recv(fd, iovs, iovs_len, flags, out, oflags) {
        const ret = wasm.wasihost_sock_recv(this.__wbg_ptr, fd, iovs, iovs_len, flags, out, oflags);
        return ret;
    }
    /**
     * @param {number} fd
     * @param {number} iovs
     * @param {number} iovs_len
     * @param {number} flags
     * @param {number} out
     * @returns {number}
     */
    sock_send(fd, iovs, iovs_len, flags, out) {
        const ret = wasm.wasihost_sock_send(this.__wbg_ptr, fd, iovs, iovs_len, flags, out);
        return ret;
    }
    /**
     * @param {number} fd
     * @param {number} how
     * @returns {number}
     */
    sock_shutdown(fd, how) {
        const ret = wasm.wasihost_sock_shutdown(this.__wbg_ptr, fd, how);
        return ret;
    }
}
if (Symbol.dispose) WasiHost.prototype[Symbol.dispose] = WasiHost.prototype.free;

/**
 * What a module is, for a page to show before running it (or why it cannot run).
 * @param {Uint8Array | number[]} bytes
 * @returns {any}
 */
export function inspect(bytes) {
    const ptr0 = passArray8ToWasm0(bytes, wasm.__wbindgen_malloc);
    const len0 = WASM_VECTOR_LEN;
    const ret = wasm.inspect(ptr0, len0);
    if (ret[2]) {
        throw takeFromExternrefTable0(ret[1]);
    }
    return takeFromExternrefTable0(ret[0]);
}

/**
 * Runs a WASI module.
 *
 * `module`: the module's bytes (`Uint8Array`, `ArrayBuffer`, `Blob`/`File`).
 * `options`: `{ args, env, stdin, dirs, stdout, stderr }` — see the README.
 * Never throws for a bad module: the result's `error` says what was wrong.
 * @param {any} module
 * @param {any} options
 * @returns {Promise<RunResult>}
 */
export function run(module, options) {
    const ret = wasm.run(module, options);
    return ret;
}
function __wbg_get_imports() {
    const import0 = {
        __proto__: null,
        __wbg_Error_208446807d0d1e30: function(arg0, arg1) {
            const ret = Error(getStringFromWasm0(arg0, arg1));
            return ret;
        },
        __wbg___wbindgen_boolean_get_4f1baf9a00be3c74: function(arg0) {
            const v = arg0;
            const ret = typeof(v) === 'boolean' ? v : undefined;
            return isLikeNone(ret) ? 0xFFFFFF : ret ? 1 : 0;
        },
        __wbg___wbindgen_debug_string_f249a2a76caa9a55: function(arg0, arg1) {
            const ret = debugString(arg1);
            const ptr1 = passStringToWasm0(ret, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
            const len1 = WASM_VECTOR_LEN;
            getDataViewMemory0().setInt32((arg0 >>> 0) + 4 * 1, len1, true);
            getDataViewMemory0().setInt32((arg0 >>> 0) + 4 * 0, ptr1, true);
        },
        __wbg___wbindgen_is_falsy_d864b623500ae65d: function(arg0) {
            const ret = !arg0;
            return ret;
        },
        __wbg___wbindgen_is_function_741ff2bb612836f5: function(arg0) {
            const ret = typeof(arg0) === 'function';
            return ret;
        },
        __wbg___wbindgen_is_null_c22311b1cc228e3a: function(arg0) {
            const ret = arg0 === null;
            return ret;
        },
        __wbg___wbindgen_is_object_8b968c3ab8e96595: function(arg0) {
            const val = arg0;
            const ret = typeof(val) === 'object' && val !== null;
            return ret;
        },
        __wbg___wbindgen_is_undefined_be5b34249ff1fc15: function(arg0) {
            const ret = arg0 === undefined;
            return ret;
        },
        __wbg___wbindgen_number_get_934b640d0889af78: function(arg0, arg1) {
            const obj = arg1;
            const ret = typeof(obj) === 'number' ? obj : undefined;
            getDataViewMemory0().setFloat64((arg0 >>> 0) + 8 * 1, isLikeNone(ret) ? 0 : ret, true);
            getDataViewMemory0().setInt32((arg0 >>> 0) + 4 * 0, !isLikeNone(ret), true);
        },
        __wbg___wbindgen_string_get_7ce8eee7fd327545: function(arg0, arg1) {
            const obj = arg1;
            const ret = typeof(obj) === 'string' ? obj : undefined;
            var ptr1 = isLikeNone(ret) ? 0 : passStringToWasm0(ret, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
            var len1 = WASM_VECTOR_LEN;
            getDataViewMemory0().setInt32((arg0 >>> 0) + 4 * 1, len1, true);
            getDataViewMemory0().setInt32((arg0 >>> 0) + 4 * 0, ptr1, true);
        },
        __wbg___wbindgen_throw_4c88d8bf264fd984: function(arg0, arg1) {
            throw new Error(getStringFromWasm0(arg0, arg1));
        },
        __wbg__wbg_cb_unref_09736879a3f67559: function(arg0) {
            arg0._wbg_cb_unref();
        },
        __wbg_abort_4fe844c67d0d6aec: function(arg0) {
            arg0.abort();
        },
        __wbg_addEventListener_f2d27251d333a631: function() { return handleError(function (arg0, arg1, arg2, arg3, arg4) {
            arg0.addEventListener(getStringFromWasm0(arg1, arg2), arg3, arg4);
        }, arguments); },
        __wbg_buffer_0eaa216bac6b8749: function(arg0) {
            const ret = arg0.buffer;
            return ret;
        },
        __wbg_buffer_297cd789e9811340: function(arg0) {
            const ret = arg0.buffer;
            return ret;
        },
        __wbg_build_imports_9fe0d442f7800abb: function(arg0, arg1, arg2) {
            const ret = build_imports(WasiHost.__wrap(arg0), arg1, arg2 !== 0);
            return ret;
        },
        __wbg_byteLength_3e08292247d5e8da: function(arg0) {
            const ret = arg0.byteLength;
            return ret;
        },
        __wbg_byteOffset_860d904683273dd7: function(arg0) {
            const ret = arg0.byteOffset;
            return ret;
        },
        __wbg_call_a410eb4b59ed5965: function() { return handleError(function (arg0, arg1, arg2) {
            const ret = arg0.call(arg1, arg2);
            return ret;
        }, arguments); },
        __wbg_call_entry_6156c138041da547: function() { return handleError(function (arg0, arg1) {
            const ret = call_entry(arg0, arg1 !== 0);
            return ret;
        }, arguments); },
        __wbg_compile_9fe0e129a623b864: function(arg0) {
            const ret = WebAssembly.compile(arg0);
            return ret;
        },
        __wbg_copy_from_guest_549b70cab0785d85: function(arg0, arg1, arg2, arg3) {
            copy_from_guest(arg0, arg1 >>> 0, getArrayU8FromWasm0(arg2, arg3));
        },
        __wbg_copy_to_guest_a10c0c1e9595d0d7: function(arg0, arg1, arg2, arg3) {
            copy_to_guest(arg0, arg1 >>> 0, getArrayU8FromWasm0(arg2, arg3));
        },
        __wbg_entries_7bb1459bd9b5c2b9: function(arg0) {
            const ret = Object.entries(arg0);
            return ret;
        },
        __wbg_error_b4aa1698c0097967: function(arg0) {
            const ret = arg0.error;
            return isLikeNone(ret) ? 0 : addToExternrefTable0(ret);
        },
        __wbg_exports_1dac89a0acaa7cc6: function(arg0) {
            const ret = arg0.exports;
            return ret;
        },
        __wbg_from_eac91875c8a5ffa4: function(arg0) {
            const ret = Array.from(arg0);
            return ret;
        },
        __wbg_getRandomValues_07f3179f2d015362: function() { return handleError(function (arg0, arg1, arg2) {
            const ret = arg0.getRandomValues(getArrayU8FromWasm0(arg1, arg2));
            return ret;
        }, arguments); },
        __wbg_getUint32_a41acd3887ab0e4b: function(arg0, arg1, arg2) {
            const ret = arg0.getUint32(arg1 >>> 0, arg2 !== 0);
            return ret;
        },
        __wbg_get_2080c49015e35254: function() { return handleError(function (arg0, arg1) {
            const ret = Reflect.get(arg0, arg1);
            return ret;
        }, arguments); },
        __wbg_get_d7176cfb76d71114: function(arg0, arg1) {
            const ret = arg0[arg1 >>> 0];
            return ret;
        },
        __wbg_get_unchecked_e6325ad374eff861: function(arg0, arg1) {
            const ret = arg0[arg1 >>> 0];
            return ret;
        },
        __wbg_has_2c4d5cf25ec8c1cf: function() { return handleError(function (arg0, arg1) {
            const ret = Reflect.has(arg0, arg1);
            return ret;
        }, arguments); },
        __wbg_instanceof_ArrayBuffer_12cdaa4161423e6b: function(arg0) {
            let result;
            try {
                result = arg0 instanceof ArrayBuffer;
            } catch (_) {
                result = false;
            }
            const ret = result;
            return ret;
        },
        __wbg_instanceof_Blob_56431c8f5387c12d: function(arg0) {
            let result;
            try {
                result = arg0 instanceof Blob;
            } catch (_) {
                result = false;
            }
            const ret = result;
            return ret;
        },
        __wbg_instanceof_Crypto_4818ba561e7c4951: function(arg0) {
            let result;
            try {
                result = arg0 instanceof Crypto;
            } catch (_) {
                result = false;
            }
            const ret = result;
            return ret;
        },
        __wbg_instanceof_Error_74e3cca0c4a69161: function(arg0) {
            let result;
            try {
                result = arg0 instanceof Error;
            } catch (_) {
                result = false;
            }
            const ret = result;
            return ret;
        },
        __wbg_instanceof_Memory_5e105758fd5c05e5: function(arg0) {
            let result;
            try {
                result = arg0 instanceof WebAssembly.Memory;
            } catch (_) {
                result = false;
            }
            const ret = result;
            return ret;
        },
        __wbg_instanceof_Object_97e16a01fd368661: function(arg0) {
            let result;
            try {
                result = arg0 instanceof Object;
            } catch (_) {
                result = false;
            }
            const ret = result;
            return ret;
        },
        __wbg_instanceof_Performance_2b9444a94b6a603f: function(arg0) {
            let result;
            try {
                result = arg0 instanceof Performance;
            } catch (_) {
                result = false;
            }
            const ret = result;
            return ret;
        },
        __wbg_instanceof_Uint8Array_d7aeb0dcb3108fea: function(arg0) {
            let result;
            try {
                result = arg0 instanceof Uint8Array;
            } catch (_) {
                result = false;
            }
            const ret = result;
            return ret;
        },
        __wbg_instanceof_WorkerGlobalScope_a8f1cd8c19b6daec: function(arg0) {
            let result;
            try {
                result = arg0 instanceof WorkerGlobalScope;
            } catch (_) {
                result = false;
            }
            const ret = result;
            return ret;
        },
        __wbg_instantiate_98fad88906bf6d4a: function(arg0, arg1) {
            const ret = WebAssembly.instantiate(arg0, arg1);
            return ret;
        },
        __wbg_isArray_bcf1376d0d732d08: function(arg0) {
            const ret = Array.isArray(arg0);
            return ret;
        },
        __wbg_isView_7c4f5a7c257b3a84: function(arg0) {
            const ret = ArrayBuffer.isView(arg0);
            return ret;
        },
        __wbg_length_186163212ffe79c3: function(arg0) {
            const ret = arg0.length;
            return ret;
        },
        __wbg_length_b03a0fabb109b1e9: function(arg0) {
            const ret = arg0.length;
            return ret;
        },
        __wbg_message_43d8c8f1d543a349: function(arg0) {
            const ret = arg0.message;
            return ret;
        },
        __wbg_message_fc58bc095885b5e5: function(arg0, arg1) {
            const ret = arg1.message;
            const ptr1 = passStringToWasm0(ret, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
            const len1 = WASM_VECTOR_LEN;
            getDataViewMemory0().setInt32((arg0 >>> 0) + 4 * 1, len1, true);
            getDataViewMemory0().setInt32((arg0 >>> 0) + 4 * 0, ptr1, true);
        },
        __wbg_name_7d5a865f2ff82e44: function(arg0, arg1) {
            const ret = arg1.name;
            const ptr1 = passStringToWasm0(ret, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
            const len1 = WASM_VECTOR_LEN;
            getDataViewMemory0().setInt32((arg0 >>> 0) + 4 * 1, len1, true);
            getDataViewMemory0().setInt32((arg0 >>> 0) + 4 * 0, ptr1, true);
        },
        __wbg_name_d1fa514fdca6a975: function(arg0) {
            const ret = arg0.name;
            return ret;
        },
        __wbg_new_13de428334042d26: function(arg0) {
            const ret = new Uint8Array(arg0);
            return ret;
        },
        __wbg_new_1eadcf6827db58fd: function(arg0) {
            const ret = new SharedArrayBuffer(arg0 >>> 0);
            return ret;
        },
        __wbg_new_30a495bf9b6df12b: function(arg0, arg1, arg2) {
            const ret = new DataView(arg0, arg1 >>> 0, arg2 >>> 0);
            return ret;
        },
        __wbg_new_37eb45aaf5eeb820: function() {
            const ret = new Array();
            return ret;
        },
        __wbg_new_68957d2a912dfa0a: function(arg0) {
            const ret = new Int32Array(arg0);
            return ret;
        },
        __wbg_new_cd4348290afae586: function() {
            const ret = new Object();
            return ret;
        },
        __wbg_new_d259f84070c47acb: function() { return handleError(function () {
            const ret = new FileReader();
            return ret;
        }, arguments); },
        __wbg_new_from_slice_b8daf545a41c6aa0: function(arg0, arg1) {
            const ret = new Uint8Array(getArrayU8FromWasm0(arg0, arg1));
            return ret;
        },
        __wbg_new_typed_e09da9dae6ee5935: function(arg0, arg1) {
            try {
                var state0 = {a: arg0, b: arg1};
                var cb0 = (arg0, arg1) => {
                    const a = state0.a;
                    state0.a = 0;
                    try {
                        return wasm_bindgen__convert__closures_____invoke__hb98d63cc49481475(a, state0.b, arg0, arg1);
                    } finally {
                        state0.a = a;
                    }
                };
                const ret = new Promise(cb0);
                return ret;
            } finally {
                state0.a = 0;
            }
        },
        __wbg_new_with_byte_offset_and_length_3cd32055a417f095: function(arg0, arg1, arg2) {
            const ret = new Uint8Array(arg0, arg1 >>> 0, arg2 >>> 0);
            return ret;
        },
        __wbg_now_043d245551b22f9c: function(arg0) {
            const ret = arg0.now();
            return ret;
        },
        __wbg_now_463ac581d2fc7ea3: function() {
            const ret = Date.now();
            return ret;
        },
        __wbg_prototypesetcall_13162965d1fe7aa3: function(arg0, arg1, arg2) {
            Uint8Array.prototype.set.call(getArrayU8FromWasm0(arg0, arg1), arg2);
        },
        __wbg_push_c9f4893fc209f768: function(arg0, arg1) {
            const ret = arg0.push(arg1);
            return ret;
        },
        __wbg_queueMicrotask_1e8503a8a690f0a3: function(arg0) {
            const ret = arg0.queueMicrotask;
            return ret;
        },
        __wbg_queueMicrotask_4a1a4d8dd332373b: function(arg0) {
            queueMicrotask(arg0);
        },
        __wbg_readAsArrayBuffer_4c206b888f53b7da: function() { return handleError(function (arg0, arg1) {
            arg0.readAsArrayBuffer(arg1);
        }, arguments); },
        __wbg_readyState_3cedb2e12eb09077: function(arg0) {
            const ret = arg0.readyState;
            return ret;
        },
        __wbg_removeEventListener_cc543e35b1012a27: function() { return handleError(function (arg0, arg1, arg2, arg3, arg4) {
            arg0.removeEventListener(getStringFromWasm0(arg1, arg2), arg3, arg4 !== 0);
        }, arguments); },
        __wbg_resolve_dbf78ab4942478b0: function(arg0) {
            const ret = Promise.resolve(arg0);
            return ret;
        },
        __wbg_result_18db92cd0d0c3bf5: function() { return handleError(function (arg0) {
            const ret = arg0.result;
            return ret;
        }, arguments); },
        __wbg_runresult_new: function(arg0) {
            const ret = RunResult.__wrap(arg0);
            return ret;
        },
        __wbg_setUint32_afae9773f6d20689: function(arg0, arg1, arg2, arg3) {
            arg0.setUint32(arg1 >>> 0, arg2 >>> 0, arg3 !== 0);
        },
        __wbg_set_2793479888329cb6: function() { return handleError(function (arg0, arg1, arg2) {
            const ret = Reflect.set(arg0, arg1, arg2);
            return ret;
        }, arguments); },
        __wbg_set_capture_7526a72933d6e405: function(arg0, arg1) {
            arg0.capture = arg1 !== 0;
        },
        __wbg_set_once_ee3e8ed5823add1f: function(arg0, arg1) {
            arg0.once = arg1 !== 0;
        },
        __wbg_set_passive_ac655beafedbb0a5: function(arg0, arg1) {
            arg0.passive = arg1 !== 0;
        },
        __wbg_static_accessor_GLOBAL_THIS_003ee833af9699fc: function() {
            const ret = typeof globalThis === 'undefined' ? undefined : globalThis;
            return isLikeNone(ret) ? 0 : addToExternrefTable0(ret);
        },
        __wbg_static_accessor_GLOBAL_e4293fb22cbe77da: function() {
            const ret = typeof global === 'undefined' ? undefined : global;
            return isLikeNone(ret) ? 0 : addToExternrefTable0(ret);
        },
        __wbg_static_accessor_SELF_53bb20457401453d: function() {
            const ret = typeof self === 'undefined' ? undefined : self;
            return isLikeNone(ret) ? 0 : addToExternrefTable0(ret);
        },
        __wbg_static_accessor_WINDOW_b5e0810bfecb7feb: function() {
            const ret = typeof window === 'undefined' ? undefined : window;
            return isLikeNone(ret) ? 0 : addToExternrefTable0(ret);
        },
        __wbg_then_656f253a5dd7d8ea: function(arg0, arg1, arg2) {
            const ret = arg0.then(arg1, arg2);
            return ret;
        },
        __wbg_then_e3f7f2d365708be8: function(arg0, arg1) {
            const ret = arg0.then(arg1);
            return ret;
        },
        __wbg_timeOrigin_8402c1d2014ef1ea: function(arg0) {
            const ret = arg0.timeOrigin;
            return ret;
        },
        __wbg_wait_e2865064bee94744: function() { return handleError(function (arg0, arg1, arg2, arg3) {
            const ret = Atomics.wait(arg0, arg1 >>> 0, arg2, arg3);
            return ret;
        }, arguments); },
        __wbindgen_generic_0000000000000001: function(arg0, arg1) {
            // Cast intrinsic for `Closure(Closure { owned: true, function: Function { arguments: [Externref], shim_idx: 60, ret: Result(Unit), inner_ret: Some(Result(Unit)) }, mutable: true }) -> Externref`.
            const ret = makeMutClosure(arg0, arg1, wasm_bindgen__convert__closures_____invoke__h60702a48838d1764);
            return ret;
        },
        __wbindgen_generic_0000000000000002: function(arg0, arg1) {
            // Cast intrinsic for `Closure(Closure { owned: true, function: Function { arguments: [Ref(NamedExternref("Event"))], shim_idx: 52, ret: Unit, inner_ret: Some(Unit) }, mutable: true }) -> Externref`.
            const ret = makeMutClosure(arg0, arg1, wasm_bindgen__convert__closures________invoke__h016c20c5d80e9401);
            return ret;
        },
        __wbindgen_generic_0000000000000003: function(arg0) {
            // Cast intrinsic for `F64 -> Externref`.
            const ret = arg0;
            return ret;
        },
        __wbindgen_generic_0000000000000004: function(arg0, arg1) {
            // Cast intrinsic for `Ref(String) -> Externref`.
            const ret = getStringFromWasm0(arg0, arg1);
            return ret;
        },
        __wbindgen_init_externref_table: function() {
            const table = wasm.__wbindgen_externrefs;
            table.set(0, undefined);
            table.set(1024, undefined);
            table.set(1025, null);
            table.set(1026, true);
            table.set(1027, false);
        },
    };
    return {
        __proto__: null,
        "./wasi_web_bg.js": import0,
    };
}

function wasm_bindgen__convert__closures________invoke__h016c20c5d80e9401(arg0, arg1, arg2) {
    wasm.wasm_bindgen__convert__closures________invoke__h016c20c5d80e9401(arg0, arg1, arg2);
}

function wasm_bindgen__convert__closures_____invoke__h60702a48838d1764(arg0, arg1, arg2) {
    const ret = wasm.wasm_bindgen__convert__closures_____invoke__h60702a48838d1764(arg0, arg1, arg2);
    if (ret[1]) {
        throw takeFromExternrefTable0(ret[0]);
    }
}

function wasm_bindgen__convert__closures_____invoke__hb98d63cc49481475(arg0, arg1, arg2, arg3) {
    wasm.wasm_bindgen__convert__closures_____invoke__hb98d63cc49481475(arg0, arg1, arg2, arg3);
}

const RunResultFinalization = (typeof FinalizationRegistry === 'undefined')
    ? { register: () => {}, unregister: () => {} }
    : new FinalizationRegistry(ptr => wasm.__wbg_runresult_free(ptr, 1));
const WasiHostFinalization = (typeof FinalizationRegistry === 'undefined')
    ? { register: () => {}, unregister: () => {} }
    : new FinalizationRegistry(ptr => wasm.__wbg_wasihost_free(ptr, 1));

function addToExternrefTable0(obj) {
    const idx = wasm.__externref_table_alloc();
    wasm.__wbindgen_externrefs.set(idx, obj);
    return idx;
}

const CLOSURE_DTORS = (typeof FinalizationRegistry === 'undefined')
    ? { register: () => {}, unregister: () => {} }
    : new FinalizationRegistry(state => wasm.__wbindgen_destroy_closure(state.a, state.b));

function debugString(val) {
    switch (typeof val) {
        // primitive types
        case 'number':
        case 'boolean':
        case 'undefined':
        return `${val}`;
        case 'string':
        return JSON.stringify(val);
        case 'bigint':
        return `${val}n`;
        case 'symbol':
        return val.description !== undefined
            ? `Symbol(${val.description})`
            : 'Symbol';
        case 'function':
        return typeof val.name === 'string' && val.name !== ''
            ? `Function(${val.name})`
            : 'Function';
        case 'object': {
            if (val === null) {
                return 'null';
            }
            // objects
            if (Array.isArray(val)) {
                return '[' + Array.from(val, debugString).join(', ') + ']';
            }
            // errors
            if (val instanceof Error) {
                return `${val.name}: ${val.message}\n${val.stack}`;
            }

            const toStringOutput = toString.call(val);
            // Test for built-in
            const className = /\[object ([^\]]+)\]/.exec(toStringOutput)?.[1];

            // Failed to match the standard '[object ClassName]'
            if (className === undefined) {
                return toStringOutput;
            }
            if (className === 'Object') {
                // we're a user defined class or Object
                // JSON.stringify avoids problems with cycles, and is generally much
                // easier than looping through ownProperties of `val`.
                try {
                    return 'Object(' + JSON.stringify(val) + ')';
                } catch (_) {
                    return 'Object';
                }
            }
            // TODO we could test for more things here, like `Set`s and `Map`s.
            return className;
        }
        // Per MDN: 'This list of values is exhaustive.'
        // https://developer.mozilla.org/en-US/docs/Web/JavaScript/Reference/Operators/typeof#description
    }
}

function getArrayU8FromWasm0(ptr, len) {
    ptr = ptr >>> 0;
    return getUint8ArrayMemory0().subarray(ptr / 1, ptr / 1 + len);
}

let cachedDataViewMemory0 = null;
function getDataViewMemory0() {
    if (cachedDataViewMemory0 === null || cachedDataViewMemory0.buffer.detached === true || (cachedDataViewMemory0.buffer.detached === undefined && cachedDataViewMemory0.buffer !== wasm.memory.buffer)) {
        cachedDataViewMemory0 = new DataView(wasm.memory.buffer);
    }
    return cachedDataViewMemory0;
}

function getStringFromWasm0(ptr, len) {
    ptr = ptr >>> 0;
    return decodeText(getUint8ArrayMemory0().subarray(ptr, ptr + len));
}

let cachedUint8ArrayMemory0 = null;
function getUint8ArrayMemory0() {
    if (cachedUint8ArrayMemory0 === null || cachedUint8ArrayMemory0.byteLength === 0) {
        cachedUint8ArrayMemory0 = new Uint8Array(wasm.memory.buffer);
    }
    return cachedUint8ArrayMemory0;
}

function handleError(f, args) {
    try {
        return f.apply(this, args);
    } catch (e) {
        const idx = addToExternrefTable0(e);
        wasm.__wbindgen_exn_store(idx);
    }
}

function isLikeNone(x) {
    return x === undefined || x === null;
}

function makeMutClosure(arg0, arg1, f) {
    const state = { a: arg0, b: arg1, cnt: 1 };
    const real = (...args) => {

        // First up with a closure we increment the internal reference
        // count. This ensures that the Rust closure environment won't
        // be deallocated while we're invoking it.
        state.cnt++;
        const a = state.a;
        state.a = 0;
        try {
            return f(a, state.b, ...args);
        } finally {
            state.a = a;
            real._wbg_cb_unref();
        }
    };
    real._wbg_cb_unref = () => {
        if (--state.cnt === 0) {
            wasm.__wbindgen_destroy_closure(state.a, state.b);
            state.a = 0;
            CLOSURE_DTORS.unregister(state);
        }
    };
    CLOSURE_DTORS.register(real, state, state);
    return real;
}

function passArray8ToWasm0(arg, malloc) {
    const ptr = malloc(arg.length * 1, 1) >>> 0;
    getUint8ArrayMemory0().set(arg, ptr / 1);
    WASM_VECTOR_LEN = arg.length;
    return ptr;
}

function passStringToWasm0(arg, malloc, realloc) {
    if (realloc === undefined) {
        const buf = cachedTextEncoder.encode(arg);
        const ptr = malloc(buf.length, 1) >>> 0;
        getUint8ArrayMemory0().subarray(ptr, ptr + buf.length).set(buf);
        WASM_VECTOR_LEN = buf.length;
        return ptr;
    }

    let len = arg.length;
    let ptr = malloc(len, 1) >>> 0;

    const mem = getUint8ArrayMemory0();

    let offset = 0;

    for (; offset < len; offset++) {
        const code = arg.charCodeAt(offset);
        if (code > 0x7F) break;
        mem[ptr + offset] = code;
    }
    if (offset !== len) {
        if (offset !== 0) {
            arg = arg.slice(offset);
        }
        ptr = realloc(ptr, len, len = offset + arg.length * 3, 1) >>> 0;
        const view = getUint8ArrayMemory0().subarray(ptr + offset, ptr + len);
        const ret = cachedTextEncoder.encodeInto(arg, view);

        offset += ret.written;
        ptr = realloc(ptr, len, offset, 1) >>> 0;
    }

    WASM_VECTOR_LEN = offset;
    return ptr;
}

function takeFromExternrefTable0(idx) {
    const value = wasm.__wbindgen_externrefs.get(idx);
    wasm.__externref_table_dealloc(idx);
    return value;
}

let cachedTextDecoder = new TextDecoder('utf-8', { ignoreBOM: true });
cachedTextDecoder.decode();
const MAX_SAFARI_DECODE_BYTES = 2146435072;
let numBytesDecoded = 0;
function decodeText(bytes) {
    numBytesDecoded += bytes.length;
    if (numBytesDecoded >= MAX_SAFARI_DECODE_BYTES) {
        cachedTextDecoder = new TextDecoder('utf-8', { ignoreBOM: true });
        cachedTextDecoder.decode();
        numBytesDecoded = bytes.length;
    }
    return cachedTextDecoder.decode(bytes);
}

const cachedTextEncoder = new TextEncoder();

if (!('encodeInto' in cachedTextEncoder)) {
    cachedTextEncoder.encodeInto = function (arg, view) {
        const buf = cachedTextEncoder.encode(arg);
        view.set(buf);
        return {
            read: arg.length,
            written: buf.length
        };
    };
}

let WASM_VECTOR_LEN = 0;

let wasmModule, wasmInstance, wasm;
function __wbg_finalize_init(instance, module) {
    wasmInstance = instance;
    wasm = instance.exports;
    wasmModule = module;
    cachedDataViewMemory0 = null;
    cachedUint8ArrayMemory0 = null;
    wasm.__wbindgen_start();
    return wasm;
}

async function __wbg_load(module, imports) {
    if (typeof Response === 'function' && module instanceof Response) {
        if (!module.ok) {
            throw new Error(`failed to fetch Wasm: ${module.status} ${module.statusText} fetching '${module.url}'`);
        }

        if (typeof WebAssembly.instantiateStreaming === 'function') {
            try {
                return await WebAssembly.instantiateStreaming(module, imports);
            } catch (e) {
                const validResponse = expectedResponseType(module.type);

                if (validResponse && module.headers.get('Content-Type') !== 'application/wasm') {
                    console.warn("`WebAssembly.instantiateStreaming` failed because your server does not serve Wasm with `application/wasm` MIME type. Falling back to `WebAssembly.instantiate` which is slower. Original error:\n", e);

                } else { throw e; }
            }
        }

        const bytes = await module.arrayBuffer();
        return await WebAssembly.instantiate(bytes, imports);
    } else {
        const instance = await WebAssembly.instantiate(module, imports);

        if (instance instanceof WebAssembly.Instance) {
            return { instance, module };
        } else {
            return instance;
        }
    }

    function expectedResponseType(type) {
        switch (type) {
            case 'basic': case 'cors': case 'default': return true;
        }
        return false;
    }
}

function initSync(module) {
    if (wasm !== undefined) return wasm;


    if (module !== undefined) {
        if (Object.getPrototypeOf(module) === Object.prototype) {
            ({module} = module)
        } else {
            console.warn('using deprecated parameters for `initSync()`; pass a single object instead')
        }
    }

    const imports = __wbg_get_imports();
    if (!(module instanceof WebAssembly.Module)) {
        module = new WebAssembly.Module(module);
    }
    const instance = new WebAssembly.Instance(module, imports);
    return __wbg_finalize_init(instance, module);
}

let __wbg_init_promise;
async function __wbg_init(module_or_path) {
    if (wasm !== undefined) return wasm;
    if (__wbg_init_promise === undefined) {
        __wbg_init_promise = __wbg_init_once(module_or_path);
        __wbg_init_promise.catch(() => { __wbg_init_promise = undefined; });
    }
    return __wbg_init_promise;
}

async function __wbg_init_once(module_or_path) {

    if (module_or_path !== undefined) {
        if (Object.getPrototypeOf(module_or_path) === Object.prototype) {
            ({module_or_path} = module_or_path)
        } else {
            console.warn('using deprecated parameters for the initialization function; pass a single object instead')
        }
    }

    if (module_or_path === undefined) {
        module_or_path = new URL('wasi_web_bg.wasm', import.meta.url);
    }
    const imports = __wbg_get_imports();

    if (typeof module_or_path === 'string' || (typeof Request === 'function' && module_or_path instanceof Request) || (typeof URL === 'function' && module_or_path instanceof URL)) {
        module_or_path = fetch(module_or_path);
    }

    const { instance, module } = await __wbg_load(await module_or_path, imports);

    return __wbg_finalize_init(instance, module);
}

export { initSync, __wbg_init as default };
