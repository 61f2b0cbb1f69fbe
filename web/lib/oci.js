// Pulls a WASI module from an OCI registry (distribution-spec v2), in the browser.
//
//   const pulled = await pullModule("oci://ghcr.io/org/tool:1.2", { onProgress: ({loaded, total}) => … });
//   pulled.bytes           // the module, its SHA-256 checked against the manifest
//   pulled.digest          // "sha256:…" of the module blob; pulled.manifestDigest of its manifest
//   pulled.reference       // "oci://ghcr.io/org/tool:1.2@sha256:<manifest>"
//
// Artifacts: wasm-to-oci's (layer application/vnd.wasm.content.layer.v1+wasm) and the CNCF
// Wasm OCI artifact's (layer application/wasm, config application/vnd.wasm.config.v0+json),
// as an OCI or Docker v2 manifest, or an index / manifest list whose wasip1 (or only) entry is
// one. Anonymous pulls through a `401` + `WWW-Authenticate: Bearer` token are followed.
// Manifests and blobs are cached by digest (Cache Storage): a tag costs one manifest request
// once its blob is cached, a pinned digest none. Every failure is an `OciError` whose message
// says what to do, and whose `code` names it.

import { apiRoot, formatReference, parseReference } from "./oci-reference.js";

const MEDIA = {
  ociManifest: "application/vnd.oci.image.manifest.v1+json",
  ociIndex: "application/vnd.oci.image.index.v1+json",
  dockerManifest: "application/vnd.docker.distribution.manifest.v2+json",
  dockerList: "application/vnd.docker.distribution.manifest.list.v2+json",
};
const WASM_LAYERS = ["application/vnd.wasm.content.layer.v1+wasm", "application/wasm"];
const ACCEPT = Object.values(MEDIA).join(", ");
const CACHE_NAME = "wasi-web-oci-v1";
/** Largest manifest read (they are a few hundred bytes); blobs have `maxBytes`. */
const MAX_MANIFEST_BYTES = 4 << 20;
const DEFAULT_MAX_BYTES = 1 << 30;

/** What a registry must send for a page to pull from it (docker-registry's config.yml). */
export const CORS_CONFIG = `http:
  headers:
    Access-Control-Allow-Origin: ["*"]
    Access-Control-Allow-Methods: ["GET, HEAD, OPTIONS"]
    Access-Control-Allow-Headers: ["Accept, Authorization"]
    Access-Control-Expose-Headers: ["Docker-Content-Digest, WWW-Authenticate"]`;

export class OciError extends Error {
  constructor(code, message) {
    super(message);
    this.name = "OciError";
    this.code = code;
  }
}

/**
 * Pulls `source` (an `oci://…` / `oci:…` string or `{oci: "…"}`). Options: `onProgress({loaded,
 * total})` while the blob downloads, `fetch` (default globalThis.fetch), `cache` (false: no
 * Cache Storage), `maxBytes` (largest module accepted, default 1 GiB).
 */
export async function pullModule(source, options = {}) {
  const ref = parseReference(typeof source === "object" && source ? source.oci : source);
  const puller = new Puller(ref, options);
  const manifest = await puller.manifest(ref.digest ?? ref.tag);
  const layer = wasmLayer(ref, manifest.json);
  const bytes = await puller.blob(layer);
  return {
    bytes,
    digest: layer.digest,
    manifestDigest: manifest.digest,
    mediaType: layer.mediaType,
    size: bytes.length,
    reference: formatReference(ref, manifest.pinned),
    requests: puller.requests,
    cached: puller.requests === 0 ? "all" : puller.blobCached ? "module" : "none",
  };
}

class Puller {
  constructor(ref, options) {
    this.ref = ref;
    this.root = apiRoot(ref);
    this.fetch = options.fetch ?? ((...a) => globalThis.fetch(...a));
    this.onProgress = options.onProgress;
    this.maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
    this.cache = options.cache === false ? null : openCache();
    this.token = null;
    this.requests = 0;
    this.blobCached = false;
  }

  get where() {
    return formatReference(this.ref);
  }

