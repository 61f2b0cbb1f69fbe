// Put in front of drop.js and wait.js (xtask/src/droppage.rs): watchRun() watches the drop
// page until the run ends (or a message shows), once an animation frame, and resolves to what
// the page shows, how many frames ran, the longest gap between them (a figure for the bench)
// and in how many stages output reached the screen until the page reported the run over
// (after the terminal caught up): the last completed line on screen, read once a frame, as
// distinct values. `ms` is from `window.e2eStart` (the drop) to the run's output on screen:
// to the terminal's last change before it caught up, made in the frame that shows it (read at
// the next frame, as the loop reads, the time would be a frame late).
// The watch is `window.e2eRun` until wait.js takes its result. `fromDrop`: started with the
// drop (drop.js), so a message left from before does not end it; a watch started after the
// action (wait.js) takes any message shown.
function watchRun(fromDrop) {
  const terminal = document.getElementById("terminal");
  const shown = new Set();
  let frames = 0, maxGap = 0, last = performance.now();
  const tick = () => { const now = performance.now(); maxGap = Math.max(maxGap, now - last); last = now; frames++; };
  const message = document.getElementById("message");
  let messageChanged = !fromDrop;
  const observer = new MutationObserver(() => (messageChanged = true));
  observer.observe(message, { attributes: true, childList: true, characterData: true, subtree: true });
  let drawn = null;
  const drawing = new MutationObserver(() => (drawn = performance.now()));
  drawing.observe(terminal.screen, { childList: true, characterData: true, subtree: true });
  window.e2eRun = new Promise((resolve) => {
    const loop = () => {
      tick();
      const status = document.body.dataset.lastStatus;
      if (status || (messageChanged && !message.hidden && !message.classList.contains("info"))) {
        observer.disconnect();
        terminal.flushed().then(() => {
          drawing.disconnect();
          resolve({
            status: status ?? null,
            ms: (drawn ?? performance.now()) - (window.e2eStart ?? 0),
            text: terminal.text,
            message: message.hidden ? null : message.textContent,
            frames, maxGap, stages: shown.size,
          });
        });
      } else {
        const line = terminal.screen.lastElementChild?.previousElementSibling?.textContent;
        if (line) shown.add(line);
        requestAnimationFrame(loop);
      }
    };
    requestAnimationFrame(loop);
  });
  return window.e2eRun;
}
