// Runs one workload through one host, in a fresh worker, and reports timings:
//   in:  {host, wasmUrl, args, env, visit (big-module workloads and hello_url: the fetch is
//         timed), asPage (hello_url: wasi-web is used as a page would, `run(fetch(url))`),
//         keepStdout (the workload reports on stdout: keep its end)}
//   out: {ok, runMs (instantiate + _start), totalMs (since the worker started),
//         firstOutputMs (from t0 to the first stdout chunk), exitCode,
//         stdoutBytes, stdoutTail (the end of stdout, where the guest reports its phases),
//         error (with the guest's last line on stderr, e.g. its panic message)}
// Every host gets the same module bytes (wasi-web a Response in the big-module workloads), the
// same args and env, a writable /tmp for the workloads that use files (uwasi has none), and a
// stdout sink that keeps a count (and the end, when asked: decoding every chunk would be work
// inside the timed run).
// The peers come bundled and minified (/bundles/, see xtask/src/peers.rs), as a page shipping
// them would load them.
const workerStart = performance.now();
/** Where a host's start-up went (`{loadMs, initMs}`), for the record (results.json). */
let split;

const hosts = {
  async "wasi-web"(module, { args, env, files, asPage }, out, err) {
    const loading = performance.now();
    // As a page would: run.js loads the host the run needs (the stdio-only one without dirs),
    // its wasm compiling while its glue loads.
    const { preload, run } = await import("/pkg/run.js");
    const loaded = performance.now();
    const dirs = files ? { "/tmp": {} } : undefined;
    // As a page starting a program at a URL (hello_url): no preload, and the module's promise
    // goes to run(), which loads the host meanwhile.
    if (!asPage) await preload({ dirs });
    const t0 = performance.now();
    if (!asPage) split = { loadMs: loaded - loading, initMs: t0 - loaded };
    // Given a Response, run() compiles while the module downloads.
    const r = await run(asPage ? module(true) : await module(true), { args, env, dirs, stdout: out, stderr: err });
    if (r.error) throw new Error(r.error);
    if (r.trap) throw new Error(r.trap);
    return { t0, exitCode: r.exitCode };
  },

  async browser_wasi_shim(module, { args, env, files }, out, err) {
    const shim = await import("/bundles/browser_wasi_shim.js");
    const fds = [
      new shim.OpenFile(new shim.File([])),
      new shim.ConsoleStdout(out),
      new shim.ConsoleStdout(err),
      ...(files ? [new shim.PreopenDirectory("/tmp", new Map())] : []),
    ];
    const wasi = new shim.WASI(args, Object.entries(env).map(([k, v]) => `${k}=${v}`), fds);
    const t0 = performance.now();
    const instance = await WebAssembly.instantiate(await WebAssembly.compile(await module()), { wasi_snapshot_preview1: wasi.wasiImport });
    return { t0, exitCode: wasi.start(instance) };
  },

  async runno(module, { args, env, files }, out, err) {
    const { WASI } = await import("/bundles/runno.js");
    const wasi = new WASI({
      args, env, stdout: out, stderr: err,
      fs: files ? { "/tmp/.keep": { path: "/tmp/.keep", timestamps: { access: new Date(), modification: new Date(), change: new Date() }, mode: "string", content: "" } } : {},
    });
    const t0 = performance.now();
    const compiled = await WebAssembly.compile(await module());
    const instance = await WebAssembly.instantiate(compiled, wasi.getImportObject());
    const r = wasi.start({ module: compiled, instance });
    return { t0, exitCode: r.exitCode };
  },

  async uwasi(module, { args, env }, out, err) {
    const { WASI, useAll } = await import("/bundles/uwasi.js");
    const wasi = new WASI({ args, env, features: [useAll({ stdout: out, stderr: err })] });
    const t0 = performance.now();
    const instance = await WebAssembly.instantiate(await WebAssembly.compile(await module()), { wasi_snapshot_preview1: wasi.wasiImport });
    return { t0, exitCode: wasi.start(instance) };
  },

  async wasm_util(module, { args, env, files }, out, err) {
    const { WASI, Volume, createFsFromVolume, Buffer } = await import("/bundles/wasm_util.js");
    globalThis.Buffer ??= Buffer;
    const vol = Volume.fromJSON({ "/tmp/.keep": "" });
    const wasi = new WASI({
      version: "preview1", args, env, returnOnExit: true, preopens: files ? { "/tmp": "/tmp" } : {},
      fs: createFsFromVolume(vol), print: (s) => (out(s), out("\n")), printErr: err,
    });
    const t0 = performance.now();
    const instance = await WebAssembly.instantiate(await WebAssembly.compile(await module()), wasi.getImportObject());
    return { t0, exitCode: wasi.start(instance) };
  },

  // @wasmer/sdk runs programs in its own Wasmer runtime (a multi-megabyte wasm with a worker
  // pool). Loading and starting that runtime (Wasmer.create) happens before t0, like the
  // other hosts' imports; packaging the module, the sandbox and the run are timed.
  async wasmer(module, { args, env }, out, err) {
    const { Wasmer } = await import("/node_modules/@wasmer/sdk/dist/index.js");
    const wasmer = await Wasmer.create({ cache: false });
    const t0 = performance.now();
    // The command is named as args[0]: it is the program's argv[0] (coreutils dispatches on it).
    const name = args[0] ?? "main";
    const pkg = await wasmer.packages.create({
      modules: { [name]: await module() },
      commands: { [name]: { module: name } },
    });
    const sandbox = await wasmer.createSandbox({ packages: [pkg], env });
    const proc = await sandbox.command(pkg, args.slice(1)).spawn({ stdin: "closed", stdout: "pipe", stderr: "pipe" });
    const drain = (async () => {
      for await (const chunk of proc.stderr) err(chunk);
    })();
    for await (const chunk of proc.stdout) out(chunk);
    await drain;
    const output = await proc.wait();
    return { t0, exitCode: output.exitCode };
  },
};

