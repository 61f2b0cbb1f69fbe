//! `poll_oneoff`: fd readiness and clock timeouts.

use super::{FdEntry, WasiCtx};
use crate::abi::{
    clockid, eventtype, size, Errno, Event, Subscription, SubscriptionKind, WasiResult,
    EVENT_FD_READWRITE_HANGUP, SUBCLOCK_ABSTIME,
};
use crate::memory::{GuestMemory, GuestMemoryExt};

impl WasiCtx {
    pub fn poll_oneoff(
        &mut self,
        mem: &mut dyn GuestMemory,
        subs: u32,
        events: u32,
        nsubs: u32,
        nevents: u32,
    ) -> WasiResult<()> {
        let mut decoded = Vec::with_capacity(nsubs.min(1024) as usize);
        let bytes = mem.read_vec(
            subs,
            nsubs.checked_mul(size::SUBSCRIPTION).ok_or(Errno::Fault)?,
        )?;
        for raw in bytes.chunks_exact(size::SUBSCRIPTION as usize) {
            let mut b = [0u8; size::SUBSCRIPTION as usize];
            b.copy_from_slice(raw);
            decoded.push(Subscription::from_bytes(&b)?);
        }
        self.poll_and_write(mem, &decoded, events, nevents)
    }

    /// Waits for `subs` and writes the events; shared by both ABI versions.
    pub(crate) fn poll_and_write(
        &mut self,
        mem: &mut dyn GuestMemory,
        subs: &[Subscription],
        events: u32,
        nevents: u32,
    ) -> WasiResult<()> {
        let events_len = subs
            .len()
            .checked_mul(size::EVENT as usize)
            .ok_or(Errno::Fault)?;
        crate::memory::checked_range(events, events_len, mem.size())?;
        let ready = self.poll(subs)?;
        let mut out = Vec::with_capacity(ready.len() * size::EVENT as usize);
        for e in &ready {
            out.extend_from_slice(&e.to_bytes());
        }
        mem.write(events, &out)?;
        mem.write_size(nevents, ready.len())
    }

    /// Returns the events that are ready, sleeping first when only clocks were asked for.
    fn poll(&mut self, subs: &[Subscription]) -> WasiResult<Vec<Event>> {
        if subs.is_empty() {
            return Err(Errno::Inval);
        }
        let now = self.platform.monotonic_ns();
        let mut fd_events = Vec::new();
        let mut clocks = Vec::new();
        for sub in subs {
            match sub.kind {
                SubscriptionKind::Clock {
                    clock_id,
                    timeout,
                    flags,
                } => {
                    clocks.push((sub.userdata, self.deadline(clock_id, timeout, flags, now)?));
                }
                SubscriptionKind::FdRead(fd) => {
                    let (nbytes, flags) = self.read_readiness(fd)?;
                    fd_events.push(fd_event(sub.userdata, eventtype::FD_READ, nbytes, flags));
                }
                SubscriptionKind::FdWrite(fd) => match self.fds.get(fd)? {
                    FdEntry::Stdout | FdEntry::Stderr | FdEntry::File(_) => {
                        fd_events.push(fd_event(sub.userdata, eventtype::FD_WRITE, 1, 0));
                    }
                    _ => return Err(Errno::Badf),
                },
            }
        }
        let wake_at = if fd_events.is_empty() {
            let earliest = clocks.iter().map(|&(_, d)| d).min().unwrap_or(now);
            if earliest > now {
                self.flush_output();
                self.platform.sleep_ns(earliest - now);
            }
            earliest
        } else {
            now
        };
        let expired = clocks
            .into_iter()
            .filter(|&(_, d)| d <= wake_at)
            .map(|(userdata, _)| Event {
                userdata,
                error: 0,
                kind: eventtype::CLOCK,
                nbytes: 0,
                flags: 0,
            });
        Ok(expired.chain(fd_events).collect())
    }

    /// A clock subscription's deadline on the monotonic clock.
    fn deadline(&self, clock_id: u32, timeout: u64, flags: u16, now: u64) -> WasiResult<u64> {
        let absolute = flags & SUBCLOCK_ABSTIME != 0;
        Ok(match (clock_id, absolute) {
            (clockid::MONOTONIC, true) => timeout,
            (clockid::REALTIME, true) => {
                now.saturating_add(timeout.saturating_sub(self.platform.realtime_ns()))
            }
            (clockid::MONOTONIC | clockid::REALTIME, false) => now.saturating_add(timeout),
            _ => return Err(Errno::Inval),
        })
    }

    /// Bytes readable without blocking, and the hangup flag at end of file.
    fn read_readiness(&self, fd: u32) -> WasiResult<(u64, u16)> {
        match self.fds.get(fd)? {
            FdEntry::Stdin => Ok((1, 0)),
            FdEntry::File(f) => {
                let left = f.node.borrow().size().saturating_sub(f.position);
                Ok((
                    left,
                    if left == 0 {
                        EVENT_FD_READWRITE_HANGUP
                    } else {
                        0
                    },
                ))
            }
            _ => Err(Errno::Badf),
        }
    }
}

fn fd_event(userdata: u64, kind: u8, nbytes: u64, flags: u16) -> Event {
    Event {
        userdata,
        error: 0,
        kind,
        nbytes,
        flags,
    }
}
