//! `cargo xtask size`: what the WebAssembly modules weigh and where the bytes come from.
//!
//! It builds the package, prints what a browser loads for each entry, then reads each shop's
//! module as wasm-bindgen wrote it (before `wasm-opt`, so it still names its functions) and sums
//! the code of the functions by crate. The data is weighed from a second build of each module,
//! linked with `--emit-relocs` in its own target directory (`size-symbols`, so that the package's
//! build is not redone): the linker then keeps its symbol table, which names each static, table
//! and string with its place in the data segments, and the relocations, which tell the functions
//! and data that refer to each. Rust's constants and strings have no names of their own
//! (`.Lanon.…`): they are counted with the crate of the functions that use them, which after
//! inlining may be another crate's, so these shares are estimates too.
//! Inlining moves code between functions, and `wasm-opt` shrinks the whole by about a third, so
//! the shares are estimates; comparing two builds gives exact differences.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use crate::run::{command, status};
use crate::{Result, pkg, workspace_root};

/// How many of the largest crates, functions and data items to list.
const TOP: usize = 15;

/// Builds the package and prints its sizes and the breakdown of each shop's module.
pub(crate) fn run() -> Result<()> {
    let root = workspace_root();
    let build = pkg::build(&root)?;
    pkg::print_sizes(&root)?;
    for (shop, named_module) in &build.named_modules {
        let named = print_breakdown(shop, named_module)?;
        let symbols_module = build_with_symbols(&root, shop)?;
        print_data_breakdown(shop, &symbols_module, &named)?;
    }
    Ok(())
}

/// Builds a shop's module again with the linker's symbol table and relocations kept, in a target
/// directory of its own, and returns a copy of it. Only the linking differs, so the extra flag is
/// given to the module's crate alone (`cargo rustc`) and the other crates are built as for the
/// package.
fn build_with_symbols(root: &Path, shop: &str) -> Result<PathBuf> {
    let target = pkg::target_dir(root)?.join("size-symbols");
    let mut cargo = command(
        root,
        env!("CARGO"),
        &[
            "rustc",
            "--lib",
            "--package",
            pkg::CRATE,
            "--target",
            pkg::WASM_TARGET,
            "--profile",
            pkg::PROFILE,
            "--no-default-features",
            "--features",
            shop,
            "--",
            "-C",
            "link-arg=--emit-relocs",
        ],
    );
    cargo.env("CARGO_TARGET_DIR", &target);
    status(cargo)?;
    let built = target
        .join(pkg::WASM_TARGET)
        .join(pkg::PROFILE)
        .join(format!("{}.wasm", pkg::CRATE.replace('-', "_")));
    let kept = target.join(format!("customer_rules_{shop}_symbols.wasm"));
    fs::copy(built, &kept)?;
    Ok(kept)
}

/// Where the bytes of one module come from: its sections, its code by crate, its largest functions.
/// Returns the module.
fn print_breakdown(shop: &str, named_module: &Path) -> Result<Module> {
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
    Ok(module)
}

