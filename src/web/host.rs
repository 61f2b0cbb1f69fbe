//! `WasiHost`: the object the import shim (`imports.js`) calls. Each method forwards the
//! guest's raw arguments to the core and returns the errno.

// Methods mirror the WASI imports one-to-one, so some take many arguments.
#![allow(clippy::too_many_arguments)]

use super::memory::MemoryView;
use crate::abi::WasiResult;
use crate::memory::GuestMemory;
use crate::wasi::{to_guest_errno, WasiCtx};
use js_sys::WebAssembly;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;

/// The state of one run, shared by the host object (owned by JS) and the runner (Rust).
pub struct RunState {
    pub ctx: RefCell<WasiCtx>,
    pub memory: RefCell<MemoryView>,
    /// The most guest memory allowed, in bytes; checked at every host call.
    pub max_memory: Option<usize>,
    pub memory_limit_hit: std::cell::Cell<bool>,
}

/// What a host call returns instead of an errno once the guest's memory is over its limit;
/// the import wrapper (imports.js) then throws to end the run.
pub const MEMORY_LIMIT_HIT: i32 = 0x10000;

#[wasm_bindgen]
pub struct WasiHost {
    state: Rc<RunState>,
}

impl WasiHost {
    pub fn new(state: Rc<RunState>) -> Self {
        WasiHost { state }
    }

    fn poll_plan(&self, subs: u32, nsubs: u32, preview0: bool) -> (f64, bool) {
        let mut view = self.state.memory.borrow_mut();
        let mem = view.current();
        let decoded = if preview0 {
            crate::wasi::preview0::read_subscriptions(&mem, subs, nsubs)
        } else {
            crate::wasi::read_subscriptions(&mem, subs, nsubs)
        };
        match (decoded, self.state.ctx.try_borrow_mut()) {
            (Ok(subs), Ok(mut ctx)) => ctx.poll_plan(&subs),
            // Let the real call report the error.
            _ => (0.0, false),
        }
    }

    pub fn attach_memory(state: &RunState, memory: WebAssembly::Memory) {
        state.memory.borrow_mut().attach(memory);
    }

    fn call(&self, f: impl FnOnce(&mut WasiCtx, &mut dyn GuestMemory) -> WasiResult<()>) -> i32 {
        let mut view = self.state.memory.borrow_mut();
        let mut mem = view.current();
        if self.state.max_memory.is_some_and(|max| mem.size() > max) {
            self.state.memory_limit_hit.set(true);
            return MEMORY_LIMIT_HIT;
        }
        // A host call cannot re-enter another (the guest is single-threaded), but if a JS
        // callback ever did, answer EBUSY rather than abort on a double borrow.
        match self.state.ctx.try_borrow_mut() {
            Ok(mut ctx) => to_guest_errno(f(&mut ctx, &mut mem)),
            Err(_) => to_guest_errno(Err(crate::abi::Errno::Busy)),
        }
    }
}

/// Generates one exported method per WASI call, named exactly as the import.
macro_rules! host_calls {
    ($($name:ident($($arg:ident: $ty:ty),*);)*) => {
        #[wasm_bindgen]
        impl WasiHost {
            $(
                pub fn $name(&self, $($arg: $ty),*) -> i32 {
                    self.call(|ctx, mem| ctx.$name(mem, $($arg),*))
                }
            )*
        }
    };
}

