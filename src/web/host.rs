//! The host calls the import shim (`imports.js`) makes: one plain wasm export per WASI call,
//! which forwards the guest's raw arguments to the core and returns the errno, and the
//! `host_*` helpers the suspending (JSPI) imports, and the threads of a threaded program, ask
//! before they wait.

// Methods mirror the WASI imports one-to-one, so some take many arguments.
#![allow(clippy::too_many_arguments)]

use super::memory::MemoryView;
use crate::abi::{Errno, WasiResult};
use crate::memory::GuestMemory;
use crate::wasi::calls::for_each_wasi_call;
use crate::wasi::{to_guest_errno, WasiCtx};
use std::cell::RefCell;
use std::rc::Rc;

/// The state of one run, shared by its host calls and the runner.
pub struct RunState {
    pub ctx: RefCell<WasiCtx>,
    pub memory: MemoryView,
    /// The most guest memory allowed, in bytes; checked at every host call.
    pub max_memory: Option<usize>,
    pub memory_limit_hit: std::cell::Cell<bool>,
    /// Threads (wasi-threads): output goes out after every call, so none is still buffered
    /// when a thread ends the program (the page then ends the host's worker at once).
    pub flush_each_call: bool,
}

/// What a host call returns instead of an errno once the guest's memory is over its limit;
/// the import wrapper (imports.js) then throws to end the run.
pub const MEMORY_LIMIT_HIT: i32 = 0x10000;

thread_local! {
    /// The runs in progress on this thread, indexed by the handle their imports pass first.
    static RUNS: RefCell<Vec<Option<Rc<RunState>>>> = const { RefCell::new(Vec::new()) };
}

/// Makes a run reachable from its imports; the handle stays valid until [`unregister`].
pub fn register(state: Rc<RunState>) -> u32 {
    RUNS.with(|runs| {
        let mut runs = runs.borrow_mut();
        let slot = match runs.iter().position(Option::is_none) {
            Some(free) => free,
            None => {
                runs.push(None);
                runs.len() - 1
            }
        };
        runs[slot] = Some(state);
        slot as u32
    })
}

pub fn unregister(handle: u32) {
    RUNS.with(|runs| {
        if let Some(slot) = runs.borrow_mut().get_mut(handle as usize) {
            *slot = None;
        }
    });
}

fn run_state(handle: u32) -> Option<Rc<RunState>> {
    RUNS.with(|runs| runs.borrow().get(handle as usize).cloned().flatten())
}

/// One host call: the run's context and a view of its memory, or `EBADF` for a run that ended.
fn call(handle: u32, f: impl FnOnce(&mut WasiCtx, &mut dyn GuestMemory) -> WasiResult<()>) -> i32 {
    let Some(state) = run_state(handle) else {
        return to_guest_errno(Err(Errno::Badf));
    };
    let mut mem = state.memory.current();
    if state.max_memory.is_some_and(|max| mem.size() > max) {
        state.memory_limit_hit.set(true);
        return MEMORY_LIMIT_HIT;
    }
    // A host call cannot re-enter another (the guest is single-threaded), but if a JS
    // callback ever did, answer EBUSY rather than abort on a double borrow.
    let result = match state.ctx.try_borrow_mut() {
        Ok(mut ctx) => {
            let result = f(&mut ctx, &mut mem);
            if state.flush_each_call {
                ctx.flush_output();
            }
            result
        }
        Err(_) => Err(Errno::Busy),
    };
    to_guest_errno(result)
}

/// For a suspending poll_oneoff, before the real (then instant) call: how long it would wait,
/// in ms, its relative timeouts counting from `from` (ns on the host's clock, what
/// `host_take_poll_anchor` gave a thread that waited; NaN: now). 0: make the call at once.
/// Negative when it waits for stdin too (the wait is the magnitude; -Infinity: for stdin
/// alone): one number, so the subscriptions are read once per plan.
#[export_name = "host_poll_plan"]
pub extern "C" fn poll_plan(handle: u32, subs: u32, nsubs: u32, preview0: u32, from: f64) -> f64 {
    let Some(state) = run_state(handle) else {
        return 0.0;
    };
    let mem = state.memory.current();
    let decoded = if preview0 != 0 {
        crate::wasi::preview0::read_subscriptions(&mem, subs, nsubs)
    } else {
        crate::wasi::read_subscriptions(&mem, subs, nsubs)
    };
    let plan = match (decoded, state.ctx.try_borrow_mut()) {
        (Ok(subs), Ok(mut ctx)) => ctx.poll_plan(&subs, (from >= 0.0).then_some(from as u64)),
        // Let the real call report the error.
        _ => (0.0, false),
    };
    match plan {
        (ms, true) if ms > 0.0 => -ms,
        (ms, _) => ms,
    }
}

