//! `cargo xtask size`: what the WebAssembly modules weigh and where the bytes come from.
//!
//! It builds the package, prints what a browser loads for each entry, then reads each shop's
//! module as wasm-bindgen wrote it (before `wasm-opt`, so it still names its functions) and sums
//! the code of the functions by crate.
//! Inlining moves code between functions, and `wasm-opt` shrinks the whole by about a third, so
//! the shares are estimates; comparing two builds gives exact differences.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use crate::{Result, pkg, workspace_root};

/// How many of the largest crates and functions to list.
const TOP: usize = 15;

/// Builds the package and prints its sizes and the breakdown of each shop's module.
pub(crate) fn run() -> Result<()> {
    let root = workspace_root();
    let build = pkg::build(&root)?;
    pkg::print_sizes(&root)?;
    for (shop, named_module) in &build.named_modules {
        print_breakdown(shop, named_module)?;
    }
    Ok(())
}

/// Where the bytes of one module come from: its sections, its code by crate, its largest functions.
fn print_breakdown(shop: &str, named_module: &Path) -> Result<()> {
    let bytes = fs::read(named_module)?;
    let module = Module::parse(&bytes)?;
    println!(
        "\n{shop} module before wasm-opt ({}): {} bytes, of which code {}, data {}, names {}",
        named_module.display(),
        bytes.len(),
        module.code_size,
        module.data_size,
        module.names_size
    );

    let mut by_crate: BTreeMap<String, usize> = BTreeMap::new();
    for function in &module.functions {
        *by_crate.entry(crate_of(&function.name)).or_default() += function.size;
    }
    let mut crates: Vec<(String, usize)> = by_crate.into_iter().collect();
    crates.sort_by_key(|(_, size)| std::cmp::Reverse(*size));
    let code: usize = module.functions.iter().map(|function| function.size).sum();
    println!("\n{shop} code by crate (function bodies, {code} bytes):");
    for (name, size) in crates.iter().take(TOP) {
        println!("{size:>8}  {:>5.1}%  {name}", percent(*size, code));
    }

    let mut functions: Vec<&Function> = module.functions.iter().collect();
    functions.sort_by_key(|function| std::cmp::Reverse(function.size));
    println!("\n{shop} largest functions:");
    for function in functions.iter().take(TOP) {
        let name: String = function.name.chars().take(110).collect();
        println!("{:>8}  {name}", function.size);
    }
    Ok(())
}

fn percent(part: usize, whole: usize) -> f64 {
    // Sizes are far below 2^52, so the conversions are exact.
    #[allow(clippy::cast_precision_loss)]
    let (part, whole) = (part as f64, whole.max(1) as f64);
    100.0 * part / whole
}

/// The crate a function comes from, read from its demangled name: `serde_json::de::…`,
/// `<&mut serde_json::de::Deserializer<R> as …>::…`, `core[c5930c85a12de822]::fmt::…`. The
/// standard library's crates are counted together, as are names without a path (wasm-bindgen's
/// exports and shims).
fn crate_of(name: &str) -> String {
    let mut rest = name.trim_start_matches(['<', '&', '*']);
    for prefix in ["mut ", "const ", "dyn "] {
        rest = rest.trim_start_matches(prefix);
    }
    let ident: String = rest
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    let after = &rest[ident.len()..];
    let name = if after.starts_with("::") || after.starts_with('[') {
        ident
    } else if let Some((_, trait_path)) = after.split_once(" as ") {
        // `<T as serde::Serialize>::…`: a generic type, counted with its trait's crate.
        return crate_of(trait_path);
    } else {
        String::new()
    };
    match name.as_str() {
        "core" | "alloc" | "std" | "__rustc" => "Rust standard library".to_owned(),
        "" => "wasm-bindgen exports and shims".to_owned(),
        _ => name,
    }
}

/// One function of the code section.
struct Function {
    name: String,
    size: usize,
}

/// The parts of a WebAssembly module the size report reads.
struct Module {
    functions: Vec<Function>,
    code_size: usize,
    data_size: usize,
    names_size: usize,
}

