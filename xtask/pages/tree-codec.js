// File trees as JSON, for carrying directories between a page and a server:
//   { name: { file: "<base64>" } | { dir: { ... } } | { symlink: "target" } }
// and the `dirs` form wasi-web's run() takes (Uint8Array files, object directories).

function toBase64(bytes) {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

function fromBase64(text) {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** JSON tree → run() tree (symlinks are not expressible there and are skipped). */
export function decodeTree(tree) {
  const out = {};
  for (const [name, node] of Object.entries(tree)) {
    if ("file" in node) out[name] = fromBase64(node.file);
    else if ("dir" in node) out[name] = decodeTree(node.dir);
  }
  return out;
}

/** result.files() tree → JSON tree. */
export function encodeTree(tree) {
  const out = {};
  for (const [name, node] of Object.entries(tree)) {
    if (node instanceof Uint8Array) out[name] = { file: toBase64(node) };
    else if (typeof node.symlink === "string" && Object.keys(node).length === 1) out[name] = { symlink: node.symlink };
    else out[name] = { dir: encodeTree(node) };
  }
  return out;
}
