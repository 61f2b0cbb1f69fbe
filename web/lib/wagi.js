// The WAGI gateway: WASI programs as HTTP handlers, with WAGI's own config file and CGI
// contract (deislabs/wagi 0.8.1), answered in the browser.
//
//   const gateway = await createGateway("wagi.toml", { env: { GREETING: "hi" } });
//   const response = await gateway.handle(new Request("/hello?x=1"));   // a Response
//
// The config is WAGI's TOML: [[module]] tables with `route` and `module` (required),
// `entrypoint` (default _start), `volumes` ({guest path: directory}), `argv`. Module sources
// are paths or URLs relative to the config (`.wasm`, or `.wat` that `cargo xtask wagi`
// compiles as it serves or builds the site), or `oci:REGISTRY/REPO:TAG` (also `oci://…`),
// pulled from the registry and digest-checked (oci.js); `bindle:` and other schemes are
// refused, naming the route.
// A volume `"dir"` is read from `dir.tar` beside the config (`cargo xtask wagi` serves and
// builds those), or from the `.tar` URL given. Each module is compiled once; each request
// runs a fresh instance with a fresh WASI context, the request body as its stdin.
// The protocol (routes, CGI environment, argv, composing the response) is the core's
// (src/wagi/): this file only fetches, runs and logs.

import init, { run, inspect, wagiMatch, wagiSubroutes, wagiInvocation, wagiCompose } from "./wasi_web.js";
import { parse as parseToml } from "smol-toml";
import { readTar } from "./tar.js";
import { isOciReference } from "./oci-reference.js";
import { pullModule } from "./oci.js";

const HEALTHZ = "/healthz";

/** A config's modules checked and defaulted: `[{route, module, entrypoint, volumes, argv}]`. */
export function readConfig(text) {
  let config;
  try {
    config = parseToml(text);
  } catch (e) {
    throw new Error(`wagi config: ${e.message}`);
  }
  const modules = config.module ?? [];
  if (!Array.isArray(modules)) throw new Error("wagi config: `module` must be an array of tables ([[module]])");
  return modules.map((m, i) => {
    const where = `wagi config: module ${i + 1}${typeof m.route === "string" ? ` (route ${m.route})` : ""}`;
    if (typeof m.route !== "string") throw new Error(`${where}: \`route\` is required`);
    if (typeof m.module !== "string") throw new Error(`${where}: \`module\` is required`);
    const volumes = m.volumes ?? {};
    if (typeof volumes !== "object" || Object.values(volumes).some((v) => typeof v !== "string")) {
      throw new Error(`${where}: \`volumes\` must map guest paths to directories`);
    }
    return {
      route: m.route,
      module: m.module,
      entrypoint: typeof m.entrypoint === "string" ? m.entrypoint : "_start",
      volumes,
      argv: typeof m.argv === "string" ? m.argv : undefined,
    };
  });
}

/** Where a module's bytes come from, or why they cannot be had. */
function moduleUrl(source, base, route) {
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(source)?.[1]?.toLowerCase();
  if (scheme && !["http", "https"].includes(scheme)) {
    throw new Error(`route ${route}: module source \`${source}\` (${scheme}:) is not supported; use a path or URL to a .wasm, or oci:REGISTRY/REPO:TAG`);
  }
  return new URL(source, base);
}

const isWasm = (bytes) => bytes[0] === 0 && bytes[1] === 0x61 && bytes[2] === 0x73 && bytes[3] === 0x6d;