/** Counts a stream and keeps its end (text or bytes) if `keep`; `lines`: text chunks are whole
 * lines. */
function streamTail(lines, keep) {
  const decoder = new TextDecoder();
  let text = "";
  let bytes = 0;
  let firstAt;
  const append = (chunk) => {
    firstAt ??= performance.now();
    bytes += chunk.length;
    if (!keep) return;
    // Only the last 2000 characters are kept, so a long run of tiny writes stays cheap.
    const piece = typeof chunk === "string" ? (lines ? `${chunk}\n` : chunk) : decoder.decode(chunk.slice(-2000));
    text = (text.length + piece.length > 4000 ? text.slice(-2000) : text) + piece;
  };
  return { append, text: () => text.slice(-2000), bytes: () => bytes, firstAt: () => firstAt };
}

/** The end of the guest's stderr, to say why a run failed. */
function stderrTail() {
  const { append, text } = streamTail(true, true);
  // The last line that says something (not Rust's backtrace hint).
  const reason = () =>
    text()
      .split("\n")
      .filter((l) => l.trim() && !l.startsWith("note: run with"))
      .pop() ?? "";
  return { append, reason };
}

/** The module, as a host asks for it after loading itself: fetched up front (the host's t0
 * comes after), or in the big-module workloads and hello_url (`data.visit`) fetched when
 * asked, so the download counts; `streaming`: the Response itself, for a host that compiles
 * as it downloads. */
async function moduleSource(data) {
  if (data.visit) {
    return async (streaming) => {
      const response = await fetch(data.wasmUrl);
      return streaming ? response : new Uint8Array(await response.arrayBuffer());
    };
  }
  const bytes = new Uint8Array(await (await fetch(data.wasmUrl)).arrayBuffer());
  return async () => bytes;
}

self.onmessage = async ({ data }) => {
  const stdout = streamTail(false, data.keepStdout === true);
  const stderr = stderrTail();
  const failure = (what) => [what, stderr.reason()].filter(Boolean).join(": ").slice(0, 300);
  try {
    const module = await moduleSource(data);
    const host = hosts[data.host];
    if (!host) throw new Error(`unknown host ${data.host}`);
    const { t0, exitCode } = await host(module, data, stdout.append, stderr.append);
    const end = performance.now();
    const ok = exitCode === 0;
    const error = ok ? undefined : failure(`exit ${exitCode}`);
    const firstOutputMs = stdout.firstAt() - t0;
    self.postMessage({ ok, runMs: end - t0, totalMs: end - workerStart, firstOutputMs, exitCode, stdoutBytes: stdout.bytes(), stdoutTail: stdout.text(), split, error });
  } catch (e) {
    self.postMessage({ ok: false, error: failure(String(e?.message ?? e)), stdoutBytes: stdout.bytes() });
  }
};
