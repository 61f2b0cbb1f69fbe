// The screen of <wasi-terminal> (terminal.js): interprets decoded output text into styled
// lines in a <pre>. \r, \b, \t, ANSI SGR colours/bold/italic/underline (16, 256 and RGB) and
// the erase sequences (ESC[K, ESC[2K, ESC[2J, ESC[H) work; stderr is visibly distinct. Lines
// completed since the last commit() go to the DOM together (a flood's older ones over the next
// few frames), keeping at most `scrollback`.

const TAB = 8;
/** Lines a frame puts on screen at most while output floods, and how many of a burst's newest
 * lines show at once (a tall terminal's screenful). */
const FLOOD_LINES = 1000;
const FLOOD_TAIL = 200;
const COLORS = ["black", "red", "green", "yellow", "blue", "magenta", "cyan", "white"];

export const SCREEN_STYLE = `
:host { display: block; position: relative; }
.screen {
  margin: 0; padding: 0.5em 0.75em; overflow: auto; height: 100%; box-sizing: border-box;
  font: 13px/1.35 ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace;
  white-space: pre-wrap; word-break: break-all; outline: none;
  overflow-anchor: none; /* terminal.js keeps a scrolled-up reader's place, in every engine */
  background: var(--wasi-term-bg, #fbfbfb); color: var(--wasi-term-fg, #1d1d1f);
}
.screen:focus-visible { box-shadow: inset 0 0 0 2px var(--wasi-accent, #2f6fde); }
.line { min-height: 1.35em; }
.err { color: var(--wasi-term-err, #c4262e); }
.input { color: var(--wasi-term-input, #2f6fde); }
.cursor { background: currentColor; animation: blink 1s step-end infinite; }
.cursor::after { content: " "; }
@keyframes blink { 50% { background: transparent; } }
.b { font-weight: bold; } .i { font-style: italic; } .u { text-decoration: underline; } .d { opacity: .7; }
.fg-black { color: #1d1d1f; } .fg-red { color: #c4262e; } .fg-green { color: #1f8a3b; } .fg-yellow { color: #a66a00; }
.fg-blue { color: #2f6fde; } .fg-magenta { color: #a13ec6; } .fg-cyan { color: #0f8595; } .fg-white { color: #8a8a8e; }
.bg-black { background: #1d1d1f; color: #fff; } .bg-red { background: #c4262e; color: #fff; } .bg-green { background: #1f8a3b; color: #fff; }
.bg-yellow { background: #e0b000; } .bg-blue { background: #2f6fde; color: #fff; } .bg-magenta { background: #a13ec6; color: #fff; }
.bg-cyan { background: #0f8595; color: #fff; } .bg-white { background: #e5e5ea; }
@media (prefers-color-scheme: dark) {
  .screen { background: var(--wasi-term-bg, #141416); color: var(--wasi-term-fg, #e8e8ed); }
  .err { color: var(--wasi-term-err, #ff6b6b); }
  .input { color: var(--wasi-term-input, #7aa7ff); }
  .fg-black { color: #8a8a8e; } .fg-red { color: #ff6b6b; } .fg-green { color: #5ad17a; } .fg-yellow { color: #f5c542; }
  .fg-blue { color: #7aa7ff; } .fg-magenta { color: #d98cff; } .fg-cyan { color: #4fd1e0; } .fg-white { color: #f2f2f7; }
}
`;

/** The current style: foreground, background, attributes. */
const plain = () => ({ fg: null, bg: null, b: false, i: false, u: false, d: false });

function xterm256(n) {
  if (n < 16) return null;
  if (n >= 232) {
    const v = 8 + (n - 232) * 10;
    return `rgb(${v},${v},${v})`;
  }
  const c = n - 16;
  const level = (x) => (x === 0 ? 0 : 55 + x * 40);
  return `rgb(${level(Math.floor(c / 36))},${level(Math.floor(c / 6) % 6)},${level(c % 6)})`;
}

export class AnsiScreen {
  constructor(screen, scrollback) {
    this.screen = screen;
    this.scrollback = scrollback;
    this.reset();
  }

  /** Forgets everything on screen. */
  reset() {
    this.parse = { state: "text", params: "" };
    this.pen = plain();
    this.cells = [];
    this.col = 0;
    this.len = 0;
    this.styleCache = null;
    this.frozen = [];
    this.backlog = [];
    this.screen.textContent = "";
    this.current = this.#newLine();
    this.screen.append(this.current);
  }