async function fetchBytes(url, what, fetcher) {
  const response = await fetcher(url);
  if (!response.ok) throw new Error(`${what}: ${url} answered ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

/** A volume's tree: its `.tar` beside the config (the directory name plus `.tar`). */
async function loadVolume(dir, base, route, fetcher) {
  const url = new URL(/\.tar$/i.test(dir) ? dir : `${dir.replace(/\/+$/, "")}.tar`, base);
  return readTar(await fetchBytes(url, `route ${route}: volume ${dir}`, fetcher));
}

/** Builds the gateway for the config at `configUrl`. Options: `env` (object or `K=V` list:
 * WAGI's --env), `fetch` (how to fetch the config and modules), `log(line)` for handler
 * stderr and errors (default console.warn), `wasmUrl` (the host's wasm, when the default
 * beside wasi_web.js does not apply, e.g. in a bundled Service Worker). */
export async function createGateway(configUrl, options = {}) {
  const fetcher = options.fetch ?? ((url) => fetch(url));
  const log = options.log ?? ((line) => console.warn(line));
  await init(options.wasmUrl ? { module_or_path: options.wasmUrl } : undefined);
  const base = new URL(configUrl, globalThis.location?.href);
  const globalEnv = Array.isArray(options.env)
    ? options.env.flatMap((kv) => [kv.slice(0, kv.indexOf("=")), kv.slice(kv.indexOf("=") + 1)])
    : Object.entries(options.env ?? {}).flat();
  const text = new TextDecoder().decode(await fetchBytes(base, "wagi config", fetcher));
  const entries = [{ route: HEALTHZ, health: true }];
  for (const m of readConfig(text)) {
    const url = isOciReference(m.module) ? m.module : moduleUrl(m.module, base, m.route);
    const bytes = isOciReference(m.module)
      ? (await pullModule(m.module).catch((e) => {
          throw new Error(`route ${m.route}: ${e.message}`);
        })).bytes
      : await fetchBytes(url, `route ${m.route}: module`, fetcher);
    if (/\.wat$/i.test(m.module) && !isWasm(bytes)) {
      throw new Error(`route ${m.route}: ${m.module} is WebAssembly text, which a static host serves as it is; \`cargo xtask wagi\` (serve or build) compiles it`);
    }
    const compiled = await WebAssembly.compile(bytes).catch((e) => {
      throw new Error(`route ${m.route}: ${url} does not compile: ${e.message}`);
    });
    const dirs = {};
    for (const [guest, dir] of Object.entries(m.volumes)) dirs[guest] = await loadVolume(dir, base, m.route, fetcher);
    const handler = { ...m, bytes, compiled, dirs };
    entries.push(...(await withSubroutes(handler, log)));
  }
  const routes = entries.map((e) => e.route);
  // Routes are relative to the site: the config's directory (`/` at a domain's root,
  // `/repo/` for a project site), so a site works wherever it is hosted.
  const site = new URL(".", base).pathname;
  const routePath = (url) => (url.pathname.startsWith(site) ? `/${url.pathname.slice(site.length)}` : null);
  return {
    routes,
    /** Whether a route answers `url` (a Service Worker lets every other URL through). */
    matches: (url) => {
      const path = routePath(new URL(url, base));
      return path !== null && wagiMatch(routes, path) !== undefined;
    },
    handle: (request) => handle(request, routePath(new URL(request.url)), site, entries, routes, globalEnv, log),
  };
}

/** A module exporting `_routes` is asked for its subroutes, with only stdout and stderr. */
async function withSubroutes(handler, log) {
  if (!inspect(handler.bytes).exports?.includes("_routes")) return [handler];
  const listed = await run(handler.bytes, { compiled: handler.compiled, entrypoint: "_routes", args: ["_routes"], blocking: "spin" });
  if (listed.status !== "exit 0") throw new Error(`route ${handler.route}: _routes: ${listed.status}`);
  const flat = wagiSubroutes(handler.route, handler.entrypoint, new TextDecoder().decode(listed.stdout));
  const all = [];
  for (let i = 0; i < flat.length; i += 2) all.push({ ...handler, route: flat[i], entrypoint: flat[i + 1] });
  log(`wagi: ${handler.route} has subroutes ${all.map((e) => `${e.route} (${e.entrypoint})`).join(", ")}`);
  return all;
}

async function handle(request, path, site, entries, routes, globalEnv, log) {
  const url = new URL(request.url);
  const index = path === null ? undefined : wagiMatch(routes, path);
  if (index === undefined) return new Response("not found", { status: 404 });
  const entry = entries[index];
  if (entry.health) return new Response("OK");
  const body = new Uint8Array(await request.arrayBuffer());
  const headers = [...request.headers].flat();
  // A browser keeps Host to itself; a server would see it.
  if (!request.headers.has("host")) headers.push("host", url.host);
  const scheme = url.protocol.replace(/:$/, "");
  const parts = [scheme, url.hostname, url.port, path, url.search.replace(/^\?/, ""), site.replace(/\/$/, "")];
  const call = wagiInvocation(entry.route, entry.argv, request.method, parts, headers, body.length, globalEnv);
  const result = await run(entry.bytes, {
    compiled: entry.compiled,
    entrypoint: entry.entrypoint,
    args: call.args,
    env: call.env,
    stdin: body,
    dirs: entry.dirs,
    blocking: "spin",
  });
  const stderr = new TextDecoder().decode(result.stderr);
  if (stderr) log(`wagi ${entry.route}: ${stderr.trimEnd()}`);
  if (result.status !== "exit 0") {
    log(`wagi ${entry.route}: ${result.status}`);
    return new Response(`the handler for ${entry.route} ended with ${result.status}`, { status: 500 });
  }
  return toResponse(wagiCompose(result.stdout), entry.route, log);
}

const NULL_BODY = [101, 103, 204, 205, 304];

function toResponse(composed, route, log) {
  let status = composed.status;
  // A Response cannot carry 1xx or above 599: WAGI's "unparsable status" answer.
  if (status < 200 || status > 599) {
    log(`wagi ${route}: status ${status} cannot be sent from a browser; answering 502`);
    status = 502;
  }
  const headers = new Headers();
  const flat = composed.headers;
  for (let i = 0; i < flat.length; i += 2) headers.set(flat[i], flat[i + 1]);
  return new Response(NULL_BODY.includes(status) ? null : composed.body, { status, headers });
}
