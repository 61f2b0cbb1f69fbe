//! poll_oneoff: clocks, fds, waiting for stdin, the JSPI poll plan, sleeping without spinning.

use super::*;

#[cfg(not(feature = "stdio-only"))]
#[test]
fn poll_clock_and_fds() {
    let mut g = Guest::new();
    g.create("f", b"abc");
    let fd = g.open("f", 0, RW, 0).unwrap();
    let sub = |userdata: u64, tag: u8, a: u32, timeout: u64| {
        let mut b = [0u8; 48];
        b[0..8].copy_from_slice(&userdata.to_le_bytes());
        b[8] = tag;
        b[16..20].copy_from_slice(&a.to_le_bytes());
        b[24..32].copy_from_slice(&timeout.to_le_bytes());
        b
    };
    // A 1 ms relative sleep on the monotonic clock.
    g.put(BUF, &sub(7, 0, 1, 1_000_000));
    let t0 = std::time::Instant::now();
    g.ctx.poll_oneoff(&mut g.mem, BUF, PATH, 1, OUT).unwrap();
    assert!(t0.elapsed().as_micros() >= 1000);
    assert_eq!(g.u32_at(OUT), 1);
    assert_eq!(g.u64_at(PATH), 7);
    assert_eq!(g.mem[PATH as usize + 10], 0);
    // An fd that is ready wins over a long timeout.
    g.put(
        BUF,
        &[
            sub(1, 0, 1, 60_000_000_000),
            sub(2, 1, fd, 0),
            sub(3, 2, 1, 0),
        ]
        .concat(),
    );
    g.ctx.poll_oneoff(&mut g.mem, BUF, PATH, 3, OUT).unwrap();
    assert_eq!(g.u32_at(OUT), 2);
    assert_eq!((g.u64_at(PATH), g.mem[PATH as usize + 10]), (2, 1));
    assert_eq!(g.u64_at(PATH + 16), 3);
    assert_eq!(g.u64_at(PATH + 32), 3);
    assert_eq!(
        g.ctx.poll_oneoff(&mut g.mem, BUF, PATH, 0, OUT),
        Err(Errno::Inval)
    );
    g.put(BUF, &sub(1, 1, 99, 0));
    assert_eq!(
        g.ctx.poll_oneoff(&mut g.mem, BUF, PATH, 1, OUT),
        Err(Errno::Badf)
    );
    g.put(BUF, &sub(1, 0, 9, 0));
    assert_eq!(
        g.ctx.poll_oneoff(&mut g.mem, BUF, PATH, 1, OUT),
        Err(Errno::Inval)
    );
    g.put(BUF, &sub(1, 5, 0, 0));
    assert_eq!(
        g.ctx.poll_oneoff(&mut g.mem, BUF, PATH, 1, OUT),
        Err(Errno::Inval)
    );
    assert_eq!(
        g.ctx.poll_oneoff(&mut g.mem, MEM as u32 - 10, PATH, 1, OUT),
        Err(Errno::Fault)
    );
    assert_eq!(
        g.ctx.poll_oneoff(&mut g.mem, BUF, PATH, u32::MAX, OUT),
        Err(Errno::Fault)
    );
}

/// Stdin that has nothing until `wait_readable` has been asked `ready_after` times.
struct SlowInput {
    asked: u32,
    ready_after: u32,
}

impl InputSource for SlowInput {
    fn read(&mut self, buf: &mut [u8]) -> WasiResult<usize> {
        buf[0] = b'k';
        Ok(1)
    }
    fn wait_readable(&mut self, _timeout_ns: Option<u64>) -> bool {
        self.asked += 1;
        self.asked > self.ready_after
    }
    fn is_terminal(&self) -> bool {
        true
    }
}

fn clock_and_stdin_subs(g: &mut Guest, timeout_ns: u64) {
    let mut subs = [0u8; 96];
    subs[0] = 1; // userdata 1: clock
    subs[16] = 1; // monotonic
    subs[24..32].copy_from_slice(&timeout_ns.to_le_bytes());
    subs[48] = 2; // userdata 2: stdin
    subs[56] = 1; // FD_READ
    g.put(BUF, &subs);
}

