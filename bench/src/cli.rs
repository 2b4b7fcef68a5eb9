//! The command line: `dmp-bench <all|ping-pong|throughput|fixed-rate|inproc|help> [options]`,
//! plus the hidden `role` command children are started with. A hand parser: a dozen
//! `--name value` options do not pay for an argument-parsing crate.

use crate::affinity::{Idle, online_cores};
use crate::clock::TickScale;
use crate::config::{Config, Scenario};
use crate::engine::{EngineEntry, builtin};
use crate::orchestrate;
use crate::report::{self, Document};
use crate::results::{self, Record};
use crate::roles::{RoleArgs, inproc};
use crate::session::Session;
use std::path::PathBuf;

const USAGE: &str = "\
dmp-bench — cross-process benchmarks of disruptor-mp against a hand-written floor

USAGE: dmp-bench <COMMAND> [OPTIONS]

COMMANDS
  all          ping-pong, throughput and fixed-rate (the full run)
  ping-pong    round trips over two rings
  throughput   events/s, 1→1 and 1→N, single and batch publish
  fixed-rate   latency from the intended send time at a fixed rate
  wakeup       wake-up latency and idle CPU of blocked consumers/producers
               (not part of `all`; --quick: 1,000 wake-ups, 1 s windows;
               --events N: wake-ups per strategy [100000])
  inproc       publish+consume in one process (for callgrind; see bench/callgrind.sh)
  help         this text

OPTIONS (defaults are the full run)
  --engines a,b,…     engines to run [ours,floor-cursor,floor-stamp]
                      (also: floor-stamp-a64, a stamped floor with 64-byte slots;
                      floor-cursor-padded, a cursor floor with our slot layout)
  --payloads 8,64,…   payload sizes in bytes [8,64,256,1024,4096]
  --round-trips N     measured ping-pong round trips [1000000]
  --warmup N          unmeasured round trips first [100000]
  --events N          throughput events per run [10M up to 256 B, 4 GiB of payload above]
  --consumers N       consumers of the 1→N throughput case [2]
  --batch N           events per batch publish [64]
  --capacity N        slots per ring [1024]
  --rate N            fixed-rate events per second [1000000]
  --rate-secs S       fixed-rate measured seconds [2]
  --rate-payload N    fixed-rate payload bytes [64]
  --cores a,b,…       cores to pin processes to, in order [all online cores]
  --idle spin|pause|yield  waiting policy [spin if every process has a core, else yield]
  --runs N            repeat everything N times and report medians [1]
  --quick             divide every count by 100 (smoke test)
  --out DIR           where results.json and latency.svg go [target/bench]
  inproc only: --engine E --payload N --events N --mode single|batch
";

fn list<T: std::str::FromStr>(text: &str) -> Result<Vec<T>, String> {
    text.split(',')
        .filter(|s| !s.is_empty())
        .map(|s| s.trim().parse().map_err(|_| format!("bad list item {s:?}")))
        .collect()
}

fn number<T: std::str::FromStr>(text: &str) -> Result<T, String> {
    text.replace('_', "")
        .parse()
        .map_err(|_| format!("bad number {text:?}"))
}

/// Parses options into `config` (and the `inproc` extras into `extra`).
fn parse_options(
    args: &[String],
    config: &mut Config,
    extra: &mut Vec<(String, String)>,
) -> Result<(), String> {
    let mut it = args.iter();
    while let Some(flag) = it.next() {
        if flag == "--quick" {
            config.divisor = 100;
            continue;
        }
        let value = it
            .next()
            .ok_or_else(|| format!("{flag} needs a value"))?
            .as_str();
        match flag.as_str() {
            "--engines" => config.engines = list(value)?,
            "--payloads" => config.payloads = list(value)?,
            "--round-trips" => config.round_trips = number(value)?,
            "--warmup" => config.warmup_round_trips = number(value)?,
            "--events" => config.events = Some(number(value)?),
            "--consumers" => config.consumers = number(value)?,
            "--batch" => config.batch = number(value)?,
            "--capacity" => config.capacity = number(value)?,
            "--rate" => config.rate = number(value)?,
            "--rate-secs" => config.rate_secs = number(value)?,
            "--rate-payload" => config.rate_payload = number(value)?,
            "--cores" => config.cores = list(value)?,
            "--idle" => {
                config.idle = Some(Idle::parse(value).ok_or("--idle is spin, pause or yield")?)
            }
            "--runs" => config.runs = number::<usize>(value)?.max(1),
            "--out" => config.out_dir = PathBuf::from(value),
            "--engine" | "--payload" | "--mode" => {
                extra.push((flag.trim_start_matches('-').to_owned(), value.to_owned()))
            }
            other => return Err(format!("unknown option {other} (see `dmp-bench help`)")),
        }
    }
    Ok(())
}

/// Entry point with the built-in engines.
pub fn main() -> ! {
    main_with(builtin())
}

/// Entry point with a custom engine table (e.g. to compare another crate's ring with the same
/// harness). Exits the process.
pub fn main_with(engines: Vec<EngineEntry>) -> ! {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let code = match run(&args, &engines) {
        Ok(()) => 0,
        Err(err) => {
            eprintln!("dmp-bench: {err}");
            1
        }
    };
    std::process::exit(code)
}

