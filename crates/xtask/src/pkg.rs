//! `cargo xtask pkg`: the npm package `customer-rules` in `pkg/`, built from `crates/customer-wasm`.
//!
//! One WebAssembly module per shop, built from the crate with that shop's feature alone, so an app
//! that imports `customer-rules/open2b` loads none of Magento's rules and tables. Each module is
//! shipped once and shared by every host: wasm-bindgen writes the same module for its `web` and
//! `nodejs` targets (checked here), so `pkg/dist/<shop>/` holds the module (`wasm-opt -Oz`), the
//! `web` glue (an ES module that fetches the module next to it, for browsers and bundlers), the
//! `nodejs` glue as `.cjs` (CommonJS that reads the module next to it, for Node) and the
//! declarations generated from the Rust types. `pkg/dist/types/index.d.ts` declares both modules'
//! types for the package's root entry, each type once.
//!
//! The hand-written files of the package (package.json, README.md, the `.d.ts` files of its
//! entries, src/, test/) are committed; `pkg/dist/` is git-ignored.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

use crate::run::{command, output, status};
use crate::{Result, tools, wasm_tools, workspace_root};

/// The Rust target of the modules.
pub(crate) const WASM_TARGET: &str = "wasm32-unknown-unknown";

/// The crate the modules are built from.
pub(crate) const CRATE: &str = "customer-wasm";

/// The size-optimised profile of the workspace's Cargo.toml.
pub(crate) const PROFILE: &str = "wasm-release";

/// The shops, each a feature of the crate, a module and a subpath export (`customer-rules/open2b`).
pub(crate) const SHOPS: [&str; 2] = ["magento", "open2b"];

/// The base name of the files wasm-bindgen writes for a shop (`customer_rules_open2b.js`,
/// `customer_rules_open2b_bg.wasm`): distinct per shop, so both modules can sit in one folder
/// beside a bundle.
fn out_name(shop: &str) -> String {
    format!("customer_rules_{shop}")
}

/// The file name of a shop's module.
pub(crate) fn module_file(shop: &str) -> String {
    format!("{}_bg.wasm", out_name(shop))
}

/// One entry of the package, as an app imports it, and the module that starts what a browser
/// loads for it (the `default` condition of its `exports`).
pub(crate) struct Entry {
    pub(crate) specifier: &'static str,
    pub(crate) browser: &'static str,
    /// The most it should weigh, gzip -9, modules and JavaScript: the package's size target.
    pub(crate) target_gzip: Option<u64>,
}

/// The most the npm tarball should weigh, gzip.
pub(crate) const TARBALL_TARGET_GZIP: u64 = 300_000;

/// The entries of the package's `exports`.
pub(crate) const ENTRIES: [Entry; 3] = [
    Entry {
        specifier: "customer-rules/open2b",
        browser: "src/web/open2b.js",
        target_gzip: Some(30_000),
    },
    Entry {
        specifier: "customer-rules/magento",
        browser: "src/web/magento.js",
        target_gzip: Some(100_000),
    },
    Entry {
        specifier: "customer-rules",
        browser: "src/web.js",
        target_gzip: None,
    },
];

