// Types for oci-reference.js.

export interface OciReference {
  registry: string;
  repository: string;
  tag: string | null;
  digest: string | null;
  /** Plain HTTP (loopback hosts, or oci+http://). */
  insecure: boolean;
  text: string;
}

export function isOciReference(text: unknown): text is string;
export function parseReference(input: string): OciReference;
export function formatReference(ref: OciReference, pinned?: string | null): string;
export function apiRoot(ref: OciReference): string;
