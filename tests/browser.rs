//! The real host in a real browser: every guest program runs through `wasi_web::web::run` and
//! must print, exit and trap exactly as wasmtime did (expectations in tests/guests/expected/,
//! recorded by `cargo xtask oracle`). Run by `cargo xtask test` in Chromium and in Firefox.
#![cfg(target_arch = "wasm32")]

use js_sys::{Array, Object, Reflect, Uint8Array, JSON};
use wasi_web::web::{run, RunResult};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

macro_rules! guest {
    ($name:literal) => {
        (
            include_bytes!(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/tests/guests/target/wasm32-wasip1/release/",
                $name,
                ".wasm"
            ))
            .as_slice(),
            include_str!(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/tests/guests/expected/",
                $name,
                ".json"
            )),
        )
    };
}

fn set(o: &Object, key: &str, value: impl Into<JsValue>) {
    Reflect::set(o, &key.into(), &value.into()).unwrap();
}

fn get(o: &JsValue, key: &str) -> JsValue {
    Reflect::get(o, &key.into()).unwrap()
}

fn text(bytes: Uint8Array) -> String {
    String::from_utf8(bytes.to_vec()).unwrap()
}

async fn run_bytes(wasm: &[u8], options: &Object) -> RunResult {
    run(Uint8Array::from(wasm).into(), options.into()).await
}

/// Runs one recorded case and compares everything wasmtime reported.
async fn check_against_oracle((wasm, expected): (&[u8], &str)) {
    let expected = JSON::parse(expected).unwrap();
    let name = get(&expected, "name").as_string().unwrap();
    let args = Array::from(&get(&expected, "args"));
    args.unshift(&format!("{name}.wasm").into());
    let options = Object::new();
    set(&options, "args", args);
    set(&options, "env", get(&expected, "env"));
    set(&options, "stdin", get(&expected, "stdin"));
    let dirs = Object::new();
    set(&dirs, "/sandbox", Object::new());
    set(&options, "dirs", dirs);

    let result = run_bytes(wasm, &options).await;
    assert_eq!(result.error(), None, "{name}: failed to start");
    assert_eq!(
        text(result.stdout()),
        get(&expected, "stdout").as_string().unwrap(),
        "{name}: stdout"
    );
    assert_eq!(
        text(result.stderr()),
        get(&expected, "stderr").as_string().unwrap(),
        "{name}: stderr"
    );
    if get(&expected, "trap").as_bool() == Some(true) {
        assert!(
            result.trap().is_some(),
            "{name}: expected a trap, got {}",
            result.status()
        );
    } else {
        let code = get(&expected, "exit").as_f64().map(|c| c as i32);
        assert_eq!(
            result.exit_code(),
            code,
            "{name}: exit status ({})",
            result.status()
        );
    }
}

#[wasm_bindgen_test]
async fn hellowasi_prints_hello_world() {
    let wasm = include_bytes!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/hellowasi/target/wasm32-wasip1/release/hellowasi.wasm"
    ));
    let result = run_bytes(wasm, &Object::new()).await;
    assert_eq!(text(result.stdout()), "Hello, World!\n");
    assert_eq!(result.exit_code(), Some(0));
    assert_eq!(result.status(), "exit 0");
}

#[wasm_bindgen_test]
async fn guest_args_env() {
    check_against_oracle(guest!("args_env")).await;
}

#[wasm_bindgen_test]
async fn guest_stdio() {
    check_against_oracle(guest!("stdio")).await;
}

#[wasm_bindgen_test]
async fn guest_files() {
    check_against_oracle(guest!("files")).await;
}

#[wasm_bindgen_test]
async fn guest_directories() {
    check_against_oracle(guest!("directories")).await;
}

#[wasm_bindgen_test]
async fn guest_links() {
    check_against_oracle(guest!("links")).await;
}

#[wasm_bindgen_test]
async fn guest_timestamps() {
    check_against_oracle(guest!("timestamps")).await;
}

#[wasm_bindgen_test]
async fn guest_seek() {
    check_against_oracle(guest!("seek")).await;
}

#[wasm_bindgen_test]
async fn guest_readdir() {
    check_against_oracle(guest!("readdir")).await;
}

#[wasm_bindgen_test]
async fn guest_sleep() {
    check_against_oracle(guest!("sleep")).await;
}

#[wasm_bindgen_test]
async fn guest_exit_code() {
    check_against_oracle(guest!("exit_code")).await;
}

#[wasm_bindgen_test]
async fn guest_trap() {
    check_against_oracle(guest!("trap")).await;
}

#[wasm_bindgen_test]
async fn guest_reverse() {
    check_against_oracle(guest!("reverse")).await;
}

