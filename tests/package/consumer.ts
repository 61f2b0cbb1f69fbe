// A consumer of every entry of the installed package, type-checked with tsc --strict by
// `cargo xtask test` (xtask/src/package.rs). The @ts-expect-error lines must fail to compile.
import init, { run, inspect, type RunOptions } from "wasi-web";
import { run as runOnDemand, type RunResult } from "wasi-web/run";
import { spawn, interactiveMode, inspectModule, type SpawnResult } from "wasi-web/spawn";
import "wasi-web/playground";
import "wasi-web/terminal";
import { pullModule, OciError } from "wasi-web/oci";
import { attachXterm, type XtermLike } from "wasi-web/xterm";

declare const xterm: XtermLike;

export async function main(bytes: Uint8Array): Promise<string> {
  await init();
  const info = inspect(bytes);
  const kind: "command" | "reactor" = info.kind;
  const options: RunOptions = {
    args: ["main.wasm", "--flag"],
    env: { LANG: "C" },
    dirs: { "/data": { "in.txt": "hello", sub: { "b.bin": new Uint8Array(3) } } },
    limits: { fsBytes: 1 << 20, openFiles: 32 },
    stdout: (chunk) => console.log(chunk.length),
  };
  const result = await run(bytes, options);
  const pulled = await run("oci://127.0.0.1:5000/hellowasi:v1");
  const digest: string | undefined = pulled.source?.digest;
  // @ts-expect-error: not a limit wasi-web has
  await run(bytes, { limits: { diskBytes: 1 } });
  const onDemand: RunResult = await runOnDemand(new URL("hello.wasm", location.href), { args: ["hello"] });
  const exitCode: number | undefined = onDemand.exitCode;
  // @ts-expect-error: run.js takes run()'s options
  await runOnDemand(bytes, { dirs: "/data" });

  const handle = spawn({ oci: "oci://ghcr.io/org/tool:1" }, { stdin: "interactive", onProgress: (p) => p.loaded });
  handle.write("line\n");
  handle.end();
  const done: SpawnResult = await handle.done;
  const why = done.kind === "failed" ? done.reason : done.kind === "exited" ? String(done.code) : done.status;
  const exports: string[] = (await inspectModule(bytes)).exports;
  // @ts-expect-error: inspectModule() takes the module's bytes, not a reference
  await inspectModule("oci://ghcr.io/org/tool:1");

  const io = attachXterm(xterm, { raw: false });
  io.attach(spawn(bytes, { ...io.options, args: ["tool"] }));
  io.dispose();

  const widget = document.querySelector("wasi-playground");
  widget?.addEventListener("wasi-exit", (e) => console.log(e.detail.status));
  widget?.addEventListener("wasi-progress", (e) => console.log(e.detail.loaded, e.detail.total));
  const fromWidget = await widget?.run();
  const terminal = document.createElement("wasi-terminal");
  terminal.write(new Uint8Array([104, 105]), { stderr: true });
  // @ts-expect-error: the terminal takes bytes or text, not numbers
  terminal.write(42);

  try {
    const module = await pullModule("oci://127.0.0.1:5000/hellowasi:v1", { onProgress: ({ loaded }) => loaded });
    return `${kind} ${result.status} ${exitCode} ${digest} ${why} ${exports.length} ${fromWidget?.status} ${module.digest} ${interactiveMode()}`;
  } catch (e) {
    if (e instanceof OciError) return e.code;
    throw e;
  }
}