/// What a build leaves besides the package.
pub(crate) struct Build {
    /// Each shop's module as wasm-bindgen wrote it, before `wasm-opt`: it still has its
    /// function names.
    pub(crate) named_modules: Vec<(&'static str, PathBuf)>,
}

/// `cargo xtask pkg`: builds the package and prints its sizes.
pub(crate) fn run() -> Result<()> {
    let root = workspace_root();
    build(&root)?;
    print_sizes(&root)
}

/// Builds `pkg/dist/`, installing the Rust target, wasm-bindgen-cli and binaryen when missing.
pub(crate) fn build(root: &Path) -> Result<Build> {
    tools::ensure_rust_target(root, WASM_TARGET)?;
    let wasm_bindgen = wasm_tools::wasm_bindgen(root)?;
    let wasm_opt = wasm_tools::wasm_opt(root)?;
    let work = work_dir(root)?;
    let dist = root.join("pkg/dist");
    if dist.exists() {
        fs::remove_dir_all(&dist)?;
    }
    let mut named_modules = Vec::new();
    for shop in SHOPS {
        let named_module = build_shop(root, &wasm_bindgen.cli, &work, &dist, shop)?;
        optimise(root, &wasm_opt, &dist.join(shop).join(module_file(shop)))?;
        named_modules.push((shop, named_module));
    }
    write_root_declarations(&dist)?;
    Ok(Build { named_modules })
}

/// Builds one shop's module and its glue into `pkg/dist/<shop>/`; returns where the module
/// wasm-bindgen wrote is kept with its names.
fn build_shop(
    root: &Path,
    wasm_bindgen: &Path,
    work: &Path,
    dist: &Path,
    shop: &str,
) -> Result<PathBuf> {
    let module = compile(root, shop)?;
    let name = out_name(shop);
    let folder = dist.join(shop);
    let node = work.join(format!("{shop}-nodejs"));
    if node.exists() {
        fs::remove_dir_all(&node)?;
    }
    for (target, out_dir) in [("web", &folder), ("nodejs", &node)] {
        let mut bindgen = Command::new(wasm_bindgen);
        bindgen
            .current_dir(root)
            .args(["--target", target, "--out-name", &name, "--out-dir"])
            .arg(out_dir)
            .arg(&module);
        status(bindgen)?;
    }
    let wasm = module_file(shop);
    if fs::read(folder.join(&wasm))? != fs::read(node.join(&wasm))? {
        return Err(format!(
            "wasm-bindgen wrote different {shop} modules for its web and nodejs targets: \
             the package ships one module per shop for both"
        )
        .into());
    }
    // The nodejs glue is CommonJS in a `"type": "module"` package: `.cjs`. Its declarations are
    // the functions and types alone (the web ones add wasm-bindgen's `init`, which the entries
    // call themselves).
    fs::copy(
        node.join(format!("{name}.js")),
        folder.join(format!("{name}.cjs")),
    )?;
    let declarations = fs::read_to_string(node.join(format!("{name}.d.ts")))?;
    fs::write(
        folder.join(format!("{name}.d.ts")),
        without_dispose(&declarations),
    )?;
    fs::remove_file(folder.join(format!("{name}_bg.wasm.d.ts")))?;
    let named_module = work.join(&wasm);
    fs::copy(folder.join(&wasm), &named_module)?;
    Ok(named_module)
}

/// The declarations without the `[Symbol.dispose](): void;` wasm-bindgen gives each class (the
/// Magento module's `MagentoLanguage`). The glue sets that method only where the engine has
/// `Symbol.dispose`, and declaring it fails every program whose `lib` lacks `esnext.disposable`
/// (the default of the `es2022` target) unless it skips checking libraries; `free()` stays.
fn without_dispose(declarations: &str) -> String {
    declarations
        .lines()
        .filter(|line| line.trim() != "[Symbol.dispose](): void;")
        .flat_map(|line| [line, "\n"])
        .collect()
}

/// Builds one shop's module with cargo and returns the file it wrote. Both shops' builds write
/// that one file; cargo builds again when the features differ from the last build's.
fn compile(root: &Path, shop: &str) -> Result<PathBuf> {
    status(command(
        root,
        env!("CARGO"),
        &[
            "build",
            "--lib",
            "--package",
            CRATE,
            "--target",
            WASM_TARGET,
            "--profile",
            PROFILE,
            "--no-default-features",
            "--features",
            shop,
        ],
    ))?;
    Ok(target_dir(root)?
        .join(WASM_TARGET)
        .join(PROFILE)
        .join(format!("{}.wasm", CRATE.replace('-', "_"))))
}

/// Writes `pkg/dist/types/index.d.ts`: every type of both modules, for the root entry. The types
/// both shops share (`Outcome`, `Violation`…) are declared in each module; TypeScript refuses
/// two `export *` of one name, so those are re-exported once, by name, from the first shop.
fn write_root_declarations(dist: &Path) -> Result<()> {
    let mut text = String::from(
        "// Written by `cargo xtask pkg`: the types of both modules, for `customer-rules`.\n",
    );
    let mut seen = BTreeSet::new();
    let mut shared = BTreeSet::new();
    for shop in SHOPS {
        let name = out_name(shop);
        text.push_str(&format!("export type * from \"../{shop}/{name}.js\";\n"));
        let declarations = fs::read_to_string(dist.join(shop).join(format!("{name}.d.ts")))?;
        for declared in declared_names(&declarations) {
            if !seen.insert(declared.clone()) {
                shared.insert(declared);
            }
        }
    }
    if seen.is_empty() {
        return Err("the generated declarations declare nothing".into());
    }
    if !shared.is_empty() {
        let names: Vec<String> = shared.into_iter().collect();
        text.push_str(&format!(
            "export type {{ {} }} from \"../{}/{}.js\";\n",
            names.join(", "),
            SHOPS[0],
            out_name(SHOPS[0])
        ));
    }
    let folder = dist.join("types");
    fs::create_dir_all(&folder)?;
    fs::write(folder.join("index.d.ts"), text)?;
    Ok(())
}

/// The names a declaration file exports at its top level (`export interface Outcome {`,
/// `export type Open2bShop = …`, `export function open2bMerge(…`).
fn declared_names(declarations: &str) -> Vec<String> {
    declarations
        .lines()
        .filter_map(|line| line.strip_prefix("export "))
        .filter_map(|rest| {
            let rest = rest.strip_prefix("declare ").unwrap_or(rest);
            [
                "interface ",
                "type ",
                "function ",
                "const ",
                "enum ",
                "class ",
            ]
            .iter()
            .find_map(|keyword| rest.strip_prefix(keyword))
        })
        .map(|rest| {
            rest.chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '$')
                .collect::<String>()
        })
        .filter(|name| !name.is_empty())
        .collect()
}