  /** The manifest `tagOrDigest` names, an index resolved to its wasm entry: `{json, digest, pinned}`. */
  async manifest(tagOrDigest) {
    const isDigest = tagOrDigest.startsWith("sha256:");
    let bytes = isDigest ? await cached(this.cache, tagOrDigest) : null;
    if (!bytes) {
      const response = await this.get(`${this.root}/manifests/${tagOrDigest}`, ACCEPT, isDigest ? "default" : "no-cache");
      bytes = await readLimited(response, MAX_MANIFEST_BYTES, null, () => {
        throw new OciError("bad-manifest", `${this.where}: the manifest is over ${MAX_MANIFEST_BYTES} bytes`);
      });
    }
    const digest = await sha256(bytes);
    if (isDigest && digest !== tagOrDigest) {
      throw new OciError("digest-mismatch", `${this.where}: the registry sent a manifest whose SHA-256 is ${digest}, not the ${tagOrDigest} asked for; refusing it`);
    }
    let json;
    try {
      json = JSON.parse(new TextDecoder().decode(bytes));
    } catch {
      throw new OciError("bad-manifest", `${this.where}: the registry's manifest is not JSON`);
    }
    await store(this.cache, digest, bytes);
    if (json.mediaType === MEDIA.ociIndex || json.mediaType === MEDIA.dockerList || Array.isArray(json.manifests)) {
      const entry = indexEntry(json);
      if (!entry) {
        const platforms = json.manifests?.map((m) => `${m.platform?.os ?? "?"}/${m.platform?.architecture ?? "?"}`).join(", ");
        throw new OciError("no-wasm-layer", `${this.where}: the index has no wasip1/wasm entry (platforms: ${platforms || "none"})`);
      }
      const inner = await this.manifest(entry.digest);
      return { ...inner, pinned: digest };
    }
    return { json, digest, pinned: digest };
  }

  /** The module blob, its digest checked before it is handed on. */
  async blob(layer) {
    const hit = await cached(this.cache, layer.digest);
    if (hit && (await sha256(hit)) === layer.digest) {
      this.blobCached = true;
      return checkWasm(this.where, layer, hit);
    }
    if (layer.size > this.maxBytes) {
      throw new OciError("too-large", `${this.where}: the module is ${layer.size} bytes, over the ${this.maxBytes}-byte limit`);
    }
    const response = await this.get(`${this.root}/blobs/${layer.digest}`, "*/*", "default");
    const total = Number.isSafeInteger(layer.size) ? layer.size : Number(response.headers.get("Content-Length")) || null;
    const limit = Math.min(this.maxBytes, total ?? Infinity);
    const bytes = await readLimited(response, limit, (loaded) => this.onProgress?.({ loaded, total }), () => {
      throw new OciError("digest-mismatch", `${this.where}: the registry sent more than the ${limit} bytes the manifest declares for ${layer.digest}; refusing it`);
    });
    const got = await sha256(bytes);
    if (got !== layer.digest) {
      throw new OciError("digest-mismatch", `${this.where}: the module's SHA-256 is ${got}, but the manifest says ${layer.digest}: the blob was altered or corrupted; refusing to run it`);
    }
    checkWasm(this.where, layer, bytes);
    await store(this.cache, layer.digest, bytes);
    return bytes;
  }

  /** A GET with the anonymous Bearer flow, and errors a user can act on. */
  async get(url, accept, cache) {
    let response = await this.send(url, accept, cache);
    if (response.status === 401 && !this.token) {
      this.token = await this.anonymousToken(response);
      response = await this.send(url, accept, cache);
    }
    if (response.ok) return response;
    const codes = await errorCodes(response);
    if (response.status === 401 || response.status === 403) {
      throw new OciError("auth", `${this.where}: the registry requires authentication to pull ${this.ref.repository} (HTTP ${response.status}${codes ? `, ${codes}` : ""}); wasi-web pulls only what anonymous users may, it sends no credentials`);
    }
    if (response.status === 404) throw new OciError("not-found", `${this.where}: not found: ${await this.missing(url, codes)}`);
    throw new OciError("http", `${this.where}: the registry answered HTTP ${response.status} ${response.statusText}${codes ? ` (${codes})` : ""} for ${url}`);
  }

