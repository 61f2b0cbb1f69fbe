//! `cargo xtask <command>`: everything the project needs, from a fresh machine to a green run.

mod abi;
mod bench;
mod bench_pages;
mod bench_report;
mod bench_stats;
mod bench_threads;
mod bench_trace;
mod browser;
mod build;
mod checks;
mod cli;
mod cmd;
mod conformance;
mod conformance_threads;
mod consumer;
mod demo;
mod differ;
mod droppage;
mod e2e;
mod embed;
mod hostile;
mod hosts_suite;
mod http;
mod oci_suite;
mod package;
mod page;
mod peers;
mod registry;
mod run;
mod run_cli;
mod runner_suite;
mod setup;
mod shorten;
mod test;
mod threads_suite;
mod tree;
mod wagi;
mod wagi_suite;
mod webdriver;

use std::process::ExitCode;

const HELP: &str = "\
usage: cargo xtask <command>

  setup              install what a fresh Debian machine lacks (idempotent)
  build              install the build tools if missing, then build the web package into web/pkg
                     (wasm-bindgen, wasm-opt, esbuild)
  guests             build examples/hellowasi and the guest test programs (wasm32-wasip1)
  oracle             re-record the guests' expected output from wasmtime (tests/guests/expected,
                     tests/threads-guests/expected: wasmtime-cli with threads, installed if missing)
  test [--only PART,...]
                     setup, then every test (or only the parts named: lint, native, browser,
                     abi, runner, e2e, threads, wagi, oci, package, bench, conformance);
                     prints each part's time
  abi                the one list of WASI calls against wasmtime's ABI and the built host's exports
  e2e [--browser chrome|firefox|webkit] [--suite NAME,...]
                     only the page-level suites (workers, terminal, xterm, docs, droppage, hostile, widget)
  run [OPTIONS] FILE.wasm|oci://REGISTRY/REPO:TAG [ARGS...]
                     run a WASI program in a headless browser (see `cargo xtask run --help`)
  differ [--browser B] [--seeds N[-M]] [--cases N] [--calls N]
                     random scripts of file-system calls through wasmtime and wasi-web, compared
  conformance [--browser chrome|firefox|webkit|all] [--filter S] [--suite PATH] [--update-expected]
                     the official wasi-testsuite in headless browsers
  hello              setup, build, and run examples/hellowasi in headless Chromium
  demo [--port N]    setup, build, and serve the drop page on http://127.0.0.1:8080/
  wagi -c CONFIG [--listen HOST:PORT] [--env K=V]... [--request ... PATH]
  wagi build -c CONFIG --out DIR
                     a WAGI site answered by WASI handlers in the browser (see `wagi --help`)
  package            the npm package: target/npm/wasi-web-VERSION.tgz (npm pack)
  fuzz [--time SECS]  the cargo-fuzz target over every WASI call (nightly; default 60 s)
  registry [--port N] a local OCI registry (docker-registry, CORS-open) with the test artifacts
                     pushed, to try oci:// references (default port 5000)
  bench [--browser chrome|firefox|webkit] [--runs N] [--hosts a,b] [--workloads a,b,threads] [--smoke]
                     benchmarks against the peers and native wasmtime (target/bench/)
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (command, rest) = match args.split_first() {
        Some((c, rest)) => (c.as_str(), rest),
        None => {
            eprint!("{HELP}");
            return ExitCode::from(2);
        }
    };
    let result = match command {
        "setup" => setup::setup(),
        "build" => setup::for_build().and_then(|_| build::build_pkg().map(|_| ())),
        "guests" => build::build_guests(),
        "oracle" => build::record_oracle(),
        "test" => test::test(rest),
        "e2e" => test::e2e(rest),
        "abi" => crate::abi::check(),
        "hello" => run_cli::hello(),
        "demo" => demo::demo(rest),
        "bench" => bench::bench(rest),
        "conformance" => conformance::conformance(rest),
        "differ" => differ::differ(rest),
        "run" => return run_cli::run_command(rest),
        "wagi" => wagi::wagi(rest),
        "registry" => registry::serve(rest),
        "package" => {
            setup::for_build().and_then(|_| package::package().map(|t| println!("{}", t.display())))
        }
        "fuzz" => test::fuzz(rest),
        "help" | "--help" | "-h" => {
            print!("{HELP}");
            return ExitCode::SUCCESS;
        }
        other => Err(format!("unknown command `{other}`\n\n{HELP}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask {command}: {e}");
            ExitCode::FAILURE
        }
    }
}