#[wasm_bindgen_test]
async fn output_streams_to_callbacks_and_files_come_back() {
    let (wasm, _) = guest!("files");
    let chunks = Array::new();
    let collect = wasm_bindgen::closure::Closure::<dyn FnMut(Uint8Array)>::new({
        let chunks = chunks.clone();
        move |c: Uint8Array| {
            chunks.push(&c);
        }
    });
    let options = Object::new();
    set(&options, "stdout", collect.as_ref().clone());
    let data = Object::new();
    set(&data, "seed.txt", "seeded");
    set(&options, "dirs", {
        let d = Object::new();
        set(&d, "/sandbox", data);
        d
    });
    let result = run_bytes(wasm, &options).await;
    assert_eq!(result.exit_code(), Some(0));
    let streamed: Vec<u8> = chunks
        .iter()
        .flat_map(|c| Uint8Array::from(c).to_vec())
        .collect();
    assert_eq!(streamed, result.stdout().to_vec());
    assert_eq!(
        result.read_file("/sandbox/seed.txt").unwrap().to_vec(),
        b"seeded"
    );
    assert_eq!(
        result.read_file("/sandbox/big.bin").unwrap().length(),
        300_000
    );
    assert!(
        result.read_file("/sandbox/a.txt").is_none(),
        "the guest removed a.txt"
    );
    let tree = result.files(None);
    assert!(get(&get(&tree, "/sandbox"), "big.bin").is_instance_of::<Uint8Array>());
}

#[wasm_bindgen_test]
async fn unrunnable_input_gets_a_clear_error() {
    let result = run_bytes(b"#!/bin/sh\necho not wasm\n", &Object::new()).await;
    assert_eq!(result.exit_code(), None);
    assert!(
        result.error().unwrap().contains("not a WebAssembly module"),
        "{}",
        result.status()
    );

    // A module importing env.js_alert: the error names the import.
    let mut m = b"\0asm\x01\0\0\0".to_vec();
    m.extend_from_slice(&[1, 4, 1, 0x60, 0, 0]);
    m.extend_from_slice(&[
        2, 16, 1, 3, b'e', b'n', b'v', 8, b'j', b's', b'_', b'a', b'l', b'e', b'r', b't', 0, 0,
    ]);
    let result = run_bytes(&m, &Object::new()).await;
    assert!(
        result.error().unwrap().contains("env.js_alert"),
        "{}",
        result.status()
    );

    // Valid header, broken body.
    let result = run_bytes(b"\0asm\x01\0\0\0\x01\xff", &Object::new()).await;
    assert!(
        result.error().unwrap().starts_with("malformed"),
        "{}",
        result.status()
    );
}

#[wasm_bindgen_test]
async fn bad_options_get_a_clear_error_and_no_run() {
    let (hello, _) = guest!("args_env");
    let cases: [(&str, JsValue, &str); 5] = [
        (
            "args",
            Array::of1(&"a\0b".into()).into(),
            "must not contain NUL",
        ),
        (
            "args",
            JsValue::from(7),
            "options: `args` must be an array of strings",
        ),
        (
            "env",
            Array::of1(&"NOEQUALS".into()).into(),
            "not KEY=VALUE",
        ),
        (
            "blocking",
            "sideways".into(),
            "unknown blocking mode `sideways`",
        ),
        (
            "stdin",
            JsValue::from(true),
            "expected a string, Uint8Array",
        ),
    ];
    for (key, value, expected) in cases {
        let options = Object::new();
        set(&options, key, value);
        let result = run_bytes(hello, &options).await;
        assert_eq!(result.exit_code(), None, "{key}: the program must not run");
        let error = result.error().unwrap_or_default();
        assert!(error.contains(expected), "{key}: got {error:?}");
    }
}

#[wasm_bindgen_test]
async fn fd_write_gathers_iovecs_and_faults_outside_memory() {
    // Not an oracle case: wasmtime traps where wasi-web answers EFAULT.
    let gather = include_bytes!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/guests/target/wasm32-wasip1/release/gather.wasm"
    ));
    let result = run_bytes(gather, &Object::new()).await;
    assert_eq!(result.exit_code(), Some(0), "{}", result.status());
    let stdout = result.stdout().to_vec();
    let mut expected = b"abcd\n".to_vec();
    expected.extend(std::iter::repeat_n(b'x', 200_000));
    assert!(stdout == expected, "stdout: {} bytes", stdout.len());
    assert_eq!(
        text(result.stderr()),
        "parts wrote 5\nbig wrote 200000\noutside errno 21\nlist errno 21\n"
    );
}
