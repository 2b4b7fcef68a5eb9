//! `--baseline FILE`: each engine's figures divided by the same engine's figures in a saved run
//! (same scenario, case and payload). A figure without a match is reported as such, never
//! compared with something else.

use crate::report::Saved;
use crate::results::{EngineFigures, Group, Latency};
use std::path::Path;

/// A saved run to compare with.
#[derive(Debug)]
pub struct Baseline {
    /// The file, as named on the command line.
    pub path: String,
    groups: Vec<Group>,
}

/// This run ÷ the baseline, for one engine in one group. NaN where the baseline's figure is
/// zero or missing from its file.
#[derive(Clone, Copy, Debug)]
pub enum Versus {
    /// Latency percentiles (`samples` is 0).
    Latency(Latency),
    /// Events per second and payload GB/s.
    Throughput {
        /// Events per second.
        events_per_s: f64,
        /// GB/s.
        gb_per_s: f64,
    },
}

impl Baseline {
    /// Reads the results.json at `path`.
    pub fn load(path: &Path) -> Result<Self, String> {
        let saved = Saved::load(path).map_err(|e| format!("--baseline {e}"))?;
        Ok(Self::new(path.display().to_string(), saved.groups))
    }

    /// A baseline of `groups`, called `path` in the output.
    pub fn new(path: String, groups: Vec<Group>) -> Self {
        Self { path, groups }
    }

    fn find(&self, group: &Group, engine: &str) -> Option<&EngineFigures> {
        self.groups
            .iter()
            .find(|g| {
                g.scenario == group.scenario && g.case == group.case && g.payload == group.payload
            })
            .and_then(|g| g.engines.iter().find(|e| e.engine == engine))
    }

    /// `now` ÷ its match in the baseline; `None` if the baseline has no match or no figure of
    /// the same kind.
    pub fn versus(&self, group: &Group, now: &EngineFigures) -> Option<Versus> {
        let then = self.find(group, &now.engine)?;
        if let (Some(a), Some(b)) = (now.latency, then.latency) {
            return Some(Versus::Latency(Latency {
                p50: a.p50 / b.p50,
                p90: a.p90 / b.p90,
                p99: a.p99 / b.p99,
                p99_9: a.p99_9 / b.p99_9,
                p99_99: a.p99_99 / b.p99_99,
                max: a.max / b.max,
                mean: a.mean / b.mean,
                samples: 0,
            }));
        }
        let (a, b) = (now.throughput?, then.throughput?);
        Some(Versus::Throughput {
            events_per_s: a.events_per_s / b.events_per_s,
            gb_per_s: a.gb_per_s / b.gb_per_s,
        })
    }

    /// What the baseline has that this run does not ("ping-pong 64 B floor-stamp"), so a
    /// comparison that lost rows says so.
    pub fn only_in_baseline(&self, now: &[Group]) -> Vec<String> {
        let mut out = Vec::new();
        for g in &self.groups {
            for e in &g.engines {
                let matched = now.iter().any(|n| {
                    n.scenario == g.scenario
                        && n.case == g.case
                        && n.payload == g.payload
                        && n.engines.iter().any(|m| m.engine == e.engine)
                });
                if !matched {
                    let case = if g.case.is_empty() {
                        String::new()
                    } else {
                        format!(" {}", g.case)
                    };
                    out.push(format!("{}{case} {} B {}", g.scenario, g.payload, e.engine));
                }
            }
        }
        out
    }
}
