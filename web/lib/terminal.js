// <wasi-terminal>: a terminal for program output and typed input.
//
// Output: write(bytes, {stderr}) takes raw bytes. UTF-8 split across writes stays intact
// (streaming TextDecoder per stream); the screen (ansi-screen.js) interprets control and
// escape sequences. Bytes are queued and rendered once per animation frame (bounded work per
// frame), and scrollback keeps the last `scrollback` lines, so a program printing a million
// lines does not freeze the page.
//
// Input (when `inputEnabled`): typed keys go through the line discipline (line-discipline.js)
// to `oninput`; end of input calls `oneof`, Ctrl-C `oninterrupt`. With `raw` (property or
// attribute) every key goes to `oninput` at once, unechoed.

import { AnsiScreen, SCREEN_STYLE } from "./ansi-screen.js";
import { LineDiscipline } from "./line-discipline.js";

// Work per animation frame is bounded by time, in slices of this many bytes.
const SLICE_BYTES = 16 * 1024;
const FRAME_BUDGET_MS = 10;

export class WasiTerminal extends HTMLElement {
  constructor() {
    super();
    const root = this.attachShadow({ mode: "open" });
    root.innerHTML = `<style>${SCREEN_STYLE}</style><pre class="screen" part="screen" role="log" aria-live="polite" tabindex="0"></pre>`;
    this.screen = root.querySelector(".screen");
    const scrollback = Number(this.getAttribute("scrollback")) || 5000;
    this.view = new AnsiScreen(this.screen, scrollback);
    this.oninput = null;
    this.oneof = null;
    this.oninterrupt = null;
    this.inputEnabled = false;
    this.scrollCarry = 0;
    this.line = new LineDiscipline({
      send: (text) => this.oninput?.(text),
      eof: () => this.oneof?.(),
      interrupt: () => this.oninterrupt?.(),
      echo: (text, endsLine) => {
        this.view.putInput(text);
        if (endsLine) this.view.newline();
        this.#commit();
      },
    });
    this.inputNode = document.createElement("span");
    this.inputNode.className = "input";
    this.clear();
    this.screen.addEventListener("keydown", (e) => {
      if (this.inputEnabled && this.line.key(e, this.raw)) this.#renderInput();
    });
    this.screen.addEventListener("paste", (e) => {
      if (!this.inputEnabled) return;
      e.preventDefault();
      this.type(e.clipboardData.getData("text"));
    });
  }

  /** Forgets all output and typed input. */
  clear() {
    this.queue = [];
    this.decoders = { out: new TextDecoder(), err: new TextDecoder() };
    this.view.reset();
    this.line.reset();
    this.#renderInput();
  }

  /** Queues output bytes (Uint8Array or string); rendered on the next animation frame. */
  write(data, { stderr = false } = {}) {
    const bytes = typeof data === "string" ? new TextEncoder().encode(data) : data;
    this.queue.push({ bytes, stderr });
    this.#schedule();
  }

  /** Everything on screen as text (for copying). */
  get text() {
    return this.screen.innerText;
  }

  focus() {
    this.screen.focus();
  }

  /** Resolves once everything written so far is on screen. */
  flushed() {
    return new Promise((resolve) => {
      const check = () => (this.#showing ? requestAnimationFrame(check) : resolve());
      check();
    });
  }

  /** Types text as if from the keyboard (paste, tests): newlines send lines. */
  type(text) {
    this.line.type(text, this.raw);
    this.#renderInput();
  }

  get raw() {
    return this.hasAttribute("raw");
  }

  set raw(on) {
    this.toggleAttribute("raw", !!on);
  }

  /** Shows or hides the input line. */
  setInputEnabled(on) {
    this.inputEnabled = on;
    if (!on) this.line.reset();
    this.#renderInput();
  }

  #schedule() {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = null;
      this.#render();
    });
  }

  #render() {
    const deadline = performance.now() + FRAME_BUDGET_MS;
    while (this.queue.length > 0 && performance.now() < deadline) {
      const item = this.queue[0];
      const take = item.bytes.subarray(0, SLICE_BYTES);
      item.bytes = item.bytes.subarray(take.length);
      if (item.bytes.length === 0) this.queue.shift();
      const decoder = item.stderr ? this.decoders.err : this.decoders.out;
      this.view.feed(decoder.decode(take, { stream: true }), item.stderr);
    }
    const atBottom = this.screen.scrollTop + this.screen.clientHeight >= this.screen.scrollHeight - 40;
    // A reader scrolled up keeps what they read where it is while lines come and go above it
    // (a flood's older lines are prepended over several frames, the oldest trimmed).
    const anchor = atBottom ? null : this.#lineInView();
    const anchorTop = anchor?.getBoundingClientRect().top;
    this.#commit();
    if (atBottom) this.screen.scrollTop = this.screen.scrollHeight;
    else if (anchor?.isConnected) {
      // Lines are a fraction of a pixel tall and an engine may keep whole pixels (WebKit):
      // what rounding left over is added next time, so it never adds up to a drift.
      const want = this.screen.scrollTop + anchor.getBoundingClientRect().top - anchorTop + this.scrollCarry;
      this.screen.scrollTop = want;
      this.scrollCarry = want - this.screen.scrollTop;
    }
    if (this.#showing) this.#schedule();
  }

  /** The first line mostly in view, by its middle: not the one above that a rounded scroll
   *  position leaves a pixel of, so the same line stays the anchor from frame to frame (a
   *  binary search: lines are in screen order). */
  #lineInView() {
    const lines = this.screen.children;
    const top = this.screen.getBoundingClientRect().top;
    const middle = (line) => {
      const box = line.getBoundingClientRect();
      return (box.top + box.bottom) / 2;
    };
    let [lo, hi] = [0, lines.length - 1];
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (middle(lines[mid]) <= top) lo = mid + 1;
      else hi = mid;
    }
    return lines[lo];
  }

  /** Whether output written is still on its way to the screen. */
  get #showing() {
    return this.queue.length > 0 || this.view.backfilling;
  }

  #commit() {
    this.view.commit();
    this.#renderInput();
  }

  /** The line being typed, with a cursor, at the end of the screen's current line. */
  #renderInput() {
    if (!this.inputEnabled) {
      this.inputNode.remove();
      return;
    }
    this.inputNode.textContent = this.line.input;
    const cursor = document.createElement("span");
    cursor.className = "cursor";
    this.inputNode.append(cursor);
    this.view.current.append(this.inputNode);
  }
}

if (!customElements.get("wasi-terminal")) customElements.define("wasi-terminal", WasiTerminal);
