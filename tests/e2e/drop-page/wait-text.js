// A WebDriver script (a function body) run by xtask/src/droppage.rs on the drop page.
// Waits until the terminal shows `text`.
const [text, done] = [arguments[0], arguments[arguments.length - 1]];
const terminal = document.getElementById("terminal");
const end = performance.now() + 20000;
const loop = () => {
  if (terminal.text.includes(text)) done(true);
  else if (performance.now() > end) done(false);
  else setTimeout(loop, 20);
};
loop();
