//! The measuring subcommands (`all`, `ping-pong`, `throughput`, `fixed-rate`) and `report`:
//! run the plan, print the tables, write results.json and latency.svg; or print a saved file.

use crate::affinity::online_cores;
use crate::cli::args::{OutputArgs, ReportArgs};
use crate::config::{Config, Scenario};
use crate::engine::EngineEntry;
use crate::report::{self, Baseline, Document, Saved};
use crate::results::{self, Record};
use crate::session::Session;

/// The baseline named by `--baseline`, read before anything is measured so a bad path fails in
/// a second, not after the run.
fn baseline(output: &OutputArgs) -> Result<Option<Baseline>, String> {
    output.baseline.as_deref().map(Baseline::load).transpose()
}

/// `dmp-bench report FILE`.
pub fn report(args: &ReportArgs) -> Result<(), String> {
    let baseline = baseline(&args.output)?;
    let saved = Saved::load(&args.file)?;
    let text = report::render(
        &saved.groups,
        &saved.targets,
        saved.runs(),
        args.output.format,
        baseline.as_ref(),
    );
    print!("{text}");
    Ok(())
}

/// Runs `config`'s scenarios with `engines`.
pub fn run(config: &Config, engines: &[EngineEntry], output: &OutputArgs) -> Result<(), String> {
    let baseline = baseline(output)?;
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
        crate::plan::run_all(config, scale, run, &mut |record| records.push(record))?;
    }
    let groups = results::summarise(&records, engines);
    let targets = results::targets(&groups);
    let table = report::render(
        &groups,
        &targets,
        config.runs,
        output.format,
        baseline.as_ref(),
    );
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