  /** What a 404 means: the repository is unknown, or it lacks the tag (then its tags). */
  async missing(url, codes) {
    if (url.includes("/blobs/")) return `the registry has no blob ${url.split("/").pop()} (HTTP 404${codes ? `, ${codes}` : ""})`;
    const tags = await this.send(`${this.root}/tags/list?n=20`, "application/json", "no-cache")
      .then(async (r) => (r.ok ? (await r.json()).tags ?? [] : r.status === 404 ? null : undefined))
      .catch(() => undefined);
    if (tags === null) return `the registry has no repository ${this.ref.repository}`;
    const asked = this.ref.digest ? `digest ${this.ref.digest}` : `tag ${this.ref.tag}`;
    return `the registry has no ${asked} of ${this.ref.repository}${tags?.length ? ` (its tags: ${tags.join(", ")})` : ""}`;
  }

  async send(url, accept, cache) {
    const headers = { Accept: accept };
    if (this.token) headers.Authorization = `Bearer ${this.token}`;
    this.requests++;
    try {
      return await this.fetch(url, { headers, cache, redirect: "follow" });
    } catch (e) {
      throw await networkError(this.fetch, url, this.where, e);
    }
  }

  /** The token an anonymous user gets from the realm a 401's `WWW-Authenticate` names. */
  async anonymousToken(response) {
    const challenge = response.headers.get("WWW-Authenticate");
    if (!challenge) {
      throw new OciError("auth", `${this.where}: the registry asks for authentication (HTTP 401) but does not let the page read its WWW-Authenticate header: it must list WWW-Authenticate in Access-Control-Expose-Headers`);
    }
    if (!/^Bearer\s/i.test(challenge)) {
      throw new OciError("auth", `${this.where}: the registry requires authentication (${challenge.split(/\s/)[0]}); wasi-web pulls only what anonymous users may, it sends no credentials`);
    }
    const params = Object.fromEntries([...challenge.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    const realm = new URL(params.realm);
    if (params.service) realm.searchParams.set("service", params.service);
    realm.searchParams.set("scope", params.scope ?? `repository:${this.ref.repository}:pull`);
    this.requests++;
    let reply;
    try {
      reply = await this.fetch(realm.href, { headers: { Accept: "application/json" } });
    } catch (e) {
      throw await networkError(this.fetch, realm.href, `${this.where}: token service`, e);
    }
    const body = reply.ok ? await reply.json().catch(() => ({})) : {};
    const token = body.token ?? body.access_token;
    if (!token) {
      throw new OciError("auth", `${this.where}: the token service ${realm.origin} gave no anonymous token (HTTP ${reply.status}); the repository may be private, and wasi-web sends no credentials`);
    }
    return token;
  }
}

/** The module's layer: the first with a wasm media type, else why there is none. */
function wasmLayer(ref, manifest) {
  const layers = Array.isArray(manifest.layers) ? manifest.layers : [];
  const layer = layers.find((l) => WASM_LAYERS.includes(l.mediaType));
  if (!layer) {
    const found = [manifest.config?.mediaType && `config ${manifest.config.mediaType}`, ...layers.map((l) => l.mediaType)];
    throw new OciError("no-wasm-layer", `${formatReference(ref)}: no wasm layer (${WASM_LAYERS.join(" or ")}); the artifact has ${found.filter(Boolean).join(", ") || "no layers"}`);
  }
  if (typeof layer.digest !== "string" || !/^sha256:[a-f0-9]{64}$/.test(layer.digest)) {
    throw new OciError("bad-manifest", `${formatReference(ref)}: the wasm layer's digest "${layer.digest}" is not a sha256 digest`);
  }
  return layer;
}

/** An index's entry to follow: a wasip1 / wasm platform, else its only entry. */
function indexEntry(index) {
  const entries = (index.manifests ?? []).filter((m) => typeof m.digest === "string");
  const wasm = entries.find((m) => /^wasi/.test(m.platform?.os ?? "") || m.platform?.architecture === "wasm");
  return wasm ?? (entries.length === 1 ? entries[0] : null);
}

function checkWasm(where, layer, bytes) {
  const magic = [0x00, 0x61, 0x73, 0x6d];
  if (bytes.length < 8 || magic.some((b, i) => bytes[i] !== b)) {
    const start = [...bytes.subarray(0, 4)].map((b) => b.toString(16).padStart(2, "0")).join(" ");
    throw new OciError("not-wasm", `${where}: the layer ${layer.digest} (${layer.mediaType}) is not a WebAssembly module: it starts with ${start || "nothing"}, not 00 61 73 6d`);
  }
  return bytes;
}

/** A fetch that failed outright: unreachable, not allowing this page (CORS), or refusing the
 * preflight that the Accept and Authorization headers need. */
async function networkError(fetcher, url, where, error) {
  const origin = new URL(url).origin;
  const cors = `A registry serving pages must send CORS headers; for docker-registry (distribution) add to config.yml:\n${CORS_CONFIG}`;
  // A request with no headers of ours needs no preflight: if it is answered, the preflight was
  // what failed.
  const simple = await fetcher(url).then((r) => r, () => null);
  if (simple?.status === 401) {
    return new OciError("cors", `${where}: the registry wants a token, which the browser may send (an Authorization header) only after ${origin} answers a CORS preflight (OPTIONS) without authentication, and it does not. docker-registry with token auth answers preflights with 401: put a proxy in front that answers OPTIONS (see the README).`);
  }
  if (simple) {
    return new OciError("cors", `${where}: ${origin} answers, but refuses the CORS preflight (OPTIONS) that the Accept header needs: it must answer OPTIONS with 2xx and Access-Control-Allow-Headers: Accept, Authorization. ${cors}`);
  }
  // An opaque (no-cors) request succeeds when the server answers at all; a cross-origin
  // isolated page (COEP) refuses opaque replies too, so there it cannot tell the two apart.
  const answered = await fetcher(url, { mode: "no-cors" }).then(() => true, () => false);
  if (answered) {
    return new OciError("cors", `${where}: ${origin} answered, but its reply has no Access-Control-Allow-Origin header, so the browser keeps it from this page (CORS). ${cors}`);
  }
  if (globalThis.crossOriginIsolated) {
    return new OciError("unreachable", `${where}: cannot read from ${origin} (${error.message}): either it is not reachable (is the registry running, is the address right?) or it does not send CORS headers (this page is cross-origin isolated, where the browser does not say which). ${cors}`);
  }
  return new OciError("unreachable", `${where}: cannot reach ${origin} (${error.message}): is the registry running, and is the address right?`);
}

async function errorCodes(response) {
  const body = await response.json().catch(() => null);
  return (body?.errors ?? []).map((e) => `${e.code}: ${e.message}`).join("; ");
}

/** The body, at most `limit` bytes (`tooMuch` is called past it), reporting progress. */
async function readLimited(response, limit, progress, tooMuch) {
  if (!response.body) return new Uint8Array(await response.arrayBuffer());
  const reader = response.body.getReader();
  const chunks = [];
  let loaded = 0;
  // Reported before the first chunk too: WebKit may hand over a fast download in one piece.
  progress?.(0);
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    loaded += value.length;
    if (loaded > limit) {
      reader.cancel();
      tooMuch();
    }
    chunks.push(value);
    progress?.(loaded);
  }
  const bytes = new Uint8Array(loaded);
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.length;
  }
  return bytes;
}

async function sha256(bytes) {
  if (!globalThis.crypto?.subtle) {
    throw new OciError("insecure-context", "checking a module's digest needs WebCrypto, which browsers offer only to https:// and localhost pages");
  }
  const hash = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return `sha256:${[...hash].map((b) => b.toString(16).padStart(2, "0")).join("")}`;
}

// Cache Storage keyed by digest; where the browser has none (private windows, opaque origins)
// pulls simply are not cached.
const cacheKey = (digest) => `https://oci.wasi-web.invalid/${digest}`;

function openCache() {
  return (globalThis.caches?.open(CACHE_NAME) ?? Promise.resolve(null)).catch(() => null);
}

async function cached(cache, digest) {
  const response = await (await cache)?.match(cacheKey(digest)).catch(() => null);
  return response ? new Uint8Array(await response.arrayBuffer()) : null;
}

/** Stores a verified manifest or blob; a cache that refuses (quota) only costs a re-pull. */
async function store(cache, digest, bytes) {
  await (await cache)?.put(cacheKey(digest), new Response(bytes)).catch(() => {});
}