/// Where the data bytes of one module come from, read from its build with the linker's symbol
/// table: the data by crate and the largest data items. That build also stores the zero-initialised
/// statics (`.bss`), which the package's module leaves to the zeroed memory: they are weighed
/// apart.
fn print_data_breakdown(shop: &str, symbols_module: &Path, named: &Module) -> Result<()> {
    let module = Module::parse(&fs::read(symbols_module)?)?;
    if module.data_symbols.is_empty() {
        return Err(format!("{} has no symbol table", symbols_module.display()).into());
    }
    let shipped: Vec<bool> = module
        .segments
        .iter()
        .map(|segment| {
            named.segments.iter().any(|kept| {
                kept.address == segment.address && kept.bytes.len() == segment.bytes.len()
            })
        })
        .collect();
    let zeroed_only = module
        .segments
        .iter()
        .zip(&shipped)
        .all(|(segment, shipped)| *shipped || segment.bytes.iter().all(|&byte| byte == 0));
    if !zeroed_only {
        return Err(format!(
            "{} has data segments that the module before wasm-opt lacks",
            symbols_module.display()
        )
        .into());
    }
    let (items, zeroed): (Vec<DataItem>, Vec<DataItem>) = data_items(&module)?
        .into_iter()
        .partition(|item| shipped[item.segment]);
    let stored: usize = module
        .segments
        .iter()
        .zip(&shipped)
        .filter(|(_, shipped)| **shipped)
        .map(|(segment, _)| segment.bytes.len())
        .sum();
    if stored != named.stored_data() {
        return Err(format!(
            "the data segments of {} differ from those of the module before wasm-opt",
            symbols_module.display()
        )
        .into());
    }
    let covered: usize = items.iter().map(|item| item.size).sum();
    let zeroed_size: usize = zeroed.iter().map(|item| item.size).sum();
    let between = match unnamed_bytes_not_zero(&module, &items) {
        0 => "all zero: alignment".to_owned(),
        not_zero => format!("{not_zero} of them not zero"),
    };
    println!(
        "\n{shop} data by crate (data symbols of {}: {covered} of the {stored} bytes of the \
         data segments; {} bytes between symbols, {between}; not counted: {zeroed_size} bytes \
         of zero-initialised statics, not stored in the package's module):",
        symbols_module.display(),
        stored - covered
    );
    let mut by_crate: BTreeMap<&str, usize> = BTreeMap::new();
    for item in &items {
        let owner = item.owner.as_deref().unwrap_or("referred to by nothing");
        *by_crate.entry(owner).or_default() += item.size;
    }
    let mut crates: Vec<(&str, usize)> = by_crate.into_iter().collect();
    crates.sort_by_key(|(_, size)| std::cmp::Reverse(*size));
    for (name, size) in crates.iter().take(TOP) {
        println!("{size:>8}  {:>5.1}%  {name}", percent(*size, covered));
    }

    let mut largest: Vec<&DataItem> = items.iter().collect();
    largest.sort_by_key(|item| std::cmp::Reverse(item.size));
    println!(
        "\n{shop} largest data items (a static by its name; a constant by the function or static \
         that refers to it, directly or through other data, and its first bytes):"
    );
    for item in largest.iter().take(TOP) {
        let name: String = item.label.chars().take(140).collect();
        println!("{:>8}  {name}", item.size);
    }
    Ok(())
}

/// How many bytes of the segments that hold `items` are in none of them and not zero: zero bytes
/// between symbols are alignment, others would be data the symbol table does not name.
fn unnamed_bytes_not_zero(module: &Module, items: &[DataItem]) -> usize {
    let mut named: Vec<Vec<bool>> = module
        .segments
        .iter()
        .map(|segment| vec![false; segment.bytes.len()])
        .collect();
    for item in items {
        named[item.segment][item.offset..item.offset + item.size].fill(true);
    }
    let segments: BTreeSet<usize> = items.iter().map(|item| item.segment).collect();
    segments
        .into_iter()
        .map(|segment| {
            module.segments[segment]
                .bytes
                .iter()
                .zip(&named[segment])
                .filter(|&(&byte, &named)| !named && byte != 0)
                .count()
        })
        .sum()
}

/// One data symbol with bytes in a data segment: what the report calls it and the crate it is
/// counted with (`None` when no function or counted data refers to it).
struct DataItem {
    label: String,
    owner: Option<String>,
    segment: usize,
    offset: usize,
    size: usize,
}

