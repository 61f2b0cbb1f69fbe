//! Generates the browser suite's guest tests (tests/browser.rs) from tests/guests/cases.json:
//! one `guest_<name>` test per case, so the list of cases is written once.

use std::path::Path;

fn main() {
    let cases = Path::new("tests/guests/cases.json");
    println!("cargo:rerun-if-changed={}", cases.display());
    // Absent outside a checkout (a packaged crate has no tests): nothing to generate.
    let names: Vec<String> = std::fs::read_to_string(cases)
        .ok()
        .and_then(|text| serde_json::from_str::<Vec<serde_json::Value>>(&text).ok())
        .unwrap_or_default()
        .iter()
        .filter_map(|case| case["name"].as_str().map(str::to_string))
        .collect();
    let tests: String = names
        .iter()
        .map(|name| {
            format!(
                "#[wasm_bindgen_test]\nasync fn guest_{name}() {{\n    check_against_oracle(guest!(\"{name}\")).await;\n}}\n\n"
            )
        })
        .collect();
    let out =
        Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("guest_cases.rs");
    std::fs::write(out, tests).expect("OUT_DIR is writable");
}
