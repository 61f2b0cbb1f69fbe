//! args, environ, clocks, random, sched_yield, proc_raise, proc_exit.

use super::*;

#[test]
fn args_and_environ() {
    let mut g = Guest::new();
    g.ctx.args_sizes_get(&mut g.mem, OUT, OUT + 4).unwrap();
    assert_eq!((g.u32_at(OUT), g.u32_at(OUT + 4)), (2, 9));
    g.ctx.args_get(&mut g.mem, PATH, BUF).unwrap();
    assert_eq!(g.cstrings(PATH, 2), ["prog", "a b"]);
    g.ctx.environ_sizes_get(&mut g.mem, OUT, OUT + 4).unwrap();
    assert_eq!((g.u32_at(OUT), g.u32_at(OUT + 4)), (1, 4));
    g.ctx.environ_get(&mut g.mem, PATH, BUF).unwrap();
    assert_eq!(g.cstrings(PATH, 1), ["K=V"]);
    assert_eq!(
        g.ctx.args_get(&mut g.mem, MEM as u32 - 2, BUF),
        Err(Errno::Fault)
    );
    assert_eq!(
        g.ctx.environ_get(&mut g.mem, PATH, MEM as u32 - 1),
        Err(Errno::Fault)
    );
    assert_eq!(
        g.ctx.args_sizes_get(&mut g.mem, u32::MAX, 0),
        Err(Errno::Fault)
    );
    assert_eq!(
        g.ctx.environ_sizes_get(&mut g.mem, 0, u32::MAX - 1),
        Err(Errno::Fault)
    );
}

#[test]
fn clocks_random_yield_raise_exit() {
    let mut g = Guest::new();
    for id in 0..4 {
        g.ctx.clock_res_get(&mut g.mem, id, OUT).unwrap();
        assert!(g.u64_at(OUT) > 0);
    }
    g.ctx.clock_time_get(&mut g.mem, 0, 0, OUT).unwrap();
    assert!(g.u64_at(OUT) > 1_600_000_000_000_000_000);
    g.ctx.clock_time_get(&mut g.mem, 1, 0, OUT).unwrap();
    let t1 = g.u64_at(OUT);
    g.ctx.clock_time_get(&mut g.mem, 1, 0, OUT).unwrap();
    assert!(g.u64_at(OUT) >= t1);
    assert_eq!(
        g.ctx.clock_time_get(&mut g.mem, 9, 0, OUT),
        Err(Errno::Inval)
    );
    assert_eq!(g.ctx.clock_res_get(&mut g.mem, 9, OUT), Err(Errno::Inval));
    assert_eq!(
        g.ctx.clock_time_get(&mut g.mem, 0, 0, MEM as u32 - 4),
        Err(Errno::Fault)
    );

    g.ctx.random_get(&mut g.mem, BUF, 200_000).unwrap();
    assert!(g.mem[BUF as usize..BUF as usize + 200_000]
        .iter()
        .any(|&b| b != 0));
    g.ctx.random_get(&mut g.mem, BUF, 0).unwrap();
    assert_eq!(
        g.ctx.random_get(&mut g.mem, MEM as u32 - 10, 11),
        Err(Errno::Fault)
    );

    g.ctx.sched_yield(&mut g.mem).unwrap();
    assert_eq!(g.ctx.proc_raise(&mut g.mem, 6), Err(Errno::Notsup));
    assert_eq!(g.ctx.exit_request(), None);
    g.ctx.proc_exit(&mut g.mem, 3);
    assert_eq!(g.ctx.exit_request(), Some(&ExitRequest::Code(3)));
    g.ctx.proc_exit(&mut g.mem, 200);
    assert_eq!(g.ctx.exit_request(), Some(&ExitRequest::Invalid(200)));
}
