//! The `path_*` calls: every path is resolved inside the directory fd it is relative to.

use super::fd::set_node_times;
use super::{FdEntry, OpenDir, OpenFile, WasiCtx};
use crate::abi::{fdflags, lookupflags, oflags, rights, Errno, WasiResult};
use crate::memory::{GuestMemory, GuestMemoryExt};
use crate::vfs::{self, Files, NodeRef, OpenRequest, PathAt, Sandbox};

/// A directory fd's node and sandbox, owned so the fd table can be borrowed again.
struct DirArg {
    node: NodeRef,
    files: Files,
    sandbox: Sandbox,
    path: String,
}

impl DirArg {
    fn at(&self) -> PathAt<'_> {
        PathAt {
            dir: &self.node,
            sandbox: &self.sandbox,
            path: &self.path,
        }
    }
}

/// Linux's PATH_MAX, the NUL included: a path of 4096 bytes or more is `ENAMETOOLONG`, as
/// wasmtime answers (measured with wasmtime-py: 4095 bytes resolve, 4096 do not).
const PATH_MAX: u32 = 4096;

fn read_path(mem: &dyn GuestMemory, ptr: u32, len: u32) -> WasiResult<String> {
    let path = mem.read_str(ptr, len)?;
    if len >= PATH_MAX {
        return Err(Errno::Nametoolong);
    }
    Ok(path)
}

impl WasiCtx {
    /// Reads a path argument relative to directory `fd` (`EBADF` when `fd` is not a directory).
    fn dir_arg(&self, mem: &dyn GuestMemory, fd: u32, ptr: u32, len: u32) -> WasiResult<DirArg> {
        let dir = self.fds.dir(fd)?;
        let (node, sandbox) = (dir.node.clone(), dir.sandbox.clone());
        Ok(DirArg {
            node,
            files: dir.files,
            sandbox,
            path: read_path(mem, ptr, len)?,
        })
    }

    pub fn path_create_directory(
        &mut self,
        mem: &mut dyn GuestMemory,
        fd: u32,
        path: u32,
        path_len: u32,
    ) -> WasiResult<()> {
        let d = self.dir_arg(mem, fd, path, path_len)?;
        let now = self.now();
        self.vfs.create_directory(d.at(), now)
    }

    pub(crate) fn path_stat(
        &self,
        mem: &dyn GuestMemory,
        fd: u32,
        flags: u32,
        path: u32,
        path_len: u32,
    ) -> WasiResult<crate::abi::Filestat> {
        let d = self.dir_arg(mem, fd, path, path_len)?;
        let node = vfs::stat_path(d.at(), flags & lookupflags::SYMLINK_FOLLOW != 0)?;
        let st = node.borrow().stat();
        Ok(st)
    }

    pub fn path_filestat_get(
        &mut self,
        mem: &mut dyn GuestMemory,
        fd: u32,
        flags: u32,
        path: u32,
        path_len: u32,
        out: u32,
    ) -> WasiResult<()> {
        let st = self.path_stat(mem, fd, flags, path, path_len)?;
        mem.write(out, &st.to_bytes())
    }

    pub fn path_filestat_set_times(
        &mut self,
        mem: &mut dyn GuestMemory,
        fd: u32,
        flags: u32,
        path: u32,
        path_len: u32,
        atim: u64,
        mtim: u64,
        fst_flags: u32,
    ) -> WasiResult<()> {
        let fst_flags = u16::try_from(fst_flags).map_err(|_| Errno::Inval)?;
        let d = self.dir_arg(mem, fd, path, path_len)?;
        let node = vfs::stat_path(d.at(), flags & lookupflags::SYMLINK_FOLLOW != 0)?;
        set_node_times(&node, atim, mtim, fst_flags, self.now())
    }

    pub fn path_link(
        &mut self,
        mem: &mut dyn GuestMemory,
        old_fd: u32,
        old_flags: u32,
        old_path: u32,
        old_len: u32,
        new_fd: u32,
        new_path: u32,
        new_len: u32,
    ) -> WasiResult<()> {
        let src = self.dir_arg(mem, old_fd, old_path, old_len)?;
        let dst = self.dir_arg(mem, new_fd, new_path, new_len)?;
        // wasmtime links the entry itself and refuses to follow a symlink there.
        if old_flags & lookupflags::SYMLINK_FOLLOW != 0 {
            return Err(Errno::Inval);
        }
        vfs::link(src.at(), dst.at(), self.now())
    }

