// The WAGI Service Worker: once it controls a page's scope, requests to the config's routes
// are answered by their WASI handlers (wagi.js); every other URL goes to the network.
// Registered by wagi-boot.js as `wagi-sw.js?config=URL&env=K=V...[&log=URL]`. Shipped bundled (one
// classic script with the host glue and the TOML parser), so every engine can run it.

import { createGateway } from "./wagi.js";

const params = new URL(self.location.href).searchParams;
const configUrl = new URL(params.get("config") ?? "wagi.toml", self.location.href);
const env = params.getAll("env");
const wasmUrl = new URL("wasi_web_bg.wasm", self.location.href);
const logUrl = params.get("log");
// Handler stderr and errors: the console, and the dev server's log when it asked for them.
const log = (line) => {
  console.warn(line);
  if (logUrl) fetch(new URL(logUrl, self.location.href), { method: "POST", body: line }).catch(() => {});
};

// Fetched anew on every navigation, so a changed config or module takes effect on reload.
const load = () =>
  createGateway(configUrl, { env, log, wasmUrl, fetch: (url) => fetch(url, { cache: "no-cache" }) });
let gateway = null;

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

// A request handed over by message ({type: "wagi-request", url, method, headers, body} and a
// port for the answer): the response as it is, redirects unfollowed and every header
// readable, for `cargo xtask wagi --request`.
self.addEventListener("message", (event) => {
  if (event.data?.type !== "wagi-request") return;
  const [port] = event.ports;
  const { url, method, headers, body } = event.data;
  (async () => {
    const g = await (gateway ??= load());
    const request = new Request(new URL(url, self.location.href), { method, headers, body });
    const r = await g.handle(request);
    const bytes = new Uint8Array(await r.arrayBuffer());
    port.postMessage({ status: r.status, statusText: r.statusText, headers: [...r.headers], body: bytes });
  })().catch((e) => port.postMessage({ error: String(e?.message ?? e) }));
});

self.addEventListener("fetch", (event) => {
  const url = new URL(event.request.url);
  if (url.origin !== self.location.origin) return;
  if (event.request.mode === "navigate" || !gateway) gateway = load();
  const current = gateway;
  event.respondWith(
    (async () => {
      let g;
      try {
        g = await current;
      } catch (e) {
        log(`wagi: ${e.message}`);
        return new Response(`wasi-web could not load the WAGI site: ${e.message}`, {
          status: 500,
          headers: { "content-type": "text/plain; charset=utf-8" },
        });
      }
      return g.matches(url) ? g.handle(event.request) : fetch(event.request);
    })(),
  );
});
