//! The command line: `dmp-bench <all|ping-pong|throughput|fixed-rate|wakeup|inproc|report>
//! [OPTIONS]` (`dmp-bench help COMMAND` for each), plus the hidden `role` and `wake-role`
//! subcommands the orchestrator starts its children with.

pub mod args;
pub mod engines;
mod inproc;
mod measure;

use crate::config::Scenario;
use crate::deathsig;
use crate::engine::{EngineEntry, builtin};
use crate::roles::RoleArgs;
use args::{ChildArgs, Cli, Cmd};
use clap::{CommandFactory, FromArgMatches};

/// Entry point with the built-in engines.
pub fn main() -> ! {
    main_with(builtin())
}

/// Entry point with a custom engine table (e.g. to compare another crate's ring with the same
/// harness). Exits the process.
pub fn main_with(engines: Vec<EngineEntry>) -> ! {
    let cli = parse(std::env::args_os(), &engines).unwrap_or_else(|err| err.exit());
    let code = match run(cli, &engines) {
        Ok(()) => 0,
        Err(err) => {
            eprintln!("dmp-bench: {err}");
            1
        }
    };
    std::process::exit(code)
}

/// The clap command, with `--engines` taking its values from `engines`.
pub fn command(engines: &[EngineEntry]) -> clap::Command {
    let parser = engines::parser(engines);
    ["all", "ping-pong", "throughput", "fixed-rate"]
        .into_iter()
        .fold(Cli::command(), |cmd, name| {
            let parser = parser.clone();
            cmd.mut_subcommand(name, |sub| {
                sub.mut_arg("engines", |arg| arg.value_parser(parser))
            })
        })
}

/// Parses a command line (program name first) against the engine table `engines`.
pub fn parse<I, T>(args: I, engines: &[EngineEntry]) -> Result<Cli, clap::Error>
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    let matches = command(engines).try_get_matches_from(args)?;
    Cli::from_arg_matches(&matches)
}

fn run(cli: Cli, engines: &[EngineEntry]) -> Result<(), String> {
    let measure = |args: &args::RunArgs, scenarios: &[Scenario]| {
        measure::run(&args.config(scenarios), engines, &args.output)
    };
    match cli.command {
        None => command(engines)
            .print_help()
            .map_err(|err| format!("print help: {err}")),
        Some(Cmd::All(args)) => measure(&args, &crate::config::Config::default().scenarios),
        Some(Cmd::PingPong(args)) => measure(&args, &[Scenario::PingPong]),
        Some(Cmd::Throughput(args)) => measure(&args, &[Scenario::Throughput]),
        Some(Cmd::FixedRate(args)) => measure(&args, &[Scenario::FixedRate]),
        Some(Cmd::Wakeup(args)) => crate::wakeup::run(&args.config(), &args.parts()),
        Some(Cmd::Inproc(args)) => inproc::run(&args),
        Some(Cmd::Report(args)) => measure::report(&args),
        Some(Cmd::Role(child)) => {
            arm(&child);
            run_role(&child.json, engines)
        }
        Some(Cmd::WakeRole(child)) => {
            arm(&child);
            crate::wakeup::run_role(&child.json)
        }
    }
}

/// First thing in a child: die with the orchestrator (see [`deathsig`]).
fn arm(child: &ChildArgs) {
    if let Err(err) = deathsig::die_with_parent(child.parent) {
        eprintln!("dmp-bench: {err}");
    }
}

fn run_role(json: &str, engines: &[EngineEntry]) -> Result<(), String> {
    let args: RoleArgs = serde_json::from_str(json).map_err(|e| format!("role args: {e}"))?;
    let engine = engines
        .iter()
        .find(|e| e.name == args.engine)
        .ok_or_else(|| format!("unknown engine {}", args.engine))?;
    let output =
        (engine.run_role)(&args).map_err(|e| format!("{:?} {}: {e}", args.role, args.engine))?;
    let text = serde_json::to_string(&output).expect("output serialises");
    std::fs::write(&args.out, text).map_err(|e| format!("write {}: {e}", args.out))
}
