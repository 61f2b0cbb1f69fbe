// The consumer app of the package tests (xtask/src/consumer.rs): built by Vite, bundled by
// esbuild, or loaded as is through an import map. Runs hellowasi through run() and run.js's
// run() (with and without dirs: both hosts), an
// interactive program through spawn() (a line typed, its answer read), a threaded program
// through spawn() where the page is isolated, and a <wasi-playground>, then posts what it saw.
import init, { run } from "wasi-web";
import { run as runOnDemand } from "wasi-web/run";
import { spawn } from "wasi-web/spawn";
import "wasi-web/playground";

const report = { isolated: globalThis.crossOriginIsolated === true };
const bytes = async (name) => new Uint8Array(await (await fetch(new URL(name, location.href))).arrayBuffer());
const until = async (test, ms = 15000) => {
  const end = performance.now() + ms;
  while (!test()) {
    if (performance.now() > end) throw new Error(`timed out waiting for ${test}`);
    await new Promise((r) => setTimeout(r, 10));
  }
};

try {
  await init();
  const hello = await bytes("hellowasi.wasm");
  const result = await run(hello);
  report.run = `${result.status}: ${new TextDecoder().decode(result.stdout).trim()}`;
  // run.js: the stdio-only host for a run given no dirs, the full host for one given some.
  const text = (r) => `${r.status}: ${new TextDecoder().decode(r.stdout).trim()}`;
  report.stdioHost = text(await runOnDemand(hello));
  const cat = await runOnDemand(await bytes("cat.wasm"), { args: ["cat", "/data/in.txt"], dirs: { "/data": { "in.txt": "from a dir" } } });
  report.fullHost = text(cat);

  let out = "";
  const handle = spawn(await bytes("reverse.wasm"), { stdin: "interactive", onStdout: (c) => (out += new TextDecoder().decode(c)) });
  report.mode = handle.mode;
  if (handle.mode !== "presupplied") {
    await until(() => out.includes("ready"));
    handle.write("hello\n");
    await until(() => out.includes("olleh"));
    handle.end();
  }
  report.spawn = `${(await handle.done).status}: ${out.includes("olleh")}`;

  if (report.isolated) {
    let threaded = "";
    const joined = await spawn(await bytes("spawn_join.wasm"), { onStdout: (c) => (threaded += new TextDecoder().decode(c)) }).done;
    report.threads = `${joined.status}: ${threaded.trim().split("\n").pop()}`;
  }

  const widget = document.createElement("wasi-playground");
  widget.setAttribute("src", "hellowasi.wasm");
  document.body.append(widget);
  const shown = await widget.run();
  report.widget = `${shown?.status}: ${widget.terminal.text.trim()}`;
  document.getElementById("mode").textContent = `stdin mode: ${report.mode}`;
} catch (e) {
  report.error = String(e.stack || e);
}
await fetch("report", { method: "POST", body: JSON.stringify(report) });