/// The data symbols of a module linked with `--emit-relocs`, each byte counted once (a symbol
/// inside another, such as a field of a static, is counted with it). A named symbol is counted
/// with its crate; an anonymous one (`.Lanon.…`, Rust's constants and strings) with the crate of
/// most of the functions that refer to it, or else with the data that refers to it.
fn data_items(module: &Module) -> Result<Vec<DataItem>> {
    let mut symbols: Vec<(usize, &DataSymbol)> = module
        .data_symbols
        .iter()
        .enumerate()
        .filter_map(|(index, symbol)| Some((index, symbol.as_ref()?)))
        .filter(|(_, symbol)| symbol.size > 0)
        .collect();
    symbols.sort_by_key(|(_, symbol)| {
        (
            symbol.segment,
            symbol.offset,
            std::cmp::Reverse(symbol.size),
        )
    });
    // Each item's symbol and place; the symbol index of every data symbol maps to its item.
    let mut kept: Vec<&DataSymbol> = Vec::new();
    let mut item_of_symbol: BTreeMap<usize, usize> = BTreeMap::new();
    for (index, symbol) in symbols {
        let bytes = module
            .segments
            .get(symbol.segment)
            .map_or(0, |segment| segment.bytes.len());
        if symbol.offset + symbol.size > bytes {
            return Err(format!(
                "data symbol {} lies outside its segment's {bytes} bytes",
                symbol.name
            )
            .into());
        }
        match kept.last() {
            Some(last)
                if last.segment == symbol.segment
                    && symbol.offset + symbol.size <= last.offset + last.size =>
            {
                item_of_symbol.insert(index, kept.len() - 1);
            }
            Some(last)
                if last.segment == symbol.segment && symbol.offset < last.offset + last.size =>
            {
                return Err(
                    format!("data symbols {} and {} overlap", last.name, symbol.name).into(),
                );
            }
            _ => {
                item_of_symbol.insert(index, kept.len());
                kept.push(symbol);
            }
        }
    }
    let item_at = |segment: usize, offset: usize| -> Option<usize> {
        let after = kept.partition_point(|item| (item.segment, item.offset) <= (segment, offset));
        let item = kept.get(after.checked_sub(1)?)?;
        (item.segment == segment && offset < item.offset + item.size).then_some(after - 1)
    };

    let mut used_by_functions: Vec<Vec<usize>> = vec![Vec::new(); kept.len()];
    let mut used_by_data: Vec<Vec<usize>> = vec![Vec::new(); kept.len()];
    for relocations in &module.relocations {
        for &(offset, symbol) in &relocations.entries {
            let Some(&target) = item_of_symbol.get(&symbol) else {
                continue;
            };
            if Some(relocations.section) == module.code_section {
                let after = module
                    .function_starts
                    .partition_point(|&start| start <= offset);
                if let Some(function) = after.checked_sub(1) {
                    used_by_functions[target].push(function);
                }
            } else if Some(relocations.section) == module.data_section {
                let segment = module
                    .segments
                    .partition_point(|segment| segment.start <= offset)
                    .checked_sub(1);
                let referrer = segment
                    .and_then(|segment| item_at(segment, offset - module.segments[segment].start));
                if let Some(referrer) = referrer {
                    used_by_data[target].push(referrer);
                }
            }
        }
    }

    // The alternate form leaves out the hash of legacy names; anonymous names stay as they are.
    let names: Vec<String> = kept
        .iter()
        .map(|symbol| format!("{:#}", rustc_demangle::demangle(&symbol.name)))
        .collect();
    let is_anonymous = |item: usize| names[item].starts_with(".L");
    // Each item's crate, and the function or named data that uses it (itself when named).
    let mut owners: Vec<Option<Owner>> = (0..kept.len())
        .map(|item| {
            if !is_anonymous(item) {
                return Some(Owner {
                    crate_name: crate_of(&names[item]),
                    user: names[item].clone(),
                    through_data: false,
                });
            }
            let functions = &used_by_functions[item];
            let crate_name = most_common(
                functions
                    .iter()
                    .map(|&function| crate_of(&module.functions[function].name)),
            )?;
            Some(Owner {
                crate_name,
                user: without_hash(&module.functions[functions[0]].name).to_owned(),
                through_data: false,
            })
        })
        .collect();
    // Data referred to only by other data (the strings of a table, the parts of a vtable) goes
    // with the data that refers to it; each round settles at least one more level.
    loop {
        let mut settled = false;
        for item in 0..kept.len() {
            if owners[item].is_some() {
                continue;
            }
            let referrers: Vec<(usize, &Owner)> = used_by_data[item]
                .iter()
                .filter_map(|&referrer| Some((referrer, owners[referrer].as_ref()?)))
                .collect();
            let crate_name =
                most_common(referrers.iter().map(|(_, owner)| owner.crate_name.clone()));
            if let (Some(crate_name), Some(&(referrer, owner))) = (crate_name, referrers.first()) {
                owners[item] = Some(Owner {
                    crate_name,
                    user: owner.user.clone(),
                    through_data: is_anonymous(referrer),
                });
                settled = true;
            }
        }
        if !settled {
            break;
        }
    }

    Ok(kept
        .iter()
        .enumerate()
        .map(|(item, symbol)| {
            let owner = owners[item].take();
            let label = if is_anonymous(item) {
                let segment = &module.segments[symbol.segment];
                let preview = preview(&segment.bytes[symbol.offset..symbol.offset + symbol.size]);
                match &owner {
                    Some(Owner {
                        user,
                        through_data: false,
                        ..
                    }) => format!("{user} → {preview}"),
                    Some(Owner { user, .. }) => format!("{user} → … → {preview}"),
                    None => preview,
                }
            } else {
                names[item].clone()
            };
            DataItem {
                label,
                owner: owner.map(|owner| owner.crate_name),
                segment: symbol.segment,
                offset: symbol.offset,
                size: symbol.size,
            }
        })
        .collect())
}

