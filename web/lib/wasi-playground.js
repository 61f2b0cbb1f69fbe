// <wasi-playground>: a runnable WASI program any page can embed with one script tag:
//
//   <script type="module" src="pkg/wasi-playground.js"></script>
//   <wasi-playground src="hello.wasm" args="--name web" autorun></wasi-playground>
//
// Attributes: src, args (shell-style), env (KEY=VALUE words), stdin (text given up front),
// autorun, interactive (stdin typed into the terminal), raw (with interactive: keys go to the
// program at once, unechoed), rows, readonly (no editors), timeout (seconds), limits
// (`fsBytes=N openFiles=N ...`: the filesystem and fd limits, see src/limits.rs), files (show
// the files panel). Children seed the filesystem:
//   <wasi-file path="/data/in.txt">inline text</wasi-file>
//   <wasi-file path="/data/logo.png" src="logo.png"></wasi-file>
//   <wasi-dir path="/data" src="tree.tar"></wasi-dir>
// `src` may be an OCI reference (oci://registry/repo:tag, pulled and digest-checked by
// oci.js; the status line shows the download's progress).
// API: run(), stop(), result, files, source (which digest ran, for a pulled module); events
// wasi-start, wasi-output ({stream, bytes}), wasi-progress ({loaded, total}, while a module
// downloads), wasi-exit (the result). Every widget has its own worker and filesystem. Off-screen widgets
// fetch their module only when they come near the viewport (unless autorun).
import { spawn, prewarm } from "./wasi-run.js";
import { isOciReference, parseReference } from "./oci-reference.js";
import { shellWords } from "./shell-words.js";
import { readTar } from "./tar.js";
import "./terminal.js";

// The corners are clipped by clip-path, not overflow: hidden: WebKit repaints the terminal's
// scroller under a rounded overflow clip slowly (a 200,000-line flood in a widget: 0.9-1.1 s,
// 0.55-0.8 s so).
const STYLE = `
:host {
  display: block; margin: 1em 0; border: 1px solid var(--wasi-border, #d8d8dd); border-radius: 10px;
  clip-path: inset(0 round 10px); background: var(--wasi-bg, #fff); color: var(--wasi-fg, #1d1d1f);
  font: 14px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
}
@media (prefers-color-scheme: dark) {
  :host { background: var(--wasi-bg, #1c1c1f); color: var(--wasi-fg, #e8e8ed); border-color: var(--wasi-border, #3a3a3f); }
}
.bar { display: flex; gap: 8px; align-items: center; padding: 8px 10px; flex-wrap: wrap; }
.name { font-weight: 600; }
.spacer { flex: 1; }
button {
  font: inherit; padding: 4px 12px; border-radius: 6px; border: 1px solid var(--wasi-border, #d8d8dd);
  background: transparent; color: inherit; cursor: pointer;
}
button.run { background: var(--wasi-accent, #2f6fde); border-color: var(--wasi-accent, #2f6fde); color: #fff; }
button:disabled { opacity: .45; cursor: default; }
button:focus-visible, input:focus-visible, textarea:focus-visible { outline: 2px solid var(--wasi-accent, #2f6fde); outline-offset: 1px; }
.status { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: .9em; }
.status.ok { color: var(--wasi-ok, #1f8a3b); } .status.bad { color: var(--wasi-bad, #c4262e); }
.editors { display: grid; gap: 6px; padding: 0 10px 8px; }
.editors[hidden] { display: none; }
.editors label { display: grid; gap: 2px; font-size: .9em; }
input, textarea {
  font: 13px/1.4 ui-monospace, Menlo, Consolas, monospace; padding: 4px 6px; border-radius: 5px;
  border: 1px solid var(--wasi-border, #d8d8dd); background: transparent; color: inherit;
}
wasi-terminal { border-top: 1px solid var(--wasi-border, #d8d8dd); }
.error { margin: 0; padding: 8px 10px; color: var(--wasi-bad, #c4262e); }
.error[hidden], .files[hidden] { display: none; }
.files { padding: 6px 10px 10px; font-family: ui-monospace, Menlo, Consolas, monospace; font-size: .85em; border-top: 1px solid var(--wasi-border, #d8d8dd); }
.files a { color: var(--wasi-accent, #2f6fde); margin-right: 12px; }
`;

export class WasiPlayground extends HTMLElement {
  static observedAttributes = ["src", "args", "stdin", "rows", "readonly"];