  /** Interprets decoded text: runs of printable text go in whole; control characters and
   *  escape sequences one by one. */
  feed(text, stderr) {
    const p = this.parse;
    let i = 0;
    while (i < text.length) {
      if (p.state === "text") {
        let j = i;
        while (j < text.length) {
          const c = text.charCodeAt(j);
          if (c < 0x20 || c === 0x7f) break;
          j++;
        }
        if (j > i) {
          this.#putText(text.slice(i, j), stderr);
          i = j;
          continue;
        }
      }
      const ch = text[i++];
      if (p.state === "esc") {
        p.state = ch === "[" ? "csi" : ch === "]" ? "osc" : "text";
        p.params = "";
      } else if (p.state === "csi") {
        if (/[0-9;?]/.test(ch)) p.params += ch;
        else {
          this.#csi(ch, p.params);
          p.state = "text";
        }
      } else if (p.state === "osc") {
        if (ch === "\x07" || ch === "\x1b") p.state = ch === "\x1b" ? "esc" : "text";
      } else {
        switch (ch) {
          case "\x1b": p.state = "esc"; break;
          case "\n": this.newline(); break;
          case "\r": this.col = 0; break;
          case "\b": this.col = Math.max(0, this.col - 1); break;
          case "\t": this.#putText(" ".repeat(TAB - (this.col % TAB)), stderr); break;
          default: break;
        }
      }
    }
  }

