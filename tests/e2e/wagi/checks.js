// A WebDriver script (a function body) run by xtask/src/wagi_suite.rs on the examples/wagi
// site once its Service Worker controls the page: real fetch()es through the worker, each
// check {what, ok, got}. Arguments: the site's path (`""` at the root, `/wagi`), and the
// `--env` value GREETING is expected to have.
const [base, greeting, done] = arguments;
const checks = [];
const check = (what, ok, got) => checks.push({ what, ok: !!ok, got: String(got).slice(0, 300) });
// Every request has 15 s: a hang is a failed check that names the request, not a timeout.
const get = async (path, init) => {
  try {
    const r = await fetch(base + path, { ...init, signal: AbortSignal.timeout(15000) });
    return { status: r.status, type: r.type, url: r.url, redirected: r.redirected, headers: r.headers, text: await r.text() };
  } catch (e) {
    return { status: `${path}: ${e.name}`, headers: new Headers(), text: "" };
  }
};
const envOf = (text) => Object.fromEntries(text.split("\n").filter((l) => l.includes("=")).map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]));
// FNV-1a 64, as the form handler computes it.
const fnv1a = (bytes) => {
  let h = 0xcbf29ce484222325n;
  for (const b of bytes) h = BigInt.asUintN(64, (h ^ BigInt(b)) * 0x100000001b3n);
  return h.toString(16).padStart(16, "0");
};

