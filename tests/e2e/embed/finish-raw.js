// A WebDriver script (a function body) run by xtask/src/embed.rs on examples/embed/.
const done = arguments[arguments.length - 1];
const text = () => document.getElementById("keys").shadowRoot.querySelector("wasi-terminal").text;
const timeout = new Promise((resolve) => setTimeout(() => resolve({ kind: "timeout" }), 20000));
Promise.race([window.keysDone, timeout]).then((r) => done({ kind: r.kind, code: r.code, text: text(), active: document.activeElement?.id }));
