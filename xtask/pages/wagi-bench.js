// A WebDriver script (a function body) run by `cargo xtask wagi --bench` on a WAGI site whose
// Service Worker has just taken control (the page is the hello handler's answer): times the
// hello handler through the worker and the same module through run() directly. Arguments:
// the handler's path, its module's URL, the number of warm samples.
const [path, moduleUrl, samples, done] = arguments;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
(async () => {
  // The first answer: the navigation that followed the worker's start, config and modules
  // loaded and compiled on the way.
  const nav = performance.getEntriesByType("navigation")[0];
  const first = nav.responseEnd - nav.startTime;
  const viaWorker = [];
  for (let i = 0; i < samples; i++) {
    const t = performance.now();
    await (await fetch(path)).arrayBuffer();
    viaWorker.push(performance.now() - t);
  }
  const { default: init, run } = await import("/wasi_web.js");
  await init();
  const bytes = new Uint8Array(await (await fetch(moduleUrl)).arrayBuffer());
  let t = performance.now();
  await run(bytes, { args: [path] });
  const firstRun = performance.now() - t;
  const direct = [];
  for (let i = 0; i < samples; i++) {
    t = performance.now();
    await run(bytes, { args: [path] });
    direct.push(performance.now() - t);
  }
  done({ first, warm: median(viaWorker), warmMin: Math.min(...viaWorker), firstRun, direct: median(direct), directMin: Math.min(...direct) });
})().catch((e) => done({ error: String(e) }));
