// Types for terminal.js: <wasi-terminal>.

/** A terminal for program output and typed input. To round its corners, use `border-radius`
 * with `clip-path: inset(0 round …)`, not `overflow: hidden`: WebKit repaints its scroller
 * under a rounded overflow clip slowly (see the README's embedding section). */
export class WasiTerminal extends HTMLElement {
  /** Queues raw program output (UTF-8, ANSI sequences); stderr renders in red. */
  write(data: Uint8Array | string, options?: { stderr?: boolean }): void;
  clear(): void;
  /** Everything shown, as text. */
  readonly text: string;
  /** Resolves once queued output is on screen. */
  flushed(): Promise<void>;
  /** Types text as if from the keyboard (through the line discipline). */
  type(text: string): void;
  raw: boolean;
  setInputEnabled(on: boolean): void;
  /** Called with each line (or key, in raw mode) typed: `(text: string) => void`. It shares
   * its name with the DOM's `oninput` handler, whose type TypeScript requires here. */
  oninput: any;
  oneof: (() => void) | null;
  oninterrupt: (() => void) | null;
}

declare global {
  interface HTMLElementTagNameMap {
    "wasi-terminal": WasiTerminal;
  }
}