  constructor() {
    super();
    const root = this.attachShadow({ mode: "open" });
    root.innerHTML = `<style>${STYLE}</style>
      <div class="bar" part="toolbar">
        <span class="name" part="name"></span>
        <button class="run" part="run-button" type="button" disabled>Run</button>
        <button class="stop" part="stop-button" type="button" disabled>Stop</button>
        <span class="status" part="status" role="status" aria-live="polite"></span>
        <span class="spacer"></span>
        <button class="toggle" part="edit-button" type="button" aria-expanded="false">Edit</button>
      </div>
      <div class="editors" part="editors" hidden>
        <label>Arguments <input class="args" type="text" spellcheck="false"></label>
        <label>Standard input <textarea class="stdin" rows="2" spellcheck="false"></textarea></label>
      </div>
      <p class="error" part="error" role="alert" hidden></p>
      <wasi-terminal part="terminal"></wasi-terminal>
      <div class="files" part="files" hidden></div>`;
    this.$ = (sel) => root.querySelector(sel);
    this.terminal = this.$("wasi-terminal");
    this.module = null;
    this.loading = null;
    this.handle = null;
    this.result = null;
    this.files = null;
    this.source = null;
    this.$(".run").addEventListener("click", () => this.run());
    this.$(".stop").addEventListener("click", () => this.stop());
    this.$(".toggle").addEventListener("click", () => {
      const editors = this.$(".editors");
      editors.hidden = !editors.hidden;
      this.$(".toggle").setAttribute("aria-expanded", String(!editors.hidden));
    });
  }

  connectedCallback() {
    this.#applyAttributes();
    if (this.hasAttribute("autorun")) {
      this.run();
    } else if ("IntersectionObserver" in window) {
      this.observer = new IntersectionObserver((entries) => {
        if (entries.some((e) => e.isIntersecting)) {
          this.observer.disconnect();
          this.#load();
        }
      }, { rootMargin: "200px" });
      this.observer.observe(this);
    } else {
      this.#load();
    }
  }

  disconnectedCallback() {
    this.observer?.disconnect();
    this.stop();
  }

  attributeChangedCallback() {
    if (this.isConnected) this.#applyAttributes();
  }

