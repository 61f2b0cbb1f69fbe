"""Pushes the OCI test artifacts to a registry with oras-py (the real client), as users push.

usage: fixtures.py REGISTRY STORAGE HELLO.wasm COREUTILS.wasm WAGI_HELLO.wasm
  REGISTRY  host:port of a docker-registry with no auth (plain HTTP)
  STORAGE   its filesystem storage root (to tamper with one blob afterwards)
Prints JSON {name: {"ref": "repo:tag", "manifest": digest, "blob": digest}} on stdout.

Artifacts, each under its own tag or repository:
  hellowasi:v1      wasm-to-oci's media types (config vnd.wasm.config.v1+json, layer
                    vnd.wasm.content.layer.v1+wasm), as `wasm-to-oci push` writes them
  hellowasi:cncf    the CNCF Wasm OCI artifact (config vnd.wasm.config.v0+json, layer application/wasm)
  hellowasi:index   an OCI image index: a linux/amd64 entry, then the wasip1/wasm one
  hellowasi:docker  a Docker v2 manifest with the wasm layer
  tampered:v1       hellowasi with a custom section; its blob is altered in storage after the push
  notwasm:v1        a wasm media type over a text file
  nolayer:v1        only a text/plain layer
  coreutils:0.12.0  uutils coreutils, about 10 MB (progress)
  private/tool:v1   hellowasi again: the token service gives anonymous users no access to private/
  wagi-hello:v1     examples/wagi's hello handler (WAGI's module = "oci:…")
"""

import hashlib
import json
import os
import sys
import tempfile

import oras.client
import requests

WASM_TO_OCI = ("application/vnd.wasm.config.v1+json", "application/vnd.wasm.content.layer.v1+wasm")
CNCF = ("application/vnd.wasm.config.v0+json", "application/wasm")
OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json"
OCI_INDEX = "application/vnd.oci.image.index.v1+json"
DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json"


def digest_of(data):
    return "sha256:" + hashlib.sha256(data).hexdigest()


def main():
    registry = sys.argv[1]
    storage, hello_path, coreutils_path, wagi_path = map(os.path.abspath, sys.argv[2:6])
    client = oras.client.OrasClient(hostname=registry, insecure=True)
    work = tempfile.TemporaryDirectory(prefix="wasi-web-oci-push-")
    os.chdir(work.name)  # oras-py wants the files it pushes below the working directory
    hello = open(hello_path, "rb").read()
    out = {}

    def write(name, data):
        with open(name, "wb") as f:
            f.write(data)
        return name

    def push(key, target, data, flavour, config=b"{}"):
        config_type, layer_type = flavour
        module = write(f"{key}.wasm", data)
        config_file = write(f"{key}.config.json", config)
        response = client.push(
            target=f"{registry}/{target}",
            files=[f"{module}:{layer_type}"],
            manifest_config=f"{config_file}:{config_type}",
            quiet=True,
        )
        out[key] = {"ref": target, "manifest": response.headers["Docker-Content-Digest"], "blob": digest_of(data)}

    def put_manifest(key, target, manifest, media_type, blob):
        body = json.dumps(manifest).encode()
        repo, tag = target.rsplit(":", 1)
        r = requests.put(f"http://{registry}/v2/{repo}/manifests/{tag}", data=body, headers={"Content-Type": media_type})
        r.raise_for_status()
        out[key] = {"ref": target, "manifest": digest_of(body), "blob": blob}

    push("v1", "hellowasi:v1", hello, WASM_TO_OCI)
    cncf_config = json.dumps({"architecture": "wasm", "os": "wasip1", "layerDigests": [digest_of(hello)]}).encode()
    push("cncf", "hellowasi:cncf", hello, CNCF, cncf_config)
    push("text", "hellowasi:text", b"not for this platform\n", ("application/vnd.oci.image.config.v1+json", "text/plain"))

    def descriptor(key, platform):
        manifest = requests.get(f"http://{registry}/v2/hellowasi/manifests/{key}", headers={"Accept": OCI_MANIFEST}).content
        return {"mediaType": OCI_MANIFEST, "digest": digest_of(manifest), "size": len(manifest), "platform": platform}

    index = {
        "schemaVersion": 2,
        "mediaType": OCI_INDEX,
        "manifests": [
            descriptor("text", {"os": "linux", "architecture": "amd64"}),
            descriptor("cncf", {"os": "wasip1", "architecture": "wasm"}),
        ],
    }
    put_manifest("index", "hellowasi:index", index, OCI_INDEX, digest_of(hello))
    docker = {
        "schemaVersion": 2,
        "mediaType": DOCKER_MANIFEST,
        "config": {"mediaType": WASM_TO_OCI[0], "digest": digest_of(b"{}"), "size": 2},
        "layers": [{"mediaType": WASM_TO_OCI[1], "digest": digest_of(hello), "size": len(hello)}],
    }
    put_manifest("docker", "hellowasi:docker", docker, DOCKER_MANIFEST, digest_of(hello))

    # A custom section makes a module of its own (its own blob) that still runs.
    name = b"wasi-web-tampered"
    tampered = hello + bytes([0, len(name) + 1, len(name)]) + name
    push("tampered", "tampered:v1", tampered, WASM_TO_OCI)
    hexdigest = digest_of(tampered).split(":")[1]
    blob = os.path.join(storage, "docker/registry/v2/blobs/sha256", hexdigest[:2], hexdigest, "data")
    with open(blob, "r+b") as f:  # the same length, one byte changed: only the digest tells
        f.seek(len(tampered) - 1)
        f.write(b"X")

    push("notwasm", "notwasm:v1", b"#!/bin/sh\necho this is a shell script\n", WASM_TO_OCI)
    push("nolayer", "nolayer:v1", b"just text\n", ("application/vnd.oci.image.config.v1+json", "text/plain"))
    push("coreutils", "coreutils:0.12.0", open(coreutils_path, "rb").read(), WASM_TO_OCI)
    push("private", "private/tool:v1", hello, WASM_TO_OCI)
    push("wagi", "wagi-hello:v1", open(wagi_path, "rb").read(), WASM_TO_OCI)
    print(json.dumps(out))


main()
