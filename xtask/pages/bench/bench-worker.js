// Runs one workload through one host, in a fresh worker, and reports timings:
//   in:  {host, wasmUrl, args, env}
//   out: {ok, runMs (instantiate + _start), totalMs (since the worker started), exitCode,
//         stdoutBytes, error (with the guest's last line on stderr, e.g. its panic message)}
// Every host gets the same module bytes, the same args and env, a writable /tmp, and a stdout
// sink that only counts bytes. The peers come bundled and minified (/bundles/, see
// xtask/src/peers.rs), as a page shipping them would load them.
const workerStart = performance.now();

const hosts = {
  async "wasi-web"(module, { args, env }, out, err) {
    const { default: init, run } = await import("/pkg/wasi_web.js");
    await init();
    const t0 = performance.now();
    const r = await run(module, { args, env, dirs: { "/tmp": {} }, stdout: (c) => out(c.length), stderr: err });
    if (r.error) throw new Error(r.error);
    if (r.trap) throw new Error(r.trap);
    return { t0, exitCode: r.exitCode };
  },

  async browser_wasi_shim(module, { args, env }, out, err) {
    const shim = await import("/bundles/browser_wasi_shim.js");
    const fds = [
      new shim.OpenFile(new shim.File([])),
      new shim.ConsoleStdout((b) => out(b.length)),
      new shim.ConsoleStdout(err),
      new shim.PreopenDirectory("/tmp", new Map()),
    ];
    const wasi = new shim.WASI(args, Object.entries(env).map(([k, v]) => `${k}=${v}`), fds);
    const t0 = performance.now();
    const instance = await WebAssembly.instantiate(await WebAssembly.compile(module), { wasi_snapshot_preview1: wasi.wasiImport });
    return { t0, exitCode: wasi.start(instance) };
  },

  async runno(module, { args, env }, out, err) {
    const { WASI } = await import("/bundles/runno.js");
    const wasi = new WASI({
      args, env, stdout: (s) => out(s.length), stderr: err,
      fs: { "/tmp/.keep": { path: "/tmp/.keep", timestamps: { access: new Date(), modification: new Date(), change: new Date() }, mode: "string", content: "" } },
    });
    const t0 = performance.now();
    const compiled = await WebAssembly.compile(module);
    const instance = await WebAssembly.instantiate(compiled, wasi.getImportObject());
    const r = wasi.start({ module: compiled, instance });
    return { t0, exitCode: r.exitCode };
  },

  async uwasi(module, { args, env }, out, err) {
    const { WASI, useAll } = await import("/bundles/uwasi.js");
    const wasi = new WASI({ args, env, features: [useAll({ stdout: (s) => out(s.length), stderr: err })] });
    const t0 = performance.now();
    const instance = await WebAssembly.instantiate(await WebAssembly.compile(module), { wasi_snapshot_preview1: wasi.wasiImport });
    return { t0, exitCode: wasi.start(instance) };
  },

  async wasm_util(module, { args, env }, out, err) {
    const { WASI, Volume, createFsFromVolume, Buffer } = await import("/bundles/wasm_util.js");
    globalThis.Buffer ??= Buffer;
    const vol = Volume.fromJSON({ "/tmp/.keep": "" });
    const wasi = new WASI({
      version: "preview1", args, env, returnOnExit: true, preopens: { "/tmp": "/tmp" },
      fs: createFsFromVolume(vol), print: (s) => out(s.length + 1), printErr: err,
    });
    const t0 = performance.now();
    const instance = await WebAssembly.instantiate(await WebAssembly.compile(module), wasi.getImportObject());
    return { t0, exitCode: wasi.start(instance) };
  },

  // @wasmer/sdk runs programs in its own Wasmer runtime (a multi-megabyte wasm with a worker
  // pool). Loading and starting that runtime (Wasmer.create) happens before t0, like the
  // other hosts' imports; packaging the module, the sandbox and the run are timed.
  async wasmer(module, { args, env }, out, err) {
    const { Wasmer } = await import("/node_modules/@wasmer/sdk/dist/index.js");
    const wasmer = await Wasmer.create({ cache: false });
    const t0 = performance.now();
    const pkg = await wasmer.packages.create({
      modules: { main: module },
      commands: { main: { module: "main" } },
    });
    const sandbox = await wasmer.createSandbox({ packages: [pkg], env });
    const proc = await sandbox.command(pkg, args.slice(1)).spawn({ stdin: "closed", stdout: "pipe", stderr: "pipe" });
    const drain = (async () => {
      for await (const chunk of proc.stderr) err(chunk);
    })();
    for await (const chunk of proc.stdout) out(chunk.length);
    await drain;
    const output = await proc.wait();
    return { t0, exitCode: output.exitCode };
  },
};

/** Keeps the end of the guest's stderr (text or bytes) to say why a run failed. */
function stderrTail() {
  const decoder = new TextDecoder();
  let text = "";
  const append = (chunk) => {
    text = (text + (typeof chunk === "string" ? `${chunk}\n` : decoder.decode(chunk))).slice(-2000);
  };
  // The last line that says something (not Rust's backtrace hint).
  const reason = () =>
    text
      .split("\n")
      .filter((l) => l.trim() && !l.startsWith("note: run with"))
      .pop() ?? "";
  return { append, reason };
}

self.onmessage = async ({ data }) => {
  let stdoutBytes = 0;
  const stderr = stderrTail();
  const failure = (what) => [what, stderr.reason()].filter(Boolean).join(": ").slice(0, 300);
  try {
    const module = new Uint8Array(await (await fetch(data.wasmUrl)).arrayBuffer());
    const host = hosts[data.host];
    if (!host) throw new Error(`unknown host ${data.host}`);
    const { t0, exitCode } = await host(module, data, (n) => (stdoutBytes += n), stderr.append);
    const end = performance.now();
    const ok = exitCode === 0;
    const error = ok ? undefined : failure(`exit ${exitCode}`);
    self.postMessage({ ok, runMs: end - t0, totalMs: end - workerStart, exitCode, stdoutBytes, error });
  } catch (e) {
    self.postMessage({ ok: false, error: failure(String(e?.message ?? e)), stdoutBytes });
  }
};
