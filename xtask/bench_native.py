"""Native baseline for `cargo xtask bench`: runs each workload of PLAN_JSON under wasmtime-py.

Usage: bench_native.py PLAN_JSON WASM_ROOT RUNS
Prints one JSON object per line: {workload, run, runMs, exitCode, stdoutTail}. runMs covers instantiate
plus _start (compilation is done once before, as a browser caches its compiled module).
"""
import json
import os
import sys
import tempfile
import time

import wasmtime


def main():
    plan = json.load(open(sys.argv[1]))
    root = sys.argv[2]
    runs = int(sys.argv[3])
    engine = wasmtime.Engine()
    modules = {}
    for run in range(runs):
        for w in plan["workloads"]:
            if w.get("visit"):
                continue  # a download and the browser's caches: nothing native to compare
            path = os.path.join(root, w["wasm"].lstrip("/"))
            if path not in modules:
                modules[path] = wasmtime.Module.from_file(engine, path)
            with tempfile.TemporaryDirectory() as td:
                cfg = wasmtime.WasiConfig()
                cfg.argv = w["args"]
                cfg.env = list(w["env"].items())
                cfg_out = os.path.join(td, "out")
                cfg.stdout_file = cfg_out
                os.mkdir(os.path.join(td, "tmp"))
                cfg.preopen_dir(os.path.join(td, "tmp"), "/tmp")
                store = wasmtime.Store(engine)
                store.set_wasi(cfg)
                linker = wasmtime.Linker(engine)
                linker.define_wasi()
                t0 = time.perf_counter()
                instance = linker.instantiate(store, modules[path])
                code = 0
                try:
                    instance.exports(store)["_start"](store)
                except wasmtime.ExitTrap as e:
                    code = e.code
                ms = (time.perf_counter() - t0) * 1000
                with open(cfg_out, "rb") as f:
                    f.seek(max(0, os.path.getsize(cfg_out) - 2000))
                    tail = f.read().decode("utf-8", "replace")
            line = {"workload": w["name"], "run": run, "runMs": ms, "exitCode": code, "stdoutTail": tail}
            print(json.dumps(line), flush=True)


main()
