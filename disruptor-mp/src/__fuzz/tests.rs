//! The regression corpus: every input the fuzzers kept (minimised, under
//! `disruptor-mp/tests/fuzz-corpus/<target>/`), and the seeds, run through the same entry points
//! as ordinary tests, so CI replays what fuzzing found without a fuzzer.

use super::{TARGETS, seeds};
use std::path::PathBuf;

/// The corpus directory of `target`.
fn corpus_dir(target: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("fuzz-corpus")
        .join(target)
}

/// Whether this is a copy made by `cargo package` (which leaves `Cargo.toml.orig` beside the
/// manifest): the published crate ships without the corpus, so there is nothing to replay.
fn packaged_without_corpus() -> bool {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    root.join("Cargo.toml.orig").exists() && !root.join("tests").join("fuzz-corpus").exists()
}

#[test]
fn every_regression_input_runs_cleanly() {
    if packaged_without_corpus() {
        eprintln!("skipped: a packaged copy of the crate has no regression corpus");
        return;
    }
    // Under Miri (which needs `-Zmiri-disable-isolation` to read the files), a sample: each
    // input costs a second or more there.
    let step = if cfg!(miri) { 40 } else { 1 };
    for (target, run) in TARGETS {
        let dir = corpus_dir(target);
        let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
            .unwrap_or_else(|err| panic!("{}: {err}", dir.display()))
            .map(|entry| entry.expect("a readable directory entry").path())
            .collect();
        files.sort();
        assert!(
            files.len() >= 20,
            "{target}: only {} regression inputs in {}",
            files.len(),
            dir.display()
        );
        for file in files.into_iter().step_by(step) {
            let data = std::fs::read(&file).unwrap_or_else(|err| panic!("{file:?}: {err}"));
            // A panic names the file, so `fuzz/run.sh` can replay it under the fuzzer.
            let outcome = std::panic::catch_unwind(|| run(&data));
            assert!(outcome.is_ok(), "{target}: {} failed", file.display());
        }
    }
}

#[test]
fn every_seed_runs_cleanly() {
    let seeds = seeds();
    for (target, _) in TARGETS {
        assert!(
            seeds.iter().filter(|(t, _)| *t == target).count() >= 4,
            "{target} has seeds"
        );
    }
    // Under Miri, a sample: each seed costs seconds there.
    let step = if cfg!(miri) { 7 } else { 1 };
    for (target, data) in seeds.iter().step_by(step) {
        let (_, run) = TARGETS
            .iter()
            .find(|(name, _)| name == target)
            .expect("a known target");
        run(data);
    }
}

#[test]
fn the_empty_input_and_short_garbage_run_cleanly() {
    for (_, run) in TARGETS {
        run(&[]);
        run(&[0xFF; 3]);
        run(&[0x00; 40]);
    }
}

/// Writes the seeds as files for the fuzzers to start from: `fuzz/run.sh` runs this with
/// `DMP_FUZZ_SEEDS=<dir>` and gets `<dir>/<target>/seed-<n>`.
#[test]
#[ignore = "a tool for fuzz/run.sh, not a test"]
fn export_seeds() {
    let Some(out) = std::env::var_os("DMP_FUZZ_SEEDS") else {
        return;
    };
    for (n, (target, data)) in seeds().into_iter().enumerate() {
        let dir = PathBuf::from(&out).join(target);
        std::fs::create_dir_all(&dir).expect("create the seed directory");
        std::fs::write(dir.join(format!("seed-{n:03}")), data).expect("write a seed");
    }
}