(async () => {
  const root = await get("/");
  check("/ answers the hello handler's HTML", root.status === 200 && root.headers.get("content-type") === "text/html" && root.text.includes("Hello, World!"), `${root.status} ${root.text}`);
  const exact = await get("/hello");
  check("an exact route answers", exact.status === 200 && exact.text.includes("Hello, World!"), exact.status);
  const [slash, longer] = [await get("/hello/"), await get("/hellothere")];
  check("an exact route matches only itself (/hello/, /hellothere: 404)", slash.status === 404 && longer.status === 404, `${slash.status} ${longer.status}`);
  const [bare, deep, superstring] = [await get("/env"), await get("/env/a/b"), await get("/envy")];
  check("a /... route matches itself and below, not a longer name", bare.status === 200 && deep.status === 200 && superstring.status === 404, `${bare.status} ${deep.status} ${superstring.status}`);
  const health = await get("/healthz");
  check("/healthz answers OK", health.status === 200 && health.text === "OK", `${health.status} ${health.text}`);
  const missing = await get("/no/such/route");
  check("no route is 404", missing.status === 404, missing.status);

  const q = await get("/env/x%20y?a=1&b=two", { headers: { "X-Custom": "yes", Authorization: "secret" } });
  const argv = q.text.split("\n").filter((l) => l.startsWith("argv["));
  check("the query becomes argv", argv.join("|") === "argv[0]=/env/x%20y|argv[1]=a=1|argv[2]=b=two", argv.join("|"));
  const env = envOf(q.text);
  const port = location.port || "80";
  const want = {
    AUTH_TYPE: "", CONTENT_LENGTH: "0", CONTENT_TYPE: "", GATEWAY_INTERFACE: "CGI/1.1", QUERY_STRING: "a=1&b=two",
    REMOTE_ADDR: "127.0.0.1", REMOTE_HOST: "127.0.0.1", REMOTE_USER: "", REQUEST_METHOD: "GET", SCRIPT_NAME: "/env",
    PATH_INFO: "/x y", PATH_TRANSLATED: "/x y", X_RAW_PATH_INFO: "/x%20y", SERVER_NAME: location.hostname,
    SERVER_PORT: port, SERVER_PROTOCOL: "HTTP/1.1", SERVER_SOFTWARE: "WAGI/1", X_MATCHED_ROUTE: "/env/...",
    X_FULL_URL: `${location.protocol}//${location.hostname}:${port}${base}/env/x%20y?a=1&b=two`, HTTP_X_CUSTOM: "yes",
    HTTP_HOST: location.host, GREETING: greeting,
  };
  for (const [key, value] of Object.entries(want)) check(`CGI ${key}`, env[key] === value, `${JSON.stringify(env[key])} (want ${JSON.stringify(value)})`);
  check("Authorization is not passed on", !("HTTP_AUTHORIZATION" in env), env.HTTP_AUTHORIZATION);
  const templated = await get("/argv?x=1&y");
  const targv = templated.text.split("\n").filter((l) => l.startsWith("argv["));
  check("an argv template expands ${SCRIPT_NAME} and ${ARGS}", targv.join("|") === "argv[0]=/argv|argv[1]=--flag|argv[2]=x=1|argv[3]=y", targv.join("|"));

  const form = await get("/form", { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: "name=wasi&lang=rust" });
  check("a POST body arrives on stdin", form.status === 200 && form.text === "name=wasi&lang=rust" && form.headers.get("x-body-length") === "19", `${form.status} ${form.text}`);
  const big = new Uint8Array(1 << 20);
  for (let i = 0; i < big.length; i++) big[i] = (i * 2654435761) >>> 24;
  const binary = await get("/form", { method: "PUT", body: big });
  check("1 MiB of binary arrives byte for byte", binary.headers.get("x-body-length") === String(big.length) && binary.headers.get("x-body-fnv1a") === fnv1a(big), `${binary.headers.get("x-body-length")} ${binary.headers.get("x-body-fnv1a")} want ${fnv1a(big)}`);
  const posted = envOf((await get("/env/post", { method: "POST", body: "12345" })).text);
  check("CONTENT_LENGTH and REQUEST_METHOD of a POST", posted.CONTENT_LENGTH === "5" && posted.REQUEST_METHOD === "POST", `${posted.CONTENT_LENGTH} ${posted.REQUEST_METHOD}`);

  const teapot = await get("/status?teapot");
  check("Status: sets the code", teapot.status === 418 && teapot.text.trim() === "short and stout", `${teapot.status} ${teapot.text}`);
  const created = await get("/status");
  check("other headers are copied", created.status === 201 && created.headers.get("x-handler") === "status", `${created.status} ${created.headers.get("x-handler")}`);
  const manual = await get("/status?moved", { redirect: "manual" });
  const followed = await get("/status?moved");
  // The URL it ends at shows the redirect was followed; WebKit leaves `redirected` false for a
  // redirect a Service Worker answered, Chromium and Firefox set it.
  check("Location: redirects (302, followed to /hello)", manual.type === "opaqueredirect" && followed.url.endsWith("/hello") && followed.text.includes("Hello, World!"), `${manual.type} ${followed.redirected} ${followed.url}`);

  const noHeaders = await get("/broken");
  check("a handler printing no headers is 500", noHeaders.status === 500, `${noHeaders.status} ${noHeaders.text}`);
  const trapped = await get("/broken?trap");
  const after = await get("/hello");
  check("a trapping handler is 500, and the next request still works", trapped.status === 500 && after.status === 200, `${trapped.status} ${after.status}`);

  const [sub, wild, main] = [await get("/routes/exact"), await get("/routes/wildcard/deep"), await get("/routes/other")];
  check("_routes: an exact subroute reaches its entrypoint", sub.text.includes("the /exact handler"), sub.text);
  check("_routes: a /... subroute reaches its entrypoint", wild.text.includes("the /wildcard/... handler") && wild.text.includes("PATH_INFO=/deep"), wild.text);
  check("_routes: the module's own route stays", main.text.includes("the main entry point"), main.text);

  const file = await get("/static/note.txt");
  check("a volume's file is served", file.status === 200 && file.text.includes("Served from a volume"), `${file.status} ${file.text}`);
  const nofile = await get("/static/none.txt");
  check("a missing volume file is the handler's 404", nofile.status === 404, nofile.status);

  const wat = await get("/wat");
  check("a .wat module runs", wat.status === 200 && wat.text === "Hello from WebAssembly text\n", `${wat.status} ${JSON.stringify(wat.text)}`);

  const many = await Promise.all(Array.from({ length: 20 }, (_, i) => get(`/env/c${i}?n=${i}`)));
  const distinct = many.every((r, i) => envOf(r.text).PATH_INFO === `/c${i}` && envOf(r.text).QUERY_STRING === `n=${i}`);
  check("20 concurrent requests get distinct answers", distinct, many.map((r) => envOf(r.text).PATH_INFO).join(","));
  done({ checks });
})().catch((e) => done({ error: `${e}\n${e.stack}`, checks }));
