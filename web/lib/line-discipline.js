// The input side of <wasi-terminal> (terminal.js): what typed keys become.
//
// Cooked (default): a line discipline. Typed text is echoed; Backspace erases; Enter sends
// the line (with "\n"); Ctrl-D sends what is typed, or end of input on an empty line; Ctrl-C
// interrupts; paste works; Up/Down recall history.
// Raw: every key is sent at once, unechoed, as a terminal would send it (Enter "\r",
// Backspace DEL, arrows as escape sequences, Ctrl-X as the control character), for programs
// that handle keys themselves.

const RAW_KEYS = {
  Enter: "\r", Backspace: "\x7f", Tab: "\t", Escape: "\x1b", ArrowUp: "\x1b[A", ArrowDown: "\x1b[B",
  ArrowRight: "\x1b[C", ArrowLeft: "\x1b[D", Home: "\x1b[H", End: "\x1b[F", Delete: "\x1b[3~",
};

/** Raw mode: the bytes a terminal sends for a key, or null for keys it ignores. */
function rawKey(e) {
  if (RAW_KEYS[e.key]) return RAW_KEYS[e.key];
  if ((e.ctrlKey || e.metaKey) && /^[a-z]$/i.test(e.key)) return String.fromCharCode(e.key.toLowerCase().charCodeAt(0) - 96);
  return e.key.length === 1 && !e.altKey ? e.key : null;
}

export class LineDiscipline {
  /** `io`: `send(text)` (to the program), `eof()`, `interrupt()`, and `echo(text, endsLine)`
   * (show typed text as output once it is sent). */
  constructor(io) {
    this.io = io;
    this.history = [];
    this.reset();
  }

  /** Forgets the line being typed. */
  reset() {
    this.input = "";
    this.historyAt = -1;
  }

  /** Text as if typed (paste, tests): newlines send lines. */
  type(text, raw) {
    if (raw) return this.io.send(text);
    const parts = text.replace(/\r\n?/g, "\n").split("\n");
    parts.forEach((part, k) => {
      this.input += part;
      if (k < parts.length - 1) this.#sendLine();
    });
  }

  #sendLine() {
    const line = this.input;
    if (line) this.history.push(line);
    this.reset();
    this.io.echo(line, true);
    this.io.send(line + "\n");
  }

  /** Handles a keydown; true when the line being typed may have changed. */
  key(e, raw) {
    if (raw) {
      const bytes = rawKey(e);
      if (bytes !== null) {
        e.preventDefault();
        this.io.send(bytes);
      }
      return false;
    }
    const ctrl = e.ctrlKey || e.metaKey;
    if (ctrl && e.key.toLowerCase() === "c" && !window.getSelection()?.toString()) {
      e.preventDefault();
      this.io.interrupt();
    } else if (ctrl && e.key.toLowerCase() === "d") {
      e.preventDefault();
      if (this.input) {
        const partial = this.input;
        this.input = "";
        this.io.echo(partial, false);
        this.io.send(partial);
      } else {
        this.io.eof();
      }
    } else if (e.key === "Enter") {
      e.preventDefault();
      this.#sendLine();
    } else if (e.key === "Backspace") {
      e.preventDefault();
      this.input = [...this.input].slice(0, -1).join("");
    } else if (e.key === "ArrowUp" || e.key === "ArrowDown") {
      if (this.history.length === 0) return false;
      e.preventDefault();
      this.#recall(e.key === "ArrowUp");
    } else if (e.key.length === 1 && !ctrl && !e.altKey) {
      e.preventDefault();
      this.input += e.key;
    } else {
      return false;
    }
    return true;
  }

  #recall(up) {
    const n = this.history.length;
    if (this.historyAt === -1) this.historyAt = up ? n - 1 : -1;
    else this.historyAt = Math.min(n, Math.max(0, this.historyAt + (up ? -1 : 1)));
    this.input = this.historyAt >= 0 && this.historyAt < n ? this.history[this.historyAt] : "";
  }
}
