"""A reverse proxy that answers CORS preflights itself and forwards the rest to a registry.

usage: preflight_proxy.py PORT UPSTREAM
docker-registry with token auth answers a preflight (OPTIONS, which browsers send without
credentials) with 401, so a page can never send it the Authorization header. Registries used
from pages put a proxy like this one (or nginx, Caddy) in front; this stands for it in the tests.
"""

import http.server
import sys
import urllib.error
import urllib.request

CORS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "GET, HEAD, OPTIONS",
    "Access-Control-Allow-Headers": "Accept, Authorization",
    "Access-Control-Expose-Headers": "Docker-Content-Digest, WWW-Authenticate",
    "Access-Control-Max-Age": "600",
}
FORWARDED = ("Accept", "Authorization")


def main():
    port, upstream = int(sys.argv[1]), sys.argv[2].rstrip("/")

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_OPTIONS(self):
            self.send_response(204)
            for k, v in CORS.items():
                self.send_header(k, v)
            self.end_headers()

        def do_GET(self):
            headers = {k: self.headers[k] for k in FORWARDED if self.headers[k]}
            request = urllib.request.Request(upstream + self.path, headers=headers, method=self.command)
            try:
                reply = urllib.request.urlopen(request)
            except urllib.error.HTTPError as e:
                reply = e
            body = reply.read()
            self.send_response(reply.status)
            for k, v in reply.headers.items():
                if k.lower() not in ("transfer-encoding", "connection", "content-length"):
                    self.send_header(k, v)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        do_HEAD = do_GET

        def log_message(self, *args):
            pass

    http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler).serve_forever()


main()
