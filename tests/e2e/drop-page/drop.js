// A WebDriver script (a function body, after watch.js) run by xtask/src/droppage.rs on the
// drop page. Drops files on the page through a real DragEvent: arguments[0] is a list of
// `[url or null, name, text content when url is null]`; arguments[1], whether to start
// watching the run in the same task as the drop (wait.js takes the result), so no WebDriver
// round trip comes between the drop and the watch: a run can be over before a second script
// starts (about 40 ms in Chromium on a loaded machine).
const [files, watch, done] = [arguments[0], arguments[1], arguments[arguments.length - 1]];
(async () => {
  const dt = new DataTransfer();
  for (const [url, name, text] of files) {
    const body = url ? await (await fetch(url)).arrayBuffer() : text;
    dt.items.add(new File([body], name));
  }
  delete document.body.dataset.lastStatus;
  window.e2eStart = performance.now();
  const target = document.getElementById("drop");
  for (const type of ["dragenter", "dragover", "drop"]) {
    target.dispatchEvent(new DragEvent(type, { dataTransfer: dt, bubbles: true, cancelable: true }));
  }
  if (watch) watchRun(true);
  done(true);
})();
