// The import object handed to WebAssembly.instantiate: each WASI function forwards its raw
// arguments to the host's matching `wasi_<name>` export (Rust, src/web/host.rs), first the
// run's handle, and returns the errno. Plain closures, not wasm-bindgen methods: one JS frame
// between the guest and the host per call.
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
// Waits at least `ms`, as the clock the core then reads sees it: timers may truncate a
// fractional delay, and a coarsened performance.now() (1 ms in Firefox without isolation) can
// lag the timer, either of which left the real poll a sub-millisecond remainder to spin on.
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, Math.ceil(ms) + 1));

function suspending(host, run, jspi, p1, p0) {
  const readable = () => (jspi.readable ? jspi.readable() : Promise.resolve());
  const poll = (preview0, call) =>
    new WebAssembly.Suspending(async (subs, events, n, out) => {
      const ms = host.wasi_poll_wait_ms(run, subs, n, preview0);
      if (ms > 0) {
        const input = host.wasi_poll_watches_stdin(run, subs, n, preview0) ? readable() : never;
        await Promise.race([ms === Infinity ? never : sleep(ms), input]);
      }
      return call(subs, events, n, out);
    });
  const read = new WebAssembly.Suspending(async (fd, iovs, n, out) => {
    if (host.wasi_fd_is_stdin(run, fd)) await readable();
    return host.wasi_fd_read(run, fd, iovs, n, out);
  });
  p1.poll_oneoff = poll(0, p1.poll_oneoff);
  p0.poll_oneoff = poll(1, p0.poll_oneoff);
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

// `(a, b) => f(run, a, b)` with the export's own arity: a fixed-arity closure is what engines
// call fastest from wasm (a rest/spread or bound function is slower).
function withRun(f, run) {
  switch (f.length - 1) {
    case 0: return () => f(run);
    case 1: return (a) => f(run, a);
    case 2: return (a, b) => f(run, a, b);
    case 3: return (a, b, c) => f(run, a, b, c);
    case 4: return (a, b, c, d) => f(run, a, b, c, d);
    case 5: return (a, b, c, d, e) => f(run, a, b, c, d, e);
    case 6: return (a, b, c, d, e, g) => f(run, a, b, c, d, e, g);
    case 7: return (a, b, c, d, e, g, h) => f(run, a, b, c, d, e, g, h);
    default: return (...args) => f(run, ...args);
  }
}

export function build_imports(host, run, jspi, memory_limited) {
  hostMemory = host.memory;
  const p1 = {};
  for (const name of PREVIEW1) {
    p1[name] = withRun(host["wasi_" + name], run);
  }
  p1.proc_exit = (code) => {
    host.wasi_proc_exit(run, code);
    throw new WasiExit(code >>> 0);
  };
  const p0 = { ...p1 };
  delete p0.sock_accept;
  for (const name of PREVIEW0_OWN) {
    p0[name] = withRun(host["wasi_p0_" + name], run);
  }
  const imports = { wasi_snapshot_preview1: p1, wasi_unstable: p0 };
  // Suspending imports stay as they are (wrapping one in a plain function would break JSPI);
  // they are only fd_read and poll_oneoff, and every other call still checks.
  if (memory_limited) enforceMemoryLimit(imports);
  if (jspi) {
    suspending(host, run, jspi, p1, p0);
  }
  return imports;
}

// Guest memory for the host (src/web/memory.rs): views kept here and renewed when growth
// detaches them (a detached view has length 0), so the host never holds a stale one.
export function guest_memory(memory) {
  return { memory, bytes: new Uint8Array(0), data: null };
}

// `memory` is null until the instance exists: the size is 0 then, so every access is EFAULT.
function guestBytes(mem) {
  if (mem.bytes.byteLength === 0 && mem.memory) {
    mem.bytes = new Uint8Array(mem.memory.buffer);
    mem.data = new DataView(mem.memory.buffer);
  }
  return mem.bytes;
}

export function guest_size(mem) {
  return guestBytes(mem).length;
}

export function guest_read_u32(mem, ptr) {
  guestBytes(mem);
  return mem.data.getUint32(ptr, true);
}

export function guest_write_u32(mem, ptr, value) {
  guestBytes(mem);
  mem.data.setUint32(ptr, value, true);
}

export function guest_write_u64(mem, ptr, low, high) {
  guestBytes(mem);
  mem.data.setUint32(ptr, low, true);
  mem.data.setUint32(ptr + 4, high, true);
}

// Copies by raw pointer into the host's own memory (its view renewed the same way): no typed
// array is allocated per call.
let hostMemory = null;
let hostBytes = new Uint8Array(0);

function hostView() {
  if (hostBytes.byteLength === 0) hostBytes = new Uint8Array(hostMemory.buffer);
  return hostBytes;
}

const SMALL_COPY = 64;

/** `len` bytes from `from[src..]` to `to[dest..]`; small copies, the common case for stdio,
 * are a plain loop rather than a subarray allocated per call. */
function copyBytes(from, src, to, dest, len) {
  if (len <= SMALL_COPY) {
    for (let i = 0; i < len; i++) to[dest + i] = from[src + i];
  } else {
    to.set(from.subarray(src, src + len), dest);
  }
}

export function copy_from_guest(mem, src, dest, len) {
  copyBytes(guestBytes(mem), src, hostView(), dest, len);
}

export function copy_to_guest(mem, dest, src, len) {
  copyBytes(hostView(), src, guestBytes(mem), dest, len);
}

// Fault, total over u32, or "needs N bytes of room" (NEEDS - N): see memory.rs.
const GATHER_FAULT = -1;
const GATHER_TOO_LONG = -2;
const GATHER_NEEDS = -3;

// fd_write's whole read side in one call: the iovec list, its checks (EFAULT before EINVAL,
// as the core's default does), and the copy into the host's buffer at `dest`.
export function guest_gather(mem, iovs, count, dest, room) {
  const guest = guestBytes(mem);
  const size = guest.length;
  if (iovs + count * 8 > size) return GATHER_FAULT;
  const data = mem.data;
  let total = 0;
  for (let i = 0; i < count; i++) {
    const ptr = data.getUint32(iovs + i * 8, true);
    const len = data.getUint32(iovs + i * 8 + 4, true);
    if (ptr + len > size) return GATHER_FAULT;
    total += len;
  }
  if (total > 0xffffffff) return GATHER_TOO_LONG;
  if (total > room) return GATHER_NEEDS - total;
  const host = hostView();
  let at = dest;
  for (let i = 0; i < count; i++) {
    const len = data.getUint32(iovs + i * 8 + 4, true);
    copyBytes(guest, data.getUint32(iovs + i * 8, true), host, at, len);
    at += len;
  }
  return total;
}
