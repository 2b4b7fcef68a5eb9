//! The command line: defaults as before clap, every option where it belongs, engines and modes
//! refused by name with the list of valid ones, and help for every subcommand.

use clap::ValueEnum;
use clap::error::ErrorKind;
use disruptor_mp_bench::cli::args::{Cmd, InprocMode, RunArgs};
use disruptor_mp_bench::cli::engines::BuiltinEngine;
use disruptor_mp_bench::cli::parse;
use disruptor_mp_bench::config::{Config, Scenario};
use disruptor_mp_bench::engine::{EngineEntry, EngineKind, builtin};
use disruptor_mp_bench::report::Format;
use std::process::Command;

fn run_args(line: &[&str]) -> RunArgs {
    let args = std::iter::once("dmp-bench").chain(line.iter().copied());
    match parse(args, &builtin()).expect("parses").command {
        Some(Cmd::All(a) | Cmd::PingPong(a) | Cmd::Throughput(a) | Cmd::FixedRate(a)) => a,
        other => panic!("not a measuring command: {other:?}"),
    }
}

fn json(config: &Config) -> serde_json::Value {
    serde_json::to_value(config).expect("config serialises")
}

#[test]
fn no_option_keeps_every_default() {
    let all = run_args(&["all"]);
    assert_eq!(
        json(&all.config(&Config::default().scenarios)),
        json(&Config::default())
    );
    assert_eq!(all.output.format, Format::Text);
    assert!(all.output.baseline.is_none());
    let defaults = Config::default();
    assert_eq!(defaults.engines, ["ours", "floor-cursor", "floor-stamp"]);
    assert_eq!(defaults.payloads, [8, 64, 256, 1024, 4096]);
    assert_eq!(
        (defaults.round_trips, defaults.warmup_round_trips),
        (1_000_000, 100_000)
    );
    assert_eq!(
        (defaults.consumers, defaults.batch, defaults.capacity),
        (2, 64, 1024)
    );
    assert_eq!((defaults.rate, defaults.rate_secs), (1_000_000.0, 2.0));
    assert_eq!(
        (defaults.runs, defaults.divisor, defaults.events),
        (1, 1, None)
    );
}

#[test]
fn every_option_lands_in_its_field() {
    let args = run_args(&[
        "ping-pong",
        "--engines",
        "ours,ours-evictable",
        "--payloads",
        "8,64",
        "--round-trips",
        "1_000",
        "--warmup",
        "100",
        "--events",
        "5000",
        "--consumers",
        "3",
        "--batch",
        "16",
        "--capacity",
        "256",
        "--rate",
        "500000",
        "--rate-secs",
        "0.5",
        "--rate-payload",
        "8",
        "--cores",
        "1,0",
        "--idle",
        "yield",
        "--runs",
        "0",
        "--quick",
        "--out",
        "/tmp/x",
        "--format",
        "markdown",
        "--baseline",
        "old.json",
    ]);
    let c = args.config(&[Scenario::PingPong]);
    assert_eq!(c.scenarios, [Scenario::PingPong]);
    assert_eq!(c.engines, ["ours", "ours-evictable"]);
    assert_eq!(c.payloads, [8, 64]);
    assert_eq!((c.round_trips, c.warmup_round_trips), (1000, 100));
    assert_eq!(c.events, Some(5000));
    assert_eq!((c.consumers, c.batch, c.capacity), (3, 16, 256));
    assert_eq!((c.rate, c.rate_secs, c.rate_payload), (500_000.0, 0.5, 8));
    assert_eq!(c.cores, [1, 0]);
    assert_eq!(c.idle.map(|i| i.name()), Some("yield"));
    assert_eq!(c.runs, 1, "--runs 0 runs once, as before");
    assert_eq!(c.divisor, 100);
    assert_eq!(c.out_dir, std::path::Path::new("/tmp/x"));
    assert_eq!(args.output.format, Format::Markdown);
    assert_eq!(args.output.baseline.as_deref(), Some("old.json".as_ref()));
}

