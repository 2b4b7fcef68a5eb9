//! What every measuring command does first and records last: sweep objects an earlier run left,
//! note the time and the load, calibrate the clock once for all its processes.

use crate::clock::{self, TickScale};
use crate::orchestrate;
use crate::report::{self, Meta};
use std::path::Path;
use std::time::{Duration, Instant, SystemTime};

/// One measuring command's run.
pub struct Session {
    /// Objects of a dead earlier orchestrator removed at the start.
    pub swept: usize,
    /// The load average at the start, as `/proc/loadavg` says it.
    pub load_start: String,
    /// The tick calibration every child of this session uses.
    pub scale: TickScale,
    started: Instant,
    started_unix: u64,
}

impl Session {
    /// Installs the signal handlers, sweeps stale objects, creates `out_dir` and calibrates.
    pub fn start(out_dir: &Path) -> Result<Self, String> {
        orchestrate::install_signal_handlers();
        let swept = orchestrate::sweep_stale();
        std::fs::create_dir_all(out_dir)
            .map_err(|e| format!("create {}: {e}", out_dir.display()))?;
        Ok(Self {
            swept,
            load_start: report::load_average(),
            scale: TickScale {
                ticks_per_ns: clock::calibrate(Duration::from_millis(200)),
            },
            started: Instant::now(),
            started_unix: SystemTime::now()
                .duration_since(SystemTime::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs()),
        })
    }

    /// `", removed N stale objects"`, or nothing when none were.
    pub fn swept_note(&self) -> String {
        if self.swept > 0 {
            format!(", removed {} stale objects", self.swept)
        } else {
            String::new()
        }
    }

    /// The machine, load and timing record of the session so far.
    pub fn meta(&self) -> Meta {
        Meta {
            started_unix: self.started_unix,
            host: report::host_name(),
            cpu: report::cpu_model(),
            cores: crate::affinity::online_cores(),
            load_start: self.load_start.clone(),
            load_end: report::load_average(),
            commit: report::git_commit(),
            ticks_per_ns: self.scale.ticks_per_ns,
            seconds: self.started.elapsed().as_secs_f64(),
        }
    }
}
