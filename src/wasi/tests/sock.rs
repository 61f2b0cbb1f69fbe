//! sock_* calls on descriptors that are not sockets.

use super::*;

#[test]
fn sockets_are_not_sockets() {
    let mut g = Guest::new();
    assert_eq!(
        g.ctx.sock_accept(&mut g.mem, 1, 0, OUT),
        Err(Errno::Notsock)
    );
    assert_eq!(
        g.ctx.sock_recv(&mut g.mem, 0, IOV, 0, 0, OUT, OUT2),
        Err(Errno::Notsock)
    );
    assert_eq!(
        g.ctx.sock_send(&mut g.mem, 1, IOV, 0, 0, OUT),
        Err(Errno::Notsock)
    );
    #[cfg(not(feature = "stdio-only"))]
    assert_eq!(
        g.ctx.sock_shutdown(&mut g.mem, PREOPEN, 0),
        Err(Errno::Notsock)
    );
    assert_eq!(g.ctx.sock_shutdown(&mut g.mem, 77, 0), Err(Errno::Badf));
    assert_eq!(g.ctx.sock_accept(&mut g.mem, 77, 0, OUT), Err(Errno::Badf));
}
