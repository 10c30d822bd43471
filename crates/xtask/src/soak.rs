//! `cargo xtask soak`: the long form of the reliability checks — every fuzz target for minutes,
//! with short inputs and then with inputs of up to 256 KiB that must each be answered within
//! 10 s, and the concurrency and kill -9 tests of the reference shop with far larger loads, in release.

use std::path::Path;
use std::time::Instant;

use crate::run::{command, status};
use crate::{Result, fuzz};

/// Runs the soak: `seconds` of fuzzing per target, `updates` concurrent updates, `kills`
/// kill-and-restart rounds.
pub(crate) fn run(root: &Path, seconds: u64, updates: u64, kills: u64) -> Result<()> {
    let started = Instant::now();
    fuzz::run(root, seconds, fuzz::Inputs::Short)?;
    fuzz::run(root, seconds, fuzz::Inputs::Large)?;
    eprintln!("==> fuzzing: ok ({:.1?})", started.elapsed());
    let started = Instant::now();
    let mut tests = command(
        root,
        env!("CARGO"),
        &[
            "test",
            "--release",
            "-p",
            "reference-shop",
            "--test",
            "reliability",
            "--",
            "--nocapture",
        ],
    );
    tests
        .env("SOAK_UPDATES", updates.to_string())
        .env("SOAK_KILLS", kills.to_string());
    eprintln!("SOAK_UPDATES={updates} SOAK_KILLS={kills}");
    status(tests)?;
    eprintln!("==> loads: ok ({:.1?})", started.elapsed());
    Ok(())
}
