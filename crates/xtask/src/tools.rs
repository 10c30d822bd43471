//! Installing what the tests need when it is missing, and saying clearly what could not be.

use std::path::Path;

use crate::Result;
use crate::run::{command, output, status};

/// Makes sure `rustup` has the target installed.
pub(crate) fn ensure_rust_target(root: &Path, target: &str) -> Result<()> {
    let installed = output(command(root, "rustup", &["target", "list", "--installed"]))
        .ok_or("cannot run `rustup target list --installed`: is rustup installed?")?;
    if installed.lines().any(|line| line.trim() == target) {
        return Ok(());
    }
    status(command(root, "rustup", &["target", "add", target]))
        .map_err(|error| format!("cannot install the Rust target {target}: {error}").into())
}

/// Makes sure the npm packages of `dir` are installed exactly as its package-lock.json says.
pub(crate) fn ensure_npm_packages(dir: &Path) -> Result<()> {
    if output(command(dir, "npm", &["--version"])).is_none() {
        return Err(
            "npm is not installed: install Node.js 20 or later (with npm) and run again".into(),
        );
    }
    let lock = dir.join("package-lock.json");
    let installed = dir.join("node_modules/.package-lock.json");
    if is_newer_or_equal(&installed, &lock) {
        return Ok(());
    }
    if status(command(dir, "npm", &["ci", "--no-audit", "--no-fund"])).is_ok() {
        return Ok(());
    }
    // npm writes lockfiles without the optional packages of other platforms (rollup's native
    // builds, for one) and `npm ci` then refuses them; `npm install --no-save` installs the same
    // locked versions without touching the lockfile.
    eprintln!(
        "npm ci refused the lockfile of {}; installing with npm install --no-save",
        dir.display()
    );
    status(command(
        dir,
        "npm",
        &["install", "--no-save", "--no-audit", "--no-fund"],
    ))
    .map_err(|error| {
        format!(
            "cannot install the npm packages of {}: {error}",
            dir.display()
        )
        .into()
    })
}

/// True when `file` exists and was modified no earlier than `than`.
fn is_newer_or_equal(file: &Path, than: &Path) -> bool {
    let modified = |path: &Path| path.metadata().and_then(|meta| meta.modified()).ok();
    match (modified(file), modified(than)) {
        (Some(file), Some(than)) => file >= than,
        _ => false,
    }
}

/// The schemathesis release the project is tested with.
const SCHEMATHESIS: &str = "4.32.5";

/// Makes sure `.tools/venv` holds schemathesis; returns the path of its command.
pub(crate) fn ensure_schemathesis(root: &Path) -> Result<std::path::PathBuf> {
    let venv = root.join(".tools/venv");
    let command_path = venv.join("bin/schemathesis");
    let installed = output(command(
        root,
        &command_path.to_string_lossy(),
        &["--version"],
    ));
    if installed.is_some_and(|version| version.contains(SCHEMATHESIS)) {
        return Ok(command_path);
    }
    let python = ["python3", "python"]
        .into_iter()
        .find(|python| output(command(root, python, &["--version"])).is_some())
        .ok_or("Python 3 is not installed: install python3 (with venv) and run again")?;
    status(command(
        root,
        python,
        &["-m", "venv", &venv.to_string_lossy()],
    ))
    .map_err(|error| format!("cannot create the Python venv {}: {error}", venv.display()))?;
    let pip = venv.join("bin/pip");
    let requirement = format!("schemathesis=={SCHEMATHESIS}");
    status(command(
        root,
        &pip.to_string_lossy(),
        &["install", "--quiet", &requirement],
    ))
    .map_err(|error| format!("cannot install {requirement}: {error}"))?;
    Ok(command_path)
}