fn run(args: &[String], engines: &[EngineEntry]) -> Result<(), String> {
    let Some(command) = args.first() else {
        print!("{USAGE}");
        return Ok(());
    };
    if command == "role" {
        return run_role(args.get(1).ok_or("role needs its arguments")?, engines);
    }
    if command == "wake-role" {
        return crate::wakeup::run_role(args.get(1).ok_or("wake-role needs its arguments")?);
    }
    let mut config = Config::default();
    let mut extra = Vec::new();
    parse_options(&args[1..], &mut config, &mut extra)?;
    config.scenarios = match command.as_str() {
        "all" => config.scenarios,
        "ping-pong" | "pingpong" => vec![Scenario::PingPong],
        "throughput" => vec![Scenario::Throughput],
        "fixed-rate" => vec![Scenario::FixedRate],
        "wakeup" => return crate::wakeup::run(&config),
        "inproc" => return run_inproc(&config, &extra),
        "help" | "--help" | "-h" => {
            print!("{USAGE}");
            return Ok(());
        }
        other => return Err(format!("unknown command {other} (see `dmp-bench help`)")),
    };
    for name in &config.engines {
        if !engines.iter().any(|e| e.name == name.as_str()) {
            let known: Vec<&str> = engines.iter().map(|e| e.name).collect();
            return Err(format!(
                "unknown engine {name}; known: {}",
                known.join(", ")
            ));
        }
    }
    orchestrate(&config, engines)
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

fn run_inproc(config: &Config, extra: &[(String, String)]) -> Result<(), String> {
    let get = |key: &str| {
        extra
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    };
    let engine = get("engine").unwrap_or("ours");
    let payload: usize = number(get("payload").unwrap_or("64"))?;
    let events = config.events.unwrap_or(1_000_000);
    let mode = match get("mode").unwrap_or("single") {
        "single" => inproc::Mode::Single,
        "batch" => inproc::Mode::Batch(config.batch),
        other => return Err(format!("--mode is single or batch, not {other}")),
    };
    let names = orchestrate::Names::new(&std::env::temp_dir());
    let name = names.object("inproc");
    let bad = inproc_dispatch(engine, &name, payload, config.capacity, events, mode)?;
    println!("inproc engine={engine} payload={payload} events={events} mode={mode:?} bad={bad}");
    if bad > 0 {
        return Err(format!("{bad} events failed validation"));
    }
    Ok(())
}

fn inproc_dispatch(
    engine: &str,
    name: &str,
    payload: usize,
    capacity: usize,
    events: u64,
    mode: inproc::Mode,
) -> Result<u64, String> {
    use crate::engine::taught::{self, Taught};
    use crate::engine::{floor, ours};
    match engine {
        "ours" => inproc::run_loop::<ours::Ours>(name, payload, capacity, events, mode),
        "ours-evictable" => {
            inproc::run_loop::<ours::OursEvictable>(name, payload, capacity, events, mode)
        }
        "floor-cursor" => {
            inproc::run_loop::<floor::FloorCursor>(name, payload, capacity, events, mode)
        }
        "floor-stamp" => {
            inproc::run_loop::<floor::FloorStamp>(name, payload, capacity, events, mode)
        }
        "ours-poll" => {
            inproc::run_loop::<Taught<{ taught::POLL }>>(name, payload, capacity, events, mode)
        }
        "ours-next" => {
            inproc::run_loop::<Taught<{ taught::NEXT }>>(name, payload, capacity, events, mode)
        }
        "ours-leased" => {
            inproc::run_loop::<Taught<{ taught::LEASED }>>(name, payload, capacity, events, mode)
        }
        "ours-blocking" => {
            inproc::run_loop::<Taught<{ taught::BLOCKING }>>(name, payload, capacity, events, mode)
        }
        "floor-stamp-a64" => {
            inproc::run_loop::<floor::FloorStampA64>(name, payload, capacity, events, mode)
        }
        other => Err(format!("inproc supports the built-in engines, not {other}")),
    }
}

fn orchestrate(config: &Config, engines: &[EngineEntry]) -> Result<(), String> {
    let session = Session::start(&config.out_dir)?;
    let scale = session.scale;
    eprintln!(
        "dmp-bench: {} core(s) online, pinning to {:?}, load {}, {:.3} ticks/ns{}",
        online_cores(),
        config.cores,
        session.load_start,
        scale.ticks_per_ns,
        session.swept_note()
    );
    if config.consumers + 1 > config.cores.len() && config.scenarios.contains(&Scenario::Throughput)
    {
        eprintln!(
            "dmp-bench: 1→{} throughput runs {} processes on {} core(s): they yield when idle \
             instead of spinning (and share cores)",
            config.consumers,
            config.consumers + 1,
            config.cores.len()
        );
    }
    let mut records: Vec<Record> = Vec::new();
    for run in 0..config.runs {
        eprintln!("run {}/{}", run + 1, config.runs);
        plan_run(config, scale, run, &mut records)?;
    }
    let groups = results::summarise(&records, engines);
    let targets = results::targets(&groups);
    let table = report::table::render(&groups, &targets, config.runs);
    println!("{table}");
    let svg = config.out_dir.join("latency.svg");
    let panels = report::plot::write(&groups, &svg)?;
    let doc = Document {
        meta: session.meta(),
        config,
        groups: &groups,
        targets: &targets,
        runs: &records,
        curves: report::curves(&groups),
    };
    let json_path = config.out_dir.join("results.json");
    let text = serde_json::to_string_pretty(&doc).expect("results serialise");
    std::fs::write(&json_path, text).map_err(|e| format!("write {}: {e}", json_path.display()))?;
    println!(
        "load {} → {}; wrote {} and {} ({panels} panels); {:.0} s",
        doc.meta.load_start,
        doc.meta.load_end,
        json_path.display(),
        svg.display(),
        doc.meta.seconds
    );
    let bad: u64 = records.iter().map(|r| r.bad).sum();
    if bad > 0 {
        return Err(format!("{bad} events failed validation"));
    }
    Ok(())
}

fn plan_run(
    config: &Config,
    scale: TickScale,
    run: usize,
    records: &mut Vec<Record>,
) -> Result<(), String> {
    crate::plan::run_all(config, scale, run, &mut |record| records.push(record))
}
