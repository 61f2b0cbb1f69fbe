// The drop page: load a WASI module (drop, pick, sample, or ?src=), show what it is, edit its
// args/env/stdin, run it in a worker into the terminal, and offer the files it left behind.
import { spawn, interactiveMode, prewarm, inspectModule } from "./pkg/wasi-run.js";
import { shellWords, shellQuote } from "./pkg/shell-words.js";
import { tarBlob } from "./pkg/tar.js";
import { isOciReference, parseReference } from "./pkg/oci-reference.js";
import "./pkg/terminal.js";

const $ = (id) => document.getElementById(id);
const terminal = $("terminal");
const state = { wasm: null, name: "", data: [], run: null, source: null };

// ---------- messages and status ----------

function message(text, kind = "error") {
  const el = $("message");
  el.hidden = !text;
  el.textContent = text ?? "";
  el.className = `message ${kind === "info" ? "info" : ""}`;
}

function status(text, tone = "") {
  const el = $("status");
  el.textContent = text;
  el.className = `status ${tone}`;
}

const formatBytes = (n) => (n < 1024 ? `${n} B` : n < 1048576 ? `${(n / 1024).toFixed(1)} KiB` : `${(n / 1048576).toFixed(1)} MiB`);

// ---------- settings remembered per module name ----------

const settingsKey = (name) => `wasi-web:${name}`;

function saveSettings() {
  if (!state.name) return;
  const settings = { args: $("args").value, env: $("env").value, stdin: $("stdin").value, interactive: $("interactive").checked, preopen: $("preopen").value };
  try {
    localStorage.setItem(settingsKey(state.name), JSON.stringify(settings));
  } catch {
    // Storage may be unavailable (private mode, quota); settings just are not remembered.
  }
}

function restoreSettings(name) {
  let saved = null;
  try {
    saved = JSON.parse(localStorage.getItem(settingsKey(name)) ?? "null");
  } catch {
    saved = null;
  }
  if (!saved) return;
  $("args").value = saved.args ?? "";
  $("env").value = saved.env ?? "";
  $("stdin").value = saved.stdin ?? "";
  $("interactive").checked = !!saved.interactive;
  $("preopen").value = saved.preopen || "/data";
}

// ---------- loading a module and data files ----------

function showModule(name, bytes, info) {
  const facts = [
    ["Name", name],
    ["Size", formatBytes(bytes.length)],
    ["WASI", info.wasiVersions.length ? info.wasiVersions.join(", ") : "none"],
    ["Kind", info.kind === "command" ? "command (_start)" : "reactor (_initialize)"],
    ["Memory", info.memoryInitialPages === undefined ? "not exported" : `${info.memoryInitialPages} pages initial, ${info.memoryMaximumPages ?? "no"} maximum`],
  ];
  if (info.unsupportedImports.length) facts.push(["Not provided", info.unsupportedImports.join(", ")]);
  if (state.source) facts.push(["Pulled from", state.source.reference], ["Module digest", state.source.digest]);
  const dl = $("module-info");
  dl.textContent = "";
  for (const [k, v] of facts) {
    const dt = document.createElement("dt");
    dt.textContent = k;
    const dd = document.createElement("dd");
    dd.textContent = v;
    if (k === "Not provided") dd.className = "bad";
    dl.append(dt, dd);
  }
  $("module-imports").textContent = info.wasiImports.map((i) => i.split(".")[1]).join(" · ") || "none";
  $("module").hidden = false;
}

