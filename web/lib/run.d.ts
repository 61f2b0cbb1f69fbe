// Types for run.js: run() with no init(), on the host the run needs.

import type { ModuleSource, RunOptions, RunResult } from "./wasi_web.js";

export type { ModuleSource, RunOptions, RunResult };

/** run() of wasi_web.js, its host loaded on first use: the stdio-only host for a run given no
 * `dirs`, the full host otherwise. Rejects only when that host cannot be loaded. */
export function run(module: ModuleSource | Promise<ModuleSource>, options?: RunOptions): Promise<RunResult>;

/** Loads the host a run with these options needs (only `dirs` matters), so that run starts at
 * once. Rejects when it cannot be loaded. */
export function preload(options?: Pick<RunOptions, "dirs">): Promise<void>;

/** The wasm at `url`, compiled as it downloads; null when it cannot be had. */
export function compileHost(url: URL): Promise<WebAssembly.Module | null>;
