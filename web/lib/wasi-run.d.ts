// Types for wasi-run.js: spawn(), a WASI program in its own Worker.

import type { PulledSource, Progress, OciSource } from "./oci.js";
import type { ModuleInfo } from "./wasi_web.js";

/** How interactive stdin reaches the program: as it reads ("sab", "jspi"), or collected up
 * front ("presupplied": the program starts at end(), with everything written before it). */
export type StdinMode = "sab" | "jspi" | "presupplied";

/** A directory tree: strings and bytes are files (a File keeps its mtime), objects directories. */
export interface Tree {
  [name: string]: string | Uint8Array | ArrayBuffer | Blob | Tree;
}

export interface SpawnLimits {
  timeMs?: number;
  outputBytes?: number;
  memoryBytes?: number;
  fsBytes?: number;
  fileBytes?: number;
  openFiles?: number;
  inodes?: number;
}

export interface SpawnOptions {
  args?: string[];
  env?: Record<string, string> | string[];
  dirs?: Record<string, Tree>;
  /** Text or bytes given up front, or "interactive" (fed with write()/end()). */
  stdin?: string | Uint8Array | "interactive";
  tty?: boolean;
  limits?: SpawnLimits;
  blocking?: "auto" | "atomics" | "jspi" | "spin";
  returnFiles?: boolean | "entries";
  onStdout?: (chunk: Uint8Array) => void;
  onStderr?: (chunk: Uint8Array) => void;
  onProgress?: (progress: Progress) => void;
  workerUrl?: string | URL;
  /** Where thread-worker.js is, for a threaded program, when it is not beside this file. */
  threadWorkerUrl?: string | URL;
}

interface ResultCommon {
  /** The one-line status every UI shows: "exit 0", "trap: …". */
  status: string;
  ok: boolean;
  timings?: { compileMs: number; instantiateMs: number; runMs: number };
  stats?: { pollCalls: number; spinIterations: number };
  blocking?: string;
  files?: Record<string, Tree> | null;
  /** The filesystem or fd limit that refused the program, if one did. */
  refused?: string;
  /** For a module pulled from a registry: which digest ran. */
  source?: PulledSource;
}

export type SpawnResult = ResultCommon &
  (
    | { kind: "exited"; code: number }
    | { kind: "trapped"; message: string }
    | { kind: "stopped" }
    | { kind: "limit"; limit: "time" | "output" | "memory" }
    | { kind: "failed"; reason: string }
  );

export interface SpawnHandle {
  readonly mode: StdinMode;
  readonly done: Promise<SpawnResult>;
  write(data: string | Uint8Array): void;
  end(): void;
  stop(): void;
}

export function spawn(wasm: Uint8Array | ArrayBuffer | OciSource, options?: SpawnOptions): SpawnHandle;
/** Starts a worker and its host ahead of the next spawn() (one is kept ready after each). */
export function prewarm(options?: { workerUrl?: string | URL }): void;
/** inspect() run by the host in the worker prewarm() keeps ready (started if there is none):
 * a page that shows what it runs loads no host of its own. Rejects for bytes that are not a
 * module, with inspect()'s message. */
export function inspectModule(wasm: Uint8Array | ArrayBuffer, options?: { workerUrl?: string | URL }): Promise<ModuleInfo>;
/** Initialises this page's own host (wasi_web.js) from the module spawn() gives its workers:
 * call it instead of init() when the page also calls the host, so it is downloaded once. */
export function initHost(): Promise<void>;
export function interactiveMode(): StdinMode;
