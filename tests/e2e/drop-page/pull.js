// A WebDriver script (a function body) run by xtask/src/oci_suite.rs on the drop page: pulls
// the reference given through the "pull from a registry" field and reports every status line
// shown until the run's exit status, so the progress shown on the way can be checked, and
// the terminal's text.
const [reference, args, done] = arguments;
const status = document.getElementById("status");
const seen = [];
new MutationObserver(() => seen.push(status.textContent)).observe(status, { childList: true, characterData: true, subtree: true });
document.getElementById("oci-ref").value = reference;
document.getElementById("args").value = args;
document.getElementById("oci-form").requestSubmit();
const end = performance.now() + 60000;
const loop = () => {
  const finished = seen.findIndex((s) => s.startsWith("Pulling")) >= 0 && /^exit \d+ ·/.test(status.textContent);
  if (finished || performance.now() > end) done({ seen, terminal: document.getElementById("terminal").text });
  else setTimeout(loop, 20);
};
loop();