/// Runs `wasm-opt -Oz` on a module in place. It also drops the function names. The features are
/// those Rust (1.87 and later) emits for `wasm32-unknown-unknown`.
fn optimise(root: &Path, wasm_opt: &[String], module: &Path) -> Result<()> {
    let (program, args) = wasm_opt.split_first().ok_or("no wasm-opt command")?;
    let mut optimise = Command::new(program);
    optimise
        .current_dir(root)
        .args(args)
        .args([
            "-Oz",
            "--enable-bulk-memory",
            "--enable-nontrapping-float-to-int",
        ])
        .arg(module)
        .arg("-o")
        .arg(module);
    status(optimise)
}

/// A folder of the cargo target directory for the package's build files that are not shipped.
pub(crate) fn work_dir(root: &Path) -> Result<PathBuf> {
    let work = target_dir(root)?.join("customer-rules-npm");
    fs::create_dir_all(&work)?;
    Ok(work)
}

/// The cargo target directory (`CARGO_TARGET_DIR` or the workspace's `target/`).
pub(crate) fn target_dir(root: &Path) -> Result<PathBuf> {
    let metadata = output(command(
        root,
        env!("CARGO"),
        &["metadata", "--format-version", "1", "--no-deps"],
    ))
    .ok_or("`cargo metadata` failed")?;
    let metadata: Value = serde_json::from_str(&metadata)?;
    metadata
        .get("target_directory")
        .and_then(Value::as_str)
        .map(PathBuf::from)
        .ok_or_else(|| "`cargo metadata` names no target directory".into())
}

/// Packs the package as `npm publish` would and returns the tarball, written into `destination`.
pub(crate) fn pack(root: &Path, destination: &Path) -> Result<PathBuf> {
    let destination_arg = destination.to_string_lossy();
    let report = output(command(
        &root.join("pkg"),
        "npm",
        &["pack", "--json", "--pack-destination", &destination_arg],
    ))
    .ok_or("`npm pack` failed in pkg/")?;
    let filename = pack_report(&report)?
        .get("filename")
        .and_then(Value::as_str)
        .ok_or("`npm pack` named no file")?
        .to_owned();
    Ok(destination.join(filename))
}

/// The first entry of `npm pack --json`'s report.
fn pack_report(report: &str) -> Result<Value> {
    let report: Value = serde_json::from_str(report)?;
    report
        .get(0)
        .cloned()
        .ok_or_else(|| "`npm pack --json` printed no package".into())
}

/// What a browser loads for one entry: the modules and the JavaScript files.
pub(crate) struct EntrySize {
    pub(crate) entry: &'static Entry,
    pub(crate) wasm: Size,
    pub(crate) js: Size,
}

/// The weight of the built package: per entry, and the tarball.
pub(crate) struct PackageSize {
    pub(crate) entries: Vec<EntrySize>,
    /// The tarball `npm pack` writes, gzip.
    pub(crate) tarball_gzip: u64,
    pub(crate) tarball_files: u64,
    pub(crate) tarball_unpacked: u64,
}

