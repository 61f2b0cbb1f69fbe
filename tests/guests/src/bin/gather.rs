//! fd_write's edges: several iovecs (one empty), one write bigger than the host's output
//! buffer, and iovecs outside memory (EFAULT here; wasmtime traps instead, so this guest is
//! checked by its own assertions in tests/browser.rs, not by the oracle).

fn write(fd: u32, iovs: &[wasi::Ciovec]) -> Result<usize, wasi::Errno> {
    unsafe { wasi::fd_write(fd, iovs) }
}

fn report(what: &str, result: Result<usize, wasi::Errno>) {
    let line = match result {
        Ok(n) => format!("{what} wrote {n}\n"),
        Err(e) => format!("{what} errno {}\n", e.raw()),
    };
    write(2, &[wasi::Ciovec { buf: line.as_ptr(), buf_len: line.len() }]).unwrap();
}

fn main() {
    let (a, b) = (b"ab", b"cd\n");
    let parts = [
        wasi::Ciovec { buf: a.as_ptr(), buf_len: a.len() },
        wasi::Ciovec { buf: b.as_ptr(), buf_len: 0 },
        wasi::Ciovec { buf: b.as_ptr(), buf_len: b.len() },
    ];
    report("parts", write(1, &parts));
    let big = vec![b'x'; 200_000];
    report("big", write(1, &[wasi::Ciovec { buf: big.as_ptr(), buf_len: big.len() }]));
    let outside = wasi::Ciovec { buf: 0xffff_0000 as *const u8, buf_len: 0x2_0000 };
    report("outside", write(1, &[outside]));
    let list = unsafe { std::slice::from_raw_parts(0xffff_fff8 as *const wasi::Ciovec, 1) };
    report("list", write(1, list));
}
