//! `dmp`: see disruptor-mp rings from outside their processes (issue 15, point 3). Every read
//! goes through the library's read-only inspection API (`disruptor_mp::inspect`); this binary
//! only parses the command line and prints.

mod cli;
mod exit;
mod gc;
mod inspect;
mod json;
mod ls;
mod stat;

use clap::Parser;
use disruptor_mp::inspect::{InspectError, RingLocation};
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

/// Why a command stopped.
#[derive(Debug)]
pub enum Failure {
    /// A ring (or the directory) could not be read.
    Inspect(InspectError),
    /// Writing the output failed (a closed pipe).
    Output(std::io::Error),
}

impl From<InspectError> for Failure {
    fn from(err: InspectError) -> Self {
        Self::Inspect(err)
    }
}

impl From<std::io::Error> for Failure {
    fn from(err: std::io::Error) -> Self {
        Self::Output(err)
    }
}

/// What a command returns: its exit code, or why it failed.
pub type Outcome = Result<u8, Failure>;

/// The ring `name`: in shared memory, or `<dir>/<name>.ring`.
pub fn location(name: &str, dir: Option<&Path>) -> RingLocation {
    match dir {
        Some(dir) => RingLocation::in_dir(dir, name),
        None => RingLocation::Shm(name.to_owned()),
    }
}

/// Prints `value` as one JSON document.
pub fn print_json(out: &mut impl Write, value: &serde_json::Value) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, value)?;
    writeln!(out)
}

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let outcome = match cli.command {
        cli::Command::Ls(scope) => ls::run(&scope, &mut out),
        cli::Command::Inspect(args) => inspect::run(&args, &mut out),
        cli::Command::Stat(args) => stat::run(&args, &mut out),
        cli::Command::Gc(args) => gc::run(&args, &mut out),
    };
    let code = match outcome {
        Ok(code) => code,
        Err(Failure::Inspect(err)) => {
            eprintln!("dmp: {err}");
            exit::code(&err)
        }
        // A reader that went away (`dmp ls | head`) is not worth a message.
        Err(Failure::Output(err)) if err.kind() == std::io::ErrorKind::BrokenPipe => exit::OK,
        Err(Failure::Output(err)) => {
            eprintln!("dmp: writing the output failed: {err}");
            exit::OTHER
        }
    };
    ExitCode::from(code)
}