/// The crate a data item is counted with, and the function or named data through which: the one
/// that refers to it, or (`through_data`) one that refers to anonymous data that refers to it.
struct Owner {
    crate_name: String,
    user: String,
    through_data: bool,
}

/// A demangled name without the hash that ends legacy names (`…::read_update::h7e52…`).
fn without_hash(name: &str) -> &str {
    match name.rsplit_once("::h") {
        Some((path, hash)) if hash.len() == 16 && hash.bytes().all(|b| b.is_ascii_hexdigit()) => {
            path
        }
        _ => name,
    }
}

/// The value most of `values` have; `None` when there are none.
fn most_common(values: impl Iterator<Item = String>) -> Option<String> {
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for value in values {
        *counts.entry(value).or_default() += 1;
    }
    counts
        .into_iter()
        .max_by_key(|(_, count)| *count)
        .map(|(value, _)| value)
}

/// The start of a data item as the report shows it: text in quotes when it reads as text,
/// otherwise its first bytes in hexadecimal.
fn preview(bytes: &[u8]) -> String {
    const SHOWN: usize = 24;
    let text = String::from_utf8_lossy(bytes);
    // Packed texts separate their parts with control characters: a few are shown escaped.
    let unreadable = text
        .chars()
        .filter(|&c| c.is_control() || c == char::REPLACEMENT_CHARACTER)
        .count();
    let readable = unreadable * 4 <= text.chars().count();
    if readable {
        let shown: String = text.chars().take(SHOWN).collect();
        let more = if shown.len() < text.len() { "…" } else { "" };
        format!("{shown:?}{more}")
    } else {
        let shown: Vec<String> = bytes
            .iter()
            .take(SHOWN / 3)
            .map(|byte| format!("{byte:02x}"))
            .collect();
        let more = if bytes.len() > SHOWN / 3 { " …" } else { "" };
        format!("[{}{more}]", shown.join(" "))
    }
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
    /// Where each function's body starts in the code section: relocations name places in it.
    function_starts: Vec<usize>,
    segments: Vec<Segment>,
    /// The indices of the code and data sections among all sections, as relocations name them.
    code_section: Option<usize>,
    data_section: Option<usize>,
    /// The linker's symbols by symbol index, `None` for those that are not defined data: empty
    /// unless the module was linked with `--emit-relocs`.
    data_symbols: Vec<Option<DataSymbol>>,
    relocations: Vec<Relocations>,
}

/// A data segment: its bytes, where they start in the data section and the memory address they
/// are written to when it is a constant.
struct Segment {
    start: usize,
    address: Option<usize>,
    bytes: Vec<u8>,
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
            function_starts: Vec::new(),
            segments: Vec::new(),
            code_section: None,
            data_section: None,
            data_symbols: Vec::new(),
            relocations: Vec::new(),
        };
        let mut index = 0;
        while !reader.is_done() {
            let id = reader.byte()?;
            let size = reader.length()?;
            let mut section = Reader {
                bytes: reader.take(size)?,
                at: 0,
            };
            match id {
                0 => match section.name()?.as_str() {
                    "name" => {
                        module.names_size = size;
                        names = function_names(&mut section)?;
                    }
                    "linking" => module.data_symbols = data_symbols(&mut section)?,
                    name if name.starts_with("reloc.") => {
                        module.relocations.push(memory_relocations(&mut section)?);
                    }
                    _ => {}
                },
                2 => imported_functions = count_function_imports(&mut section)?,
                10 => {
                    module.code_size = size;
                    module.code_section = Some(index);
                    for _ in 0..section.length()? {
                        module.function_starts.push(section.at);
                        let body = section.length()?;
                        section.take(body)?;
                        bodies.push(body);
                    }
                }
                11 => {
                    module.data_size = size;
                    module.data_section = Some(index);
                    module.segments = data_segments(&mut section)?;
                }
                _ => {}
            }
            index += 1;
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

    /// The bytes of all data segments, without the section's own framing.
    fn stored_data(&self) -> usize {
        self.segments
            .iter()
            .map(|segment| segment.bytes.len())
            .sum()
    }
}

