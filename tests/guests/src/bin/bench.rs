//! Benchmark workloads: `bench WORKLOAD [DIR] [SIZE_DIVISOR]`. Each makes the host calls the
//! workload is named after, in a fixed amount; DIR is a writable directory; SIZE_DIVISOR
//! shrinks every amount (smoke runs).
use std::io::{Read, Write};

fn fd_write_raw(bytes: &[u8]) {
    let iov = wasi::Ciovec { buf: bytes.as_ptr(), buf_len: bytes.len() };
    unsafe { wasi::fd_write(1, &[iov]) }.unwrap();
}

/// SHA-256 (FIPS 180-4), small and dependency-free.
struct Sha256 {
    h: [u32; 8],
    buf: Vec<u8>,
    len: u64,
}

const K: [u32; 64] = [
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
];

impl Sha256 {
    fn new() -> Self {
        Sha256 {
            h: [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19],
            buf: Vec::with_capacity(64),
            len: 0,
        }
    }

    fn block(&mut self, b: &[u8]) {
        let mut w = [0u32; 64];
        for i in 0..16 {
            w[i] = u32::from_be_bytes([b[4 * i], b[4 * i + 1], b[4 * i + 2], b[4 * i + 3]]);
        }
        for i in 16..64 {
            let s0 = w[i - 15].rotate_right(7) ^ w[i - 15].rotate_right(18) ^ (w[i - 15] >> 3);
            let s1 = w[i - 2].rotate_right(17) ^ w[i - 2].rotate_right(19) ^ (w[i - 2] >> 10);
            w[i] = w[i - 16].wrapping_add(s0).wrapping_add(w[i - 7]).wrapping_add(s1);
        }
        let mut v = self.h;
        for i in 0..64 {
            let s1 = v[4].rotate_right(6) ^ v[4].rotate_right(11) ^ v[4].rotate_right(25);
            let ch = (v[4] & v[5]) ^ (!v[4] & v[6]);
            let t1 = v[7].wrapping_add(s1).wrapping_add(ch).wrapping_add(K[i]).wrapping_add(w[i]);
            let s0 = v[0].rotate_right(2) ^ v[0].rotate_right(13) ^ v[0].rotate_right(22);
            let maj = (v[0] & v[1]) ^ (v[0] & v[2]) ^ (v[1] & v[2]);
            let t2 = s0.wrapping_add(maj);
            v = [t1.wrapping_add(t2), v[0], v[1], v[2], v[3].wrapping_add(t1), v[4], v[5], v[6]];
        }
        for (h, x) in self.h.iter_mut().zip(v) {
            *h = h.wrapping_add(x);
        }
    }

    fn update(&mut self, mut data: &[u8]) {
        self.len += data.len() as u64;
        if !self.buf.is_empty() {
            let take = (64 - self.buf.len()).min(data.len());
            self.buf.extend_from_slice(&data[..take]);
            data = &data[take..];
            if self.buf.len() == 64 {
                let b = std::mem::take(&mut self.buf);
                self.block(&b);
            }
        }
        while data.len() >= 64 {
            self.block(&data[..64]);
            data = &data[64..];
        }
        self.buf.extend_from_slice(data);
    }

