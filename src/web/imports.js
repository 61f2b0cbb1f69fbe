// The import object handed to WebAssembly.instantiate: each WASI function forwards its raw
// arguments to the matching WasiHost method (Rust), which returns the errno.
//
// proc_exit is the one import that must not return to the guest. Rust records the status and
// returns normally; only then does this wrapper throw, so the exception unwinds through guest
// frames but never through Rust frames (DESIGN.md, "Never unwind").

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

export function build_imports(host) {
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
  return { wasi_snapshot_preview1: p1, wasi_unstable: p0 };
}