  #applyAttributes() {
    const src = this.getAttribute("src") ?? "";
    this.$(".name").textContent = programName(src);
    this.$(".args").value = this.getAttribute("args") ?? "";
    this.$(".stdin").value = this.getAttribute("stdin") ?? "";
    this.$(".toggle").hidden = this.hasAttribute("readonly");
    if (this.hasAttribute("readonly")) this.$(".editors").hidden = true;
    const rows = Number(this.getAttribute("rows")) || 12;
    this.terminal.style.height = `calc(${rows} * 1.35em + 1em)`;
  }

  #error(text) {
    const el = this.$(".error");
    el.hidden = !text;
    el.textContent = text ?? "";
  }

  #status(text, tone = "") {
    const el = this.$(".status");
    el.textContent = text;
    el.className = `status ${tone}`;
  }

  /** Fetches the module (once), or pulls it from the registry an OCI reference names. */
  #load() {
    // In view: a worker with its host made ready for the first run.
    prewarm();
    this.loading ??= (async () => {
      const src = this.getAttribute("src");
      if (!src) throw new Error("no src attribute");
      if (isOciReference(src)) {
        const { pullModule } = await import("./oci.js");
        const onProgress = (progress) => {
          this.#status(`pulling ${megabytes(progress.loaded)}${progress.total ? ` of ${megabytes(progress.total)}` : ""} MB`);
          this.dispatchEvent(new CustomEvent("wasi-progress", { detail: progress }));
        };
        const { bytes, ...source } = await pullModule(src, { onProgress });
        this.source = source;
        this.$(".name").title = `${source.reference} (module ${source.digest})`;
        this.#status("");
        this.module = bytes;
        this.$(".run").disabled = false;
        return bytes;
      }
      const response = await fetch(src).catch((e) => {
        throw new Error(`could not fetch ${src}: ${e.message}`);
      });
      if (!response.ok) throw new Error(`could not fetch ${src}: HTTP ${response.status}`);
      this.module = new Uint8Array(await response.arrayBuffer());
      this.$(".run").disabled = false;
      return this.module;
    })();
    this.loading.catch((e) => {
      this.#error(e.message);
      this.#status("not loaded", "bad");
    });
    return this.loading;
  }

  /** The filesystem the children describe: {"/data": tree, ...}. */
  async #seed() {
    const dirs = {};
    const place = (path, value) => {
      const parts = path.split("/").filter(Boolean);
      if (parts.length === 0) throw new Error(`bad path "${path}"`);
      const top = `/${parts[0]}`;
      let dir = (dirs[top] ??= {});
      for (const part of parts.slice(1, -1)) dir = dir[part] ??= {};
      if (parts.length > 1) dir[parts[parts.length - 1]] = value;
    };
    for (const child of this.children) {
      const path = child.getAttribute("path") ?? "";
      const src = child.getAttribute("src");
      const fetchBytes = async () => {
        const response = await fetch(src);
        if (!response.ok) throw new Error(`could not fetch ${src}: HTTP ${response.status}`);
        return new Uint8Array(await response.arrayBuffer());
      };
      if (child.localName === "wasi-file") {
        place(path, src ? await fetchBytes() : child.textContent.replace(/^\n/, ""));
      } else if (child.localName === "wasi-dir") {
        const tree = src ? readTar(await fetchBytes()) : {};
        const parts = path.split("/").filter(Boolean);
        if (parts.length === 1) dirs[`/${parts[0]}`] = { ...(dirs[`/${parts[0]}`] ?? {}), ...tree };
        else place(path, tree);
      }
    }
    return dirs;
  }

  /** Runs the program; resolves with the result (also `this.result` and `wasi-exit`). */
  async run() {
    if (this.handle) return this.handle.done;
    this.#error(null);
    let module;
    let args;
    let env;
    let dirs;
    let hostLimits;
    try {
      module = await this.#load();
      args = [this.$(".name").textContent, ...shellWords(this.$(".args").value)];
      env = Object.fromEntries(
        shellWords(this.getAttribute("env") ?? "").map((kv) => {
          const at = kv.indexOf("=");
          if (at <= 0) throw new Error(`env "${kv}" is not KEY=VALUE`);
          return [kv.slice(0, at), kv.slice(at + 1)];
        }),
      );
      dirs = await this.#seed();
      hostLimits = Object.fromEntries(
        shellWords(this.getAttribute("limits") ?? "").map((kv) => {
          const [name, value] = kv.split("=");
          return [name, Number(value)];
        }),
      );
    } catch (e) {
      this.#error(e.message);
      return null;
    }
    const interactive = this.hasAttribute("interactive");
    const timeout = Number(this.getAttribute("timeout"));
    this.terminal.clear();
    this.$(".files").hidden = true;
    const handle = spawn(module, {
      args,
      env,
      dirs,
      stdin: interactive ? "interactive" : this.$(".stdin").value,
      tty: interactive,
      returnFiles: true,
      limits: { ...hostLimits, ...(timeout > 0 ? { timeMs: timeout * 1000 } : {}) },
      onStdout: (bytes) => this.#output("stdout", bytes),
      onStderr: (bytes) => this.#output("stderr", bytes),
    });
    this.handle = handle;
    this.$(".run").disabled = true;
    this.$(".stop").disabled = false;
    // Without a way to pause the program (WebKit), its input is typed first (wasi-run.js).
    this.#status(interactive && handle.mode === "presupplied" ? "type the input, then Ctrl-D runs the program" : "running…");
    if (interactive) {
      // Keys go to a running program only where it can wait for them; else input is lines.
      this.terminal.raw = this.hasAttribute("raw") && handle.mode !== "presupplied";
      this.terminal.setInputEnabled(true);
      this.terminal.oninput = (text) => handle.write(text);
      this.terminal.oneof = () => handle.end();
      this.terminal.oninterrupt = () => handle.stop();
    }
    this.dispatchEvent(new CustomEvent("wasi-start", { detail: { args, stdinMode: handle.mode } }));
    const result = await handle.done;
    if (this.source) result.source = this.source;
    this.handle = null;
    this.result = result;
    this.files = result.files ?? null;
    this.terminal.setInputEnabled(false);
    await this.terminal.flushed();
    this.$(".run").disabled = false;
    this.$(".run").textContent = "Run again";
    this.$(".stop").disabled = true;
    this.#status(result.status, result.ok ? "ok" : "bad");
    // A limit that refused the program (ENOSPC, EMFILE...) says which, and how to raise it.
    if (result.refused) this.#error(result.refused);
    if (this.hasAttribute("files") && this.files) this.#showFiles();
    this.dispatchEvent(new CustomEvent("wasi-exit", { detail: result }));
    return result;
  }

  stop() {
    this.handle?.stop();
  }

  /** Focuses the terminal (to type into an interactive run). */
  focusTerminal() {
    this.terminal.focus();
  }

  #output(stream, bytes) {
    this.terminal.write(bytes, { stderr: stream === "stderr" });
    this.dispatchEvent(new CustomEvent("wasi-output", { detail: { stream, bytes } }));
  }

  #showFiles() {
    const panel = this.$(".files");
    panel.textContent = "";
    const walk = (node, path) => {
      for (const [name, value] of Object.entries(node)) {
        const full = `${path}/${name}`;
        if (value instanceof Uint8Array) {
          const a = document.createElement("a");
          a.href = URL.createObjectURL(new Blob([value]));
          a.download = name;
          a.textContent = full;
          panel.append(a);
        } else if (!(typeof value.symlink === "string")) walk(value, full);
      }
    };
    for (const [dir, tree] of Object.entries(this.files)) walk(tree, dir);
    panel.hidden = panel.childElementCount === 0;
  }
}

const megabytes = (n) => (n / 1e6).toFixed(1);

/** argv[0] and the title: the file's name, or an OCI reference's repository name. */
function programName(src) {
  if (isOciReference(src)) {
    try {
      return parseReference(src).repository.split("/").pop();
    } catch {
      return src;
    }
  }
  return src.split("/").pop() || "wasi-playground";
}

if (!customElements.get("wasi-playground")) customElements.define("wasi-playground", WasiPlayground);
