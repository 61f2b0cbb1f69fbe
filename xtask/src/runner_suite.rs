//! `cargo xtask run` end to end, as `cargo xtask test` checks it in each browser: output and
//! status, stdin, a trap, `--dir` trees both ways, and a terminal user typing.

use crate::browser::Browser;
use crate::cmd::Result;
use crate::{build, run as runner};
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use wasi_web::outcome::Outcome;

/// The command-line runner end to end: hellowasi's output and status, stdin delivered, a trap
/// reported, and a `--dir` tree written back.
pub fn smoke(browser: Browser) -> Result<(usize, usize)> {
    let name = browser.name();
    let mut checks: Vec<(String, bool)> = Vec::new();
    let mut check = |what: &str, ok: bool, report: &runner::RunReport| {
        let shown = if ok {
            what.to_string()
        } else {
            let stdout = String::from_utf8_lossy(&report.stdout);
            format!("{what} (got {} / stdout {stdout:?})", report.outcome)
        };
        checks.push((shown, ok));
    };
    let run = |req: &runner::RunRequest| runner::run_in_browser(browser, req, &mut |_, _| {});

    let hello = run(&runner::RunRequest::new(build::hellowasi()))?;
    check(
        "hellowasi prints Hello, World!",
        hello.stdout == b"Hello, World!\n" && hello.outcome.succeeded(),
        &hello,
    );

    let mut req = runner::RunRequest::new(build::guest_dir().join("stdio.wasm"));
    req.stdin = runner::StdinSource::Bytes(b"hi\n".to_vec());
    let stdio = run(&req)?;
    let text = String::from_utf8_lossy(&stdio.stdout).into_owned();
    check(
        "stdin reaches the guest",
        text.starts_with("read 3 bytes\nline: \"hi\"\n"),
        &stdio,
    );

    let trap = run(&runner::RunRequest::new(
        build::guest_dir().join("trap.wasm"),
    ))?;
    check(
        "a trap is reported",
        // Chromium says "unreachable", Firefox "unreachable executed", WebKit "Unreachable
        // code should not be executed".
        matches!(&trap.outcome, Outcome::Trapped(t)
            if t.to_lowercase().starts_with("runtimeerror: unreachable")),
        &trap,
    );

    let dir = std::env::temp_dir().join(format!("wasi-web-dir-{}-{}", std::process::id(), name));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    std::fs::write(dir.join("stale.txt"), b"left alone").map_err(|e| e.to_string())?;
    let mut req = runner::RunRequest::new(build::guest_dir().join("files.wasm"));
    req.dirs.push((dir.clone(), "/sandbox".into()));
    let files = run(&req)?;
    let written = std::fs::metadata(dir.join("big.bin"))
        .map(|m| m.len())
        .unwrap_or(0);
    let kept = std::fs::read(dir.join("stale.txt")).unwrap_or_default();
    let removed = !dir.join("a.txt").exists();
    check(
        "--dir is written back",
        files.outcome.succeeded() && written == 300_000 && kept == b"left alone" && removed,
        &files,
    );
    let _ = std::fs::remove_dir_all(&dir);
    dir_carries_mtimes_and_sparse_files(&dir, &mut check, &run)?;

    let typed = interactive_cli(browser)?;
    let what = if browser.stdin_mode(true) == "presupplied" {
        "the guest runs with the input once it ends"
    } else {
        "a line typed reaches the guest before EOF"
    };
    check(what, typed, &files);
    crate::checks::report_checks(&format!("runner in {name}"), &checks, "")
}