/// Weighs the built package: for each entry, the files a browser loads, found by following the
/// entry's imports and the modules its glue fetches (`new URL(…, import.meta.url)`).
pub(crate) fn package_size(root: &Path) -> Result<PackageSize> {
    let package = root.join("pkg");
    let mut entries = Vec::new();
    for entry in &ENTRIES {
        let (modules, scripts) = loaded_files(&package.join(entry.browser))?;
        entries.push(EntrySize {
            entry,
            wasm: Size::of(&modules)?,
            js: Size::of(&scripts)?,
        });
    }
    let report = output(command(&package, "npm", &["pack", "--dry-run", "--json"]))
        .ok_or("`npm pack --dry-run` failed in pkg/")?;
    let report = pack_report(&report)?;
    let number = |name: &str| report.get(name).and_then(Value::as_u64).unwrap_or(0);
    Ok(PackageSize {
        entries,
        tarball_gzip: number("size"),
        tarball_files: number("entryCount"),
        tarball_unpacked: number("unpackedSize"),
    })
}

/// Prints what a browser loads for each entry (raw and gzip -9), and the tarball.
pub(crate) fn print_sizes(root: &Path) -> Result<()> {
    let size = package_size(root)?;
    println!(
        "\ncustomer-rules package: what a browser loads per entry, bytes (gzip -9 in parentheses)"
    );
    println!(
        "{:<24} {:>18} {:>16} {:>18} {:>10}",
        "entry", "wasm", "js", "wasm + js", "target"
    );
    for entry in &size.entries {
        let total = entry.wasm.plus(&entry.js);
        let target = entry.entry.target_gzip.map_or_else(String::new, |target| {
            let verdict = if total.gzip <= target {
                "met"
            } else {
                "missed"
            };
            format!("{} KB {verdict}", target / 1000)
        });
        println!(
            "{:<24} {:>18} {:>16} {:>18} {:>10}",
            entry.entry.specifier, entry.wasm, entry.js, total, target
        );
    }
    println!(
        "npm tarball: {} bytes gzip (target {} KB: {}), {} files, {} bytes unpacked",
        size.tarball_gzip,
        TARBALL_TARGET_GZIP / 1000,
        if size.tarball_gzip <= TARBALL_TARGET_GZIP {
            "met"
        } else {
            "missed"
        },
        size.tarball_files,
        size.tarball_unpacked,
    );
    Ok(())
}

/// The modules and the scripts an ES module loads, itself included: its relative imports
/// (`from "./x.js"`), theirs in turn, and the files they fetch with `new URL("…",
/// import.meta.url)`.
fn loaded_files(entry: &Path) -> Result<(Vec<PathBuf>, Vec<PathBuf>)> {
    let mut modules = Vec::new();
    let mut scripts = Vec::new();
    let mut pending = vec![entry.canonicalize()?];
    let mut seen = BTreeSet::new();
    while let Some(file) = pending.pop() {
        if !seen.insert(file.clone()) {
            continue;
        }
        if file
            .extension()
            .is_some_and(|extension| extension == "wasm")
        {
            modules.push(file);
            continue;
        }
        let text = fs::read_to_string(&file)?;
        let folder = file.parent().ok_or("a file outside any folder")?;
        for specifier in relative_specifiers(&text) {
            let path = folder.join(specifier);
            pending.push(path.canonicalize().map_err(|error| {
                format!("{} loads {}: {error}", file.display(), path.display())
            })?);
        }
        scripts.push(file);
    }
    Ok((modules, scripts))
}

/// The text between the quotes `rest` starts with (`"` or `'`).
fn quoted(rest: &str) -> Option<&str> {
    let quote = rest.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let inner = &rest[1..];
    inner.find(quote).map(|end| &inner[..end])
}

/// The relative specifiers of an ES module's static imports and re-exports, and the file names of
/// its `new URL('…', import.meta.url)`.
fn relative_specifiers(text: &str) -> Vec<&str> {
    let mut specifiers = Vec::new();
    for (at, _) in text.match_indices(" from ") {
        if let Some(specifier) = quoted(&text[at + " from ".len()..])
            && specifier.starts_with('.')
        {
            specifiers.push(specifier);
        }
    }
    for (at, _) in text.match_indices("new URL(") {
        let rest = &text[at + "new URL(".len()..];
        if let Some(specifier) = quoted(rest)
            && rest[specifier.len() + 2..]
                .trim_start()
                .starts_with(", import.meta.url)")
        {
            specifiers.push(specifier);
        }
    }
    specifiers
}