impl Module {
    /// Reads the sections of a module (binary format, version 1).
    fn parse(bytes: &[u8]) -> Result<Module> {
        let mut reader = Reader { bytes, at: 8 };
        if bytes.get(..4) != Some(b"\0asm") {
            return Err("not a WebAssembly module".into());
        }
        let mut imported_functions = 0;
        let mut bodies = Vec::new();
        let mut names = BTreeMap::new();
        let mut module = Module {
            functions: Vec::new(),
            code_size: 0,
            data_size: 0,
            names_size: 0,
        };
        while !reader.is_done() {
            let id = reader.byte()?;
            let size = reader.length()?;
            let mut section = Reader {
                bytes: reader.take(size)?,
                at: 0,
            };
            match id {
                0 if section.name()? == "name" => {
                    module.names_size = size;
                    names = function_names(&mut section)?;
                }
                2 => imported_functions = count_function_imports(&mut section)?,
                10 => {
                    module.code_size = size;
                    for _ in 0..section.length()? {
                        let body = section.length()?;
                        section.take(body)?;
                        bodies.push(body);
                    }
                }
                11 => module.data_size = size,
                _ => {}
            }
        }
        module.functions = bodies
            .into_iter()
            .enumerate()
            .map(|(index, size)| Function {
                name: names
                    .remove(&(index + imported_functions))
                    .unwrap_or_else(|| format!("function {index}")),
                size,
            })
            .collect();
        Ok(module)
    }
}

/// The function names subsection (id 1) of the `name` section.
fn function_names(section: &mut Reader<'_>) -> Result<BTreeMap<usize, String>> {
    let mut names = BTreeMap::new();
    while !section.is_done() {
        let id = section.byte()?;
        let size = section.length()?;
        let mut subsection = Reader {
            bytes: section.take(size)?,
            at: 0,
        };
        if id == 1 {
            for _ in 0..subsection.length()? {
                let index = subsection.length()?;
                names.insert(index, subsection.name()?);
            }
        }
    }
    Ok(names)
}

/// Counts the imported functions: they come first in the function index space.
fn count_function_imports(section: &mut Reader<'_>) -> Result<usize> {
    let mut functions = 0;
    for _ in 0..section.length()? {
        section.name()?;
        section.name()?;
        match section.byte()? {
            0 => {
                functions += 1;
                section.length()?;
            }
            1 => {
                section.byte()?;
                limits(section)?;
            }
            2 => limits(section)?,
            3 => {
                section.byte()?;
                section.byte()?;
            }
            4 => {
                section.byte()?;
                section.length()?;
            }
            kind => return Err(format!("unknown import kind {kind}").into()),
        }
    }
    Ok(functions)
}

fn limits(section: &mut Reader<'_>) -> Result<()> {
    let flags = section.byte()?;
    section.length()?;
    if flags & 1 == 1 {
        section.length()?;
    }
    Ok(())
}

/// A cursor over the bytes of a module.
struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn is_done(&self) -> bool {
        self.at >= self.bytes.len()
    }

    fn byte(&mut self) -> Result<u8> {
        let byte = *self.bytes.get(self.at).ok_or("the module ends early")?;
        self.at += 1;
        Ok(byte)
    }

    /// An unsigned LEB128 number (lengths, counts, indices).
    fn length(&mut self) -> Result<usize> {
        let mut value = 0usize;
        for shift in (0..35).step_by(7) {
            let byte = self.byte()?;
            value |= usize::from(byte & 0x7f) << shift;
            if byte & 0x80 == 0 {
                return Ok(value);
            }
        }
        Err("a number in the module is too long".into())
    }

    fn take(&mut self, count: usize) -> Result<&'a [u8]> {
        let end = self.at.checked_add(count).ok_or("the module ends early")?;
        let bytes = self
            .bytes
            .get(self.at..end)
            .ok_or("the module ends early")?;
        self.at = end;
        Ok(bytes)
    }

    fn name(&mut self) -> Result<String> {
        let length = self.length()?;
        Ok(String::from_utf8_lossy(self.take(length)?).into_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::crate_of;

    #[test]
    fn functions_are_counted_with_their_crate() {
        assert_eq!(
            crate_of("customer_rules::open2b::validate::read_update::h7e52"),
            "customer_rules"
        );
        assert_eq!(
            crate_of("<&mut serde_json::de::Deserializer<R> as serde_core::de::Deserializer>::x"),
            "serde_json"
        );
        assert_eq!(
            crate_of("core[c5930c85a12de822]::num::flt2dec::format_shortest"),
            "Rust standard library"
        );
        assert_eq!(
            crate_of("<T as alloc::string::ToString>::to_string::h1"),
            "Rust standard library"
        );
        assert_eq!(crate_of("open2bValidate"), "wasm-bindgen exports and shims");
    }
}
