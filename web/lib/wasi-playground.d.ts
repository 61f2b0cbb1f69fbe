// Types for wasi-playground.js: <wasi-playground>.

import type { SpawnResult } from "./wasi-run.js";
import type { PulledSource, Progress } from "./oci.js";
import type { WasiTerminal } from "./terminal.js";

export interface WasiPlaygroundEventMap extends HTMLElementEventMap {
  "wasi-start": CustomEvent<{ args: string[]; stdinMode: string }>;
  "wasi-output": CustomEvent<{ stream: "stdout" | "stderr"; bytes: Uint8Array }>;
  "wasi-progress": CustomEvent<Progress>;
  "wasi-exit": CustomEvent<SpawnResult>;
}

/** Attributes: src (URL or oci://…), args, env, stdin, interactive, raw, autorun, rows,
 * readonly, timeout, limits, files. */
export class WasiPlayground extends HTMLElement {
  run(): Promise<SpawnResult | null>;
  stop(): void;
  focusTerminal(): void;
  readonly result: SpawnResult | null;
  readonly files: SpawnResult["files"] | null;
  readonly source: PulledSource | null;
  readonly terminal: WasiTerminal;
  addEventListener<K extends keyof WasiPlaygroundEventMap>(
    type: K,
    listener: (this: WasiPlayground, ev: WasiPlaygroundEventMap[K]) => unknown,
    options?: boolean | AddEventListenerOptions,
  ): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | AddEventListenerOptions): void;
}

declare global {
  interface HTMLElementTagNameMap {
    "wasi-playground": WasiPlayground;
  }
}
