//! What the seat map's main module carries that no page of it can use, taken out after
//! wasm-bindgen and before wasm-opt (which then drops everything only they reached):
//!
//! - **A panic's message.** A release build has no panic hook (the phone crate's `main.rs`), and
//!   std's default hook writes to a standard error that wasm32-unknown-unknown does not have, so
//!   the message a panic formats is never seen: the panic ends in a trap either way. The entry
//!   points that format it (`core::panicking::panic_fmt`, std's `begin_panic`) trap at once
//!   instead, as the nightly compiler's `-Cpanic=immediate-abort` makes them. What is left is the
//!   same trap, without std's hook machinery and the message formatting only it called.
//! - **wasm-streams' exported classes.** Leptos's server functions (which this app does not use:
//!   it talks to its own API) bring wasm-streams, whose `#[wasm_bindgen]` classes are exports, so
//!   everything they reach stays in every build. Their JavaScript classes stay in the glue, never
//!   constructed (nothing in the wasm hands one to JavaScript).
//!
//! The functions are found by the names the name section gives them (the module keeps it until
//! wasm-opt). A name not found is a toolchain that changed them: the bytes come back, which
//! `cargo xtask bench --sizes-only` shows, and nothing breaks.

use crate::shell::Result;
use std::collections::HashSet;
use std::path::Path;
use wasm_encoder::reencode::{self, Reencode};
use wasmparser::{KnownCustom, Name, Parser, Payload, TypeRef};

/// The functions that format a panic's message, by the end of their names (the crate's hash in
/// the middle changes with the toolchain).
const PANIC_ENTRIES: [(&str, &str); 2] = [
    ("core", "::panicking::panic_fmt"),
    ("std", "::panicking::begin_panic::<&str>"),
];
/// The exports wasm-bindgen makes for wasm-streams' `IntoUnderlyingSource`, `…ByteSource` and
/// `…Sink` (their methods and their `__wbg_…_free`).
const STREAM_EXPORTS: [&str; 2] = ["intounderlying", "__wbg_intounderlying"];

/// Trims `wasm` in place; says what it found.
pub fn trim(wasm: &Path) -> Result {
    let bytes = std::fs::read(wasm).map_err(|e| format!("{}: {e}", wasm.display()))?;
    let (trapping, names) = panic_entries(&bytes)?;
    if trapping.len() < PANIC_ENTRIES.len() {
        eprintln!(
            "note: {}: {} of the panic entry points found ({names:?}); the rest keep their messages",
            wasm.display(),
            trapping.len()
        );
    }
    let mut module = wasm_encoder::Module::new();
    let mut trimmer = Trimmer {
        trapping,
        next_function: imported_functions(&bytes)?,
        exports_dropped: 0,
    };
    trimmer
        .parse_core_module(&mut module, Parser::new(0), &bytes)
        .map_err(|e| format!("trimming {}: {e}", wasm.display()))?;
    if trimmer.exports_dropped == 0 {
        eprintln!("note: {}: no wasm-streams exports to drop", wasm.display());
    }
    std::fs::write(wasm, module.finish()).map_err(|e| format!("{}: {e}", wasm.display()))
}

struct Trimmer {
    /// Indices (in the function index space, imports first) of the functions that trap.
    trapping: HashSet<u32>,
    /// The index of the next body in the code section.
    next_function: u32,
    exports_dropped: usize,
}

impl Reencode for Trimmer {
    type Error = std::convert::Infallible;

    fn parse_function_body(
        &mut self,
        code: &mut wasm_encoder::CodeSection,
        body: wasmparser::FunctionBody<'_>,
    ) -> std::result::Result<(), reencode::Error<Self::Error>> {
        let index = self.next_function;
        self.next_function += 1;
        if !self.trapping.contains(&index) {
            return reencode::utils::parse_function_body(self, code, body);
        }
        let mut trap = wasm_encoder::Function::new([]);
        trap.instruction(&wasm_encoder::Instruction::Unreachable);
        trap.instruction(&wasm_encoder::Instruction::End);
        code.function(&trap);
        Ok(())
    }

    fn parse_export_section(
        &mut self,
        exports: &mut wasm_encoder::ExportSection,
        section: wasmparser::ExportSectionReader<'_>,
    ) -> std::result::Result<(), reencode::Error<Self::Error>> {
        for export in section {
            let export = export?;
            if STREAM_EXPORTS.iter().any(|p| export.name.starts_with(p)) {
                self.exports_dropped += 1;
            } else {
                self.parse_export(exports, export)?;
            }
        }
        Ok(())
    }
}

/// How many functions the module imports: the code section's bodies are numbered after them.
fn imported_functions(bytes: &[u8]) -> Result<u32> {
    let mut count = 0;
    for payload in Parser::new(0).parse_all(bytes) {
        if let Payload::ImportSection(section) = payload.map_err(|e| e.to_string())? {
            for import in section.into_imports() {
                if matches!(import.map_err(|e| e.to_string())?.ty, TypeRef::Func(_)) {
                    count += 1;
                }
            }
        }
    }
    Ok(count)
}

/// The indices of [`PANIC_ENTRIES`], by the name section, and the names found.
fn panic_entries(bytes: &[u8]) -> Result<(HashSet<u32>, Vec<String>)> {
    let (mut indices, mut names) = (HashSet::new(), Vec::new());
    for payload in Parser::new(0).parse_all(bytes) {
        let Payload::CustomSection(section) = payload.map_err(|e| e.to_string())? else {
            continue;
        };
        let KnownCustom::Name(reader) = section.as_known() else {
            continue;
        };
        for subsection in reader {
            let Name::Function(functions) = subsection.map_err(|e| e.to_string())? else {
                continue;
            };
            for function in functions {
                let function = function.map_err(|e| e.to_string())?;
                let name = function.name;
                if PANIC_ENTRIES
                    .iter()
                    .any(|(krate, end)| is_item_of(name, krate) && name.ends_with(end))
                {
                    indices.insert(function.index);
                    names.push(name.to_owned());
                }
            }
        }
    }
    Ok((indices, names))
}

/// `core[c5930c85a12de822]::…` (v0 mangling) or `core::…` (legacy).
fn is_item_of(name: &str, krate: &str) -> bool {
    name.strip_prefix(krate)
        .is_some_and(|rest| rest.starts_with("::") || rest.starts_with('['))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn panic_entries_are_told_by_crate_and_path_whatever_the_crates_hash() {
        let is_entry = |name: &str| {
            PANIC_ENTRIES
                .iter()
                .any(|(krate, end)| is_item_of(name, krate) && name.ends_with(end))
        };
        assert!(is_entry("core[c5930c85a12de822]::panicking::panic_fmt"));
        assert!(is_entry("core::panicking::panic_fmt"));
        assert!(is_entry("std[a543996e6e7dbf1e]::panicking::begin_panic::<&str>"));
        assert!(!is_entry("core[c5930c85a12de822]::panicking::panic_bounds_check"));
        assert!(!is_entry("corelike::panicking::panic_fmt"));
        assert!(!is_entry(
            "std[a543996e6e7dbf1e]::panicking::begin_panic::<&str>::{closure#0}"
        ));
    }
}
