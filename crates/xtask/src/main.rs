//! Project tasks, run as `cargo xtask <task>` from anywhere in the workspace.
//!
//! Each task prints the commands it runs and says which step failed and why.

mod bench;
mod codegen;
mod demo;
mod fuzz;
mod pkg;
mod pkg_tests;
mod run;
mod shop;
mod size;
mod soak;
mod test;
mod tools;
mod wasm_tools;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// The result of a task; errors are messages for the person at the terminal.
type Result<T> = std::result::Result<T, Box<dyn std::error::Error>>;

#[derive(Parser)]
#[command(name = "cargo xtask", about = "customer-sdk project tasks")]
struct Cli {
    #[command(subcommand)]
    task: Task,
}

#[derive(Subcommand)]
enum Task {
    /// Regenerate the Rust client from openapi/customer-api.yaml.
    Codegen {
        /// Fail instead of writing when the committed client differs from the spec.
        #[arg(long)]
        check: bool,
    },
    /// Build the npm package in pkg/ (WebAssembly, glue, declarations) and print its sizes.
    Pkg,
    /// Build the npm package and show where the bytes of its WebAssembly module come from.
    Size,
    /// Install what is missing, then run every check and test of the project.
    Test,
    /// Measure size and speed against ajv, zod and Prism; write BENCHMARKS.md.
    Bench,
    /// Run the demo: live-validated customer forms against the reference shop.
    Demo,
    /// Build every fuzz target of fuzz/ and run each for a while; report executions and crashes.
    Fuzz {
        /// Seconds of fuzzing per target.
        #[arg(long, default_value_t = 60)]
        seconds: u64,
    },
    /// The long reliability run: minutes of fuzzing, large concurrent loads, many kill -9s.
    Soak {
        /// Seconds of fuzzing per target.
        #[arg(long, default_value_t = 300)]
        seconds: u64,
        /// Concurrent updates sent by the 32 clients.
        #[arg(long, default_value_t = 100_000)]
        updates: u64,
        /// Kill-and-restart rounds of the crash test.
        #[arg(long, default_value_t = 20)]
        kills: u64,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let outcome = match cli.task {
        Task::Codegen { check } => codegen::run(check),
        Task::Pkg => pkg::run(),
        Task::Size => size::run(),
        Task::Test => test::run(),
        Task::Demo => demo::run(),
        Task::Fuzz { seconds } => fuzz::run(&workspace_root(), seconds, fuzz::Inputs::Short),
        Task::Soak {
            seconds,
            updates,
            kills,
        } => soak::run(&workspace_root(), seconds, updates, kills),
        Task::Bench => bench::run(),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("xtask: {error}");
            ExitCode::FAILURE
        }
    }
}

/// The workspace root (the folder holding the top-level Cargo.toml).
fn workspace_root() -> PathBuf {
    let manifest_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest_dir
        .ancestors()
        .nth(2)
        .map(PathBuf::from)
        .unwrap_or(manifest_dir)
}
