//! Running the reference shop as a child process for the tasks that need a live one.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Stdio};

use crate::Result;
use crate::run::command;

/// A reference shop serving on a free local port; it is stopped when dropped.
pub(crate) struct ShopProcess {
    child: Child,
    /// The base URL it serves on.
    pub(crate) base_url: String,
}

impl ShopProcess {
    /// Builds and starts the shop with an in-memory database seeded from `fixture` and waits
    /// until it listens.
    pub(crate) fn start(root: &Path, fixture: &str) -> Result<ShopProcess> {
        ShopProcess::start_full(root, fixture, &[], None)
    }

    /// Like [`ShopProcess::start`], with more `cargo run` options (`--release` for benchmarks).
    pub(crate) fn start_with(root: &Path, fixture: &str, cargo: &[&str]) -> Result<ShopProcess> {
        ShopProcess::start_full(root, fixture, cargo, None)
    }

    /// Like [`ShopProcess::start`], on a fixed clock (`--now`, RFC 3339) when `now` is given.
    pub(crate) fn start_at(root: &Path, fixture: &str, now: Option<&str>) -> Result<ShopProcess> {
        ShopProcess::start_full(root, fixture, &[], now)
    }

    fn start_full(
        root: &Path,
        fixture: &str,
        cargo: &[&str],
        now: Option<&str>,
    ) -> Result<ShopProcess> {
        let mut args = vec!["run", "--quiet"];
        args.extend_from_slice(cargo);
        args.extend_from_slice(&[
            "--package",
            "reference-shop",
            "--",
            "--db",
            ":memory:",
            "--port",
            "0",
            "--fixtures",
            fixture,
        ]);
        if let Some(now) = now {
            args.extend(["--now", now]);
        }
        let mut shop = command(root, env!("CARGO"), &args);
        shop.stdout(Stdio::piped()).env("RUST_LOG", "warn");
        eprintln!("$ cargo {}", args.join(" "));
        let mut child = shop
            .spawn()
            .map_err(|error| format!("cannot start the reference shop: {error}"))?;
        let stdout = child
            .stdout
            .take()
            .ok_or("the reference shop has no output")?;
        let mut first_line = String::new();
        BufReader::new(stdout).read_line(&mut first_line)?;
        let Some(base_url) = first_line
            .trim()
            .strip_prefix("reference shop listening on ")
        else {
            let _ = child.kill();
            return Err(format!("the reference shop did not start: {first_line:?}").into());
        };
        Ok(ShopProcess {
            base_url: base_url.to_owned(),
            child,
        })
    }
}

impl Drop for ShopProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