/** Loads module bytes; resolves to false (with a message) if they cannot run. */
async function loadModule(name, bytes) {
  let info;
  try {
    // Inspected by the worker that will run it: the page loads no host of its own.
    info = await inspectModule(bytes);
  } catch (e) {
    message(`${name}: ${e.message ?? e}`);
    return false;
  }
  if (!info.runnable) {
    showModule(name, bytes, info);
    message(`${name}: ${info.problem}`);
    return false;
  }
  state.wasm = bytes;
  state.name = name;
  restoreSettings(name);
  // A deep link's ?args=&stdin=&env= win over what was remembered, once.
  for (const [id, value] of Object.entries(state.linkOverrides ?? {})) $(id).value = value;
  state.linkOverrides = null;
  showModule(name, bytes, info);
  message(null);
  $("run").disabled = false;
  status(`${name} loaded.`);
  return true;
}

function renderDataFiles() {
  const list = $("data-list");
  list.textContent = "";
  state.data.forEach(({ path, file }, k) => {
    const li = document.createElement("li");
    li.append(`${path} `);
    const size = document.createElement("span");
    size.className = "help";
    size.textContent = formatBytes(file.size);
    const remove = document.createElement("button");
    remove.type = "button";
    remove.textContent = "Remove";
    remove.setAttribute("aria-label", `Remove ${path}`);
    remove.onclick = () => {
      state.data.splice(k, 1);
      renderDataFiles();
    };
    li.append(size, remove);
    list.append(li);
  });
  $("data-files").hidden = state.data.length === 0;
}

/** Takes dropped or picked files ({file, path}): the first .wasm is the program. */
async function takeFiles(entries) {
  const wasm = entries.find(({ file }) => file.name.toLowerCase().endsWith(".wasm"));
  for (const entry of entries) {
    if (entry === wasm) continue;
    state.data = state.data.filter((d) => d.path !== entry.path);
    state.data.push(entry);
  }
  renderDataFiles();
  if (!wasm) {
    if (!state.wasm) {
      const names = entries.map((e) => e.file.name).join(", ");
      message(`${names}: not a WebAssembly module; added as data file${entries.length > 1 ? "s" : ""}. Drop a .wasm program to run.`, "info");
    }
    return;
  }
  const bytes = new Uint8Array(await wasm.file.arrayBuffer());
  // Where the module came from: a registry (its digests shown), or a file / URL.
  state.source = wasm.source ?? null;
  if (await loadModule(wasm.file.name, bytes)) start();
}

/** Walks a dropped directory entry into {file, path} items. */
async function readEntry(entry, prefix = "") {
  if (entry.isFile) {
    const file = await new Promise((resolve, reject) => entry.file(resolve, reject));
    return [{ file, path: prefix + entry.name }];
  }
  const reader = entry.createReader();
  const children = [];
  for (;;) {
    const batch = await new Promise((resolve, reject) => reader.readEntries(resolve, reject));
    if (batch.length === 0) break;
    children.push(...batch);
  }
  const nested = await Promise.all(children.map((c) => readEntry(c, `${prefix}${entry.name}/`)));
  return nested.flat();
}

async function onDrop(e) {
  e.preventDefault();
  $("drop-overlay").hidden = true;
  $("drop").classList.remove("over");
  const items = [...(e.dataTransfer?.items ?? [])];
  const entries = items.map((i) => i.webkitGetAsEntry?.()).filter(Boolean);
  let files;
  if (entries.length && entries.some((en) => en.isDirectory)) {
    files = (await Promise.all(entries.map((en) => readEntry(en)))).flat();
  } else {
    files = [...(e.dataTransfer?.files ?? [])].map((file) => ({ file, path: file.name }));
  }
  if (files.length) await takeFiles(files);
}

// ---------- running ----------

function parseEnv(text) {
  const env = {};
  for (const line of text.split("\n")) {
    if (!line.trim()) continue;
    const at = line.indexOf("=");
    if (at <= 0) throw new Error(`environment line "${line}" is not KEY=VALUE`);
    env[line.slice(0, at)] = line.slice(at + 1);
  }
  return env;
}

/** Data files as the nested tree run() takes (File objects are read in the worker). */
function dataTree() {
  const root = {};
  for (const { path, file } of state.data) {
    const parts = path.split("/").filter(Boolean);
    let dir = root;
    for (const part of parts.slice(0, -1)) dir = dir[part] ??= {};
    dir[parts[parts.length - 1]] = file;
  }
  return root;
}

