// A WebDriver script (a function body) run by xtask/src/droppage.rs on the drop page.
// Waits for the run to end (or a message), watching animation frames meanwhile; returns
// what the page shows, how many frames ran, the longest gap between them (a figure for the
// bench) and in how many stages output reached the screen until the page reported the run
// over (after the terminal caught up): the last completed line on screen, read once a frame,
// as distinct values.
const done = arguments[arguments.length - 1];
const terminal = document.getElementById("terminal");
const shown = new Set();
let frames = 0, maxGap = 0, last = performance.now();
const tick = () => { const now = performance.now(); maxGap = Math.max(maxGap, now - last); last = now; frames++; };
const loop = () => {
  tick();
  const status = document.body.dataset.lastStatus;
  const message = document.getElementById("message");
  if (status || (!message.hidden && !message.classList.contains("info"))) {
    terminal.flushed().then(() => done({
      status: status ?? null,
      ms: performance.now() - (window.e2eStart ?? 0),
      text: terminal.text,
      message: message.hidden ? null : message.textContent,
      frames, maxGap, stages: shown.size,
    }));
  } else {
    const line = terminal.screen.lastElementChild?.previousElementSibling?.textContent;
    if (line) shown.add(line);
    requestAnimationFrame(loop);
  }
};
requestAnimationFrame(loop);