    fn finish(mut self) -> String {
        let bits = self.len * 8;
        let mut tail = std::mem::take(&mut self.buf);
        tail.push(0x80);
        while tail.len() % 64 != 56 {
            tail.push(0);
        }
        tail.extend_from_slice(&bits.to_be_bytes());
        for chunk in tail.chunks(64) {
            self.block(chunk);
        }
        self.h.iter().map(|x| format!("{x:08x}")).collect()
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let workload = args.get(1).map(String::as_str).unwrap_or("");
    let dir = args.get(2).cloned().unwrap_or_else(|| "/tmp".into());
    let div: usize = args.get(3).and_then(|d| d.parse().ok()).unwrap_or(1).max(1);
    match workload {
        "write_small" => {
            for _ in 0..200_000 / div {
                fd_write_raw(b"0123456789abcde\n");
            }
        }
        "clock" => {
            let mut last = 0;
            for _ in 0..1_000_000 / div {
                last = unsafe { wasi::clock_time_get(wasi::CLOCKID_MONOTONIC, 0) }.unwrap();
            }
            println!("{}", last > 0);
        }
        "compute" => {
            let chunk: Vec<u8> = (0..1 << 20).map(|i: u32| (i % 251) as u8).collect();
            let mut h = Sha256::new();
            for _ in 0..64 / div.min(64) {
                h.update(&chunk);
            }
            println!("{}", h.finish());
        }
        "fs_big" => {
            let path = format!("{dir}/big.bin");
            let chunk = vec![7u8; 64 * 1024];
            let chunks = 1024 / div;
            let mut f = std::fs::File::create(&path).unwrap();
            for _ in 0..chunks {
                f.write_all(&chunk).unwrap();
            }
            drop(f);
            let mut f = std::fs::File::open(&path).unwrap();
            let mut buf = vec![0u8; 64 * 1024];
            let mut total = 0;
            loop {
                let n = f.read(&mut buf).unwrap();
                if n == 0 {
                    break;
                }
                total += n;
            }
            assert_eq!(total, chunks * 64 * 1024);
            std::fs::remove_file(&path).unwrap();
            println!("{total}");
        }
        // 64 MiB written to one file in chunks of 64 KiB or 4 KiB, then removed.
        "write_64k" | "write_4k" => {
            let size = if workload == "write_64k" { 64 * 1024 } else { 4096 };
            let path = format!("{dir}/written.bin");
            let chunk = vec![7u8; size];
            let chunks = (64 << 20) / size / div;
            let mut f = std::fs::File::create(&path).unwrap();
            for _ in 0..chunks {
                f.write_all(&chunk).unwrap();
            }
            drop(f);
            assert_eq!(std::fs::metadata(&path).unwrap().len() as usize, chunks * size);
            std::fs::remove_file(&path).unwrap();
            println!("{}", chunks * size);
        }
        "fs_small" => {
            // Each phase timed here too (the host's monotonic clock), so the bench can report
            // create, list, stat and delete apiece.
            let base = format!("{dir}/small");
            let n = 2000 / div;
            let mut phases = Vec::new();
            let mut t = std::time::Instant::now();
            let mut lap = |phases: &mut Vec<f64>| {
                phases.push(t.elapsed().as_secs_f64() * 1000.0);
                t = std::time::Instant::now();
            };
            std::fs::create_dir(&base).unwrap();
            for i in 0..n {
                std::fs::write(format!("{base}/f{i}"), b"small file").unwrap();
            }
            lap(&mut phases);
            let listed = std::fs::read_dir(&base).unwrap().count();
            lap(&mut phases);
            let mut bytes = 0;
            for i in 0..n {
                bytes += std::fs::metadata(format!("{base}/f{i}")).unwrap().len();
            }
            lap(&mut phases);
            for i in 0..n {
                std::fs::remove_file(format!("{base}/f{i}")).unwrap();
            }
            std::fs::remove_dir(&base).unwrap();
            lap(&mut phases);
            let phases: Vec<String> = phases.iter().map(|ms| format!("{ms:.3}")).collect();
            println!("{listed} {bytes}\nphases {}", phases.join(" "));
        }
        "args_env" => println!("{} {}", std::env::args().count(), std::env::vars().count()),
        "grep" => {
            // A 20 MB tree of text files, then a scan for a word, like `grep -rc`.
            let base = format!("{dir}/tree");
            let line = "the quick brown fox jumps over the lazy dog 0123456789\n";
            let per_file = 100 * 1024 / line.len();
            let files = 200 / div;
            for d in 0..10 {
                std::fs::create_dir_all(format!("{base}/d{d}")).unwrap();
            }
            for i in 0..files {
                let mut text = String::with_capacity(per_file * line.len());
                for k in 0..per_file {
                    text.push_str(if k % 97 == 0 { "needle in a haystack line\n" } else { line });
                }
                std::fs::write(format!("{base}/d{}/f{i}.txt", i % 10), text).unwrap();
            }
            let mut hits = 0;
            for d in std::fs::read_dir(&base).unwrap() {
                for f in std::fs::read_dir(d.unwrap().path()).unwrap() {
                    let text = std::fs::read_to_string(f.unwrap().path()).unwrap();
                    hits += text.lines().filter(|l| l.contains("needle")).count();
                }
            }
            println!("{hits}");
        }
        other => {
            eprintln!("unknown workload {other:?}");
            std::process::exit(2);
        }
    }
}