/// The segments of the data section.
fn data_segments(section: &mut Reader<'_>) -> Result<Vec<Segment>> {
    let mut segments = Vec::new();
    for _ in 0..section.length()? {
        let address = match section.length()? {
            // Active in memory 0, passive, active in a named memory.
            0 => constant_expression(section)?,
            1 => None,
            2 => {
                section.length()?;
                constant_expression(section)?
            }
            flags => return Err(format!("unknown data segment kind {flags}").into()),
        };
        let length = section.length()?;
        let start = section.at;
        let bytes = section.take(length)?.to_vec();
        segments.push(Segment {
            start,
            address,
            bytes,
        });
    }
    Ok(segments)
}

/// Reads a segment's offset: one `i32.const`, `i64.const` or `global.get`, then `end`. Returns
/// the address an `i32.const` gives (read unsigned: addresses below 2 GiB read the same).
fn constant_expression(section: &mut Reader<'_>) -> Result<Option<usize>> {
    let address = match section.byte()? {
        0x41 => Some(section.length()?),
        0x42 | 0x23 => {
            section.skip_number()?;
            None
        }
        opcode => return Err(format!("unexpected opcode {opcode:#x} in a segment offset").into()),
    };
    match section.byte()? {
        0x0b => Ok(address),
        opcode => Err(format!("unexpected opcode {opcode:#x} in a segment offset").into()),
    }
}

/// A defined data symbol of the linker's symbol table: `size` bytes at `offset` in data segment
/// `segment`.
#[derive(Debug, PartialEq)]
struct DataSymbol {
    name: String,
    segment: usize,
    offset: usize,
    size: usize,
}

/// Symbol kinds and flags of the `linking` section (WebAssembly tool conventions, Linking.md).
const SYMBOL_DATA: u8 = 1;
const SYMBOL_SECTION: u8 = 3;
const SYMBOL_UNDEFINED: usize = 0x10;
const SYMBOL_EXPLICIT_NAME: usize = 0x40;
const SYMBOL_ABSOLUTE: usize = 0x200;
/// The symbol table subsection of the `linking` section.
const SYMBOL_TABLE: u8 = 8;

/// The symbol table of the `linking` section (version 2): each symbol by its index, `Some` for a
/// defined data symbol that lies in a segment.
fn data_symbols(section: &mut Reader<'_>) -> Result<Vec<Option<DataSymbol>>> {
    let version = section.length()?;
    if version != 2 {
        return Err(format!("linking section version {version}, not 2").into());
    }
    let mut symbols = Vec::new();
    for (id, mut subsection) in subsections(section)? {
        if id != SYMBOL_TABLE {
            continue;
        }
        for _ in 0..subsection.length()? {
            let kind = subsection.byte()?;
            let flags = subsection.length()?;
            let defined = flags & SYMBOL_UNDEFINED == 0;
            let symbol = match kind {
                SYMBOL_DATA => {
                    let name = subsection.name()?;
                    if defined {
                        let symbol = DataSymbol {
                            name,
                            segment: subsection.length()?,
                            offset: subsection.length()?,
                            size: subsection.length()?,
                        };
                        (flags & SYMBOL_ABSOLUTE == 0).then_some(symbol)
                    } else {
                        None
                    }
                }
                SYMBOL_SECTION => {
                    subsection.length()?;
                    None
                }
                // A function, global, tag or table: an index, and a name unless it is an import
                // named by the import.
                0 | 2 | 4 | 5 => {
                    subsection.length()?;
                    if defined || flags & SYMBOL_EXPLICIT_NAME != 0 {
                        subsection.name()?;
                    }
                    None
                }
                kind => return Err(format!("unknown symbol kind {kind}").into()),
            };
            symbols.push(symbol);
        }
    }
    Ok(symbols)
}

/// The relocations of one section (a `reloc.` section) that hold a data address: where in the
/// section (from the start of its contents) and the symbol whose address it is.
struct Relocations {
    section: usize,
    entries: Vec<(usize, usize)>,
}

/// Relocation types whose value is a memory address (`R_WASM_MEMORY_ADDR_*`).
const MEMORY_ADDRESS_RELOCATIONS: [usize; 11] = [3, 4, 5, 11, 14, 15, 16, 17, 21, 23, 25];
/// Relocation types followed by an addend: the memory addresses, `R_WASM_FUNCTION_OFFSET_*`
/// and `R_WASM_SECTION_OFFSET_I32`.
const RELOCATIONS_WITH_ADDEND: [usize; 3] = [8, 9, 22];

