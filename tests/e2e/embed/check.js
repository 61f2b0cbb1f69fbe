// A WebDriver script (a function body) run by xtask/src/embed.rs on examples/embed/.
// Runs the scripted checks that need no typing; returns what each widget showed.
const done = arguments[arguments.length - 1];
const $ = (id) => document.getElementById(id);
const text = (w) => w.shadowRoot.querySelector("wasi-terminal").text;
const exits = {};
for (const w of document.querySelectorAll("wasi-playground")) {
  w.addEventListener("wasi-exit", (e) => (exits[w.id] ??= []).push(e.detail.kind === "exited" ? e.detail.code : e.detail.kind));
}
(async () => {
  const until = async (test) => { const end = performance.now() + 20000; while (!test() && performance.now() < end) await new Promise((r) => setTimeout(r, 20)); return test(); };
  const hello = $("hello"), cat = $("cat");
  await until(() => hello.result);
  cat.scrollIntoView();
  const catResult = await cat.run();
  const broken = document.createElement("wasi-playground");
  broken.setAttribute("src", "missing.wasm");
  broken.setAttribute("autorun", "");
  document.body.append(broken);
  await until(() => !broken.shadowRoot.querySelector(".error").hidden);
  // A whole tree from a tar archive, built in the page's own realm (Firefox runs WebDriver
  // scripts in a sandbox whose typed arrays the page's code does not recognise).
  const script = document.createElement("script");
  script.type = "module";
  script.textContent = `
    import { tarBlob } from "../pkg/tar.js";
    const w = document.createElement("wasi-playground");
    w.setAttribute("src", "../examples/cat.wasm");
    w.setAttribute("args", "/data/sub/x.txt");
    const dir = document.createElement("wasi-dir");
    dir.setAttribute("path", "/data");
    dir.setAttribute("src", URL.createObjectURL(tarBlob({ sub: { "x.txt": new TextEncoder().encode("from a tar archive\\n") } })));
    w.append(dir);
    document.body.append(w);
    window.tarred = w;
    window.tarDone = w.run();`;
  document.head.append(script);
  await until(() => window.tarDone);
  const tarResult = await window.tarDone;
  const tarred = window.tarred;
  done({
    hello: { kind: hello.result?.kind, code: hello.result?.code, text: text(hello) },
    cat: { kind: catResult?.kind, code: catResult?.code, text: text(cat), files: Object.keys(cat.files?.["/data"] ?? {}) },
    exits,
    broken: broken.shadowRoot.querySelector(".error").textContent,
    tar: { code: tarResult?.code, text: text(tarred) },
    // rows= sizes the terminal, and running must not undo it.
    heights: Object.fromEntries([hello, cat].map((w) => [w.id, w.shadowRoot.querySelector("wasi-terminal").getBoundingClientRect().height])),
  });
})();
