// A WebDriver script (a function body) run by xtask/src/droppage.rs on the drop page.
// Fetches the download link of `path` in the files panel and checks its bytes.
const [path, done] = [arguments[0], arguments[arguments.length - 1]];
const link = document.querySelector(`#file-tree a[data-path="${path}"]`);
if (!link) return done({ listed: false });
fetch(link.href).then((r) => r.arrayBuffer()).then((b) => {
  const bytes = new Uint8Array(b);
  const pattern = bytes.every((v, i) => v === i % 251);
  done({ listed: true, size: bytes.length, pattern, tar: !!document.getElementById("download-all").href });
});