/// One plain wasm export per WASI call, generated from the one list (`wasi::calls`), named so
/// the import shim can build both import tables from the names alone: `wasi_<name>` serves
/// both modules, `wasi_p1_<name>` only `wasi_snapshot_preview1`, `wasi_p0_<name>` only
/// `wasi_unstable`. No wasm-bindgen wrapper on the per-call path.
macro_rules! host_call {
    // Does not return an errno; exported by hand below.
    ($name:ident($($arg:ident: $ty:ty),*) -> never, $p0:ident) => {};
    ($name:ident($($arg:ident: $ty:ty),*) -> errno, same) => {
        #[export_name = concat!("wasi_", stringify!($name))]
        pub extern "C" fn $name(run: u32, $($arg: $ty),*) -> i32 {
            call(run, |ctx, mem| ctx.$name(mem, $($arg),*))
        }
    };
    ($name:ident($($arg:ident: $ty:ty),*) -> errno, absent) => {
        #[export_name = concat!("wasi_p1_", stringify!($name))]
        pub extern "C" fn $name(run: u32, $($arg: $ty),*) -> i32 {
            call(run, |ctx, mem| ctx.$name(mem, $($arg),*))
        }
    };
    ($name:ident($($arg:ident: $ty:ty),*) -> errno, own) => {
        pub mod $name {
            use super::*;
            #[export_name = concat!("wasi_p1_", stringify!($name))]
            pub extern "C" fn preview1(run: u32, $($arg: $ty),*) -> i32 {
                call(run, |ctx, mem| ctx.$name(mem, $($arg),*))
            }
            #[export_name = concat!("wasi_p0_", stringify!($name))]
            pub extern "C" fn preview0(run: u32, $($arg: $ty),*) -> i32 {
                call(run, |ctx, mem| crate::wasi::preview0::$name(ctx, mem, $($arg),*))
            }
        }
    };
}

macro_rules! host_calls {
    ($($name:ident($($arg:ident: $ty:ty),*) -> $ret:ident, $p0:ident;)*) => {
        $(host_call!($name($($arg: $ty),*) -> $ret, $p0);)*
    };
}
for_each_wasi_call!(host_calls);

/// Records the exit status and returns; the import shim then throws `WasiExit`.
#[export_name = "wasi_proc_exit"]
pub extern "C" fn proc_exit(run: u32, code: u32) {
    call(run, |ctx, mem| {
        ctx.proc_exit(mem, code);
        Ok(())
    });
}

/// For a thread's poll_oneoff, right after its plan (`host_poll_plan`): the start (ns on
/// the host's clock, NaN for none) its relative timeouts count from, taken from the context
/// so that the thread, which then waits by itself, plans again from it.
#[export_name = "host_take_poll_anchor"]
pub extern "C" fn take_poll_anchor(run: u32) -> f64 {
    with_ctx(run, |ctx| ctx.take_poll_anchor())
        .flatten()
        .map_or(f64::NAN, |ns| ns as f64)
}

/// For a thread's fd_read: whether it would wait for stdin (1) or not (0). A thread waits for
/// input by itself, so the host stays free for the other threads' calls.
#[export_name = "host_read_waits"]
pub extern "C" fn read_waits(run: u32, fd: u32) -> u32 {
    with_ctx(run, |ctx| ctx.read_would_wait(fd))
        .unwrap_or(false)
        .into()
}

/// `f` on the context of run `run`, if it is running and not in a call.
fn with_ctx<T>(run: u32, f: impl FnOnce(&mut WasiCtx) -> T) -> Option<T> {
    let state = run_state(run)?;
    let mut ctx = state.ctx.try_borrow_mut().ok()?;
    Some(f(&mut ctx))
}

/// For a suspending fd_read: whether `fd` is stdin (1) or not (0); it may have been renumbered.
#[export_name = "host_fd_is_stdin"]
pub extern "C" fn fd_is_stdin(run: u32, fd: u32) -> u32 {
    with_ctx(run, |ctx| {
        matches!(ctx.fds.get(fd), Ok(crate::wasi::FdEntry::Stdin))
    })
    .unwrap_or(false)
    .into()
}
