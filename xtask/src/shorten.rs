//! Short import names for the host. wasm-bindgen names every import of the glue
//! `./wasi_web_bg.js`.`__wbg_<name>_<16 hex digits>`; about 70 of those cost 2.5 KB gzip
//! across the wasm and the glue (measured: 59.0 → 56.5 KB) and mean nothing to a page. They
//! become `w`.`a`, `w`.`b`, ... in both files, before the glue is bundled.

use crate::cmd::Result;
use std::path::Path;
use wasm_encoder::Encode;
use wasmparser::{BinaryReader, TypeRef};

/// The module the glue's own imports come from, as wasm-bindgen names it.
const GLUE_MODULE: &str = "./wasi_web_bg.js";
const SHORT_MODULE: &str = "w";
const IMPORT_SECTION: u8 = 2;

pub fn shorten_imports(wasm_path: &Path, glue_path: &Path) -> Result {
    let wasm = std::fs::read(wasm_path).map_err(|e| e.to_string())?;
    let mut glue = std::fs::read_to_string(glue_path).map_err(|e| e.to_string())?;
    let (shortened, renamed) = rename_imports(&wasm).map_err(|e| format!("shorten: {e}"))?;
    replace_once(
        &mut glue,
        &format!("\"{GLUE_MODULE}\":"),
        &format!("\"{SHORT_MODULE}\":"),
    )?;
    for (long, short) in &renamed {
        replace_once(&mut glue, &format!("{long}:"), &format!("{short}:"))?;
    }
    std::fs::write(wasm_path, shortened).map_err(|e| e.to_string())?;
    std::fs::write(glue_path, glue).map_err(|e| e.to_string())
}

/// The glue's text with `from` (which must occur exactly once: anything else means
/// wasm-bindgen's output changed shape) replaced.
fn replace_once(glue: &mut String, from: &str, to: &str) -> Result {
    match glue.matches(from).count() {
        1 => {
            *glue = glue.replacen(from, to, 1);
            Ok(())
        }
        n => Err(format!(
            "shorten: `{from}` occurs {n} times in the glue, not once"
        )),
    }
}

/// Each renamed import: `(old name, new name)`.
type Renamed = Vec<(String, String)>;

/// The module with the glue's imports renamed, and what was renamed.
fn rename_imports(
    wasm: &[u8],
) -> std::result::Result<(Vec<u8>, Renamed), wasmparser::BinaryReaderError> {
    let mut out = wasm[..8].to_vec();
    let mut renamed = Vec::new();
    let mut module = BinaryReader::new(&wasm[8..], 8);
    while !module.eof() {
        let start = module.original_position() as usize;
        let id = module.read_u8()?;
        let size = module.read_var_u32()? as usize;
        let body_at = module.original_position() as usize;
        let body = module.read_bytes(size)?;
        if id != IMPORT_SECTION {
            out.extend_from_slice(&wasm[start..body_at + size]);
            continue;
        }
        let mut imports = BinaryReader::new(body, body_at as _);
        let count = imports.read_var_u32()?;
        let mut section = Vec::new();
        count.encode(&mut section);
        for _ in 0..count {
            let from = imports.read_string()?;
            let name = imports.read_string()?;
            let desc_at = imports.original_position() as usize;
            imports.read::<TypeRef>()?;
            let desc = &wasm[desc_at..imports.original_position() as usize];
            if from == GLUE_MODULE {
                let short = short_name(renamed.len());
                SHORT_MODULE.encode(&mut section);
                short.encode(&mut section);
                renamed.push((name.to_string(), short));
            } else {
                from.encode(&mut section);
                name.encode(&mut section);
            }
            section.extend_from_slice(desc);
        }
        out.push(IMPORT_SECTION);
        section.len().encode(&mut out);
        out.extend_from_slice(&section);
    }
    Ok((out, renamed))
}

/// `a` … `z`, `aa`, `ab`, …: the `n`th short name.
fn short_name(mut n: usize) -> String {
    let mut name = Vec::new();
    loop {
        name.push(b'a' + (n % 26) as u8);
        n /= 26;
        if n == 0 {
            break;
        }
        n -= 1;
    }
    name.reverse();
    String::from_utf8(name).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_names_are_distinct_letters() {
        let names: Vec<String> = (0..26 * 27 + 1).map(short_name).collect();
        assert_eq!(names[0], "a");
        assert_eq!(names[25], "z");
        assert_eq!(names[26], "aa");
        assert_eq!(names[26 + 26 * 26], "aaa");
        let unique: std::collections::HashSet<_> = names.iter().collect();
        assert_eq!(unique.len(), names.len());
    }

    #[test]
    fn only_the_glue_imports_are_renamed_and_the_module_still_parses() {
        let wasm = wat::parse_str(
            r#"(module
                (import "./wasi_web_bg.js" "__wbg_args_0123456789abcdef" (func (param i32)))
                (import "./snippets/x/start.js" "drive" (func (result i32)))
                (import "./wasi_web_bg.js" "__wbg_env_fedcba9876543210" (memory 1))
                (func (export "f") (result i32) call 1))"#,
        )
        .unwrap();
        let (out, renamed) = rename_imports(&wasm).unwrap();
        assert_eq!(
            renamed,
            [
                ("__wbg_args_0123456789abcdef".to_string(), "a".to_string()),
                ("__wbg_env_fedcba9876543210".to_string(), "b".to_string())
            ]
        );
        let text = import_names(&out);
        assert_eq!(
            text,
            ["w.a", "./snippets/x/start.js.drive", "w.b"].map(String::from)
        );
    }

    /// `module.name` of each import, read back with wasmparser (which also checks the rest).
    fn import_names(wasm: &[u8]) -> Vec<String> {
        let mut names = Vec::new();
        for payload in wasmparser::Parser::new(0).parse_all(wasm) {
            if let wasmparser::Payload::ImportSection(reader) = payload.unwrap() {
                for import in reader.into_imports() {
                    let import = import.unwrap();
                    names.push(format!("{}.{}", import.module, import.name));
                }
            }
        }
        names
    }
}
