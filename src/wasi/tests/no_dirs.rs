//! A run given no `dirs`: no preopen, so fd 3 and up are no descriptor at all, and every call
//! on one is `EBADF`, as in wasmtime with no `--dir`. It runs in both builds (`cargo test` and
//! `cargo test --features stdio-only`): the stdio-only host serves exactly these runs, so it
//! must answer them as the full host does.

use super::*;

#[test]
fn with_no_preopen_every_call_on_fd_3_is_ebadf_and_stdio_still_works() {
    let mut g = Guest::without_dirs(crate::limits::Limits::default());
    // How a guest's libc finds its preopens: fd_prestat_get from 3 up to the first EBADF.
    assert_eq!(g.ctx.fd_prestat_get(&mut g.mem, 3, OUT), Err(Errno::Badf));
    assert_eq!(
        g.ctx.fd_prestat_dir_name(&mut g.mem, 3, BUF, 8),
        Err(Errno::Badf)
    );
    // The harness's path helpers call on fd 3 (PREOPEN), here no descriptor.
    assert_eq!(g.open("f", oflags::CREAT, RW, 0), Err(Errno::Badf));
    assert_eq!(g.mkdir("f"), Err(Errno::Badf));
    assert_eq!(g.stat("f", false), Err(Errno::Badf));
    assert_eq!(
        g.path_call("f", |c, m, fd, p, l| {
            crate::wasi::preview0::path_filestat_get(c, m, fd, 0, p, l, OUT)
        }),
        Err(Errno::Badf)
    );
    assert_eq!(
        g.ctx.fd_readdir(&mut g.mem, 3, BUF, 256, 0, OUT),
        Err(Errno::Badf)
    );
    assert_eq!(g.ctx.fd_seek(&mut g.mem, 3, 0, 0, OUT), Err(Errno::Badf));
    assert_eq!(g.ctx.fd_close(&mut g.mem, 3), Err(Errno::Badf));
    // Renumbering onto a descriptor that does not exist is refused too.
    assert_eq!(g.ctx.fd_renumber(&mut g.mem, 1, 3), Err(Errno::Badf));

    // stdio is all there is, and it works.
    assert_eq!(g.write(1, b"hi\n"), Ok(3));
    g.ctx.flush_output();
    assert_eq!(g.stdout.bytes(), b"hi\n");
    for fd in 0..3 {
        g.ctx.fd_fdstat_get(&mut g.mem, fd, OUT).unwrap();
    }
}
