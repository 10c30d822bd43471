//! `cargo xtask fuzz --seconds N`: builds every libFuzzer target of `fuzz/` and runs each for N
//! seconds, then reports the executions and the crashes of each. `cargo xtask soak` adds a round
//! of large inputs ([`Inputs::Large`]): requests of up to 256 KiB, each of which must be answered
//! within 10 s, so that superlinear work shows up as a timeout.
//!
//! The targets are built with `--sanitizer none`: only the stable toolchain is installed and
//! AddressSanitizer needs `-Zsanitizer`; the project's code forbids `unsafe`, so the fuzzers hunt
//! panics, failed invariants and hangs, which libFuzzer catches without a sanitizer.

use std::path::Path;
use std::process::Command;

use crate::Result;
use crate::run::{command, output, status};

/// The cargo-fuzz release the targets are built with.
const CARGO_FUZZ: &str = "0.13.2";

/// The inputs libFuzzer makes.
#[derive(Clone, Copy)]
pub(crate) enum Inputs {
    /// libFuzzer's defaults: short inputs, grown slowly from the seeds.
    Short,
    /// Inputs of up to 256 KiB from the start, each to be answered within 10 s (a timeout is
    /// reported as a crash, with its input in `fuzz/artifacts/`).
    Large,
}

impl Inputs {
    fn flags(self) -> &'static [&'static str] {
        match self {
            Inputs::Short => &[],
            Inputs::Large => &["-max_len=262144", "-len_control=0", "-timeout=10"],
        }
    }
}

/// What one target did.
struct Report {
    target: String,
    executions: u64,
    crashes: usize,
    /// For a crash: the panic message and the input, to reproduce it from a log alone.
    detail: String,
}

/// Builds and runs every target for `seconds` each; fails when any found a crash.
pub(crate) fn run(root: &Path, seconds: u64, inputs: Inputs) -> Result<()> {
    ensure_cargo_fuzz(root)?;
    status(fuzz_command(root, &["build", "-O", "--sanitizer", "none"]))?;
    let listed = output(fuzz_command(root, &["list"])).ok_or("`cargo fuzz list` failed")?;
    let mut reports = Vec::new();
    for target in listed
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
    {
        reports.push(run_target(root, target, seconds, inputs)?);
    }
    println!(
        "\n{:<22} {:>12} {:>8}",
        "fuzz target", "executions", "crashes"
    );
    for report in &reports {
        println!(
            "{:<22} {:>12} {:>8}",
            report.target, report.executions, report.crashes
        );
    }
    let crashed: Vec<String> = reports
        .iter()
        .filter(|report| report.crashes > 0)
        .map(|report| format!("{} ({})", report.target, report.detail))
        .collect();
    if crashed.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "crashes in {}; the inputs are in fuzz/artifacts/: turn each into a regression test",
            crashed.join("; ")
        )
        .into())
    }
}

fn run_target(root: &Path, target: &str, seconds: u64, inputs: Inputs) -> Result<Report> {
    let max_time = format!("-max_total_time={seconds}");
    let mut args = vec!["run", "-O", "--sanitizer", "none", target, "--", &max_time];
    args.extend_from_slice(inputs.flags());
    let mut fuzz = fuzz_command(root, &args);
    eprintln!("$ cargo fuzz {}", args.join(" "));
    let ran = fuzz
        .output()
        .map_err(|error| format!("cannot run `cargo fuzz run {target}`: {error}"))?;
    let log = String::from_utf8_lossy(&ran.stderr);
    // libFuzzer ends a clean run with "Done <n> runs in <s> second(s)"; a crash with the path
    // of the input it wrote.
    let executions = log
        .lines()
        .rev()
        .find_map(|line| line.strip_prefix("Done ")?.split(' ').next()?.parse().ok())
        .unwrap_or_else(|| last_execution_count(&log));
    let written: Vec<&str> = log
        .lines()
        .filter_map(|line| Some(line.split_once("Test unit written to ")?.1.trim()))
        .collect();
    let crashes = written.len();
    let detail = crash_detail(root, &log, &written);
    if !ran.status.success() {
        let tail: Vec<&str> = log.lines().rev().take(30).collect();
        eprintln!("{}", tail.into_iter().rev().collect::<Vec<_>>().join("\n"));
        if crashes == 0 {
            return Err(format!("`cargo fuzz run {target}` failed ({})", ran.status).into());
        }
    }
    Ok(Report {
        target: target.to_owned(),
        executions,
        crashes,
        detail,
    })
}

/// The panic (or libFuzzer's error) line and each written input in hex, cut to 2 KiB.
fn crash_detail(root: &Path, log: &str, written: &[&str]) -> String {
    let lines: Vec<&str> = log.lines().collect();
    // Rust writes the panic's place on one line and its message on the next.
    let mut detail = lines
        .iter()
        .position(|line| line.contains("panicked at") || line.contains("ERROR: libFuzzer"))
        .map_or_else(
            || String::from("no panic message"),
            |at| {
                lines[at..lines.len().min(at + 2)]
                    .join(" ")
                    .trim()
                    .to_owned()
            },
        );
    for file in written {
        let bytes = std::fs::read(root.join("fuzz").join(file))
            .or_else(|_| std::fs::read(file))
            .unwrap_or_default();
        let hex: String = bytes
            .iter()
            .take(2048)
            .map(|byte| format!("{byte:02x}"))
            .collect();
        detail.push_str(&format!("; input {file} ({} bytes): {hex}", bytes.len()));
    }
    detail
}

/// The last `#<n>` status line of libFuzzer, for a run cut short by a crash.
fn last_execution_count(log: &str) -> u64 {
    log.lines()
        .rev()
        .find_map(|line| {
            line.strip_prefix('#')?
                .split_whitespace()
                .next()?
                .parse()
                .ok()
        })
        .unwrap_or(0)
}

fn fuzz_command(root: &Path, args: &[&str]) -> Command {
    let mut all = vec!["fuzz"];
    all.extend_from_slice(args);
    command(root, env!("CARGO"), &all)
}

/// Makes sure `cargo fuzz` is installed, installing it from crates.io when it is not.
fn ensure_cargo_fuzz(root: &Path) -> Result<()> {
    if output(fuzz_command(root, &["--version"])).is_some() {
        return Ok(());
    }
    status(command(
        root,
        env!("CARGO"),
        &["install", "cargo-fuzz", "--locked", "--version", CARGO_FUZZ],
    ))
    .map_err(|error| format!("cannot install cargo-fuzz: {error}").into())
}
