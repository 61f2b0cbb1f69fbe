// A WebDriver script (a function body) run by xtask/src/embed.rs on examples/embed/.
// Starts the interactive widget and waits for its prompt.
const done = arguments[arguments.length - 1];
const w = document.getElementById("reverse");
w.scrollIntoView();
window.reverseDone = w.run();
const end = performance.now() + 20000;
const loop = () => {
  const t = w.shadowRoot.querySelector("wasi-terminal").text;
  if (t.includes("ready") || w.handle?.mode === "presupplied") { w.focusTerminal(); done({ text: t, status: w.shadowRoot.querySelector(".status").textContent }); }
  else if (performance.now() > end) done({ text: t });
  else setTimeout(loop, 20);
};
loop();