async function start() {
  if (!state.wasm || state.run) return;
  let args;
  let env;
  try {
    args = [state.name, ...shellWords($("args").value)];
    env = parseEnv($("env").value);
  } catch (e) {
    message(e.message);
    return;
  }
  saveSettings();
  message(null);
  terminal.clear();
  $("files").hidden = true;
  const interactive = $("interactive").checked;
  const stdinFile = $("stdin-file").files[0];
  const stdin = interactive ? "interactive" : stdinFile ? new Uint8Array(await stdinFile.arrayBuffer()) : $("stdin").value;
  const preopen = $("preopen").value.trim() || "/data";
  const started = performance.now();
  const run = spawn(state.wasm, {
    args,
    env,
    dirs: { [preopen]: dataTree() },
    stdin,
    tty: interactive,
    returnFiles: true,
    onStdout: (chunk) => terminal.write(chunk),
    onStderr: (chunk) => terminal.write(chunk, { stderr: true }),
  });
  state.run = run;
  $("run").disabled = true;
  $("stop").disabled = false;
  status(`running ${shellQuote(args)}`);
  if (interactive) {
    terminal.setInputEnabled(true);
    terminal.oninput = (text) => run.write(text);
    terminal.oneof = () => run.end();
    terminal.oninterrupt = () => run.stop();
    terminal.focus();
    if (run.mode === "presupplied") message(PRESUPPLIED, "info");
  }
  const result = await run.done;
  const seconds = ((performance.now() - started) / 1000).toFixed(2);
  state.run = null;
  terminal.setInputEnabled(false);
  $("run").disabled = false;
  $("run").textContent = "Run again";
  $("stop").disabled = true;
  await terminal.flushed();
  status(`${result.status} · ${seconds} s`, result.ok ? "ok" : "bad");
  if (result.refused) message(`${state.name}: ${result.refused}.`, "info");
  document.body.dataset.lastStatus = result.status;
  if (result.files) showFiles(result.files[preopen] ?? {}, preopen);
}

// ---------- files after the run ----------

function showFiles(tree, preopen) {
  const inputs = new Map(state.data.map((d) => [d.path, d.file.size]));
  const render = (node, path) => {
    const ul = document.createElement("ul");
    for (const [name, value] of Object.entries(node)) {
      const full = path ? `${path}/${name}` : name;
      const li = document.createElement("li");
      if (value instanceof Uint8Array) {
        const a = document.createElement("a");
        a.textContent = name;
        a.download = name;
        a.href = URL.createObjectURL(new Blob([value]));
        a.dataset.path = full;
        const size = document.createElement("span");
        size.className = "size";
        size.textContent = formatBytes(value.length);
        li.append(a, size);
        if (!inputs.has(full) || inputs.get(full) !== value.length) {
          const badge = document.createElement("span");
          badge.className = "badge";
          badge.textContent = inputs.has(full) ? "changed" : "new";
          li.append(badge);
        }
      } else if (typeof value.symlink === "string" && Object.keys(value).length === 1) {
        li.textContent = `${name} → ${value.symlink}`;
      } else {
        li.textContent = `${name}/`;
        li.append(render(value, full));
      }
      ul.append(li);
    }
    return ul;
  };
  const treeEl = $("file-tree");
  treeEl.textContent = "";
  const rootLi = document.createElement("li");
  rootLi.textContent = Object.keys(tree).length ? `${preopen}/` : `${preopen}/ (empty)`;
  rootLi.append(render(tree, ""));
  treeEl.append(rootLi);
  const all = $("download-all");
  all.href = URL.createObjectURL(tarBlob(tree));
  all.download = `${state.name.replace(/\.wasm$/, "")}-files.tar`;
  $("files").hidden = false;
}

