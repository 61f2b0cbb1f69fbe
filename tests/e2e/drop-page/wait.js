// A WebDriver script (a function body, after watch.js) run by xtask/src/droppage.rs on the
// drop page: the result of the watch drop.js started with the drop, or of one started now.
const done = arguments[arguments.length - 1];
(window.e2eRun ?? watchRun(false)).then((result) => {
  window.e2eRun = undefined;
  done(result);
});
