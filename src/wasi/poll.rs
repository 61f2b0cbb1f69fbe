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
        let decoded = read_subscriptions(mem, subs, nsubs)?;
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
        mem.check(events, events_len)?;
        let ready = self.poll(subs)?;
        let mut out = Vec::with_capacity(ready.len() * size::EVENT as usize);
        for e in &ready {
            out.extend_from_slice(&e.to_bytes());
        }
        mem.write(events, &out)?;
        mem.write_size(nevents, ready.len())
    }

    /// Returns the events that are ready, first waiting (for input on stdin or the earliest
    /// clock) when nothing is.
    fn poll(&mut self, subs: &[Subscription]) -> WasiResult<Vec<Event>> {
        if subs.is_empty() {
            return Err(Errno::Inval);
        }
        self.stats.poll_calls += 1;
        // Relative timeouts count from when a suspending import began waiting, if one did.
        let now = self
            .poll_anchor_ns
            .take()
            .unwrap_or_else(|| self.platform.monotonic_ns());
        let mut ready = Vec::new();
        let mut clocks = Vec::new();
        let mut stdin_watchers = Vec::new();
        for sub in subs {
            match sub.kind {
                SubscriptionKind::Clock {
                    clock_id,
                    timeout,
                    flags,
                } => {
                    clocks.push((sub.userdata, self.deadline(clock_id, timeout, flags, now)?));
                }
                SubscriptionKind::FdRead(fd) if matches!(self.fds.get(fd)?, FdEntry::Stdin) => {
                    stdin_watchers.push(sub.userdata);
                }
                SubscriptionKind::FdRead(fd) => {
                    let (nbytes, flags) = self.read_readiness(fd)?;
                    ready.push(fd_event(sub.userdata, eventtype::FD_READ, nbytes, flags));
                }
                SubscriptionKind::FdWrite(fd) => match self.fds.get(fd)? {
                    FdEntry::Stdout | FdEntry::Stderr | FdEntry::File(_) => {
                        ready.push(fd_event(sub.userdata, eventtype::FD_WRITE, 1, 0));
                    }
                    _ => return Err(Errno::Badf),
                },
            }
        }
        let earliest = clocks.iter().map(|&(_, d)| d).min();
        let mut stdin_ready = !stdin_watchers.is_empty() && self.stdin.wait_readable(Some(0));
        if ready.is_empty() && !stdin_ready {
            self.flush_output();
            if !stdin_watchers.is_empty() {
                let timeout = earliest.map(|d| d.saturating_sub(now));
                stdin_ready = self.stdin.wait_readable(timeout);
            }
            if !stdin_ready {
                if let Some(deadline) = earliest {
                    self.sleep_until(deadline);
                }
            }
        }
        let wake_at = self.platform.monotonic_ns();
        let stdin_events = stdin_watchers
            .into_iter()
            .filter(|_| stdin_ready)
            .map(|userdata| fd_event(userdata, eventtype::FD_READ, 1, 0));
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
        Ok(expired.chain(stdin_events).chain(ready).collect())
    }

    /// Milliseconds a poll of `subs` would wait before something is ready (infinite when it
    /// waits for stdin alone), and whether stdin is among what it waits for. Lets a suspending
    /// (JSPI) import, or a thread, do the waiting itself before the real, then instant, poll.
    /// Relative timeouts count from `from` (a thread planning again after a wait: the start
    /// its first plan took) or else from now; the next poll counts from the same start.
    pub fn poll_plan(&mut self, subs: &[Subscription], from: Option<u64>) -> (f64, bool) {
        // Nothing to wait for: the call itself reports EINVAL, as wasmtime does.
        if subs.is_empty() {
            return (0.0, false);
        }
        let now = self.platform.monotonic_ns();
        let start = from.unwrap_or(now);
        self.poll_anchor_ns = Some(start);
        let mut wait = f64::INFINITY;
        let mut watches_stdin = false;
        for sub in subs {
            match sub.kind {
                SubscriptionKind::Clock {
                    clock_id,
                    timeout,
                    flags,
                } => {
                    // A clock the call refuses: no wait, the call reports the error.
                    let d = self.deadline(clock_id, timeout, flags, start).unwrap_or(0);
                    wait = wait.min(d.saturating_sub(now) as f64 / 1e6);
                }
                SubscriptionKind::FdRead(fd) if matches!(self.fds.get(fd), Ok(FdEntry::Stdin)) => {
                    watches_stdin = true;
                    if self.stdin.wait_readable(Some(0)) {
                        wait = 0.0;
                    }
                }
                _ => wait = 0.0,
            }
        }
        (wait, watches_stdin)
    }

    /// The start `poll_plan` set for the next poll, taken: a thread that waits out its plan
    /// itself plans again from it, so another thread's poll in the meantime does not start
    /// from it.
    pub fn take_poll_anchor(&mut self) -> Option<u64> {
        self.poll_anchor_ns.take()
    }

    /// Whether `fd_read` of `fd` would wait: it is stdin and no input is there yet.
    pub fn read_would_wait(&mut self, fd: u32) -> bool {
        matches!(self.fds.get(fd), Ok(FdEntry::Stdin)) && !self.stdin.wait_readable(Some(0))
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

/// Decodes `nsubs` preview1 subscriptions from guest memory.
pub fn read_subscriptions(
    mem: &dyn GuestMemory,
    subs: u32,
    nsubs: u32,
) -> WasiResult<Vec<Subscription>> {
    decode_subscriptions::<{ size::SUBSCRIPTION as usize }>(
        mem,
        subs,
        nsubs,
        Subscription::from_bytes,
    )
}

/// Decodes an array of `nsubs` subscriptions of `N` bytes each, read in one copy.
pub(crate) fn decode_subscriptions<const N: usize>(
    mem: &dyn GuestMemory,
    subs: u32,
    nsubs: u32,
    decode: fn(&[u8; N]) -> WasiResult<Subscription>,
) -> WasiResult<Vec<Subscription>> {
    let len = nsubs.checked_mul(N as u32).ok_or(Errno::Fault)?;
    let bytes = mem.read_vec(subs, len)?;
    bytes
        .chunks_exact(N)
        .map(|raw| {
            let mut b = [0u8; N];
            b.copy_from_slice(raw);
            decode(&b)
        })
        .collect()
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