host_calls! {
    args_get(argv: u32, buf: u32);
    args_sizes_get(count: u32, size: u32);
    environ_get(environ: u32, buf: u32);
    environ_sizes_get(count: u32, size: u32);
    clock_res_get(id: u32, out: u32);
    clock_time_get(id: u32, precision: u64, out: u32);
    fd_advise(fd: u32, offset: u64, len: u64, advice: u32);
    fd_allocate(fd: u32, offset: u64, len: u64);
    fd_close(fd: u32);
    fd_datasync(fd: u32);
    fd_fdstat_get(fd: u32, out: u32);
    fd_fdstat_set_flags(fd: u32, flags: u32);
    fd_fdstat_set_rights(fd: u32, base: u64, inheriting: u64);
    fd_filestat_get(fd: u32, out: u32);
    fd_filestat_set_size(fd: u32, size: u64);
    fd_filestat_set_times(fd: u32, atim: u64, mtim: u64, flags: u32);
    fd_pread(fd: u32, iovs: u32, iovs_len: u32, offset: u64, out: u32);
    fd_prestat_get(fd: u32, out: u32);
    fd_prestat_dir_name(fd: u32, path: u32, path_len: u32);
    fd_pwrite(fd: u32, iovs: u32, iovs_len: u32, offset: u64, out: u32);
    fd_read(fd: u32, iovs: u32, iovs_len: u32, out: u32);
    fd_readdir(fd: u32, buf: u32, buf_len: u32, cookie: u64, out: u32);
    fd_renumber(from: u32, to: u32);
    fd_seek(fd: u32, offset: i64, whence: u32, out: u32);
    fd_sync(fd: u32);
    fd_tell(fd: u32, out: u32);
    fd_write(fd: u32, iovs: u32, iovs_len: u32, out: u32);
    path_create_directory(fd: u32, path: u32, path_len: u32);
    path_filestat_get(fd: u32, flags: u32, path: u32, path_len: u32, out: u32);
    path_filestat_set_times(fd: u32, flags: u32, path: u32, path_len: u32, atim: u64, mtim: u64, fst_flags: u32);
    path_link(old_fd: u32, old_flags: u32, old_path: u32, old_len: u32, new_fd: u32, new_path: u32, new_len: u32);
    path_open(fd: u32, dirflags: u32, path: u32, path_len: u32, oflags: u32, base: u64, inheriting: u64, fdflags: u32, out: u32);
    path_readlink(fd: u32, path: u32, path_len: u32, buf: u32, buf_len: u32, out: u32);
    path_remove_directory(fd: u32, path: u32, path_len: u32);
    path_rename(fd: u32, old_path: u32, old_len: u32, new_fd: u32, new_path: u32, new_len: u32);
    path_symlink(old_path: u32, old_len: u32, fd: u32, new_path: u32, new_len: u32);
    path_unlink_file(fd: u32, path: u32, path_len: u32);
    poll_oneoff(subs: u32, events: u32, nsubs: u32, out: u32);
    proc_raise(signal: u32);
    sched_yield();
    random_get(buf: u32, len: u32);
    sock_accept(fd: u32, flags: u32, out: u32);
    sock_recv(fd: u32, iovs: u32, iovs_len: u32, flags: u32, out: u32, oflags: u32);
    sock_send(fd: u32, iovs: u32, iovs_len: u32, flags: u32, out: u32);
    sock_shutdown(fd: u32, how: u32);
    p0_fd_seek(fd: u32, offset: i64, whence: u32, out: u32);
    p0_fd_filestat_get(fd: u32, out: u32);
    p0_path_filestat_get(fd: u32, flags: u32, path: u32, path_len: u32, out: u32);
    p0_poll_oneoff(subs: u32, events: u32, nsubs: u32, out: u32);
}

#[wasm_bindgen]
impl WasiHost {
    /// For a suspending poll_oneoff: milliseconds it would wait (Infinity: for stdin only).
    pub fn poll_wait_ms(&self, subs: u32, nsubs: u32, preview0: bool) -> f64 {
        self.poll_plan(subs, nsubs, preview0).0
    }

    /// For a suspending poll_oneoff: whether it waits for stdin.
    pub fn poll_watches_stdin(&self, subs: u32, nsubs: u32, preview0: bool) -> bool {
        self.poll_plan(subs, nsubs, preview0).1
    }

    /// For a suspending fd_read: whether `fd` is stdin (it may have been renumbered).
    pub fn fd_is_stdin(&self, fd: u32) -> bool {
        let ctx = self.state.ctx.borrow();
        matches!(ctx.fds.get(fd), Ok(crate::wasi::FdEntry::Stdin))
    }

    /// Records the exit status and returns; the JS wrapper then throws `WasiExit`.
    pub fn proc_exit(&self, code: u32) {
        let mut view = self.state.memory.borrow_mut();
        let mut mem = view.current();
        if let Ok(mut ctx) = self.state.ctx.try_borrow_mut() {
            ctx.proc_exit(&mut mem, code);
        }
    }
}
