//! What a module is before we run it: parsed (not validated: the browser validates) with
//! wasmparser, so unrunnable input gets a clear error instead of a confusing link failure.

use imports::{read_imports, ImportKind};
use std::fmt;
use types::{func_types, signature_mismatch};
use wasmparser::{BinaryReader, ExportSectionReader, ExternalKind, MemorySectionReader};

mod imports;
mod types;

pub const PREVIEW1: &str = "wasi_snapshot_preview1";
pub const PREVIEW0: &str = "wasi_unstable";
/// wasi-threads' import: `wasi`.`thread-spawn(start_arg) -> tid`.
pub const THREADS: (&str, &str) = ("wasi", "thread-spawn");

/// Whether the import module `module` has the function `name` in wasi-web (the one list of
/// calls is `wasi::calls`).
pub fn provides(module: &str, name: &str) -> bool {
    let preview0 = match module {
        PREVIEW1 => false,
        PREVIEW0 => true,
        _ => return false,
    };
    crate::wasi::calls::call(name).is_some_and(|call| call.in_module(preview0))
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ModuleKind {
    /// Exports `_start`: runs once, like a process.
    Command,
    /// Exports `_initialize` (or nothing to start): a library-style module.
    Reactor,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ModuleInfo {
    pub kind: ModuleKind,
    /// Import modules of WASI used (`wasi_snapshot_preview1`, `wasi_unstable`).
    pub wasi_versions: Vec<String>,
    /// Imported WASI functions, as `module.name`.
    pub wasi_imports: Vec<String>,
    /// Imports wasi-web cannot satisfy, as `module.name`.
    pub unsupported_imports: Vec<String>,
    /// WASI functions imported with another signature than WASI's: `module.name: (i32) ->
    /// i32, WASI has (i32, i32, i32, i32) -> i32`. Linking would accept them (the imports are
    /// JS functions), so they are refused here, as wasmtime refuses them.
    pub mismatched_imports: Vec<String>,
    /// Exported memory limits in 64 KiB pages, when the module exports one.
    pub memory: Option<MemoryLimits>,
    /// The shared memory the module imports (wasm32-wasip1-threads): every thread runs on it.
    pub shared_memory_import: Option<MemoryImport>,
    /// Imports `wasi`.`thread-spawn`.
    pub spawns_threads: bool,
    pub exports: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MemoryImport {
    pub module: String,
    pub name: String,
    pub limits: MemoryLimits,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MemoryLimits {
    pub initial_pages: u64,
    pub maximum_pages: Option<u64>,
    pub memory64: bool,
    pub shared: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum InspectError {
    NotWasm,
    Component,
    Malformed(String),
}

impl fmt::Display for InspectError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InspectError::NotWasm => write!(f, "not a WebAssembly module (the file does not start with \\0asm)"),
            InspectError::Component => write!(f, "this is a WebAssembly component (WASI 0.2), not a core module; wasi-web runs wasm32-wasip1 modules"),
            InspectError::Malformed(e) => write!(f, "malformed WebAssembly module: {e}"),
        }
    }
}

impl ModuleInfo {
    /// Why this module cannot run here, if it cannot.
    pub fn unrunnable_reason(&self) -> Option<String> {
        if !self.unsupported_imports.is_empty() {
            return Some(format!(
                "the module imports what wasi-web does not provide: {}",
                self.unsupported_imports.join(", ")
            ));
        }
        if !self.mismatched_imports.is_empty() {
            return Some(format!(
                "the module imports WASI functions with the wrong signature: {}",
                self.mismatched_imports.join("; ")
            ));
        }
        if self.spawns_threads && self.shared_memory_import.is_none() {
            return Some("the module imports wasi.thread-spawn but no shared memory; wasi-threads programs (wasm32-wasip1-threads) import the memory all threads share".into());
        }
        if self.memory.is_some_and(|m| m.memory64) {
            return Some("the module's memory is 64-bit (memory64); WASI preview 1 programs use a 32-bit memory (wasm32-wasip1)".into());
        }
        if self.memory.is_none()
            && self.shared_memory_import.is_none()
            && !self.wasi_imports.is_empty()
        {
            return Some(
                "the module does not export its memory as \"memory\", which WASI requires".into(),
            );
        }
        if self.kind == ModuleKind::Reactor
            && !self.exports.iter().any(|e| e == "_initialize")
            && self.wasi_imports.is_empty()
        {
            return Some("not a WASI program: it imports no WASI functions and exports neither _start nor _initialize".into());
        }
        None
    }

    /// Whether the module runs as threads over one shared memory (wasi-threads).
    pub fn needs_threads(&self) -> bool {
        self.shared_memory_import.is_some()
    }
}

/// Section ids this inspection reads (the rest are skipped unparsed).
const TYPE_SECTION: u8 = 1;
const IMPORT_SECTION: u8 = 2;
const MEMORY_SECTION: u8 = 5;
const EXPORT_SECTION: u8 = 7;

pub fn inspect(bytes: &[u8]) -> Result<ModuleInfo, InspectError> {
    if bytes.len() < 8 || &bytes[0..4] != b"\0asm" {
        return Err(InspectError::NotWasm);
    }
    // Bytes 4..8 are the version, then the layer: 1 marks a component.
    if bytes[6..8] != [0, 0] {
        return Err(InspectError::Component);
    }
    let mut wasi_versions = Vec::new();
    let mut wasi_imports = Vec::new();
    let mut unsupported_imports = Vec::new();
    let mut mismatched_imports = Vec::new();
    // Function types by index, as `(params) -> (results)` text.
    let mut types: Vec<Option<String>> = Vec::new();
    let mut exports = Vec::new();
    let mut memories = Vec::new();
    let mut exported_memory_index = None;
    let mut imported_memories: Vec<MemoryImport> = Vec::new();
    let mut spawns_threads = false;
    let malformed =
        |e: wasmparser::BinaryReaderError| InspectError::Malformed(e.message().to_string());

    // A walk over the section headers only: the browser parses and validates the rest.
    let mut module = BinaryReader::new(&bytes[8..], 8);
    while !module.eof() {
        let id = module.read_u8().map_err(malformed)?;
        let size = module.read_var_u32().map_err(malformed)? as usize;
        let offset = module.original_position();
        let body = BinaryReader::new(module.read_bytes(size).map_err(malformed)?, offset);
        match id {
            TYPE_SECTION => types = func_types(body),
            IMPORT_SECTION => {
                for import in read_imports(body).map_err(InspectError::Malformed)? {
                    let full = [import.module, ".", import.name].concat();
                    let is_func = matches!(import.kind, ImportKind::Func(_));
                    if import.module == PREVIEW1 || import.module == PREVIEW0 {
                        if !wasi_versions.iter().any(|v| v == import.module) {
                            wasi_versions.push(import.module.to_string());
                        }
                        if is_func && provides(import.module, import.name) {
                            if let (ImportKind::Func(index), Some(call)) =
                                (&import.kind, crate::wasi::calls::call(import.name))
                            {
                                let declared = types.get(*index as usize).cloned().flatten();
                                if let Some(mismatch) = signature_mismatch(call, declared) {
                                    mismatched_imports.push(format!("{full}: {mismatch}"));
                                }
                            }
                            wasi_imports.push(full);
                            continue;
                        }
                    }
                    if let ImportKind::Memory(m) = import.kind {
                        imported_memories.push(MemoryImport {
                            module: import.module.to_string(),
                            name: import.name.to_string(),
                            limits: limits(&m),
                        });
                        // A shared memory is given to every thread; any other we lack.
                        if m.shared && !m.memory64 && m.maximum.is_some() {
                            continue;
                        }
                    }
                    if let ImportKind::Func(index) = import.kind {
                        if (import.module, import.name) == THREADS
                            && types.get(index as usize).cloned().flatten().as_deref()
                                == Some("(i32) -> (i32)")
                        {
                            spawns_threads = true;
                            continue;
                        }
                    }
                    unsupported_imports.push(full);
                }
            }
            MEMORY_SECTION => {
                for memory in MemorySectionReader::new(body).map_err(malformed)? {
                    memories.push(memory.map_err(malformed)?);
                }
            }
            EXPORT_SECTION => {
                for export in ExportSectionReader::new(body).map_err(malformed)? {
                    let export = export.map_err(malformed)?;
                    if export.kind == ExternalKind::Memory && export.name == "memory" {
                        exported_memory_index = Some(export.index);
                    }
                    exports.push(export.name.to_string());
                }
            }
            _ => {}
        }
    }
    // Memory indices count the imported memories first.
    let memory = exported_memory_index.and_then(|i| {
        let i = i as usize;
        match i.checked_sub(imported_memories.len()) {
            None => imported_memories.get(i).map(|m| m.limits),
            Some(own) => memories.get(own).map(limits),
        }
    });
    let shared_memory_import = imported_memories
        .into_iter()
        .find(|m| m.limits.shared && m.limits.maximum_pages.is_some() && !m.limits.memory64);
    let kind = if exports.iter().any(|e| e == "_start") {
        ModuleKind::Command
    } else {
        ModuleKind::Reactor
    };
    Ok(ModuleInfo {
        kind,
        wasi_versions,
        wasi_imports,
        unsupported_imports,
        mismatched_imports,
        memory,
        shared_memory_import,
        spawns_threads,
        exports,
    })
}

fn limits(m: &wasmparser::MemoryType) -> MemoryLimits {
    MemoryLimits {
        initial_pages: m.initial,
        maximum_pages: m.maximum,
        memory64: m.memory64,
        shared: m.shared,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A hand-assembled command: imports `wasi_snapshot_preview1.proc_exit` (and `extra` when
    /// given), exports memory and `_start`.
    fn command_module(extra_import: Option<(&str, &str)>) -> Vec<u8> {
        let mut m = b"\0asm\x01\0\0\0".to_vec();
        // type section: 0: (i32) -> (), 1: () -> ()
        m.extend_from_slice(&[1, 8, 2, 0x60, 1, 0x7f, 0, 0x60, 0, 0]);
        let mut imports = vec![(PREVIEW1, "proc_exit")];
        if let Some(e) = extra_import {
            imports.push(e);
        }
        let mut sec = vec![imports.len() as u8];
        for (module, name) in &imports {
            sec.push(module.len() as u8);
            sec.extend_from_slice(module.as_bytes());
            sec.push(name.len() as u8);
            sec.extend_from_slice(name.as_bytes());
            sec.extend_from_slice(&[0, 0]); // func of type 0
        }
        m.push(2);
        m.push(sec.len() as u8);
        m.extend_from_slice(&sec);
        m.extend_from_slice(&[3, 2, 1, 1]); // one function of type 1
        m.extend_from_slice(&[5, 3, 1, 0, 1]); // memory min 1
        let exports: &[u8] = &[
            2,
            6,
            b'm',
            b'e',
            b'm',
            b'o',
            b'r',
            b'y',
            2,
            0,
            6,
            b'_',
            b's',
            b't',
            b'a',
            b'r',
            b't',
            0,
            imports.len() as u8,
        ];
        m.push(7);
        m.push(exports.len() as u8);
        m.extend_from_slice(exports);
        m.extend_from_slice(&[10, 4, 1, 2, 0, 0x0b]); // code: empty body
        m
    }

    #[test]
    fn command_is_recognised() {
        let info = inspect(&command_module(None)).unwrap();
        assert_eq!(info.kind, ModuleKind::Command);
        assert_eq!(info.wasi_versions, vec![PREVIEW1]);
        assert_eq!(info.wasi_imports, vec!["wasi_snapshot_preview1.proc_exit"]);
        assert_eq!(info.memory.unwrap().initial_pages, 1);
        assert_eq!(info.unrunnable_reason(), None);
    }

    #[test]
    fn unknown_import_is_named() {
        let info = inspect(&command_module(Some(("env", "js_alert")))).unwrap();
        assert_eq!(info.unsupported_imports, vec!["env.js_alert"]);
        assert!(info.unrunnable_reason().unwrap().contains("env.js_alert"));
        let info = inspect(&command_module(Some((PREVIEW1, "thread_spawn")))).unwrap();
        assert_eq!(
            info.unsupported_imports,
            vec!["wasi_snapshot_preview1.thread_spawn"]
        );
    }

    #[test]
    fn non_wasm_and_garbage_are_clear_errors() {
        assert_eq!(
            inspect(b"hello world, not wasm"),
            Err(InspectError::NotWasm)
        );
        let mut truncated = command_module(None);
        truncated.truncate(20);
        assert!(matches!(
            inspect(&truncated),
            Err(InspectError::Malformed(_))
        ));
        let component = b"\0asm\x0d\0\x01\0";
        assert_eq!(inspect(component), Err(InspectError::Component));
    }

    #[test]
    fn preview0_provides_all_but_sock_accept() {
        assert!(provides(PREVIEW0, "fd_write"));
        assert!(!provides(PREVIEW0, "sock_accept"));
        assert!(provides(PREVIEW1, "sock_accept"));
        assert!(!provides("env", "fd_write"));
    }

    #[test]
    fn a_wasi_import_with_the_wrong_signature_is_refused_naming_both() {
        let wrong = wat::parse_str(
            r#"(module (import "wasi_snapshot_preview1" "fd_write" (func (param i32) (result i32)))
                 (memory (export "memory") 1) (func (export "_start")))"#,
        )
        .unwrap();
        let info = inspect(&wrong).unwrap();
        assert_eq!(
            info.unrunnable_reason().unwrap(),
            "the module imports WASI functions with the wrong signature: wasi_snapshot_preview1.fd_write: the module declares (i32) -> (i32), WASI has (i32, i32, i32, i32) -> (i32)"
        );
        let right = wat::parse_str(
            r#"(module (import "wasi_unstable" "proc_exit" (func (param i32)))
                 (import "wasi_snapshot_preview1" "fd_seek" (func (param i32 i64 i32 i32) (result i32)))
                 (memory (export "memory") 1) (func (export "_start")))"#,
        )
        .unwrap();
        assert_eq!(inspect(&right).unwrap().unrunnable_reason(), None);
    }

    #[test]
    fn a_wasi_threads_module_is_recognised() {
        let threads = wat::parse_str(
            r#"(module (memory (export "memory") (import "foo" "bar") 1 2 shared)
                 (func (import "wasi" "thread-spawn") (param i32) (result i32))
                 (func (export "wasi_thread_start") (param i32 i32))
                 (func (export "_start")))"#,
        )
        .unwrap();
        let info = inspect(&threads).unwrap();
        assert!(info.needs_threads() && info.spawns_threads);
        assert_eq!(info.unrunnable_reason(), None);
        let import = info.shared_memory_import.unwrap();
        assert_eq!(
            (import.module.as_str(), import.name.as_str()),
            ("foo", "bar")
        );
        assert_eq!(info.memory.unwrap().maximum_pages, Some(2));
        // thread-spawn without a shared memory to run threads on is refused, naming why.
        let unshared = wat::parse_str(
            r#"(module (func (import "wasi" "thread-spawn") (param i32) (result i32))
                 (memory (export "memory") 1)
                 (func (export "_start")))"#,
        )
        .unwrap();
        let reason = inspect(&unshared).unwrap().unrunnable_reason().unwrap();
        assert!(reason.contains("no shared memory"), "{reason}");
        // A thread-spawn of another type is not the proposal's.
        let wrong = wat::parse_str(
            r#"(module (memory (export "memory") (import "env" "memory") 1 1 shared)
                 (func (import "wasi" "thread-spawn") (param i64) (result i32))
                 (func (export "_start")))"#,
        )
        .unwrap();
        let info = inspect(&wrong).unwrap();
        assert_eq!(info.unsupported_imports, vec!["wasi.thread-spawn"]);
    }

    #[test]
    fn a_64_bit_memory_is_refused() {
        let m64 = wat::parse_str(
            r#"(module (import "wasi_snapshot_preview1" "proc_exit" (func (param i32)))
                 (memory (export "memory") i64 1) (func (export "_start")))"#,
        )
        .unwrap();
        let reason = inspect(&m64).unwrap().unrunnable_reason().unwrap();
        assert!(reason.contains("memory64"), "{reason}");
    }
}
