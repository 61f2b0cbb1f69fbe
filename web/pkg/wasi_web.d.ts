/* tslint:disable */
/* eslint-disable */

/**
 * How a run ended, what it printed, and the filesystem it left behind.
 */
export class RunResult {
    private constructor();
    free(): void;
    [Symbol.dispose](): void;
    /**
     * The whole tree under a guest directory as nested objects (files are `Uint8Array`s,
     * symlinks `{symlink: target}`), or every preopen when no path is given.
     */
    files(path?: string | null): any;
    /**
     * The contents of a file the program left, by guest path (`/data/out.txt`).
     */
    readFile(path: string): Uint8Array | undefined;
    /**
     * How this run blocked: `atomics`, `jspi` or `spin`.
     */
    readonly blocking: string;
    /**
     * Why the module could not run at all (not wasm, not WASI, a missing import...).
     */
    readonly error: string | undefined;
    /**
     * The exit status (`proc_exit`, or 0 when `_start` returned); undefined on trap or error.
     */
    readonly exitCode: number | undefined;
    /**
     * The limit that ended the run (`"memory"`), when one did.
     */
    readonly limit: string | undefined;
    /**
     * `{pollCalls, spinIterations}`: how often the guest polled, and how often the host had
     * to busy-wait because it could not block.
     */
    readonly stats: any;
    /**
     * One line for humans: `exit 0`, `trap: ...`, `error: ...`.
     */
    readonly status: string;
    readonly stderr: Uint8Array;
    readonly stdout: Uint8Array;
    /**
     * `{compileMs, instantiateMs, runMs}` of this run.
     */
    readonly timings: any;
    /**
     * The trap message when the guest crashed (e.g. `RuntimeError: unreachable`).
     */
    readonly trap: string | undefined;
}

export class WasiHost {
    private constructor();
    free(): void;
    [Symbol.dispose](): void;
    args_get(argv: number, buf: number): number;
    args_sizes_get(count: number, size: number): number;
    clock_res_get(id: number, out: number): number;
    clock_time_get(id: number, precision: bigint, out: number): number;
    environ_get(environ: number, buf: number): number;
    environ_sizes_get(count: number, size: number): number;
    fd_advise(fd: number, offset: bigint, len: bigint, advice: number): number;
    fd_allocate(fd: number, offset: bigint, len: bigint): number;
    fd_close(fd: number): number;
    fd_datasync(fd: number): number;
    fd_fdstat_get(fd: number, out: number): number;
    fd_fdstat_set_flags(fd: number, flags: number): number;
    fd_fdstat_set_rights(fd: number, base: bigint, inheriting: bigint): number;
    fd_filestat_get(fd: number, out: number): number;
    fd_filestat_set_size(fd: number, size: bigint): number;
    fd_filestat_set_times(fd: number, atim: bigint, mtim: bigint, flags: number): number;
    /**
     * For a suspending fd_read: whether `fd` is stdin (it may have been renumbered).
     */
    fd_is_stdin(fd: number): boolean;
    fd_pread(fd: number, iovs: number, iovs_len: number, offset: bigint, out: number): number;
    fd_prestat_dir_name(fd: number, path: number, path_len: number): number;
    fd_prestat_get(fd: number, out: number): number;
    fd_pwrite(fd: number, iovs: number, iovs_len: number, offset: bigint, out: number): number;
    fd_read(fd: number, iovs: number, iovs_len: number, out: number): number;
    fd_readdir(fd: number, buf: number, buf_len: number, cookie: bigint, out: number): number;
    fd_renumber(from: number, to: number): number;
    fd_seek(fd: number, offset: bigint, whence: number, out: number): number;
    fd_sync(fd: number): number;
    fd_tell(fd: number, out: number): number;
    fd_write(fd: number, iovs: number, iovs_len: number, out: number): number;
    p0_fd_filestat_get(fd: number, out: number): number;
    p0_fd_seek(fd: number, offset: bigint, whence: number, out: number): number;
    p0_path_filestat_get(fd: number, flags: number, path: number, path_len: number, out: number): number;
    p0_poll_oneoff(subs: number, events: number, nsubs: number, out: number): number;
    path_create_directory(fd: number, path: number, path_len: number): number;
    path_filestat_get(fd: number, flags: number, path: number, path_len: number, out: number): number;
    path_filestat_set_times(fd: number, flags: number, path: number, path_len: number, atim: bigint, mtim: bigint, fst_flags: number): number;
    path_link(old_fd: number, old_flags: number, old_path: number, old_len: number, new_fd: number, new_path: number, new_len: number): number;
    path_open(fd: number, dirflags: number, path: number, path_len: number, oflags: number, base: bigint, inheriting: bigint, fdflags: number, out: number): number;
    path_readlink(fd: number, path: number, path_len: number, buf: number, buf_len: number, out: number): number;
    path_remove_directory(fd: number, path: number, path_len: number): number;
    path_rename(fd: number, old_path: number, old_len: number, new_fd: number, new_path: number, new_len: number): number;
    path_symlink(old_path: number, old_len: number, fd: number, new_path: number, new_len: number): number;
    path_unlink_file(fd: number, path: number, path_len: number): number;
    poll_oneoff(subs: number, events: number, nsubs: number, out: number): number;
    /**
     * For a suspending poll_oneoff: milliseconds it would wait (Infinity: for stdin only).
     */
    poll_wait_ms(subs: number, nsubs: number, preview0: boolean): number;
    /**
     * For a suspending poll_oneoff: whether it waits for stdin.
     */
    poll_watches_stdin(subs: number, nsubs: number, preview0: boolean): boolean;
    /**
     * Records the exit status and returns; the JS wrapper then throws `WasiExit`.
     */
    proc_exit(code: number): void;
    proc_raise(signal: number): number;
    random_get(buf: number, len: number): number;
    sched_yield(): number;
    sock_accept(fd: number, flags: number, out: number): number;
    sock_recv(fd: number, iovs: number, iovs_len: number, flags: number, out: number, oflags: number): number;
    sock_send(fd: number, iovs: number, iovs_len: number, flags: number, out: number): number;
    sock_shutdown(fd: number, how: number): number;
}

