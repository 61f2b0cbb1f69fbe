//! The wasi_unstable adapter: its own layouts and constants.

use super::*;

#[test]
fn preview0_adapter_layouts() {
    let mut g = Guest::new();
    g.create("f", b"0123456789");
    let fd = g.open("f", 0, RW, 0).unwrap();
    // Preview 0 whence: 2 = SET, 0 = CUR, 1 = END.
    crate::wasi::preview0::fd_seek(&mut g.ctx, &mut g.mem, fd, 4, 2, OUT).unwrap();
    assert_eq!(g.u64_at(OUT), 4);
    crate::wasi::preview0::fd_seek(&mut g.ctx, &mut g.mem, fd, 1, 0, OUT).unwrap();
    assert_eq!(g.u64_at(OUT), 5);
    crate::wasi::preview0::fd_seek(&mut g.ctx, &mut g.mem, fd, -1, 1, OUT).unwrap();
    assert_eq!(g.u64_at(OUT), 9);
    assert_eq!(
        crate::wasi::preview0::fd_seek(&mut g.ctx, &mut g.mem, fd, 0, 3, OUT),
        Err(Errno::Inval)
    );
    crate::wasi::preview0::fd_filestat_get(&mut g.ctx, &mut g.mem, fd, OUT).unwrap();
    assert_eq!((g.u32_at(OUT + 20), g.u64_at(OUT + 24)), (1, 10));
    let (p, l) = g.put(PATH, b"f");
    crate::wasi::preview0::path_filestat_get(&mut g.ctx, &mut g.mem, PREOPEN, 0, p, l, OUT)
        .unwrap();
    assert_eq!(g.u64_at(OUT + 24), 10);
    let mut sub = [0u8; 56];
    sub[0] = 5;
    sub[24] = 1; // monotonic
    sub[32..40].copy_from_slice(&1000u64.to_le_bytes());
    g.put(BUF, &sub);
    crate::wasi::preview0::poll_oneoff(&mut g.ctx, &mut g.mem, BUF, PATH, 1, OUT).unwrap();
    assert_eq!((g.u32_at(OUT), g.u64_at(PATH)), (1, 5));
}
