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
        ShopProcess::start_at(root, fixture, None)
    }

    /// Like [`ShopProcess::start`], on a fixed clock (`--now`, RFC 3339) when `now` is given.
    pub(crate) fn start_at(root: &Path, fixture: &str, now: Option<&str>) -> Result<ShopProcess> {
        let mut args = vec!["run", "--quiet", "--package", "reference-shop", "--"];
        args.extend(shop_options(fixture, now));
        ShopProcess::spawn(root, env!("CARGO"), &args)
    }

    /// Starts a shop binary already built (the release build of the benchmarks) the same way.
    pub(crate) fn start_binary(root: &Path, binary: &Path, fixture: &str) -> Result<ShopProcess> {
        ShopProcess::spawn(
            root,
            &binary.to_string_lossy(),
            &shop_options(fixture, None),
        )
    }

    fn spawn(root: &Path, program: &str, args: &[&str]) -> Result<ShopProcess> {
        let mut shop = command(root, program, args);
        shop.stdout(Stdio::piped()).env("RUST_LOG", "warn");
        eprintln!("$ {program} {}", args.join(" "));
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

/// The shop's options: an in-memory database seeded from `fixture`, a free port, and the fixed
/// clock `now` when given.
fn shop_options<'a>(fixture: &'a str, now: Option<&'a str>) -> Vec<&'a str> {
    let mut options = vec!["--db", ":memory:", "--port", "0", "--fixtures", fixture];
    if let Some(now) = now {
        options.extend(["--now", now]);
    }
    options
}

impl Drop for ShopProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
