// The conformance fixtures' trees, as xtask sends them (xtask/src/tree.rs `to_json`):
//   { name: { file: "<base64>" } | { dir: { ... } } | { symlink: "target" } }
// into the `dirs` form wasi-web's run() takes (Uint8Array files, object directories).

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