    pub fn path_open(
        &mut self,
        mem: &mut dyn GuestMemory,
        fd: u32,
        dirflags: u32,
        path: u32,
        path_len: u32,
        oflags_raw: u32,
        rights_base: u64,
        _rights_inheriting: u64,
        fdflags_raw: u32,
        fd_out: u32,
    ) -> WasiResult<()> {
        let oflags_bits = u16::try_from(oflags_raw).map_err(|_| Errno::Inval)?;
        let fd_flags = u16::try_from(fdflags_raw).map_err(|_| Errno::Inval)?;
        if oflags_bits & !oflags::ALL != 0 || fd_flags & !fdflags::ALL != 0 {
            return Err(Errno::Inval);
        }
        if let FdEntry::File(_) = self.fds.get(fd)? {
            return Err(Errno::Notdir);
        }
        let d = self.dir_arg(mem, fd, path, path_len)?;
        // Readable unless the rights ask for writing and not reading, as wasmtime has it (O_RDONLY
        // is 0 on Linux): O_CREAT or O_TRUNC with no rights reads too.
        let read = rights_base & (rights::FD_READ | rights::FD_READDIR) != 0
            || rights_base & rights::FD_WRITE == 0;
        // As wasmtime: creating or truncating opens for writing, whatever the rights say.
        let write = rights_base & rights::FD_WRITE != 0
            || oflags_bits & (oflags::CREAT | oflags::TRUNC) != 0;
        let req = OpenRequest {
            follow: dirflags & lookupflags::SYMLINK_FOLLOW != 0,
            oflags: oflags_bits,
            write,
        };
        // As Linux: a full fd table refuses the open before a file is created.
        self.fds.check_room()?;
        let now = self.now();
        let node = self.vfs.open(d.at(), req, now)?;
        let is_dir = node.borrow().is_dir();
        let entry = if is_dir {
            FdEntry::Dir(OpenDir {
                node,
                files: d.files,
                sandbox: d.sandbox,
                preopen: None,
            })
        } else {
            FdEntry::File(OpenFile {
                node,
                files: d.files,
                position: 0,
                read,
                write,
                append: fd_flags & fdflags::APPEND != 0,
                nonblock: fd_flags & fdflags::NONBLOCK != 0,
                sync_flags: fd_flags & (fdflags::DSYNC | fdflags::RSYNC | fdflags::SYNC),
            })
        };
        let new_fd = self.fds.push(entry)?;
        if let Err(e) = mem.write_u32(fd_out, new_fd) {
            self.fds.remove(new_fd)?;
            return Err(e);
        }
        Ok(())
    }

    pub fn path_readlink(
        &mut self,
        mem: &mut dyn GuestMemory,
        fd: u32,
        path: u32,
        path_len: u32,
        buf: u32,
        buf_len: u32,
        bufused: u32,
    ) -> WasiResult<()> {
        let d = self.dir_arg(mem, fd, path, path_len)?;
        let target = vfs::readlink(d.at())?;
        let bytes = &target.as_bytes()[..target.len().min(buf_len as usize)];
        mem.write(buf, bytes)?;
        mem.write_size(bufused, bytes.len())
    }

    pub fn path_remove_directory(
        &mut self,
        mem: &mut dyn GuestMemory,
        fd: u32,
        path: u32,
        path_len: u32,
    ) -> WasiResult<()> {
        let d = self.dir_arg(mem, fd, path, path_len)?;
        vfs::remove_directory(d.at(), self.now())
    }

    pub fn path_rename(
        &mut self,
        mem: &mut dyn GuestMemory,
        fd: u32,
        old_path: u32,
        old_len: u32,
        new_fd: u32,
        new_path: u32,
        new_len: u32,
    ) -> WasiResult<()> {
        let src = self.dir_arg(mem, fd, old_path, old_len)?;
        let dst = self.dir_arg(mem, new_fd, new_path, new_len)?;
        vfs::rename(src.at(), dst.at(), self.now())
    }

    pub fn path_symlink(
        &mut self,
        mem: &mut dyn GuestMemory,
        old_path: u32,
        old_len: u32,
        fd: u32,
        new_path: u32,
        new_len: u32,
    ) -> WasiResult<()> {
        let target = read_path(mem, old_path, old_len)?;
        let d = self.dir_arg(mem, fd, new_path, new_len)?;
        // As in wasmtime, a guest cannot create a link that points outside by construction.
        if target.starts_with('/') {
            return Err(Errno::Perm);
        }
        if target.contains('\0') {
            return Err(Errno::Inval);
        }
        let now = self.now();
        self.vfs.symlink(&target, d.at(), now)
    }

    pub fn path_unlink_file(
        &mut self,
        mem: &mut dyn GuestMemory,
        fd: u32,
        path: u32,
        path_len: u32,
    ) -> WasiResult<()> {
        let d = self.dir_arg(mem, fd, path, path_len)?;
        vfs::unlink_file(d.at(), self.now())
    }
}
