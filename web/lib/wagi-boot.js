// Starts a WAGI site on a static host: registers the Service Worker (wagi-sw.js) for the
// config, and once it controls the page, reloads so the handlers answer. A page that is
// already controlled by it does nothing.
//
//   <script type="module">
//     import { startWagi } from "./wagi-boot.js";
//     startWagi("wagi.toml", { env: ["GREETING=hi"] });
//   </script>

export async function startWagi(config, { env = [], worker = "wagi-sw.js", scope = "./", log } = {}) {
  if (!("serviceWorker" in navigator)) {
    throw new Error("this browser has no Service Workers (or the page is not served over http(s))");
  }
  const url = new URL(worker, location.href);
  url.searchParams.set("config", config);
  for (const kv of env) url.searchParams.append("env", kv);
  // Where handler stderr is posted too (`cargo xtask wagi` prints it).
  if (log) url.searchParams.set("log", log);
  const registration = await navigator.serviceWorker.register(url, { scope });
  const active = navigator.serviceWorker.controller;
  if (active && active.scriptURL === url.href) return registration;
  await new Promise((resolve) => {
    navigator.serviceWorker.addEventListener("controllerchange", resolve, { once: true });
    if (navigator.serviceWorker.controller?.scriptURL === url.href) resolve();
  });
  location.reload();
  return registration;
}
