// Types for xterm.js: a WASI program in an xterm.js Terminal.

import type { SpawnHandle, SpawnOptions } from "./wasi-run.js";

/** The part of @xterm/xterm's Terminal the adapter uses. */
export interface XtermLike {
  options: { convertEol?: boolean };
  write(data: string | Uint8Array): void;
  onData(listener: (data: string) => void): { dispose(): void };
}

export interface XtermIO {
  /** spawn() options: output to the terminal, stdin typed into it. */
  options: Required<Pick<SpawnOptions, "stdin" | "tty" | "onStdout" | "onStderr">>;
  attach(run: SpawnHandle): SpawnHandle;
  dispose(): void;
}

export function attachXterm(term: XtermLike, options?: { raw?: boolean }): XtermIO;
