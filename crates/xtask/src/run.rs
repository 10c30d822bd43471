//! Running external commands, echoing them first.

use std::path::Path;
use std::process::Command;

use crate::Result;

/// Builds a command that runs `program` with `args` in `dir`.
pub(crate) fn command(dir: &Path, program: &str, args: &[&str]) -> Command {
    let mut command = Command::new(program);
    command.args(args).current_dir(dir);
    command
}

/// Runs a command to completion, echoing it; fails when it cannot start or exits non-zero.
pub(crate) fn status(mut command: Command) -> Result<()> {
    eprintln!("$ {}", describe(&command));
    let status = command
        .status()
        .map_err(|error| format!("cannot start `{}`: {error}", describe(&command)))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{}` failed ({status})", describe(&command)).into())
    }
}

/// Runs a command quietly and returns its standard output, or `None` when it cannot run or fails.
pub(crate) fn output(mut command: Command) -> Option<String> {
    let output = command.output().ok()?;
    output
        .status
        .success()
        .then(|| String::from_utf8_lossy(&output.stdout).into_owned())
}

fn describe(command: &Command) -> String {
    let mut words = vec![command.get_program().to_string_lossy().into_owned()];
    words.extend(
        command
            .get_args()
            .map(|arg| arg.to_string_lossy().into_owned()),
    );
    words.join(" ")
}