#[test]
fn poll_waits_for_stdin_or_the_clock() {
    let mut g = Guest::new();
    g.ctx.set_stdin(Box::new(SlowInput {
        asked: 0,
        ready_after: 1,
    }));
    clock_and_stdin_subs(&mut g, 60_000_000_000);
    // Not ready at first look; the wait then reports input: only the stdin event.
    g.ctx.poll_oneoff(&mut g.mem, BUF, PATH, 2, OUT).unwrap();
    assert_eq!(
        (g.u32_at(OUT), g.u64_at(PATH), g.mem[PATH as usize + 10]),
        (1, 2, 1)
    );

    g.ctx.set_stdin(Box::new(SlowInput {
        asked: 0,
        ready_after: 99,
    }));
    clock_and_stdin_subs(&mut g, 1_000_000);
    g.ctx.poll_oneoff(&mut g.mem, BUF, PATH, 2, OUT).unwrap();
    assert_eq!(
        (g.u32_at(OUT), g.u64_at(PATH), g.mem[PATH as usize + 10]),
        (1, 1, 0)
    );
    // The guest sees a terminal.
    g.ctx.fd_fdstat_get(&mut g.mem, 0, OUT).unwrap();
    assert_eq!(g.mem[OUT as usize], filetype::CHARACTER_DEVICE);
}

#[test]
fn poll_plan_tells_a_suspending_import_how_long_to_wait() {
    let mut g = Guest::new();
    g.ctx.set_stdin(Box::new(SlowInput {
        asked: 0,
        ready_after: 99,
    }));
    clock_and_stdin_subs(&mut g, 250_000_000);
    let subs = crate::wasi::read_subscriptions(&g.mem, BUF, 2).unwrap();
    let (ms, watches_stdin) = g.ctx.poll_plan(&subs, None);
    assert!(watches_stdin);
    assert!(ms > 200.0 && ms <= 250.0, "{ms}");
    let (ms, _) = g.ctx.poll_plan(&subs[1..], None);
    assert!(ms.is_infinite());
    let (ms, watches_stdin) = g.ctx.poll_plan(&subs[..1], None);
    assert!(!watches_stdin && ms > 0.0);
    // After the suspending import waited, the real poll counts from the plan: no second wait.
    g.put(BUF + 48, &[0u8; 48]);
    let subs = relative_clock_sub(&mut g, 40);
    g.ctx.poll_plan(&subs, None);
    std::thread::sleep(std::time::Duration::from_millis(40));
    // (Waiting again would sleep its whole 40 ms; sleeps never end early.)
    assert!(poll_ms(&mut g) < 40, "waited again");
    assert_eq!(g.u32_at(OUT), 1);
}

/// One relative monotonic clock subscription of `ms` at BUF, decoded.
fn relative_clock_sub(g: &mut Guest, ms: u64) -> Vec<crate::abi::Subscription> {
    let mut clock = [0u8; 48];
    clock[16] = 1;
    clock[24..32].copy_from_slice(&(ms * 1_000_000).to_le_bytes());
    g.put(BUF, &clock);
    crate::wasi::read_subscriptions(&g.mem, BUF, 1).unwrap()
}

/// How long a poll of the one subscription at BUF took, in ms.
fn poll_ms(g: &mut Guest) -> u128 {
    let t0 = std::time::Instant::now();
    g.ctx.poll_oneoff(&mut g.mem, BUF, PATH, 1, OUT).unwrap();
    t0.elapsed().as_millis()
}

