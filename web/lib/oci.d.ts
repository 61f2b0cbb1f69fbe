// Types for oci.js: pulling a WASI module from an OCI registry.

/** What a pull says about the module that ran (also `result.source` of run() and spawn()). */
export interface PulledSource {
  /** `oci://registry/repo:tag@sha256:<manifest>`: the reference, pinned. */
  reference: string;
  /** `sha256:…` of the module blob (checked before it ran). */
  digest: string;
  /** `sha256:…` of the manifest that lists it. */
  manifestDigest: string;
  mediaType: string;
  size: number;
  /** Network requests the pull made. */
  requests: number;
  /** `"all"` (no request), `"module"` (only the manifest fetched) or `"none"`. */
  cached: "all" | "module" | "none";
}

export interface PulledModule extends PulledSource {
  bytes: Uint8Array;
}

export interface Progress {
  loaded: number;
  /** The blob's size from the manifest, or null when unknown. */
  total: number | null;
}

export interface PullOptions {
  onProgress?: (progress: Progress) => void;
  fetch?: typeof fetch;
  /** false: do not use Cache Storage. */
  cache?: boolean;
  /** The largest module accepted, in bytes (default 1 GiB). */
  maxBytes?: number;
}

export type OciErrorCode =
  | "unreachable" | "cors" | "not-found" | "auth" | "no-wasm-layer" | "digest-mismatch"
  | "not-wasm" | "bad-manifest" | "too-large" | "insecure-context" | "http";

export class OciError extends Error {
  readonly code: OciErrorCode;
}

/** An `oci://…` / `oci:…` reference, or `{oci: "…"}`. */
export type OciSource = string | { oci: string };

export function pullModule(source: OciSource, options?: PullOptions): Promise<PulledModule>;

/** The docker-registry config.yml lines that make a registry readable by pages. */
export const CORS_CONFIG: string;
