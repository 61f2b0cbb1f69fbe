//! `wasi_unstable` (preview 0) as an adapter over the preview1 methods: only the calls whose
//! layouts or constants differ live here (the `own` calls of [`super::calls`], each named as
//! the call); every other import maps to the preview1 method.

use super::WasiCtx;
use crate::abi::{size, whence, Errno, Subscription, WasiResult};
use crate::memory::GuestMemory;

/// Preview 0 numbered `whence` CUR=0, END=1, SET=2.
fn whence_to_preview1(w: u32) -> WasiResult<u32> {
    Ok(u32::from(match w {
        0 => whence::CUR,
        1 => whence::END,
        2 => whence::SET,
        _ => return Err(Errno::Inval),
    }))
}

pub fn fd_seek(
    ctx: &mut WasiCtx,
    mem: &mut dyn GuestMemory,
    fd: u32,
    offset: i64,
    whence: u32,
    out: u32,
) -> WasiResult<()> {
    ctx.fd_seek(mem, fd, offset, whence_to_preview1(whence)?, out)
}

pub fn fd_filestat_get(
    ctx: &mut WasiCtx,
    mem: &mut dyn GuestMemory,
    fd: u32,
    out: u32,
) -> WasiResult<()> {
    let st = ctx.fd_filestat(fd)?;
    mem.write(out, &st.to_bytes_preview0())
}

pub fn path_filestat_get(
    ctx: &mut WasiCtx,
    mem: &mut dyn GuestMemory,
    fd: u32,
    flags: u32,
    path: u32,
    path_len: u32,
    out: u32,
) -> WasiResult<()> {
    let st = ctx.path_stat(mem, fd, flags, path, path_len)?;
    mem.write(out, &st.to_bytes_preview0())
}

pub fn poll_oneoff(
    ctx: &mut WasiCtx,
    mem: &mut dyn GuestMemory,
    subs: u32,
    events: u32,
    nsubs: u32,
    nevents: u32,
) -> WasiResult<()> {
    let decoded = read_subscriptions(mem, subs, nsubs)?;
    ctx.poll_and_write(mem, &decoded, events, nevents)
}

/// Decodes `nsubs` preview0 subscriptions (56 bytes each) from guest memory.
pub fn read_subscriptions(
    mem: &dyn GuestMemory,
    subs: u32,
    nsubs: u32,
) -> WasiResult<Vec<Subscription>> {
    super::poll::decode_subscriptions::<{ size::SUBSCRIPTION_PREVIEW0 as usize }>(
        mem,
        subs,
        nsubs,
        Subscription::from_bytes_preview0,
    )
}
