// Runs one WASI program off the main thread, so the page stays responsive and can stop it
// (worker.terminate()). The page posts one message:
//   { wasm: Uint8Array, args, env, dirs, stdin?: Uint8Array, stdinUrl?: string, returnFiles?: bool }
// and receives { type: "stdout" | "stderr", chunk } as output is produced, then
//   { type: "exit", exitCode, trap, error, timings, files }.
// stdinUrl makes stdin interactive: each read is a synchronous GET (allowed in workers) that
// may block until input arrives; an empty answer is end of input.
import init, { run } from "./pkg/wasi_web.js";

function readStdin(url, max) {
  const xhr = new XMLHttpRequest();
  xhr.open("GET", `${url}?max=${max}`, false);
  xhr.responseType = "arraybuffer";
  xhr.send();
  return xhr.status === 200 && xhr.response.byteLength > 0 ? new Uint8Array(xhr.response) : null;
}

self.onmessage = async ({ data }) => {
  await init();
  const forward = (type) => (chunk) => self.postMessage({ type, chunk }, [chunk.buffer]);
  const options = {
    args: data.args,
    env: data.env,
    dirs: data.dirs,
    stdout: forward("stdout"),
    stderr: forward("stderr"),
  };
  if (data.stdinUrl) {
    options.stdin = (max) => readStdin(data.stdinUrl, max);
  } else if (data.stdin) {
    options.stdin = data.stdin;
  }
  const result = await run(data.wasm, options);
  self.postMessage({
    type: "exit",
    exitCode: result.exitCode ?? null,
    trap: result.trap ?? null,
    error: result.error ?? null,
    timings: result.timings,
    files: data.returnFiles ? result.files() : null,
  });
};
