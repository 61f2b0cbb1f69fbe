// run() with no init(): the host a run needs is downloaded (once per page) by the first run
// that needs it, its wasm compiling while its glue loads.
//
//   import { run } from "wasi-web/run";
//   const result = await run(fetch("hello.wasm"), { args: ["hello"], stdout });
//
// Given a promise of the module, as there, the module downloads while the host loads.
//
// A run given no `dirs` has no file system to reach: without a preopen no fd is ever a file or
// a directory. The stdio-only host (stdio/) serves it, the same Rust built without the file
// system's code (src/vfs/mod.rs, `Files`), so such a run goes exactly as on the full host
// (wasi_web.js), which serves the runs given `dirs`. The options and the result are run()'s.

/** Compiles the wasm at `url` as it downloads; read first when the server's type is not
 * `application/wasm`. Null when it cannot be had (the glue then says why, fetching it itself). */
export function compileHost(url) {
  return WebAssembly.compileStreaming(fetch(url))
    .catch(async () => WebAssembly.compile(await (await fetch(url)).arrayBuffer()))
    .catch(() => null);
}

// Each glue is named in full, so bundlers see both files and the wasm beside each.
const HOSTS = {
  full: { glue: () => import("./wasi_web.js"), wasm: new URL("./wasi_web_bg.wasm", import.meta.url) },
  stdio: { glue: () => import("./stdio/wasi_web.js"), wasm: new URL("./stdio/wasi_web_bg.wasm", import.meta.url) },
};
const loaded = {};

function host(name) {
  loaded[name] ??= (async () => {
    // The wasm is asked for first: it is the larger download, and its bytes reach the
    // streaming compiler through this thread, which compiling the glue would hold up.
    const { glue, wasm } = HOSTS[name];
    const compiled = compileHost(wasm);
    const host = await glue();
    await host.default({ module_or_path: (await compiled) ?? wasm });
    return host;
  })().catch((e) => {
    // Not kept: the next run tries again.
    delete loaded[name];
    throw new Error(`wasi-web: could not load its host (${name}): ${e?.message ?? e}`);
  });
  return loaded[name];
}

/** `dirs` naming at least one directory (or not an object, for the full host to refuse). */
const givesDirs = (dirs) => dirs != null && (typeof dirs !== "object" || Object.keys(dirs).length > 0);

const hostFor = (options) => host(givesDirs(options?.dirs) ? "full" : "stdio");

/** Loads the host a run with these options needs, so the run itself starts at once (call it
 * when the page loads, before the user asks for a run). */
export async function preload(options) {
  await hostFor(options);
}

/** run() of wasi_web.js, on the host this run needs. Rejects only when that host cannot be
 * loaded; a bad module or bad options resolve to a result that says so, as run() does. */
export async function run(module, options) {
  // A failed download is the run's error (the host's run() reports it), not a rejection the
  // page is told of while the host loads.
  if (typeof module?.then === "function") module.then(null, () => {});
  const { run } = await hostFor(options);
  return run(module, options);
}