#[test]
fn a_thread_keeps_its_poll_anchor_while_it_waits_itself() {
    let mut g = Guest::new();
    let subs = relative_clock_sub(&mut g, 40);
    let planned = std::time::Instant::now();
    let (ms, _) = g.ctx.poll_plan(&subs, None);
    let anchor = g.ctx.take_poll_anchor().expect("the plan sets an anchor");
    assert!(ms > 30.0, "{ms}");
    assert_eq!(g.ctx.take_poll_anchor(), None);
    std::thread::sleep(std::time::Duration::from_millis(20));
    // Planning again from its anchor, halfway: only the rest is left to wait, however long
    // this machine really took over the 20 ms.
    let (ms, _) = g.ctx.poll_plan(&subs, Some(anchor));
    let since_plan = planned.elapsed().as_secs_f64() * 1e3;
    assert!(
        ms <= 20.0 && ms >= 40.0 - since_plan,
        "{ms} after {since_plan} ms"
    );
    assert_eq!(g.ctx.take_poll_anchor(), Some(anchor));
    std::thread::sleep(std::time::Duration::from_millis(20));
    // Another thread's poll meanwhile starts from its own call: it waits its whole timeout.
    assert!(poll_ms(&mut g) >= 39);
    // The thread that waited out its plan plans again from its anchor: nothing is left to
    // wait, and the poll it then makes at once counts from the anchor too.
    let (ms, _) = g.ctx.poll_plan(&subs, Some(anchor));
    assert!(ms <= 0.0, "{ms}");
    // (Waiting again would sleep its whole 40 ms; sleeps never end early.)
    assert!(poll_ms(&mut g) < 40, "waited again");
    assert_eq!(g.u32_at(OUT), 1);
}

#[test]
fn a_poll_the_call_refuses_plans_no_wait() {
    let mut g = Guest::new();
    // A plan of infinity would leave a suspending import or a thread waiting for ever.
    assert_eq!(g.ctx.poll_plan(&[], None), (0.0, false));
    assert_eq!(g.ctx.take_poll_anchor(), None);
    assert_eq!(
        g.ctx.poll_oneoff(&mut g.mem, BUF, PATH, 0, OUT),
        Err(Errno::Inval)
    );
    // Nor does a clock the call refuses.
    let mut clock = [0u8; 48];
    clock[16] = 99;
    g.put(BUF, &clock);
    let subs = crate::wasi::read_subscriptions(&g.mem, BUF, 1).unwrap();
    assert_eq!(g.ctx.poll_plan(&subs, None), (0.0, false));
    assert_eq!(
        g.ctx.poll_oneoff(&mut g.mem, BUF, PATH, 1, OUT),
        Err(Errno::Inval)
    );
}

#[test]
fn a_read_would_wait_only_for_stdin_without_input() {
    let mut g = Guest::new();
    g.ctx.set_stdin(Box::new(SlowInput {
        asked: 0,
        ready_after: 1,
    }));
    assert!(g.ctx.read_would_wait(0));
    assert!(!g.ctx.read_would_wait(0), "input came");
    assert!(!g.ctx.read_would_wait(1), "stdout never waits");
    assert!(
        !g.ctx.read_would_wait(99),
        "a bad fd is the read's own error"
    );
}

/// A platform that cannot block, so the core has to spin.
struct NoSleep(NativePlatform);

impl Platform for NoSleep {
    fn realtime_ns(&self) -> u64 {
        self.0.realtime_ns()
    }
    fn monotonic_ns(&self) -> u64 {
        self.0.monotonic_ns()
    }
    fn resolution_ns(&self) -> u64 {
        1
    }
    fn fill_random(&mut self, buf: &mut [u8]) {
        self.0.fill_random(buf)
    }
}

#[test]
fn sleeping_blocks_when_the_platform_can_and_spins_only_when_not() {
    for (platform, spins) in [
        (
            Box::new(NativePlatform::default()) as Box<dyn Platform>,
            false,
        ),
        (Box::new(NoSleep(NativePlatform::default())), true),
    ] {
        let mut ctx = WasiCtx::new(platform);
        let mut mem = vec![0u8; 4096];
        let mut sub = [0u8; 48];
        sub[16] = 1;
        sub[24..32].copy_from_slice(&2_000_000u64.to_le_bytes());
        mem.write(0, &sub).unwrap();
        let t0 = std::time::Instant::now();
        ctx.poll_oneoff(&mut mem, 0, 1024, 1, 2048).unwrap();
        assert!(t0.elapsed().as_micros() >= 2000);
        assert_eq!(ctx.stats.poll_calls, 1);
        assert_eq!(ctx.stats.spin_iterations > 0, spins);
    }
}
