//! Random scripts for the `script` guest: the same script for the same seed, on every host.
//!
//! The calls work in a small tree of names (files, directories, symlinks to them, to nothing,
//! to themselves, out of the sandbox) so that most calls meet something: an existing file, a
//! directory where a file is expected, `..`, an absolute path, a full directory, an fd opened
//! read-only or with O_APPEND, a trailing slash. Each case starts in a fresh directory with
//! about half of `TREE` made. Left out: `fd_allocate` and the sync flags at open (differences
//! on purpose, in the README)
//! and rmdir's trailing slash (the official wasi-testsuite removes `dir/`, wasmtime-py 50 does
//! not).

/// A name of 255 bytes (Linux's longest) and one of 256.
const LONGEST: &str =
    "lllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllll";
const TOO_LONG: &str =
    "tttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttt";
const PATHS: &[&str] = &[
    LONGEST, TOO_LONG, "ü", "d/ü", "a", "b", "d", "e", "d/a", "d/b", "d/e/a", "l", "ld", "ln",
    "lo", "l/a", "ld/a", "d/..", "d/../a", "..", "../a", ".", "", "/a", "d/./b", "e/a", "a/", "d/",
    "ld/", "l/", "lo/",
];
const LINK_TARGETS: &[&str] = &["a", "d", "nowhere", "lo", "../a", "/a", "d/a", "d/"];
const WORDS: &[&str] = &["x", "hello", "0123456789", "abc"];
/// O_CREAT 1, O_DIRECTORY 2, O_EXCL 4, O_TRUNC 8.
const OFLAGS: &[u32] = &[0, 0, 1, 1, 2, 5, 8, 9, 3, 13];
/// FDFLAGS_APPEND 1, NONBLOCK 4 (not the sync flags: wasmtime refuses them at open, where we
/// keep them, a difference on purpose).
const FDFLAGS: &[u32] = &[0, 0, 0, 1, 4];
const RIGHTS: &[&str] = &["all", "all", "dir", "read", "write", "none"];
/// Set-times flags: ATIM 1, ATIM_NOW 2, MTIM 4, MTIM_NOW 8 (3 and 12 are refused).
const FSTFLAGS: &[u32] = &[0, 1, 2, 4, 8, 5, 10, 3, 12, 16];
const TREE: &[&str] = &[
    "open 0 a 0 1 all 0",
    "write 1 hello",
    "mkdir 0 d",
    "open 0 d/a 0 1 all 0",
    "symlink a 0 l",
    "symlink d 0 ld",
    "symlink lo 0 lo",
    "symlink nowhere 0 ln",
    "mkdir 0 d/e",
];
/// Each call with its weight.
const CALLS: &[(&str, u64)] = &[
    ("open", 12),
    ("write", 6),
    ("pwrite", 2),
    ("read", 5),
    ("pread", 2),
    ("seek", 3),
    ("tell", 1),
    ("close", 3),
    ("mkdir", 5),
    ("rmdir", 3),
    ("unlink", 4),
    ("rename", 4),
    ("symlink", 3),
    ("link", 2),
    ("readlink", 2),
    ("stat", 5),
    ("fstat", 2),
    ("truncate", 2),
    ("fdstat", 2),
    ("setflags", 1),
    ("readdir", 2),
    ("renumber", 1),
    ("sync", 1),
];

/// splitmix64: small, and the same sequence on every host.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    /// True `percent` times in a hundred.
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
    fn pick<T: Copy>(&mut self, from: &[T]) -> T {
        from[self.below(from.len() as u64) as usize]
    }
}

/// `cases` cases of `calls` random calls each, seeded by `seed`.
pub fn script(seed: u64, cases: u64, calls: u64) -> Vec<String> {
    let mut rng = Rng(seed);
    let mut lines = Vec::new();
    for _ in 0..cases {
        lines.push("case".to_string());
        let made: Vec<&str> = TREE.iter().copied().filter(|_| rng.chance(50)).collect();
        let opened = made.iter().filter(|l| l.starts_with("open")).count() as u64;
        lines.extend(made.iter().map(|l| l.to_string()));
        lines.extend(case(&mut rng, calls, opened));
    }
    lines
}

fn case(rng: &mut Rng, calls: u64, mut opened: u64) -> Vec<String> {
    // The case's directory; else mostly one of the last fds opened, sometimes one never opened.
    let slot = |rng: &mut Rng, opened: u64| {
        if opened == 0 || rng.chance(30) {
            0
        } else if rng.chance(90) {
            let low = opened.saturating_sub(2).max(1);
            low + rng.below(opened - low + 1)
        } else {
            opened + 1
        }
    };
    let dir = |rng: &mut Rng, opened: u64| if rng.chance(80) { 0 } else { slot(rng, opened) };
    let total: u64 = CALLS.iter().map(|(_, w)| w).sum();
    let mut lines = Vec::new();
    for _ in 0..calls {
        let mut at = rng.below(total);
        let kind = CALLS
            .iter()
            .find(|(_, w)| at.checked_sub(*w).map(|rest| at = rest).is_none());
        let kind = kind.map_or("sync", |(k, _)| k);
        let (s, d, p, follow) = (
            slot(rng, opened),
            dir(rng, opened),
            rng.pick(PATHS),
            rng.below(2),
        );
        let line = match kind {
            "open" => {
                opened += 1;
                let (o, r, f) = (rng.pick(OFLAGS), rng.pick(RIGHTS), rng.pick(FDFLAGS));
                format!("open {d} {p} {follow} {o} {r} {f}")
            }
            "write" => format!("write {s} {}", rng.pick(WORDS)),
            "pwrite" => format!("pwrite {s} {} {}", rng.pick(&[0, 3, 20]), rng.pick(WORDS)),
            "read" => format!("read {s} {}", rng.pick(&[0, 4, 64])),
            "pread" => format!(
                "pread {s} {} {}",
                rng.pick(&[4, 64]),
                rng.pick(&[0, 2, 100])
            ),
            "seek" => format!(
                "seek {s} {} {}",
                rng.pick(&[0, 2, -1, -100, 50]),
                rng.below(3)
            ),
            // rmdir of `dir/` is where we follow the official testsuite, not wasmtime-py 50.
            "rmdir" => format!("rmdir {d} {}", p.trim_end_matches('/')),
            "mkdir" | "unlink" | "readlink" => format!("{kind} {d} {p}"),
            "rename" => format!("rename {d} {p} {} {}", dir(rng, opened), rng.pick(PATHS)),
            "symlink" => format!("symlink {} {d} {p}", rng.pick(LINK_TARGETS)),
            "link" => format!(
                "link {d} {follow} {p} {} {}",
                dir(rng, opened),
                rng.pick(PATHS)
            ),
            "stat" => format!("stat {d} {follow} {p}"),
            "truncate" => format!("truncate {s} {}", rng.pick(&[0, 3, 100])),
            "setflags" => format!("setflags {s} {}", rng.pick(&[0, 1, 4, 5, 2, 16])),
            "renumber" => format!("renumber {s} {}", slot(rng, opened)),
            "advise" => format!(
                "advise {s} {} {} {}",
                rng.pick(&[0, 5]),
                rng.pick(&[0, 10]),
                rng.below(6)
            ),
            "ftimes" => format!("ftimes {s} 1000 2000 {}", rng.pick(FSTFLAGS)),
            "ptimes" => format!("ptimes {d} {follow} {p} 1000 2000 {}", rng.pick(FSTFLAGS)),
            "setrights" => format!("setrights {s} {}", rng.pick(RIGHTS)),
            _ => format!("{kind} {s}"),
        };
        lines.push(line);
    }
    lines
}
