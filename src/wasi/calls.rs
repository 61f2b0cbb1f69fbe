//! The one list of WASI calls wasi-web provides: each name, its parameters as the guest passes
//! them, whether it returns an errno, and how `wasi_unstable` has it. Everything else is
//! derived from it: [`CALLS`] (which module inspection checks imports against), the host's
//! wasm exports (`src/web/host.rs`), and through their names the JS import object.
//!
//! `wasi_unstable` (preview 0) per call: `same` (the preview1 method serves it), `own` (an
//! adapter in [`super::preview0`] with the same name), `absent` (preview 0 has no such call).

/// Hands the list to `$callback`, one `name(params) -> errno|never, preview0;` per call.
macro_rules! for_each_wasi_call {
    ($callback:ident) => {
        $callback! {
            args_get(argv: u32, buf: u32) -> errno, same;
            args_sizes_get(count: u32, size: u32) -> errno, same;
            environ_get(environ: u32, buf: u32) -> errno, same;
            environ_sizes_get(count: u32, size: u32) -> errno, same;
            clock_res_get(id: u32, out: u32) -> errno, same;
            clock_time_get(id: u32, precision: u64, out: u32) -> errno, same;
            fd_advise(fd: u32, offset: u64, len: u64, advice: u32) -> errno, same;
            fd_allocate(fd: u32, offset: u64, len: u64) -> errno, same;
            fd_close(fd: u32) -> errno, same;
            fd_datasync(fd: u32) -> errno, same;
            fd_fdstat_get(fd: u32, out: u32) -> errno, same;
            fd_fdstat_set_flags(fd: u32, flags: u32) -> errno, same;
            fd_fdstat_set_rights(fd: u32, base: u64, inheriting: u64) -> errno, same;
            fd_filestat_get(fd: u32, out: u32) -> errno, own;
            fd_filestat_set_size(fd: u32, size: u64) -> errno, same;
            fd_filestat_set_times(fd: u32, atim: u64, mtim: u64, flags: u32) -> errno, same;
            fd_pread(fd: u32, iovs: u32, iovs_len: u32, offset: u64, out: u32) -> errno, same;
            fd_prestat_get(fd: u32, out: u32) -> errno, same;
            fd_prestat_dir_name(fd: u32, path: u32, path_len: u32) -> errno, same;
            fd_pwrite(fd: u32, iovs: u32, iovs_len: u32, offset: u64, out: u32) -> errno, same;
            fd_read(fd: u32, iovs: u32, iovs_len: u32, out: u32) -> errno, same;
            fd_readdir(fd: u32, buf: u32, buf_len: u32, cookie: u64, out: u32) -> errno, same;
            fd_renumber(from: u32, to: u32) -> errno, same;
            fd_seek(fd: u32, offset: i64, whence: u32, out: u32) -> errno, own;
            fd_sync(fd: u32) -> errno, same;
            fd_tell(fd: u32, out: u32) -> errno, same;
            fd_write(fd: u32, iovs: u32, iovs_len: u32, out: u32) -> errno, same;
            path_create_directory(fd: u32, path: u32, path_len: u32) -> errno, same;
            path_filestat_get(fd: u32, flags: u32, path: u32, path_len: u32, out: u32) -> errno, own;
            path_filestat_set_times(fd: u32, flags: u32, path: u32, path_len: u32, atim: u64, mtim: u64, fst_flags: u32) -> errno, same;
            path_link(old_fd: u32, old_flags: u32, old_path: u32, old_len: u32, new_fd: u32, new_path: u32, new_len: u32) -> errno, same;
            path_open(fd: u32, dirflags: u32, path: u32, path_len: u32, oflags: u32, base: u64, inheriting: u64, fdflags: u32, out: u32) -> errno, same;
            path_readlink(fd: u32, path: u32, path_len: u32, buf: u32, buf_len: u32, out: u32) -> errno, same;
            path_remove_directory(fd: u32, path: u32, path_len: u32) -> errno, same;
            path_rename(fd: u32, old_path: u32, old_len: u32, new_fd: u32, new_path: u32, new_len: u32) -> errno, same;
            path_symlink(old_path: u32, old_len: u32, fd: u32, new_path: u32, new_len: u32) -> errno, same;
            path_unlink_file(fd: u32, path: u32, path_len: u32) -> errno, same;
            poll_oneoff(subs: u32, events: u32, nsubs: u32, out: u32) -> errno, own;
            proc_exit(code: u32) -> never, same;
            proc_raise(signal: u32) -> errno, same;
            sched_yield() -> errno, same;
            random_get(buf: u32, len: u32) -> errno, same;
            sock_accept(fd: u32, flags: u32, out: u32) -> errno, absent;
            sock_recv(fd: u32, iovs: u32, iovs_len: u32, flags: u32, out: u32, oflags: u32) -> errno, same;
            sock_send(fd: u32, iovs: u32, iovs_len: u32, flags: u32, out: u32) -> errno, same;
            sock_shutdown(fd: u32, how: u32) -> errno, same;
        }
    };
}
// Used by the host exports (src/web/host.rs), which exist only in wasm32 builds.
#[cfg_attr(not(target_arch = "wasm32"), allow(unused_imports))]
pub(crate) use for_each_wasi_call;

