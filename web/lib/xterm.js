// Running a WASI program in an xterm.js Terminal (@xterm/xterm 6, an optional peer: our own
// <wasi-terminal> stays the default). Output is written to the terminal; typed keys go to
// stdin through the same line discipline as <wasi-terminal> (echo, Backspace, Enter, Ctrl-D
// end of input, Ctrl-C stop, Up/Down history), or unchanged in raw mode.
//
//   const term = new Terminal(); term.open(element);
//   const io = attachXterm(term);
//   io.attach(spawn(wasm, { ...io.options, args }));
//
// The program's "\n" line endings are shown as new lines (convertEol is set on the terminal).

import { LineDiscipline } from "./line-discipline.js";

/** What xterm sends for the keys the line discipline acts on, as the key events it reads. */
const KEYS = {
  "\r": { key: "Enter" },
  "\x7f": { key: "Backspace" },
  "\b": { key: "Backspace" },
  "\x03": { key: "c", ctrlKey: true },
  "\x04": { key: "d", ctrlKey: true },
  "\x1b[A": { key: "ArrowUp" },
  "\x1b[B": { key: "ArrowDown" },
};

/** Shown where the program cannot pause for input (wasi-run.js `interactiveMode`). */
const PRESUPPLIED = "This browser cannot pause a program for input:\r\ntype all of it, then Ctrl-D runs the program.";

/** `term`: an xterm.js Terminal. Options: `raw` (every key to the program at once, unechoed). */
export function attachXterm(term, { raw = false } = {}) {
  term.options.convertEol = true;
  let handle = null;
  // The typed line as the terminal shows it, so each change writes only the difference.
  let shown = "";
  const line = new LineDiscipline({
    send: (text) => handle?.write(text),
    eof: () => handle?.end(),
    interrupt: () => handle?.stop(),
    echo: (_text, endsLine) => {
      if (endsLine) term.write("\r\n");
      shown = "";
    },
  });
  const redraw = () => {
    const now = line.input;
    if (now.startsWith(shown)) term.write(now.slice(shown.length));
    else term.write("\b \b".repeat([...shown].length) + now);
    shown = now;
  };
  const typed = term.onData((data) => {
    if (!handle) return;
    // Keys go to a running program only where it can wait for them; else input is lines.
    if (raw && handle.mode !== "presupplied") return handle.write(data);
    // One escape sequence or one character at a time (a paste arrives as one string).
    for (const [chunk] of data.matchAll(/\x1b\[[0-9;]*[A-Za-z]|[\s\S]/gu)) {
      const event = { ctrlKey: false, metaKey: false, altKey: false, ...(KEYS[chunk] ?? { key: chunk }), preventDefault() {} };
      if (line.key(event, false)) redraw();
    }
  });
  const write = (bytes) => term.write(bytes);
  return {
    /** spawn() options: output to the terminal, stdin typed into it. */
    options: { stdin: "interactive", tty: true, onStdout: write, onStderr: write },
    /** Connects a spawn() handle; typed input goes to it until it ends. */
    attach(run) {
      handle = run;
      line.reset();
      shown = "";
      if (run.mode === "presupplied") term.write(`\x1b[2m${PRESUPPLIED}\x1b[0m\r\n`);
      run.done.then(() => {
        if (handle === run) handle = null;
      });
      return run;
    },
    dispose() {
      typed.dispose();
    },
  };
}