/// The size of some files, as they are and compressed one by one with `gzip -9` (what a server
/// sends, file by file).
pub(crate) struct Size {
    pub(crate) raw: u64,
    pub(crate) gzip: u64,
}

impl Size {
    fn plus(&self, other: &Size) -> Size {
        Size {
            raw: self.raw + other.raw,
            gzip: self.gzip + other.gzip,
        }
    }

    fn of(files: &[PathBuf]) -> Result<Size> {
        let mut size = Size { raw: 0, gzip: 0 };
        for file in files {
            size.raw += fs::metadata(file)?.len();
            let compressed = Command::new("gzip")
                .args(["-9", "--stdout"])
                .arg(file)
                .output()
                .map_err(|error| format!("cannot run gzip: {error}"))?;
            if !compressed.status.success() {
                return Err(format!("gzip failed on {}", file.display()).into());
            }
            size.gzip += u64::try_from(compressed.stdout.len())?;
        }
        Ok(size)
    }
}

impl std::fmt::Display for Size {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.pad(&format!("{} ({})", self.raw, self.gzip))
    }
}

#[cfg(test)]
mod tests {
    use super::{ENTRIES, declared_names, relative_specifiers, without_dispose};
    use crate::workspace_root;

    #[test]
    fn the_entries_weighed_are_those_package_json_exports_to_browsers() {
        let manifest = std::fs::read_to_string(workspace_root().join("pkg/package.json"))
            .expect("pkg/package.json is readable");
        let manifest: serde_json::Value =
            serde_json::from_str(&manifest).expect("pkg/package.json is JSON");
        let exported: Vec<(String, String)> = manifest["exports"]
            .as_object()
            .expect("package.json has an exports map")
            .iter()
            .filter_map(|(subpath, conditions)| {
                let browser = conditions["default"].as_str()?;
                Some((
                    format!("customer-rules{}", &subpath[1..]),
                    browser.trim_start_matches("./").to_owned(),
                ))
            })
            .collect();
        let mut weighed: Vec<(String, String)> = ENTRIES
            .iter()
            .map(|entry| (entry.specifier.to_owned(), entry.browser.to_owned()))
            .collect();
        weighed.sort();
        let mut exported = exported;
        exported.sort();
        assert_eq!(weighed, exported);
    }

    #[test]
    fn an_entry_loads_its_relative_imports_and_the_modules_its_glue_fetches() {
        let entry = r#"
import init, * as bindings from "../../dist/open2b/customer_rules_open2b.js";
import { namespace } from './namespace.js';
export { magento } from "./web/magento.js";
import { readFile } from "node:fs";
/** Reads a value from "somewhere". */
module_or_path = new URL('customer_rules_open2b_bg.wasm', import.meta.url);
const other = new URL("https://example.com/");
"#;
        assert_eq!(
            relative_specifiers(entry),
            [
                "../../dist/open2b/customer_rules_open2b.js",
                "./namespace.js",
                "./web/magento.js",
                "customer_rules_open2b_bg.wasm",
            ]
        );
    }

    #[test]
    fn classes_are_declared_without_symbol_dispose() {
        let declarations = "\
export class MagentoLanguage {
    private constructor();
    free(): void;
    [Symbol.dispose](): void;
    readonly size: number;
}
";
        assert_eq!(
            without_dispose(declarations),
            "\
export class MagentoLanguage {
    private constructor();
    free(): void;
    readonly size: number;
}
"
        );
    }

    #[test]
    fn declared_names_are_the_top_level_exports() {
        let declarations = "\
/* tslint:disable */
export interface Outcome {
    violations: Violation[];
}
export type Open2bResponseBody = { status: \"ok\" } | string;
export function open2bMerge(stored: Open2bCustomer): Open2bCustomer;
export declare function magentoRender(template: string): string;
    export interface NotTopLevel {}
";
        assert_eq!(
            declared_names(declarations),
            [
                "Outcome",
                "Open2bResponseBody",
                "open2bMerge",
                "magentoRender"
            ]
        );
    }
}