#[test]
fn an_unknown_engine_is_refused_with_the_list() {
    let err = parse(
        ["dmp-bench", "throughput", "--engines", "ours,our"],
        &builtin(),
    )
    .expect_err("unknown engine");
    assert_eq!(err.kind(), ErrorKind::InvalidValue);
    let text = err.to_string();
    assert!(text.contains("'our'"), "{text}");
    assert!(text.contains("ours-evictable"), "{text}");
    let err = parse(["dmp-bench", "inproc", "--engine", "floor"], &builtin())
        .expect_err("unknown inproc engine");
    assert_eq!(err.kind(), ErrorKind::InvalidValue);
    let err = parse(["dmp-bench", "inproc", "--mode", "both"], &builtin()).expect_err("mode");
    assert_eq!(err.kind(), ErrorKind::InvalidValue);
    assert!(err.to_string().contains("single, batch"), "{err}");
    let err = parse(["dmp-bench", "inproc", "--payload", "big"], &builtin()).expect_err("size");
    assert_eq!(err.kind(), ErrorKind::ValueValidation);
}

#[test]
fn the_engine_enum_is_the_builtin_table() {
    let listed: Vec<String> = BuiltinEngine::value_variants()
        .iter()
        .map(|e| e.to_string())
        .collect();
    let table: Vec<&str> = builtin().iter().map(|e| e.name).collect();
    assert_eq!(listed, table);
}

#[test]
fn an_added_engine_is_accepted_where_its_table_is_used() {
    let mut engines = builtin();
    engines.push(EngineEntry {
        name: "theirs",
        kind: EngineKind::Other,
        run_role: engines[0].run_role,
    });
    let line = ["dmp-bench", "all", "--engines", "ours,theirs"];
    assert!(parse(line, &engines).is_ok());
    assert!(parse(line, &builtin()).is_err());
}

#[test]
fn inproc_keeps_the_callgrind_script_s_command_line() {
    let line = [
        "dmp-bench",
        "inproc",
        "--engine",
        "floor-stamp",
        "--payload",
        "8",
        "--events",
        "200000",
        "--mode",
        "batch",
    ];
    let Some(Cmd::Inproc(a)) = parse(line, &builtin()).expect("parses").command else {
        panic!("not inproc");
    };
    assert_eq!(a.engine, BuiltinEngine::FloorStamp);
    assert_eq!(
        (a.payload, a.events, a.mode),
        (8, 200_000, InprocMode::Batch)
    );
    let Some(Cmd::Inproc(d)) = parse(["dmp-bench", "inproc"], &builtin())
        .expect("parses")
        .command
    else {
        panic!("not inproc");
    };
    assert_eq!(d.engine, BuiltinEngine::Ours);
    assert_eq!(
        (d.payload, d.events, d.mode),
        (64, 1_000_000, InprocMode::Single)
    );
    assert_eq!((d.batch, d.capacity), (None, None));
}

#[test]
fn child_roles_parse_but_are_hidden() {
    let line = ["dmp-bench", "role", "--parent", "42", "{\"a\":1}"];
    let Some(Cmd::Role(child)) = parse(line, &builtin()).expect("parses").command else {
        panic!("not a role");
    };
    assert_eq!((child.parent, child.json.as_str()), (Some(42), "{\"a\":1}"));
    let help = disruptor_mp_bench::cli::command(&builtin())
        .render_help()
        .to_string();
    assert!(
        help.contains("ping-pong") && !help.contains("role"),
        "{help}"
    );
}

const SUBCOMMANDS: [&str; 7] = [
    "all",
    "ping-pong",
    "throughput",
    "fixed-rate",
    "wakeup",
    "inproc",
    "report",
];

#[test]
fn every_subcommand_has_help() {
    for sub in SUBCOMMANDS {
        let err = parse(["dmp-bench", sub, "--help"], &builtin()).expect_err("help");
        assert_eq!(err.kind(), ErrorKind::DisplayHelp, "{sub}");
        let text = err.to_string();
        assert!(text.contains(&format!("Usage: dmp-bench {sub}")), "{text}");
    }
}

#[test]
fn the_binary_prints_help_and_exits_zero() {
    let exe = env!("CARGO_BIN_EXE_dmp-bench");
    let lines: Vec<Vec<&str>> = std::iter::once(vec![])
        .chain(SUBCOMMANDS.iter().map(|s| vec!["help", *s]))
        .collect();
    for line in lines {
        let out = Command::new(exe).args(&line).output().expect("runs");
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success(), "{line:?}: {}", out.status);
        assert!(stdout.contains("Usage: dmp-bench"), "{line:?}: {stdout}");
    }
    let out = Command::new(exe)
        .args(["ping-pong", "--engines", "nope"])
        .output()
        .expect("runs");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("possible values"));
}
