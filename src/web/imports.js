// The import object handed to WebAssembly.instantiate: each WASI function forwards its raw
// arguments to the matching WasiHost method (Rust), which returns the errno.
//
// proc_exit is the one import that must not return to the guest. Rust records the status and
// returns normally; only then does this wrapper throw, so the exception unwinds through guest
// frames but never through Rust frames (DESIGN.md, "Never unwind").
//
// Under JSPI, the two imports that can wait (fd_read on stdin, poll_oneoff) are Suspending:
// they await input or a timer first, then make the real call, which no longer has to wait.

export class WasiExit extends Error {
  constructor(code) {
    super(`exit ${code}`);
    this.name = "WasiExit";
    this.code = code;
  }
}

const PREVIEW1 = [
  "args_get", "args_sizes_get", "environ_get", "environ_sizes_get", "clock_res_get",
  "clock_time_get", "fd_advise", "fd_allocate", "fd_close", "fd_datasync", "fd_fdstat_get",
  "fd_fdstat_set_flags", "fd_fdstat_set_rights", "fd_filestat_get", "fd_filestat_set_size",
  "fd_filestat_set_times", "fd_pread", "fd_prestat_get", "fd_prestat_dir_name", "fd_pwrite",
  "fd_read", "fd_readdir", "fd_renumber", "fd_seek", "fd_sync", "fd_tell", "fd_write",
  "path_create_directory", "path_filestat_get", "path_filestat_set_times", "path_link",
  "path_open", "path_readlink", "path_remove_directory", "path_rename", "path_symlink",
  "path_unlink_file", "poll_oneoff", "proc_raise", "sched_yield", "random_get",
  "sock_accept", "sock_recv", "sock_send", "sock_shutdown",
];

// wasi_unstable calls whose layout or constants differ from preview1.
const PREVIEW0_OWN = ["fd_seek", "fd_filestat_get", "path_filestat_get", "poll_oneoff"];

const never = new Promise(() => {});
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function suspending(host, jspi, p1, p0) {
  const readable = () => (jspi.readable ? jspi.readable() : Promise.resolve());
  const poll = (preview0, call) =>
    new WebAssembly.Suspending(async (subs, events, n, out) => {
      const ms = host.poll_wait_ms(subs, n, preview0);
      if (ms > 0) {
        const input = host.poll_watches_stdin(subs, n, preview0) ? readable() : never;
        await Promise.race([ms === Infinity ? never : sleep(ms), input]);
      }
      return call(subs, events, n, out);
    });
  const read = new WebAssembly.Suspending(async (fd, iovs, n, out) => {
    if (host.fd_is_stdin(fd)) await readable();
    return host.fd_read(fd, iovs, n, out);
  });
  p1.poll_oneoff = poll(false, host.poll_oneoff.bind(host));
  p0.poll_oneoff = poll(true, host.p0_poll_oneoff.bind(host));
  p1.fd_read = read;
  p0.fd_read = read;
}

export class WasiLimit extends Error {
  constructor(kind) {
    super(`${kind} limit`);
    this.name = "WasiLimit";
  }
}

// Must equal host.rs MEMORY_LIMIT_HIT: not an errno, the signal to stop the guest.
const MEMORY_LIMIT_HIT = 0x10000;

/** With a memory limit, every import ends the run once the host reports it exceeded. */
function enforceMemoryLimit(imports) {
  for (const table of Object.values(imports)) {
    for (const [name, f] of Object.entries(table)) {
      table[name] = (...args) => {
        const r = f(...args);
        if (r === MEMORY_LIMIT_HIT) throw new WasiLimit("memory");
        return r;
      };
    }
  }
}

export function build_imports(host, jspi, memory_limited) {
  const p1 = {};
  for (const name of PREVIEW1) {
    p1[name] = host[name].bind(host);
  }
  p1.proc_exit = (code) => {
    host.proc_exit(code);
    throw new WasiExit(code >>> 0);
  };
  const p0 = { ...p1 };
  delete p0.sock_accept;
  for (const name of PREVIEW0_OWN) {
    p0[name] = host["p0_" + name].bind(host);
  }
  const imports = { wasi_snapshot_preview1: p1, wasi_unstable: p0 };
  // Suspending imports stay as they are (wrapping one in a plain function would break JSPI);
  // they are only fd_read and poll_oneoff, and every other call still checks.
  if (memory_limited) enforceMemoryLimit(imports);
  if (jspi) {
    suspending(host, jspi, p1, p0);
  }
  return imports;
}

export function call_entry(entry, jspi) {
  return jspi ? WebAssembly.promising(entry)() : entry();
}

// Copies guest bytes into a Rust buffer in one call (wasm-bindgen passes `dest` as a view of
// the host's memory).
export function copy_from_guest(view, src, dest) {
  dest.set(view.subarray(src, src + dest.length));
}

export function copy_to_guest(view, dest, src) {
  view.set(src, dest);
}
