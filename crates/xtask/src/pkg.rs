//! `cargo xtask pkg`: the npm package `customer-rules` in `pkg/`, built from `crates/customer-wasm`.
//!
//! The hand-written files of the package (package.json, README.md, index.d.ts, src/, test/) are
//! committed. The build writes `pkg/dist/` (git-ignored): for each wasm-bindgen target, the
//! JavaScript glue, the TypeScript declarations generated from the Rust types, and the module
//! optimised by `wasm-opt -Oz`.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

use crate::run::{command, output, status};
use crate::{Result, tools, wasm_tools, workspace_root};

/// The Rust target of the module.
pub(crate) const WASM_TARGET: &str = "wasm32-unknown-unknown";

/// The crate the module is built from.
const CRATE: &str = "customer-wasm";

/// The size-optimised profile of the workspace's Cargo.toml.
const PROFILE: &str = "wasm-release";

/// The base name of the files wasm-bindgen writes (`customer_rules.js`, `customer_rules_bg.wasm`).
const OUT_NAME: &str = "customer_rules";

/// One build of the package for one kind of JavaScript host.
struct Flavour {
    /// wasm-bindgen's `--target`.
    target: &'static str,
    /// Its folder under `pkg/dist/`.
    folder: &'static str,
    /// The hand-written module that loads it, named by the `exports` map of package.json.
    entry: &'static str,
    /// The `exports` condition that selects it.
    condition: &'static str,
}

/// The flavours, in the order the `exports` map tries their conditions.
const FLAVOURS: [Flavour; 3] = [
    Flavour {
        target: "nodejs",
        folder: "node",
        entry: "src/node.js",
        condition: "node",
    },
    Flavour {
        target: "web",
        folder: "web",
        entry: "src/web.js",
        condition: "browser",
    },
    Flavour {
        target: "bundler",
        folder: "bundler",
        entry: "src/bundler.js",
        condition: "import",
    },
];

/// What a build leaves besides the package.
pub(crate) struct Build {
    /// The module as wasm-bindgen wrote it, before `wasm-opt`: it still has its function names.
    pub(crate) named_module: PathBuf,
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
        ],
    ))?;
    let module = target_dir(root)?
        .join(WASM_TARGET)
        .join(PROFILE)
        .join(format!("{}.wasm", CRATE.replace('-', "_")));
    let work = work_dir(root)?;

    let dist = root.join("pkg/dist");
    if dist.exists() {
        fs::remove_dir_all(&dist)?;
    }
    for flavour in &FLAVOURS {
        let out_dir = dist.join(flavour.folder);
        let mut bindgen = Command::new(&wasm_bindgen.cli);
        bindgen
            .current_dir(root)
            .args([
                "--target",
                flavour.target,
                "--out-name",
                OUT_NAME,
                "--out-dir",
            ])
            .arg(&out_dir)
            .arg(&module);
        status(bindgen)?;
    }
    // The package is `"type": "module"`; wasm-bindgen's nodejs glue is CommonJS.
    fs::write(
        dist.join("node/package.json"),
        "{ \"type\": \"commonjs\" }\n",
    )?;

    let module_file = format!("{OUT_NAME}_bg.wasm");
    let named_module = work.join(&module_file);
    let first = dist.join(FLAVOURS[0].folder).join(&module_file);
    fs::copy(&first, &named_module)?;
    optimise(root, &wasm_opt, &first)?;
    // wasm-bindgen writes the same module for every target: optimise it once.
    let unoptimised = fs::read(&named_module)?;
    for flavour in &FLAVOURS[1..] {
        let module = dist.join(flavour.folder).join(&module_file);
        if fs::read(&module)? == unoptimised {
            fs::copy(&first, &module)?;
        } else {
            optimise(root, &wasm_opt, &module)?;
        }
    }
    Ok(Build { named_module })
}

/// Runs `wasm-opt -Oz` on a module in place. It also drops the function names.
fn optimise(root: &Path, wasm_opt: &[String], module: &Path) -> Result<()> {
    let (program, args) = wasm_opt.split_first().ok_or("no wasm-opt command")?;
    let mut optimise = Command::new(program);
    optimise
        .current_dir(root)
        .args(args)
        .arg("-Oz")
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

/// Prints what each flavour weighs (raw and gzip -9): the module, and the JavaScript a host loads
/// with it (wasm-bindgen's glue and the hand-written entry).
pub(crate) fn print_sizes(root: &Path) -> Result<()> {
    let package = root.join("pkg");
    println!("\ncustomer-rules package, bytes (gzip -9 in parentheses):");
    println!(
        "{:<9} {:<10} {:>18} {:>18} {:>18}",
        "flavour", "condition", "wasm", "js", "wasm + js"
    );
    for flavour in &FLAVOURS {
        let folder = package.join("dist").join(flavour.folder);
        let wasm = Size::of(&[folder.join(format!("{OUT_NAME}_bg.wasm"))])?;
        let mut scripts = vec![
            package.join(flavour.entry),
            package.join("src/namespaces.js"),
        ];
        for file in fs::read_dir(&folder)? {
            let path = file?.path();
            if path.extension().is_some_and(|extension| extension == "js") {
                scripts.push(path);
            }
        }
        let js = Size::of(&scripts)?;
        let total = Size {
            raw: wasm.raw + js.raw,
            gzip: wasm.gzip + js.gzip,
        };
        println!(
            "{:<9} {:<10} {:>18} {:>18} {:>18}",
            flavour.folder, flavour.condition, wasm, js, total
        );
    }
    let report = output(command(&package, "npm", &["pack", "--dry-run", "--json"]))
        .ok_or("`npm pack --dry-run` failed in pkg/")?;
    let report = pack_report(&report)?;
    let number = |name: &str| report.get(name).and_then(Value::as_u64).unwrap_or(0);
    println!(
        "npm tarball, all flavours and declarations: {} bytes gzip ({} files, {} bytes unpacked)",
        number("size"),
        number("entryCount"),
        number("unpackedSize"),
    );
    Ok(())
}

/// The size of some files, as they are and compressed one by one with `gzip -9` (what a server
/// sends, file by file).
struct Size {
    raw: u64,
    gzip: u64,
}

impl Size {
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
