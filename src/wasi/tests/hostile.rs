//! Hostile guest values: every pointer and length fails cleanly, never a panic.

use super::*;

#[test]
fn every_guest_value_fails_cleanly_without_panicking() {
    // Sweep each call with hostile pointers and lengths: any Result is fine, a panic is not.
    let hostile = [0, 1, 7, MEM as u32 - 1, MEM as u32, u32::MAX - 7, u32::MAX];
    for &a in &hostile {
        for &b in &hostile {
            let mut g = Guest::new();
            let m = &mut g.mem;
            let c = &mut g.ctx;
            let _ = c.args_get(m, a, b);
            let _ = c.environ_get(m, a, b);
            let _ = c.fd_write(m, 1, a, b, a);
            let _ = c.fd_read(m, 0, a, b, b);
            let _ = c.fd_pread(m, 3, a, b, u64::MAX, a);
            let _ = c.fd_readdir(m, 3, a, b, u64::MAX, a);
            let _ = c.fd_prestat_dir_name(m, 3, a, b);
            let _ = c.path_open(m, 3, 1, a, b, 15, u64::MAX, u64::MAX, 31, a);
            let _ = c.path_readlink(m, 3, a, b, a, b, a);
            let _ = c.path_symlink(m, a, b, 3, a, b);
            let _ = c.path_rename(m, 3, a, b, 3, b, a);
            let _ = c.path_link(m, 3, 1, a, b, 3, b, a);
            let _ = c.poll_oneoff(m, a, b, a, b);
            let _ = crate::wasi::preview0::poll_oneoff(c, m, a, b, b, a);
            let _ = c.random_get(m, a, b);
            let _ = c.fd_seek(m, 3, i64::MIN, b, a);
        }
    }
}

#[test]
fn errno_conversion_is_the_guest_code() {
    assert_eq!(to_guest_errno(Ok(())), 0);
    assert_eq!(to_guest_errno(Err(Errno::Badf)), 8);
    assert_eq!(to_guest_errno(Err(Errno::Notcapable)), 76);
}
