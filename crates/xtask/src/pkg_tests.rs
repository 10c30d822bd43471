//! The test steps of the npm package, run by `cargo xtask test` after the package is built.

use std::fs;
use std::path::{Path, PathBuf};

use crate::pkg::{self, WASM_TARGET};
use crate::run::{command, status};
use crate::wasm_tools::{self, Chromium};
use crate::{Result, tools};

/// The bindings' own tests (`crates/customer-wasm/tests`), run by wasm-bindgen-test in Node.
pub(crate) fn wasm_tests_in_node(root: &Path) -> Result<()> {
    wasm_tests(root, None)
}

/// The same tests in headless Chromium, driven by chromedriver.
pub(crate) fn wasm_tests_in_chromium(root: &Path) -> Result<()> {
    let chromium = wasm_tools::chromium(root)?;
    wasm_tests(root, Some(&chromium))
}

fn wasm_tests(root: &Path, browser: Option<&Chromium>) -> Result<()> {
    tools::ensure_rust_target(root, WASM_TARGET)?;
    let wasm_bindgen = wasm_tools::wasm_bindgen(root)?;
    let mut test = command(
        root,
        env!("CARGO"),
        &[
            "test",
            "--package",
            "customer-wasm",
            "--tests",
            "--target",
            WASM_TARGET,
        ],
    );
    test.env(
        "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER",
        &wasm_bindgen.test_runner,
    );
    if let Some(chromium) = browser {
        // The capabilities file keeps the browser off the network (updates, sync, QUIC).
        test.env("WASM_BINDGEN_USE_BROWSER", "1")
            .env("CHROMEDRIVER", &chromium.driver)
            .env(
                "WASM_BINDGEN_TEST_WEBDRIVER_JSON",
                root.join("crates/customer-wasm/webdriver.json"),
            );
    }
    status(test)
}

/// The `node --test` suites of `pkg/test`: they import the built package by its name, load each
/// entry as an ES module and as CommonJS in this Node and in Node 20.0, run every conformance case
/// in Node and in headless Chromium, and check the declarations with tsc.
pub(crate) fn node_tests(root: &Path) -> Result<()> {
    let package = root.join("pkg");
    let chromium = wasm_tools::chromium(root)?;
    let oldest_node = oldest_node(root)?;
    tools::ensure_npm_packages(&package)?;
    let mut files: Vec<String> = fs::read_dir(package.join("test"))?
        .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
        .filter(|name| name.ends_with(".test.js"))
        .map(|name| format!("test/{name}"))
        .collect();
    files.sort();
    let mut args = vec!["--test", "--test-reporter=spec"];
    args.extend(files.iter().map(String::as_str));
    let mut test = command(&package, "node", &args);
    test.env("CHROMIUM", &chromium.browser);
    if let Some(node) = &oldest_node {
        test.env("NODE_20_0", node);
    }
    status(test)
}

/// The packed package installed in apps as a user installs it from npm (`pkg/smoke`): a browser
/// app built with Vite (then served by `vite preview`) and by Vite's dev server, and built with
/// webpack 5, each run in headless Chromium; a Node script bundled by esbuild for each entry, run
/// in this Node and in Node 20.0. Every app runs even when one fails.
pub(crate) fn bundled_apps(root: &Path) -> Result<()> {
    let app = root.join("pkg/smoke");
    let chromium = wasm_tools::chromium(root)?;
    let oldest_node = oldest_node(root)?;
    tools::ensure_npm_packages(&app)?;
    let tarball = pkg::pack(root, &pkg::work_dir(root)?)?;
    status(command(
        &app,
        "npm",
        &[
            "install",
            "--no-save",
            "--no-audit",
            "--no-fund",
            &tarball.to_string_lossy(),
        ],
    ))?;
    let mut failed = Vec::new();
    for script in ["vite.mjs", "webpack.mjs", "node-bundle.mjs"] {
        let mut smoke = command(&app, "node", &[script]);
        smoke.env("CHROMIUM", &chromium.browser);
        if let Some(node) = &oldest_node {
            smoke.env("NODE_20_0", node);
        }
        if let Err(error) = status(smoke) {
            failed.push(error.to_string());
        }
    }
    if failed.is_empty() {
        Ok(())
    } else {
        Err(failed.join("; ").into())
    }
}

/// Node 20.0 for the tests that run in it too, or `None` (said, and those tests then skipped
/// visibly) on a machine npm has no build of it for.
fn oldest_node(root: &Path) -> Result<Option<PathBuf>> {
    let node = wasm_tools::oldest_node(root)?;
    if node.is_none() {
        eprintln!("not testing in Node 20.0: npm has its build for Linux x64 only");
    }
    Ok(node)
}
