// A WebDriver script (a function body) run by xtask/src/embed.rs on examples/embed/.
const done = arguments[arguments.length - 1];
window.reverseDone.then(async (r) => {
  const w = document.getElementById("reverse");
  const text = w.shadowRoot.querySelector("wasi-terminal").text;
  // stop(): a second run waits for input forever until stopped.
  const second = w.run();
  await new Promise((resolve) => setTimeout(resolve, 300));
  w.stop();
  const stopped = await second;
  done({ kind: r.kind, code: r.code, text, stopped: stopped.kind });
});