/// A wasm value type as it appears in a WASI call's signature.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ValType {
    I32,
    I64,
}

/// The wasm type of each Rust parameter type the list uses.
pub trait AbiType {
    const VAL: ValType;
}
impl AbiType for u32 {
    const VAL: ValType = ValType::I32;
}
impl AbiType for u64 {
    const VAL: ValType = ValType::I64;
}
impl AbiType for i64 {
    const VAL: ValType = ValType::I64;
}

/// How `wasi_unstable` has a call.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Preview0 {
    /// The preview1 method serves it.
    Same,
    /// Its layout or constants differ: an adapter in `preview0` serves it.
    Own,
    /// Preview 0 has no such call.
    Absent,
}

/// One WASI call.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Call {
    pub name: &'static str,
    pub params: &'static [ValType],
    /// Returns an errno (`i32`); false only for `proc_exit`, which does not return.
    pub returns_errno: bool,
    pub preview0: Preview0,
}

impl Call {
    /// Whether the import module (`wasi_snapshot_preview1` or `wasi_unstable`) has this call.
    pub fn in_module(&self, preview0: bool) -> bool {
        !preview0 || self.preview0 != Preview0::Absent
    }
}

macro_rules! call_table {
    ($($name:ident($($arg:ident: $ty:ty),*) -> $ret:ident, $p0:ident;)*) => {
        /// Every call, in the ABI's order.
        pub const CALLS: &[Call] = &[$(Call {
            name: stringify!($name),
            params: &[$(<$ty as AbiType>::VAL),*],
            returns_errno: call_table!(@errno $ret),
            preview0: call_table!(@p0 $p0),
        }),*];
    };
    (@errno errno) => { true };
    (@errno never) => { false };
    (@p0 same) => { Preview0::Same };
    (@p0 own) => { Preview0::Own };
    (@p0 absent) => { Preview0::Absent };
}
for_each_wasi_call!(call_table);

/// The call named `name`, if wasi-web provides it.
pub fn call(name: &str) -> Option<&'static Call> {
    CALLS.iter().find(|c| c.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_has_the_46_preview1_calls_once_each() {
        assert_eq!(CALLS.len(), 46);
        let mut names: Vec<_> = CALLS.iter().map(|c| c.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), 46);
        assert_eq!(
            CALLS
                .iter()
                .filter(|c| !c.returns_errno)
                .map(|c| c.name)
                .collect::<Vec<_>>(),
            ["proc_exit"]
        );
    }

    #[test]
    fn preview0_lacks_only_sock_accept_and_adapts_four_layouts() {
        let with = |p0| {
            CALLS
                .iter()
                .filter(|c| c.preview0 == p0)
                .map(|c| c.name)
                .collect::<Vec<_>>()
        };
        assert_eq!(with(Preview0::Absent), ["sock_accept"]);
        assert_eq!(
            with(Preview0::Own),
            [
                "fd_filestat_get",
                "fd_seek",
                "path_filestat_get",
                "poll_oneoff"
            ]
        );
    }
}
