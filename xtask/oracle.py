"""Records what wasmtime (the oracle) answers for each guest program in tests/guests/cases.json.

Usage: oracle.py CASES_JSON WASM_DIR OUT_DIR
Each case runs with its args (argv[0] = NAME.wasm), only its env, its stdin, and an empty
directory preopened as each of its `preopens` (default: /sandbox). The expectation file keeps the inputs too, so the browser
test reads one file per case.
"""
import json
import os
import sys
import tempfile

import wasmtime


def run_case(case, wasm_dir):
    name = case["name"]
    engine = wasmtime.Engine()
    linker = wasmtime.Linker(engine)
    linker.define_wasi()
    store = wasmtime.Store(engine)
    cfg = wasmtime.WasiConfig()
    with tempfile.TemporaryDirectory() as td:
        out, err, inp = (os.path.join(td, n) for n in ("out", "err", "in"))
        preopens = case.get("preopens", ["/sandbox"])
        with open(inp, "wb") as f:
            f.write(case.get("stdin", "").encode())
        cfg.argv = [f"{name}.wasm", *case.get("args", [])]
        cfg.env = sorted(case.get("env", {}).items())
        cfg.stdin_file = inp
        cfg.stdout_file, cfg.stderr_file = out, err
        for k, guest in enumerate(preopens):
            host = os.path.join(td, f"preopen{k}")
            os.mkdir(host)
            cfg.preopen_dir(host, guest)
        store.set_wasi(cfg)
        module = wasmtime.Module.from_file(engine, os.path.join(wasm_dir, f"{name}.wasm"))
        instance = linker.instantiate(store, module)
        exit_code, trapped = 0, False
        try:
            instance.exports(store)["_start"](store)
        except wasmtime.ExitTrap as e:
            exit_code = e.code
        except wasmtime.Trap:
            exit_code, trapped = None, True
        with open(out, "rb") as f:
            stdout = f.read().decode()
        with open(err, "rb") as f:
            stderr = f.read().decode()
    return {
        "name": name,
        "args": case.get("args", []),
        "env": case.get("env", {}),
        "stdin": case.get("stdin", ""),
        "preopens": preopens,
        "exit": exit_code,
        "trap": trapped,
        "stdout": stdout,
        "stderr": stderr,
    }


def main():
    cases_path, wasm_dir, out_dir = sys.argv[1:4]
    with open(cases_path) as f:
        cases = json.load(f)
    os.makedirs(out_dir, exist_ok=True)
    for case in cases:
        result = run_case(case, wasm_dir)
        with open(os.path.join(out_dir, f"{case['name']}.json"), "w") as f:
            json.dump(result, f, indent=1, ensure_ascii=False)
            f.write("\n")
        print(f"{case['name']}: exit={result['exit']} trap={result['trap']} stdout={len(result['stdout'])}B")


main()
