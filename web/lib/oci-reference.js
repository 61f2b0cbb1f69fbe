// OCI references as users write them, after the distribution reference grammar
// (distribution/reference: name[:tag][@digest], a first component with "." or ":" or equal to
// "localhost" is the registry, else Docker Hub):
//
//   oci://ghcr.io/org/tool:1.2        oci://127.0.0.1:5000/hellowasi@sha256:<64 hex>
//   oci:ghcr.io/org/tool:1.2          (WAGI's spelling)     oci:hello:v1 (Docker Hub, library/hello)
//   oci+http://registry.lan:5000/tool:dev                     (plain HTTP, explicitly)
//
// Plain HTTP is used only for localhost / 127.0.0.1 / [::1] (as WAGI does) or with oci+http://.

const COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^sha256:[a-f0-9]{64}$/;
const DOCKER_HUB = "docker.io";
const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])(:\d+)?$/;

/** Whether `text` is meant as an OCI reference (so a caller hands it to the puller). */
export const isOciReference = (text) => typeof text === "string" && /^oci(\+http)?:/i.test(text.trim());

/** `{registry, repository, tag, digest, insecure, text}`, or throws naming what is wrong. */
export function parseReference(input) {
  const text = String(input).trim();
  const bad = (why) => {
    throw new Error(`${text}: not an OCI reference (${why}); expected oci://REGISTRY/REPOSITORY:TAG or …@sha256:DIGEST`);
  };
  const scheme = /^(oci\+http:\/\/|oci:\/\/|oci:)/i.exec(text)?.[1]?.toLowerCase();
  if (!scheme) bad("it must start with oci://, oci+http:// or oci:");
  let rest = text.slice(scheme.length);
  let digest = null;
  const at = rest.indexOf("@");
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) bad(`the digest must be sha256: and 64 lowercase hex digits, not "${digest}"`);
  }
  const parts = rest.split("/");
  const hasRegistry = parts.length > 1 && (/[.:]/.test(parts[0]) || parts[0] === "localhost");
  // oci://HOST/... always names its registry, even a dotless one such as oci://registry/x.
  const explicitHost = scheme !== "oci:" && parts.length > 1;
  let registry = hasRegistry || explicitHost ? parts.shift() : DOCKER_HUB;
  let tag = null;
  const last = parts[parts.length - 1] ?? "";
  const colon = last.lastIndexOf(":");
  if (colon >= 0) {
    tag = last.slice(colon + 1);
    parts[parts.length - 1] = last.slice(0, colon);
    if (!TAG.test(tag)) bad(`"${tag}" is not a valid tag`);
  }
  if (parts.length === 0 || parts.some((p) => !COMPONENT.test(p))) {
    bad("the repository must be lowercase letters, digits and separators (. _ - /)");
  }
  if (registry === DOCKER_HUB && parts.length === 1) parts.unshift("library");
  if (!/^[A-Za-z0-9.-]+(:\d+)?$|^\[[0-9a-fA-F:]+\](:\d+)?$/.test(registry)) bad(`"${registry}" is not a registry host`);
  if (!tag && !digest) tag = "latest";
  const insecure = scheme === "oci+http://" || LOOPBACK.test(registry);
  return { registry, repository: parts.join("/"), tag, digest, insecure, text };
}

/** The reference written out in full: `oci://registry/repository:tag@digest`. */
export function formatReference({ registry, repository, tag, digest, insecure }, pinned = digest) {
  const scheme = insecure && !LOOPBACK.test(registry) ? "oci+http://" : "oci://";
  return `${scheme}${registry}/${repository}${tag ? `:${tag}` : ""}${pinned ? `@${pinned}` : ""}`;
}

/** The registry's API root: `https://host/v2/repository`; Docker Hub's API has its own host. */
export function apiRoot({ registry, repository, insecure }) {
  const host = registry === DOCKER_HUB ? "registry-1.docker.io" : registry;
  return `${insecure ? "http" : "https"}://${host}/v2/${repository}`;
}
