// A WebDriver script (a function body) run by xtask/src/embed.rs on examples/embed/.
// Adds a raw-mode interactive widget, waits for its prompt and focuses it.
const done = arguments[arguments.length - 1];
const w = document.createElement("wasi-playground");
w.id = "keys";
for (const a of ["interactive", "raw", "autorun"]) w.setAttribute(a, "");
w.setAttribute("src", "../examples/keys.wasm");
document.body.append(w);
window.keysDone = new Promise((resolve) => w.addEventListener("wasi-exit", (e) => resolve(e.detail)));
const end = performance.now() + 20000;
const loop = () => {
  const t = w.shadowRoot.querySelector("wasi-terminal").text;
  if (t.includes("press keys") || w.handle?.mode === "presupplied") { w.scrollIntoView(); w.focusTerminal(); done(t); }
  else if (performance.now() > end) done(t);
  else setTimeout(loop, 20);
};
loop();