/// `--dir` carries a file's mtime into the guest and a sparse 1 GiB file back out (sparse on
/// the host too), keeping the other files; a run that never starts leaves the directory be.
fn dir_carries_mtimes_and_sparse_files(
    dir: &std::path::Path,
    check: &mut dyn FnMut(&str, bool, &runner::RunReport),
    run: &dyn Fn(&runner::RunRequest) -> Result<runner::RunReport>,
) -> Result {
    use std::os::unix::fs::MetadataExt;
    let io = |e: std::io::Error| e.to_string();
    std::fs::create_dir_all(dir).map_err(io)?;
    let old = dir.join("old.txt");
    std::fs::write(&old, b"old").map_err(io)?;
    // 2020-01-02T03:04:05Z
    let when = std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_577_934_245);
    std::fs::File::options()
        .write(true)
        .open(&old)
        .and_then(|f| f.set_modified(when))
        .map_err(io)?;
    let mut req = runner::RunRequest::new(build::guest_dir().join("dir_io.wasm"));
    req.args = vec!["/data/old.txt".into()];
    req.dirs.push((dir.to_path_buf(), "/data".into()));
    let report = run(&req)?;
    let stdout = String::from_utf8_lossy(&report.stdout);
    check(
        "--dir carries a file's mtime in",
        stdout.contains("mtime 1577934245"),
        &report,
    );
    let sparse = std::fs::metadata(dir.join("sparse")).map_err(io);
    let kept = std::fs::metadata(&old).map_err(io)?;
    check(
        "a sparse 1 GiB file is written back sparse, the other files and mtimes kept",
        sparse.is_ok_and(|m| m.len() == 1 << 30 && m.blocks() * 512 < 1 << 20)
            && std::fs::read(dir.join("new.txt")).is_ok_and(|b| b == b"new")
            && kept.modified().ok() == Some(when),
        &report,
    );
    // Over the guest filesystem's limit: refused before anything is read or run.
    let mut too_big = runner::RunRequest::new(build::guest_dir().join("dir_io.wasm"));
    too_big.dirs.push((dir.to_path_buf(), "/data".into()));
    let refused = run(&too_big).err().unwrap_or_default();
    check(
        &format!("a --dir over the filesystem limit is refused up front ({refused})"),
        refused.contains("over the guest filesystem's limit")
            && refused.contains("--limit fsBytes"),
        &report,
    );
    std::fs::remove_file(dir.join("sparse")).map_err(io)?;
    let mut broken = runner::RunRequest::new(dir.join("old.txt"));
    broken.dirs.push((dir.to_path_buf(), "/data".into()));
    let failed = run(&broken)?;
    check(
        "a run that never starts leaves the --dir as it was",
        matches!(failed.outcome, Outcome::Failed(_))
            && dir.join("new.txt").exists()
            && old.exists(),
        &failed,
    );
    let _ = std::fs::remove_dir_all(dir);
    Ok(())
}

/// `cargo xtask run` as a user runs it: a line written to its stdin is answered before stdin
/// closes, and closing it ends the program with exit 0. Where the engine cannot pause the
/// program (WebKit), it runs once stdin closes, with all of it.
fn interactive_cli(browser: Browser) -> Result<bool> {
    let presupplied = browser.stdin_mode(true) == "presupplied";
    use std::io::Write;
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let mut child = Command::new(exe)
        .args(["run", "--browser", browser.arg()])
        .arg(build::guest_dir().join("reverse.wasm"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .map_err(|e| e.to_string())?;
    let stdout = child.stdout.take().ok_or("no stdout")?;
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout)
            .lines()
            .map_while(std::io::Result::ok)
        {
            let _ = tx.send(line);
        }
    });
    let mut stdin = child.stdin.take().ok_or("no stdin")?;
    let wait_for = |want: &str| loop {
        match rx.recv_timeout(std::time::Duration::from_secs(60)) {
            Ok(line) if line == want => return true,
            Ok(_) => continue,
            Err(_) => return false,
        }
    };
    let ready = presupplied || wait_for("ready (tty: false)");
    stdin.write_all(b"abc\n").map_err(|e| e.to_string())?;
    stdin.flush().map_err(|e| e.to_string())?;
    let answered = presupplied || (ready && wait_for("cba"));
    drop(stdin);
    let ran_after = !presupplied || (wait_for("ready (tty: false)") && wait_for("cba"));
    let said_bye = ran_after && wait_for("bye");
    let status = child.wait().map_err(|e| e.to_string())?;
    Ok(answered && said_bye && status.success())
}
