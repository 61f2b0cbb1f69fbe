// A WebDriver script (a function body) run by xtask/src/droppage.rs on the drop page.
// Waits for the run to end (or a message), watching animation frames meanwhile; returns
// what the page shows.
const done = arguments[arguments.length - 1];
let frames = 0, maxGap = 0, last = performance.now();
const tick = () => { const now = performance.now(); maxGap = Math.max(maxGap, now - last); last = now; frames++; };
const loop = () => {
  tick();
  const status = document.body.dataset.lastStatus;
  const message = document.getElementById("message");
  if (status || (!message.hidden && !message.classList.contains("info"))) {
    const terminal = document.getElementById("terminal");
    terminal.flushed().then(() => done({
      status: status ?? null,
      ms: performance.now() - (window.e2eStart ?? 0),
      text: terminal.text,
      message: message.hidden ? null : message.textContent,
      frames, maxGap,
    }));
  } else requestAnimationFrame(loop);
};
requestAnimationFrame(loop);
