// Loaded first by the e2e pages that post a report (a classic script, so it runs even when
// the page's module does not parse): an uncaught error becomes the report at once, rather
// than a run that waits out its whole timeout to say "no report".
addEventListener("error", (e) => {
  const where = e.filename ? ` (${e.filename.split("/").pop()}:${e.lineno}:${e.colno})` : "";
  fetch("report", { method: "POST", body: JSON.stringify({ error: `uncaught in the page: ${e.message}${where}` }) });
});
