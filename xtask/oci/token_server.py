"""A token service for docker-registry's token auth (distribution docs/spec/auth/token.md) that
gives anonymous users pull access to every repository except those under private/.

usage: token_server.py PORT CERT.pem
Writes the certificate of its freshly made signing key to CERT.pem (the registry's
`auth.token.rootcertbundle`), then answers GET /token?service=…&scope=repository:NAME:pull with
{"token": JWT} signed ES256, the certificate in the JWT's x5c header. CORS-open, as a token
service that pages use must be.
"""

import base64
import datetime
import http.server
import json
import sys
import time
import urllib.parse
import uuid

import jwt
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

ISSUER = "wasi-web-test-issuer"


def signing_key(cert_path):
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "wasi-web test token service")])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=30))
        .sign(key, hashes.SHA256())
    )
    with open(cert_path, "wb") as f:
        f.write(cert.public_bytes(serialization.Encoding.PEM))
    x5c = base64.b64encode(cert.public_bytes(serialization.Encoding.DER)).decode()
    return key, x5c


def main():
    port, cert_path = int(sys.argv[1]), sys.argv[2]
    key, x5c = signing_key(cert_path)

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            url = urllib.parse.urlparse(self.path)
            query = urllib.parse.parse_qs(url.query)
            access = []
            for scope in query.get("scope", []):
                kind, _, rest = scope.partition(":")
                name, _, actions = rest.rpartition(":")
                if kind == "repository" and not name.startswith("private/") and "pull" in actions.split(","):
                    access.append({"type": "repository", "name": name, "actions": ["pull"]})
            now = int(time.time())
            claims = {
                "iss": ISSUER, "sub": "", "aud": query.get("service", [""])[0], "exp": now + 300,
                "nbf": now - 10, "iat": now, "jti": uuid.uuid4().hex, "access": access,
            }
            token = jwt.encode(claims, key, algorithm="ES256", headers={"x5c": [x5c]})
            body = json.dumps({"token": token, "access_token": token, "expires_in": 300}).encode()
            self.send_response(200 if url.path == "/token" else 404)
            self.send_header("Content-Type", "application/json")
            self.send_header("Access-Control-Allow-Origin", "*")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler).serve_forever()


main()
