"""Checks wasi-web's list of WASI calls against wasmtime's (the reference ABI).

Usage: abi_check.py CALLS_JSON
CALLS_JSON: [{"module", "name", "params": ["i32"|"i64"], "results": [...], "present": bool}].
For each entry, a module importing just that function with that signature is linked against
wasmtime's WASI: a present call must link (wasmtime has it, with exactly this type), an absent
one (such as a wrong signature) must not. Prints one line per call and `abi: N passed, M failed`; exits 1 on any failure.
"""
import json
import sys

import wasmtime


def links(engine, linker, call):
    params = " ".join(f"(param {p})" for p in call["params"])
    results = " ".join(f"(result {r})" for r in call["results"])
    wat = f'(module (import "{call["module"]}" "{call["name"]}" (func {params} {results})))'
    try:
        linker.instantiate(wasmtime.Store(engine), wasmtime.Module(engine, wat))
        return True, ""
    except wasmtime.WasmtimeError as e:
        return False, str(e).splitlines()[0]


def main():
    calls = json.load(open(sys.argv[1]))
    engine = wasmtime.Engine()
    linker = wasmtime.Linker(engine)
    linker.define_wasi()
    passed = failed = 0
    for call in calls:
        ok, why = links(engine, linker, call)
        good = ok == call["present"]
        want = "links" if call["present"] else "is refused"
        sig = f'({", ".join(call["params"])}) -> ({", ".join(call["results"])})'
        print(f'abi: {call["module"]}.{call["name"]} {sig} {want} in wasmtime ... '
              f'{"ok" if good else "FAILED " + why}')
        passed, failed = passed + good, failed + (not good)
    print(f"abi: {passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
