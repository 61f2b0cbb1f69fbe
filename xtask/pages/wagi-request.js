// A WebDriver script (a function body) run by `cargo xtask wagi --request` on a WAGI site whose
// Service Worker controls the page: hands one request to the worker by message (so a
// redirect is shown, not followed) and answers {status, statusText, headers, body (base64)}.
// Arguments: path, method, [[name, value]...], base64 body or null.
const [path, method, headers, body, done] = arguments;
const bytes = body == null ? undefined : Uint8Array.from(atob(body), (c) => c.charCodeAt(0));
const channel = new MessageChannel();
channel.port1.onmessage = ({ data }) => {
  if (data.error) return done({ error: data.error });
  let binary = "";
  for (let i = 0; i < data.body.length; i += 0x8000) binary += String.fromCharCode(...data.body.subarray(i, i + 0x8000));
  done({ ...data, body: btoa(binary) });
};
navigator.serviceWorker.controller.postMessage({ type: "wagi-request", url: path, method, headers, body: bytes }, [channel.port2]);