// ---------- wiring ----------

/** Pulls the module an OCI reference names (digest-checked, cached), showing the progress. */
async function pullModule(reference) {
  const name = parseReference(reference).repository.split("/").pop();
  status(`Pulling ${reference}…`);
  const oci = await import("./pkg/oci.js");
  const onProgress = ({ loaded, total }) => status(`Pulling ${name}: ${formatBytes(loaded)}${total ? ` of ${formatBytes(total)}` : ""}`);
  const { bytes, ...source } = await oci.pullModule(reference, { onProgress });
  return { file: new File([bytes], `${name}.wasm`), path: `${name}.wasm`, source };
}

async function fetchModule(url, name) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return { file: new File([await response.arrayBuffer()], name), path: name };
}

// What an interactive run does where the program cannot wait for input (wasi-run.js).
const PRESUPPLIED =
  "This browser cannot pause a program for input (no JSPI; no SharedArrayBuffer without cross-origin isolation): type all of its input, then Ctrl-D starts it.";

async function main() {
  // A worker with its host ready, so a dropped program only has to start (and is inspected
  // there first).
  prewarm();
  $("interactive-mode").textContent = {
    sab: "Typed input goes to the program as it reads (SharedArrayBuffer).",
    jspi: "Typed input goes to the program as it reads (JSPI).",
    presupplied: PRESUPPLIED,
  }[interactiveMode()];
  $("pick").addEventListener("change", (e) => takeFiles([...e.target.files].map((file) => ({ file, path: file.name }))));
  $("pick-dir").addEventListener("change", (e) => takeFiles([...e.target.files].map((file) => ({ file, path: file.webkitRelativePath || file.name }))));
  $("stdin-file").addEventListener("change", (e) => ($("stdin-file-name").textContent = e.target.files[0] ? `stdin: ${e.target.files[0].name}` : ""));
  $("sample").addEventListener("click", async () => takeFiles([await fetchModule("examples/hellowasi.wasm", "hellowasi.wasm")]));
  $("oci-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    const reference = $("oci-ref").value.trim();
    try {
      await takeFiles([await pullModule(reference)]);
    } catch (err) {
      status("");
      message(err.message);
    }
  });
  $("run").addEventListener("click", start);
  $("stop").addEventListener("click", () => state.run?.stop());
  $("clear").addEventListener("click", () => terminal.clear());
  $("copy").addEventListener("click", () => navigator.clipboard?.writeText(terminal.text));
  let depth = 0;
  window.addEventListener("dragenter", (e) => {
    e.preventDefault();
    depth++;
    $("drop-overlay").hidden = false;
    $("drop").classList.add("over");
  });
  window.addEventListener("dragleave", () => {
    if (--depth <= 0) {
      depth = 0;
      $("drop-overlay").hidden = true;
      $("drop").classList.remove("over");
    }
  });
  window.addEventListener("dragover", (e) => e.preventDefault());
  window.addEventListener("drop", (e) => {
    depth = 0;
    onDrop(e);
  });

  const params = new URLSearchParams(location.search);
  const src = params.get("src");
  if (src) {
    try {
      if (isOciReference(src)) $("oci-ref").value = src;
      const entry = isOciReference(src) ? await pullModule(src) : await fetchModule(src, decodeURIComponent(new URL(src, location.href).pathname.split("/").pop() || "module.wasm"));
      state.linkOverrides = {};
      if (params.has("args")) state.linkOverrides.args = params.get("args");
      if (params.has("stdin")) state.linkOverrides.stdin = params.get("stdin");
      if (params.has("env")) state.linkOverrides.env = params.getAll("env").join("\n");
      await takeFiles([entry]);
    } catch (e) {
      message(`Could not load ${src}: ${e.message}`);
    }
  }
  window.wasiWebReady = true;
}

main().catch((e) => message(`wasi-web failed to start: ${e.message ?? e}`));