/**
 * What a module is, for a page to show before running it (or why it cannot run).
 */
export function inspect(bytes: Uint8Array | number[]): any;

/**
 * Runs a WASI module.
 *
 * `module`: the module's bytes (`Uint8Array`, `ArrayBuffer`, `Blob`/`File`).
 * `options`: `{ args, env, stdin, dirs, stdout, stderr }` — see the README.
 * Never throws for a bad module: the result's `error` says what was wrong.
 */
export function run(module: any, options: any): Promise<RunResult>;

export type InitInput = RequestInfo | URL | Response | BufferSource | WebAssembly.Module;

export interface InitOutput {
    readonly memory: WebAssembly.Memory;
    readonly __wbg_runresult_free: (a: number, b: number) => void;
    readonly __wbg_wasihost_free: (a: number, b: number) => void;
    readonly inspect: (a: number, b: number) => [number, number, number];
    readonly run: (a: any, b: any) => any;
    readonly runresult_blocking: (a: number) => [number, number];
    readonly runresult_error: (a: number) => [number, number];
    readonly runresult_exitCode: (a: number) => number;
    readonly runresult_files: (a: number, b: number, c: number) => any;
    readonly runresult_limit: (a: number) => [number, number];
    readonly runresult_readFile: (a: number, b: number, c: number) => any;
    readonly runresult_stats: (a: number) => any;
    readonly runresult_status: (a: number) => [number, number];
    readonly runresult_stderr: (a: number) => any;
    readonly runresult_stdout: (a: number) => any;
    readonly runresult_timings: (a: number) => any;
    readonly runresult_trap: (a: number) => [number, number];
    readonly wasihost_args_get: (a: number, b: number, c: number) => number;
    readonly wasihost_args_sizes_get: (a: number, b: number, c: number) => number;
    readonly wasihost_clock_res_get: (a: number, b: number, c: number) => number;
    readonly wasihost_clock_time_get: (a: number, b: number, c: bigint, d: number) => number;
    readonly wasihost_environ_get: (a: number, b: number, c: number) => number;
    readonly wasihost_environ_sizes_get: (a: number, b: number, c: number) => number;
    readonly wasihost_fd_advise: (a: number, b: number, c: bigint, d: bigint, e: number) => number;
    readonly wasihost_fd_allocate: (a: number, b: number, c: bigint, d: bigint) => number;
    readonly wasihost_fd_close: (a: number, b: number) => number;
    readonly wasihost_fd_datasync: (a: number, b: number) => number;
    readonly wasihost_fd_fdstat_get: (a: number, b: number, c: number) => number;
    readonly wasihost_fd_fdstat_set_flags: (a: number, b: number, c: number) => number;
    readonly wasihost_fd_fdstat_set_rights: (a: number, b: number, c: bigint, d: bigint) => number;
    readonly wasihost_fd_filestat_get: (a: number, b: number, c: number) => number;
    readonly wasihost_fd_filestat_set_size: (a: number, b: number, c: bigint) => number;
    readonly wasihost_fd_filestat_set_times: (a: number, b: number, c: bigint, d: bigint, e: number) => number;
    readonly wasihost_fd_is_stdin: (a: number, b: number) => number;
    readonly wasihost_fd_pread: (a: number, b: number, c: number, d: number, e: bigint, f: number) => number;
    readonly wasihost_fd_prestat_dir_name: (a: number, b: number, c: number, d: number) => number;
    readonly wasihost_fd_prestat_get: (a: number, b: number, c: number) => number;
    readonly wasihost_fd_pwrite: (a: number, b: number, c: number, d: number, e: bigint, f: number) => number;
    readonly wasihost_fd_read: (a: number, b: number, c: number, d: number, e: number) => number;
    readonly wasihost_fd_readdir: (a: number, b: number, c: number, d: number, e: bigint, f: number) => number;
    readonly wasihost_fd_renumber: (a: number, b: number, c: number) => number;
    readonly wasihost_fd_seek: (a: number, b: number, c: bigint, d: number, e: number) => number;
    readonly wasihost_fd_sync: (a: number, b: number) => number;
    readonly wasihost_fd_tell: (a: number, b: number, c: number) => number;
    readonly wasihost_fd_write: (a: number, b: number, c: number, d: number, e: number) => number;
    readonly wasihost_p0_fd_filestat_get: (a: number, b: number, c: number) => number;
    readonly wasihost_p0_fd_seek: (a: number, b: number, c: bigint, d: number, e: number) => number;
    readonly wasihost_p0_path_filestat_get: (a: number, b: number, c: number, d: number, e: number, f: number) => number;
    readonly wasihost_p0_poll_oneoff: (a: number, b: number, c: number, d: number, e: number) => number;
    readonly wasihost_path_create_directory: (a: number, b: number, c: number, d: number) => number;
    readonly wasihost_path_filestat_get: (a: number, b: number, c: number, d: number, e: number, f: number) => number;
    readonly wasihost_path_filestat_set_times: (a: number, b: number, c: number, d: number, e: number, f: bigint, g: bigint, h: number) => number;
    readonly wasihost_path_link: (a: number, b: number, c: number, d: number, e: number, f: number, g: number, h: number) => number;
    readonly wasihost_path_open: (a: number, b: number, c: number, d: number, e: number, f: number, g: bigint, h: bigint, i: number, j: number) => number;
    readonly wasihost_path_readlink: (a: number, b: number, c: number, d: number, e: number, f: number, g: number) => number;
    readonly wasihost_path_remove_directory: (a: number, b: number, c: number, d: number) => number;
    readonly wasihost_path_rename: (a: number, b: number, c: number, d: number, e: number, f: number, g: number) => number;
    readonly wasihost_path_symlink: (a: number, b: number, c: number, d: number, e: number, f: number) => number;
    readonly wasihost_path_unlink_file: (a: number, b: number, c: number, d: number) => number;
    readonly wasihost_poll_oneoff: (a: number, b: number, c: number, d: number, e: number) => number;
    readonly wasihost_poll_wait_ms: (a: number, b: number, c: number, d: number) => number;
    readonly wasihost_poll_watches_stdin: (a: number, b: number, c: number, d: number) => number;
    readonly wasihost_proc_exit: (a: number, b: number) => void;
    readonly wasihost_proc_raise: (a: number, b: number) => number;
    readonly wasihost_random_get: (a: number, b: number, c: number) => number;
    readonly wasihost_sched_yield: (a: number) => number;
    readonly wasihost_sock_accept: (a: number, b: number, c: number, d: number) => number;
    readonly wasihost_sock_recv: (a: number, b: number, c: number, d: number, e: number, f: number, g: number) => number;
    readonly wasihost_sock_send: (a: number, b: number, c: number, d: number, e: number, f: number) => number;
    readonly wasihost_sock_shutdown: (a: number, b: number, c: number) => number;
    readonly wasm_bindgen__convert__closures_____invoke__h60702a48838d1764: (a: number, b: number, c: any) => [number, number];
    readonly wasm_bindgen__convert__closures_____invoke__hb98d63cc49481475: (a: number, b: number, c: any, d: any) => void;
    readonly wasm_bindgen__convert__closures________invoke__h016c20c5d80e9401: (a: number, b: number, c: any) => void;
    readonly __wbindgen_malloc: (a: number, b: number) => number;
    readonly __wbindgen_realloc: (a: number, b: number, c: number, d: number) => number;
    readonly __wbindgen_free: (a: number, b: number, c: number) => void;
    readonly __wbindgen_exn_store: (a: number) => void;
    readonly __externref_table_alloc: () => number;
    readonly __wbindgen_externrefs: WebAssembly.Table;
    readonly __wbindgen_destroy_closure: (a: number, b: number) => void;
    readonly __externref_table_dealloc: (a: number) => void;
    readonly __wbindgen_start: () => void;
}

export type SyncInitInput = BufferSource | WebAssembly.Module;

/**
 * Instantiates the given `module`, which can either be bytes or
 * a precompiled `WebAssembly.Module`.
 *
 * @param {{ module: SyncInitInput }} module - Passing `SyncInitInput` directly is deprecated.
 *
 * @returns {InitOutput}
 */
export function initSync(module: { module: SyncInitInput } | SyncInitInput): InitOutput;

/**
 * If `module_or_path` is {RequestInfo} or {URL}, makes a request and
 * for everything else, calls `WebAssembly.instantiate` directly.
 *
 * @param {{ module_or_path: InitInput | Promise<InitInput> }} module_or_path - Passing `InitInput` directly is deprecated.
 *
 * @returns {Promise<InitOutput>}
 */
export default function __wbg_init (module_or_path?: { module_or_path: InitInput | Promise<InitInput> } | InitInput | Promise<InitInput>): Promise<InitOutput>;