  #csi(command, params) {
    const args = params.replace("?", "").split(";").map((n) => (n === "" ? 0 : Number(n)));
    if (command === "m") this.#sgr(args);
    else if (command === "K") {
      this.#explode();
      if (args[0] === 2) this.cells = [];
      else if (args[0] === 1) this.cells.fill({ ch: " ", cls: "", css: "" }, 0, this.col);
      else this.cells.length = Math.min(this.cells.length, this.col);
      this.len = this.cells.length;
    } else if (command === "J" && (args[0] === 2 || args[0] === 3)) {
      this.frozen = [];
      this.backlog = [];
      this.screen.textContent = "";
      this.screen.append(this.current);
      this.cells = [];
      this.col = 0;
      this.len = 0;
    } else if (command === "H" || command === "f") this.col = Math.max(0, (args[1] || 1) - 1);
    else if (command === "G") this.col = Math.max(0, (args[0] || 1) - 1);
    else if (command === "D") this.col = Math.max(0, this.col - (args[0] || 1));
    else if (command === "C") this.col += args[0] || 1;
  }

  #sgr(args) {
    this.styleCache = null;
    for (let k = 0; k < args.length; k++) {
      const n = args[k];
      const s = this.pen;
      if (n === 0) this.pen = plain();
      else if (n === 1) s.b = true;
      else if (n === 2) s.d = true;
      else if (n === 3) s.i = true;
      else if (n === 4) s.u = true;
      else if (n === 22) s.b = s.d = false;
      else if (n === 23) s.i = false;
      else if (n === 24) s.u = false;
      else if (n >= 30 && n <= 37) s.fg = COLORS[n - 30];
      else if (n >= 90 && n <= 97) s.fg = COLORS[n - 90];
      else if (n === 39) s.fg = null;
      else if (n >= 40 && n <= 47) s.bg = COLORS[n - 40];
      else if (n >= 100 && n <= 107) s.bg = COLORS[n - 100];
      else if (n === 49) s.bg = null;
      else if ((n === 38 || n === 48) && args[k + 1] === 5) {
        const c = args[k + 2];
        const key = n === 38 ? "fg" : "bg";
        s[key] = c < 16 ? COLORS[c % 8] : { css: xterm256(c) };
        k += 2;
      } else if ((n === 38 || n === 48) && args[k + 1] === 2) {
        s[n === 38 ? "fg" : "bg"] = { css: `rgb(${args[k + 2]},${args[k + 3]},${args[k + 4]})` };
        k += 4;
      }
    }
  }

  /** The classes and inline CSS of the current style (cached until SGR changes it). */
  #styleOf(stderr) {
    const key = stderr ? "err" : "out";
    this.styleCache ??= {};
    if (this.styleCache[key]) return this.styleCache[key];
    const s = this.pen;
    const cls = [
      stderr ? "err" : "",
      s.b ? "b" : "", s.i ? "i" : "", s.u ? "u" : "", s.d ? "d" : "",
      typeof s.fg === "string" ? `fg-${s.fg}` : "",
      typeof s.bg === "string" ? `bg-${s.bg}` : "",
    ].filter(Boolean).join(" ");
    const css = [s.fg?.css ? `color:${s.fg.css}` : "", s.bg?.css ? `background:${s.bg.css}` : ""].filter(Boolean).join(";");
    return (this.styleCache[key] = { cls, css });
  }

  /** The line is a list of styled runs; editing inside it first splits it into characters. */
  #explode() {
    if (this.cells.every((run) => run.ch.length === 1)) return;
    this.cells = this.cells.flatMap((run) => run.ch.split("").map((ch) => ({ ch, cls: run.cls, css: run.css })));
  }

  #putText(text, stderr) {
    const { cls, css } = this.#styleOf(stderr);
    if (this.col === this.len) {
      const last = this.cells[this.cells.length - 1];
      if (last && last.cls === cls && last.css === css && last.ch.length < 4096) last.ch += text;
      else this.cells.push({ ch: text, cls, css });
      this.len += text.length;
      this.col = this.len;
      return;
    }
    this.#explode();
    for (const ch of text.split("")) {
      while (this.cells.length < this.col) this.cells.push({ ch: " ", cls: "", css: "" });
      this.cells[this.col++] = { ch, cls, css };
    }
    this.len = this.cells.length;
  }

  newline() {
    this.frozen.push(this.cells);
    this.cells = [];
    this.col = 0;
    this.len = 0;
  }

  #newLine() {
    const line = document.createElement("div");
    line.className = "line";
    return line;
  }

  /** Echoes typed text into the output, marked as input. */
  putInput(text) {
    if (this.col !== this.len) return this.#putText(text, false);
    this.cells.push({ ch: text, cls: "input", css: "" });
    this.len += text.length;
    this.col = this.len;
  }

  /** Renders cells as spans, one per run of equal style. */
  #fill(node, cells) {
    node.textContent = "";
    let run = null;
    for (const cell of cells) {
      if (!run || run.cls !== cell.cls || run.css !== cell.css) {
        run = { cls: cell.cls, css: cell.css, text: "" };
        const span = document.createElement("span");
        if (run.cls) span.className = run.cls;
        if (run.css) span.style.cssText = run.css;
        run.span = span;
        node.append(span);
      }
      run.span.textContent += cell.ch;
    }
  }

  /** Moves completed lines to the DOM, keeping at most `scrollback` lines. A burst of more
   *  than FLOOD_LINES lines in one frame shows its last FLOOD_TAIL lines at once; the older
   *  ones of the scrollback (`backlog`: cells, or lines that were on screen) are prepended
   *  FLOOD_LINES a frame. Laying out a whole fresh scrollback at once cost WebKit about 300 ms
   *  a frame. */
  commit() {
    const burst = this.frozen.length > FLOOD_LINES;
    if (burst) {
      // What stays from before the burst: the backlog, then the screen but its line in
      // progress (the burst's first line is that line completed).
      const room = this.scrollback - this.frozen.length;
      const before = room > 0 ? [...this.backlog, ...[...this.screen.children].slice(0, -1)].slice(-room) : [];
      const keep = before.concat(this.frozen.slice(-this.scrollback));
      this.backlog = keep.slice(0, -FLOOD_TAIL);
      this.screen.textContent = "";
      this.current = this.#newLine();
      this.screen.append(...keep.slice(-FLOOD_TAIL).map((cells) => this.#filledLine(cells)), this.current);
    } else if (this.frozen.length > 0) {
      // The line in progress on screen is the first one completed.
      this.#fill(this.current, this.frozen[0]);
      const added = this.frozen.slice(1).map((cells) => this.#filledLine(cells));
      this.current = this.#newLine();
      this.screen.append(...added, this.current);
      // The oldest lines go first: the backlog's, then the screen's.
      let excess = this.backlog.length + this.screen.childElementCount - 1 - this.scrollback;
      const fromBacklog = Math.min(Math.max(excess, 0), this.backlog.length);
      this.backlog.splice(0, fromBacklog);
      excess -= fromBacklog;
      while (excess-- > 0) this.screen.firstElementChild.remove();
    }
    this.frozen = [];
    if (!burst && this.backlog.length > 0) {
      const older = this.backlog.splice(-FLOOD_LINES).map((line) => (line instanceof Element ? line : this.#filledLine(line)));
      this.screen.prepend(...older);
    }
    this.#fill(this.current, this.cells);
  }

  /** Whether older lines are still to be prepended (commit() again on a later frame). */
  get backfilling() {
    return this.backlog.length > 0;
  }

  #filledLine(cells) {
    const line = this.#newLine();
    this.#fill(line, cells);
    return line;
  }
}
