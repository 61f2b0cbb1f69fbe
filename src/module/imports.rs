//! The import section as inspection needs it: each import's module and name, a function's
//! type index and a memory's limits. Read with wasmparser's `BinaryReader` and `MemoryType`
//! only: its full import reader (`TypeRef`, with every reference and heap type of the GC
//! proposal) is 5.8 KB of the host's wasm, for tables, globals and tags, which wasi-web never
//! provides. Those are skipped exactly, so every import is still named.

use wasmparser::{BinaryReader, BinaryReaderError, MemoryType};

pub struct Import<'a> {
    pub module: &'a str,
    pub name: &'a str,
    pub kind: ImportKind,
}

pub enum ImportKind {
    /// A function, by its type index.
    Func(u32),
    Memory(MemoryType),
    /// A table, global or tag.
    Other,
}

/// Import kinds (the binary format's `importdesc`).
const FUNC: u8 = 0x00;
const TABLE: u8 = 0x01;
const MEMORY: u8 = 0x02;
const GLOBAL: u8 = 0x03;
const TAG: u8 = 0x04;
/// `ref null ht` and `ref ht`: a reference type with a heap type after it; every other
/// value or reference type is one byte.
const REF_NULL: u8 = 0x63;
const REF: u8 = 0x64;
/// Limits flags: a maximum follows; the bounds are 64-bit.
const HAS_MAX: u8 = 0x01;
const BOUNDS_64: u8 = 0x04;

/// The entries of an import section's `body`; an error says what is malformed.
pub fn read_imports(mut body: BinaryReader) -> Result<Vec<Import>, String> {
    let message = |e: BinaryReaderError| e.message().to_string();
    let count = body.read_var_u32().map_err(message)?;
    let mut imports = Vec::new();
    for _ in 0..count {
        let module = body.read_string().map_err(message)?;
        let name = body.read_string().map_err(message)?;
        let kind = match body.read_u8().map_err(message)? {
            kind @ (FUNC | MEMORY | TABLE | GLOBAL | TAG) => {
                read_kind(&mut body, kind).map_err(message)?
            }
            other => return Err(format!("invalid import kind 0x{other:02x}")),
        };
        imports.push(Import { module, name, kind });
    }
    Ok(imports)
}

/// What follows an import's kind byte, read or skipped.
fn read_kind(body: &mut BinaryReader, kind: u8) -> Result<ImportKind, BinaryReaderError> {
    Ok(match kind {
        FUNC => ImportKind::Func(body.read_var_u32()?),
        MEMORY => ImportKind::Memory(body.read()?),
        TABLE => {
            skip_value_type(body)?;
            skip_limits(body)?;
            ImportKind::Other
        }
        GLOBAL => {
            skip_value_type(body)?;
            body.read_u8()?; // mutability (and shared)
            ImportKind::Other
        }
        _ => {
            body.read_u8()?; // a tag's attribute
            body.read_var_u32()?; // and its type index
            ImportKind::Other
        }
    })
}

fn skip_value_type(body: &mut BinaryReader) -> Result<(), BinaryReaderError> {
    if matches!(body.read_u8()?, REF_NULL | REF) {
        body.read_var_s33()?; // the heap type: an abstract type or a type index
    }
    Ok(())
}

fn skip_limits(body: &mut BinaryReader) -> Result<(), BinaryReaderError> {
    let flags = body.read_u8()?;
    let bounds = if flags & HAS_MAX != 0 { 2 } else { 1 };
    for _ in 0..bounds {
        if flags & BOUNDS_64 != 0 {
            body.read_var_u64()?;
        } else {
            body.read_var_u32()?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasmparser::{ImportSectionReader, TypeRef};

    /// The import section's body of a module in text form.
    fn import_section(wat: &str) -> (Vec<u8>, usize, usize) {
        let wasm = wat::parse_str(wat).unwrap();
        for payload in wasmparser::Parser::new(0).parse_all(&wasm) {
            if let wasmparser::Payload::ImportSection(reader) = payload.unwrap() {
                let range = reader.range();
                return (wasm.clone(), range.start as usize, range.end as usize);
            }
        }
        panic!("no import section");
    }

    /// Every kind of import, with the reference and limit encodings that change their length,
    /// read as wasmparser's full reader reads them.
    #[test]
    fn every_import_is_read_as_wasmparser_reads_it() {
        // 70 types before $t, so a reference to it takes a two-byte heap type.
        let fillers = "(type (func))".repeat(70);
        let (wasm, start, end) = import_section(&format!(
            r#"(module
                {fillers}
                (type $t (func (param i32)))
                (import "env" "t1" (table 1 funcref))
                (import "wasi_snapshot_preview1" "proc_exit" (func (type $t)))
                (import "env" "t2" (table i64 5 0x100000000 externref))
                (import "env" "g1" (global (mut i32)))
                (import "env" "t3" (table 2 3 (ref null $t)))
                (import "env" "g2" (global (ref null extern)))
                (import "env" "tag" (tag (param i32)))
                (import "env" "memory" (memory 1 2 shared))
                (import "env" "m64" (memory i64 300000))
                (import "env" "g3" (global (ref $t)))
                (import "wasi" "thread-spawn" (func (param i32) (result i32))))"#
        ));
        let body = BinaryReader::new(&wasm[start..end], start as u64);
        let ours = read_imports(body.clone()).unwrap();
        let theirs: Vec<_> = ImportSectionReader::new(body)
            .unwrap()
            .into_imports()
            .map(|i| i.unwrap())
            .collect();
        assert_eq!(ours.len(), theirs.len());
        assert_eq!(ours.len(), 11);
        for (a, b) in ours.iter().zip(&theirs) {
            assert_eq!((a.module, a.name), (b.module, b.name));
            match (&a.kind, b.ty) {
                (ImportKind::Func(x), TypeRef::Func(y)) => assert_eq!(*x, y),
                (ImportKind::Memory(x), TypeRef::Memory(y)) => assert_eq!(*x, y),
                (ImportKind::Other, TypeRef::Table(_) | TypeRef::Global(_) | TypeRef::Tag(_)) => {}
                _ => panic!("{}.{}: read as another kind", a.module, a.name),
            }
        }
    }

    #[test]
    fn a_truncated_or_unknown_import_is_an_error() {
        let (wasm, start, end) =
            import_section(r#"(module (import "env" "m" (memory 1)) (import "env" "f" (func)))"#);
        let body = &wasm[start..end];
        for cut in 1..body.len() {
            assert!(
                read_imports(BinaryReader::new(&body[..cut], 0)).is_err(),
                "cut at {cut}"
            );
        }
        // The body ends with the last import's kind and its type index.
        let mut unknown = body.to_vec();
        let kind_at = unknown.len() - 2;
        assert_eq!(unknown[kind_at], FUNC);
        unknown[kind_at] = 0x7e;
        let error = read_imports(BinaryReader::new(&unknown, 0)).err().unwrap();
        assert_eq!(error, "invalid import kind 0x7e");
    }
}
