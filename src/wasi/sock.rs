//! Sockets: no socket can be opened in the browser, so every fd is "not a socket", after the
//! same bad-fd check wasmtime makes.

use super::WasiCtx;
use crate::abi::{Errno, WasiResult};
use crate::memory::GuestMemory;

impl WasiCtx {
    fn not_a_socket(&self, fd: u32) -> WasiResult<()> {
        self.fds.get(fd)?;
        Err(Errno::Notsock)
    }

    pub fn sock_accept(
        &mut self,
        _mem: &mut dyn GuestMemory,
        fd: u32,
        _flags: u32,
        _fd_out: u32,
    ) -> WasiResult<()> {
        self.not_a_socket(fd)
    }

    pub fn sock_recv(
        &mut self,
        _mem: &mut dyn GuestMemory,
        fd: u32,
        _iovs: u32,
        _iovs_len: u32,
        _flags: u32,
        _nread: u32,
        _oflags: u32,
    ) -> WasiResult<()> {
        self.not_a_socket(fd)
    }

    pub fn sock_send(
        &mut self,
        _mem: &mut dyn GuestMemory,
        fd: u32,
        _iovs: u32,
        _iovs_len: u32,
        _flags: u32,
        _nwritten: u32,
    ) -> WasiResult<()> {
        self.not_a_socket(fd)
    }

    pub fn sock_shutdown(
        &mut self,
        _mem: &mut dyn GuestMemory,
        fd: u32,
        _how: u32,
    ) -> WasiResult<()> {
        self.not_a_socket(fd)
    }
}