fn memory_relocations(section: &mut Reader<'_>) -> Result<Relocations> {
    let mut relocations = Relocations {
        section: section.length()?,
        entries: Vec::new(),
    };
    for _ in 0..section.length()? {
        let kind = section.length()?;
        let offset = section.length()?;
        let symbol = section.length()?;
        let is_address = MEMORY_ADDRESS_RELOCATIONS.contains(&kind);
        if is_address || RELOCATIONS_WITH_ADDEND.contains(&kind) {
            section.skip_number()?;
        }
        if is_address {
            relocations.entries.push((offset, symbol));
        }
    }
    Ok(relocations)
}

/// The subsections of a custom section (`linking`, `name`): each id with its contents.
fn subsections<'a>(section: &mut Reader<'a>) -> Result<Vec<(u8, Reader<'a>)>> {
    let mut subsections = Vec::new();
    while !section.is_done() {
        let id = section.byte()?;
        let size = section.length()?;
        subsections.push((
            id,
            Reader {
                bytes: section.take(size)?,
                at: 0,
            },
        ));
    }
    Ok(subsections)
}

/// The function names subsection (id 1) of the `name` section.
fn function_names(section: &mut Reader<'_>) -> Result<BTreeMap<usize, String>> {
    let mut names = BTreeMap::new();
    for (id, mut subsection) in subsections(section)? {
        if id == 1 {
            for _ in 0..subsection.length()? {
                let index = subsection.length()?;
                // wasm-bindgen writes the names demangled, the linker as they are in the symbols.
                let name = rustc_demangle::demangle(&subsection.name()?).to_string();
                names.insert(index, name);
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

    /// Skips a LEB128 number of any width (a signed addend, a constant).
    fn skip_number(&mut self) -> Result<()> {
        while self.byte()? & 0x80 != 0 {}
        Ok(())
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
    use super::{
        DataSymbol, Module, Reader, crate_of, data_items, data_symbols, preview,
        unnamed_bytes_not_zero, without_hash,
    };

    /// A `linking` section (after its name): version 2, a segment-info subsection that is
    /// skipped, and a symbol table with a function, a defined data symbol whose offset needs two
    /// LEB128 bytes, an undefined data symbol and a section symbol.
    const LINKING: &[u8] = &[
        2, // version
        5, 3, 1, 0, 0, // WASM_SEGMENT_INFO, 3 bytes, skipped
        8, 32, 4, // WASM_SYMBOL_TABLE, 32 bytes, 4 symbols
        0, 0, 3, 1, b'f', // function 3 named "f"
        1, 2, 6, b'T', b'A', b'B', b'L', b'E', b'S', 1, 0x80, 0x01,
        12, // TABLES: segment 1, 128, 12
        1, 0x10, 7, b'e', b'x', b't', b'e', b'r', b'n', b'\'', // undefined "extern'"
        3, 2, 9, // section 9
    ];

    #[test]
    fn the_symbol_table_gives_each_defined_data_symbol_its_place() {
        let mut section = Reader {
            bytes: LINKING,
            at: 0,
        };
        let symbols = data_symbols(&mut section).unwrap();
        assert_eq!(
            symbols,
            [
                None,
                Some(DataSymbol {
                    name: "TABLES".to_owned(),
                    segment: 1,
                    offset: 128,
                    size: 12,
                }),
                None,
                None,
            ]
        );
        let mut truncated = Reader {
            bytes: &LINKING[..LINKING.len() - 1],
            at: 0,
        };
        assert!(data_symbols(&mut truncated).is_err());
        let mut version_1 = Reader { bytes: &[1], at: 0 };
        assert!(data_symbols(&mut version_1).is_err());
    }

    /// A module of one function that refers to a named static, which refers to an anonymous
    /// string, and to an anonymous string of its own: sections in the order the linker writes
    /// them with `--emit-relocs`. The symbol table places "hi!" at `string_offset` (6).
    fn linked_module(string_offset: u8) -> Vec<u8> {
        let mut module = b"\0asm\x01\0\0\0".to_vec();
        let mut section = |id: u8, contents: &[u8]| {
            module.push(id);
            module.push(u8::try_from(contents.len()).unwrap());
            module.extend_from_slice(contents);
        };
        // Code (section 0): one body, `i32.const <address of TABLE>`, `drop`, `i32.const
        // <address of "yo">`, `drop` (addresses as 5-byte LEB128).
        section(
            10,
            &[
                1, 16, 0, 0x41, 0x80, 0x88, 0x80, 0x80, 0, 0x1a, 0x41, 0x89, 0x88, 0x80, 0x80, 0,
                0x1a, 0x0b,
            ],
        );
        // Data (section 1): one active segment at 1024: TABLE (4 bytes, the address of "hi!"),
        // 2 bytes of padding, "hi!" and "yo".
        section(
            11,
            &[
                1, 0, 0x41, 0x80, 0x08, 0x0b, 11, 6, 4, 0, 0, 0, 0, b'h', b'i', b'!', b'y', b'o',
            ],
        );
        let mut linking = vec![7];
        linking.extend_from_slice(b"linking");
        linking.extend_from_slice(&[2, 8, 52, 4]);
        linking.extend_from_slice(&[0, 0, 0, 1, b'f']);
        linking.extend_from_slice(&[1, 0, 12]);
        linking.extend_from_slice(b"_ZN1c5TABLEE");
        linking.extend_from_slice(&[0, 0, 4]);
        linking.extend_from_slice(&[1, 2, 8]);
        linking.extend_from_slice(b".Lanon.0");
        linking.extend_from_slice(&[0, string_offset, 3]);
        linking.extend_from_slice(&[1, 2, 8]);
        linking.extend_from_slice(b".Lanon.1");
        linking.extend_from_slice(&[0, 9, 2]);
        section(0, &linking);
        // R_WASM_MEMORY_ADDR_SLEB at bytes 4 and 11 of the code (after count, size, locals,
        // opcode; after that LEB128, `drop`, opcode) to TABLE and "yo"; R_WASM_MEMORY_ADDR_I32
        // at the segment's first byte (byte 7 of the data section) to "hi!".
        let mut code_relocations = vec![10];
        code_relocations.extend_from_slice(b"reloc.CODE");
        code_relocations.extend_from_slice(&[0, 2, 4, 4, 1, 0, 4, 11, 3, 0]);
        section(0, &code_relocations);
        let mut data_relocations = vec![10];
        data_relocations.extend_from_slice(b"reloc.DATA");
        data_relocations.extend_from_slice(&[1, 1, 5, 7, 2, 0]);
        section(0, &data_relocations);
        let mut names = vec![4];
        names.extend_from_slice(b"name");
        names.extend_from_slice(&[1, 7, 1, 0, 4]);
        names.extend_from_slice(b"b::f");
        section(0, &names);
        module
    }

    #[test]
    fn data_is_counted_with_the_crate_that_names_or_uses_it() {
        let module = Module::parse(&linked_module(6)).unwrap();
        assert_eq!(module.stored_data(), 11);
        let items = data_items(&module).unwrap();
        let found: Vec<(&str, Option<&str>, usize)> = items
            .iter()
            .map(|item| (item.label.as_str(), item.owner.as_deref(), item.size))
            .collect();
        assert_eq!(
            found,
            [
                ("c::TABLE", Some("c"), 4),
                ("c::TABLE → \"hi!\"", Some("c"), 3),
                ("b::f → \"yo\"", Some("b"), 2),
            ]
        );
        // The two bytes between TABLE and "hi!" are alignment; without the strings' symbols,
        // their five bytes would be unnamed.
        assert_eq!(unnamed_bytes_not_zero(&module, &items), 0);
        assert_eq!(unnamed_bytes_not_zero(&module, &items[..1]), 5);

        let overlapping = Module::parse(&linked_module(3)).unwrap();
        assert!(data_items(&overlapping).is_err());
    }

    #[test]
    fn legacy_hashes_are_left_out_of_names() {
        assert_eq!(
            without_hash("customer_rules::open2b::countries::is_country::h294aa4f2a5712452"),
            "customer_rules::open2b::countries::is_country"
        );
        assert_eq!(without_hash("core::fmt::hex"), "core::fmt::hex");
    }

    #[test]
    fn data_is_previewed_as_text_or_bytes() {
        assert_eq!(preview(b"AL\x1fAlabama\x1e"), "\"AL\\u{1f}Alabama\\u{1e}\"");
        assert_eq!(preview(&[0, 1, 2]), "[00 01 02]");
        assert_eq!(preview(&[0x6f, 0x1b, 0x8e, 0x28, 0x10]), "[6f 1b 8e 28 10]");
        assert_eq!(preview(&[0; 9]), "[00 00 00 00 00 00 00 00 …]");
    }

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
