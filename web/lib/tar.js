// A minimal ustar writer: a tree of {name: Uint8Array | {symlink} | {...}} to a .tar Blob.

const encoder = new TextEncoder();

function header(path, size, type, linkTarget = "") {
  const h = new Uint8Array(512);
  const put = (text, at, len) => h.set(encoder.encode(text).subarray(0, len), at);
  const octal = (n, len) => n.toString(8).padStart(len - 1, "0");
  let name = path;
  let prefix = "";
  if (encoder.encode(name).length > 100) {
    const cut = path.lastIndexOf("/", 154);
    prefix = path.slice(0, cut);
    name = path.slice(cut + 1);
  }
  put(name, 0, 100);
  put(octal(type === "5" ? 0o755 : 0o644, 8), 100, 8);
  put(octal(0, 8), 108, 8);
  put(octal(0, 8), 116, 8);
  put(octal(size, 12), 124, 12);
  put(octal(Math.floor(Date.now() / 1000), 12), 136, 12);
  put("        ", 148, 8);
  put(type, 156, 1);
  put(linkTarget, 157, 100);
  put("ustar\u000000", 257, 8);
  put(prefix, 345, 155);
  const sum = h.reduce((a, b) => a + b, 0);
  put(sum.toString(8).padStart(6, "0") + "\u0000 ", 148, 8);
  return h;
}

export function tarBlob(tree, base = "") {
  const parts = [];
  const walk = (node, path) => {
    for (const [name, value] of Object.entries(node)) {
      const full = path ? `${path}/${name}` : name;
      if (value instanceof Uint8Array) {
        parts.push(header(full, value.length, "0"), value, new Uint8Array((512 - (value.length % 512)) % 512));
      } else if (typeof value.symlink === "string" && Object.keys(value).length === 1) {
        parts.push(header(full, 0, "2", value.symlink));
      } else {
        parts.push(header(`${full}/`, 0, "5"));
        walk(value, full);
      }
    }
  };
  walk(tree, base);
  parts.push(new Uint8Array(1024));
  return new Blob(parts, { type: "application/x-tar" });
}

/** Reads a ustar/GNU tar archive into a tree {name: Uint8Array | {...}} (symlinks skipped). */
export function readTar(bytes) {
  const root = {};
  const decoder = new TextDecoder();
  const field = (at, len) => decoder.decode(bytes.subarray(at, at + len)).replace(/\0.*$/s, "");
  let longName = null;
  for (let at = 0; at + 512 <= bytes.length; ) {
    const name = field(at, 100);
    if (!name && bytes[at] === 0) break;
    const size = parseInt(field(at + 124, 12).trim() || "0", 8);
    const type = String.fromCharCode(bytes[at + 156] || 48);
    const prefix = field(at + 345, 155);
    const data = bytes.subarray(at + 512, at + 512 + size);
    at += 512 + Math.ceil(size / 512) * 512;
    if (type === "L") {
      longName = decoder.decode(data).replace(/\0.*$/s, "");
      continue;
    }
    const path = longName ?? (prefix ? `${prefix}/${name}` : name);
    longName = null;
    const parts = path.split("/").filter((p) => p && p !== ".");
    if (parts.length === 0 || parts.includes("..")) continue;
    let dir = root;
    const last = type === "5" ? parts.length : parts.length - 1;
    for (const part of parts.slice(0, last)) dir = dir[part] ??= {};
    if (type === "0" || type === "\0" || type === "7") dir[parts[parts.length - 1]] = data.slice();
  }
  return root;
}
