//! A results.json read back: what `report` prints again and what `--baseline` compares with.
//! Only the summary is read (groups, targets, the run count); the per-run records and curves
//! stay in the file.

use crate::results::{Group, TargetCheck};
use serde::Deserialize;
use std::path::Path;

/// The summary of a saved run.
#[derive(Debug, Deserialize)]
pub struct Saved {
    /// Per (scenario, case, payload): medians, the floor, ratios.
    pub groups: Vec<Group>,
    /// The targets.
    #[serde(default)]
    pub targets: Vec<TargetCheck>,
    config: SavedConfig,
}

#[derive(Debug, Deserialize)]
struct SavedConfig {
    runs: usize,
}

impl Saved {
    /// Reads `path`, a results.json of `all`, `ping-pong`, `throughput` or `fixed-rate`.
    pub fn load(path: &Path) -> Result<Self, String> {
        let what = path.display();
        let text = std::fs::read_to_string(path).map_err(|e| format!("read {what}: {e}"))?;
        Self::parse(&text).map_err(|e| format!("{what}: {e}"))
    }

    /// Parses the text of a results.json.
    pub fn parse(text: &str) -> Result<Self, String> {
        let value: serde_json::Value =
            serde_json::from_str(text).map_err(|e| format!("not JSON: {e}"))?;
        // `wakeup` writes a file of another shape, marked with its scenario.
        if let Some(scenario) = value.get("scenario").and_then(|s| s.as_str()) {
            return Err(format!(
                "a `{scenario}` results file; only those of all, ping-pong, throughput and \
                 fixed-rate hold result tables"
            ));
        }
        serde_json::from_value(value).map_err(|e| format!("not a dmp-bench results file: {e}"))
    }

    /// The runs each median is over.
    pub fn runs(&self) -> usize {
        self.config.runs
    }
}
