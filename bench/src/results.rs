//! Figures: one [`Record`] per measured group, then per (scenario, case, payload) the median of
//! every figure over the runs, the floor (the faster floor variant) and the ratios of ours to the
//! floor and to every other engine.

use crate::engine::{EngineEntry, EngineKind};
use hdrhistogram::Histogram;
use serde::{Deserialize, Deserializer, Serialize};
use std::collections::BTreeMap;

/// Latency percentiles in nanoseconds.
#[derive(Clone, Copy, Debug, Default, Serialize, Deserialize)]
pub struct Latency {
    /// Median.
    #[serde(deserialize_with = "float")]
    pub p50: f64,
    /// 90th percentile.
    #[serde(deserialize_with = "float")]
    pub p90: f64,
    /// 99th percentile.
    #[serde(deserialize_with = "float")]
    pub p99: f64,
    /// 99.9th percentile.
    #[serde(deserialize_with = "float")]
    pub p99_9: f64,
    /// 99.99th percentile.
    #[serde(deserialize_with = "float")]
    pub p99_99: f64,
    /// Largest value.
    #[serde(deserialize_with = "float")]
    pub max: f64,
    /// Mean.
    #[serde(deserialize_with = "float")]
    pub mean: f64,
    /// Samples.
    pub samples: u64,
}

impl Latency {
    /// The percentiles of `h`.
    pub fn of(h: &Histogram<u64>) -> Self {
        let q = |p: f64| h.value_at_quantile(p) as f64;
        Self {
            p50: q(0.5),
            p90: q(0.9),
            p99: q(0.99),
            p99_9: q(0.999),
            p99_99: q(0.9999),
            max: h.max() as f64,
            mean: h.mean(),
            samples: h.len(),
        }
    }

    fn fields(&self) -> [f64; 7] {
        [
            self.p50,
            self.p90,
            self.p99,
            self.p99_9,
            self.p99_99,
            self.max,
            self.mean,
        ]
    }

    fn from_fields(f: [f64; 7], samples: u64) -> Self {
        Self {
            p50: f[0],
            p90: f[1],
            p99: f[2],
            p99_9: f[3],
            p99_99: f[4],
            max: f[5],
            mean: f[6],
            samples,
        }
    }
}

/// A figure from a saved results.json: JSON has no NaN or infinity, so serde_json wrote those
/// (a ratio to a zero, a median of nothing) as `null`; they read back as NaN.
fn float<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
    Ok(Option::<f64>::deserialize(d)?.unwrap_or(f64::NAN))
}

/// Throughput of one run.
#[derive(Clone, Copy, Debug, Default, Serialize, Deserialize)]
pub struct Throughput {
    /// Events per second (producer start to the last consumer's last event).
    #[serde(deserialize_with = "float")]
    pub events_per_s: f64,
    /// Payload gigabytes (10^9 B) per second, per consumer.
    #[serde(deserialize_with = "float")]
    pub gb_per_s: f64,
    /// Events published.
    pub events: u64,
    /// Seconds measured.
    #[serde(deserialize_with = "float")]
    pub seconds: f64,
    /// Times the producer found the ring full.
    pub full: u64,
}

/// One measured group of processes.
#[derive(Clone, Debug, Serialize)]
pub struct Record {
    /// Scenario name.
    pub scenario: String,
    /// Case within the scenario (topology and publish mode), empty if none.
    pub case: String,
    /// Payload bytes.
    pub payload: usize,
    /// Engine name.
    pub engine: String,
    /// Run index (0-based).
    pub run: usize,
    /// Core each process ran on, by role.
    pub cores: Vec<(String, Option<usize>)>,
    /// How processes waited.
    pub idle: String,
    /// Events that failed validation (must be 0).
    pub bad: u64,
    /// Latency figures, for latency scenarios.
    pub latency: Option<Latency>,
    /// Throughput figures, for the throughput scenario.
    pub throughput: Option<Throughput>,
    /// Fixed-rate scenario: events per second the producer achieved.
    pub achieved_rate: Option<f64>,
    /// The latency distribution (for merging and the plot).
    #[serde(skip)]
    pub histogram: Option<Histogram<u64>>,
}

/// Medians of one engine in one group.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct EngineFigures {
    /// Engine name.
    pub engine: String,
    /// Runs the medians are over.
    pub runs: usize,
    /// Median latency figures (each percentile's median over runs).
    pub latency: Option<Latency>,
    /// Median throughput figures.
    pub throughput: Option<Throughput>,
    /// Validation failures over all runs.
    pub bad: u64,
    /// The histogram of the run with the median p99.9 (plot only): a run disturbed by another
    /// process on the machine does not paint the whole curve.
    #[serde(skip)]
    pub plotted: Option<Histogram<u64>>,
}

/// Ours divided by another engine's figure (latency: lower is better for ours; throughput:
/// higher is better).
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Ratios {
    /// The engine divided by.
    pub versus: String,
    /// Latency ratios, percentile by percentile.
    pub latency: Option<Latency>,
    /// Events per second ratio.
    pub events_per_s: Option<f64>,
}

/// One row group of the report.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Group {
    /// Scenario name.
    pub scenario: String,
    /// Case within the scenario.
    pub case: String,
    /// Payload bytes.
    pub payload: usize,
    /// Figures per engine, in run order.
    pub engines: Vec<EngineFigures>,
    /// The floor variant that was faster here (by p50 or by events per second).
    pub floor: Option<String>,
    /// Ours ÷ floor, then ours ÷ every other engine.
    pub ratios: Vec<Ratios>,
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(|a, b| a.total_cmp(b));
    match values.len() {
        0 => f64::NAN,
        n if n % 2 == 1 => values[n / 2],
        n => (values[n / 2 - 1] + values[n / 2]) / 2.0,
    }
}

fn median_engine(engine: &str, records: &[&Record]) -> EngineFigures {
    let latency = records[0].latency.map(|_| {
        let fields: Vec<[f64; 7]> = records
            .iter()
            .filter_map(|r| r.latency.map(|l| l.fields()))
            .collect();
        let mut out = [0.0; 7];
        for (i, slot) in out.iter_mut().enumerate() {
            *slot = median(fields.iter().map(|f| f[i]).collect());
        }
        Latency::from_fields(
            out,
            records
                .iter()
                .filter_map(|r| r.latency)
                .map(|l| l.samples)
                .sum(),
        )
    });
    let throughput = records[0].throughput.map(|_| {
        let all: Vec<Throughput> = records.iter().filter_map(|r| r.throughput).collect();
        Throughput {
            events_per_s: median(all.iter().map(|t| t.events_per_s).collect()),
            gb_per_s: median(all.iter().map(|t| t.gb_per_s).collect()),
            events: all[0].events,
            seconds: median(all.iter().map(|t| t.seconds).collect()),
            full: median(all.iter().map(|t| t.full as f64).collect()) as u64,
        }
    });
    let mut with_histogram: Vec<&Record> = records
        .iter()
        .copied()
        .filter(|r| r.histogram.is_some() && r.latency.is_some())
        .collect();
    with_histogram.sort_by(|a, b| {
        let key = |r: &Record| r.latency.map_or(0.0, |l| l.p99_9);
        key(a).total_cmp(&key(b))
    });
    let plotted = with_histogram
        .get(with_histogram.len().saturating_sub(1) / 2)
        .and_then(|r| r.histogram.clone());
    EngineFigures {
        engine: engine.to_owned(),
        runs: records.len(),
        latency,
        throughput,
        bad: records.iter().map(|r| r.bad).sum(),
        plotted,
    }
}

fn ratio(ours: &EngineFigures, other: &EngineFigures) -> Ratios {
    Ratios {
        versus: other.engine.clone(),
        latency: ours.latency.zip(other.latency).map(|(a, b)| {
            let (a, b) = (a.fields(), b.fields());
            let mut r = [0.0; 7];
            for i in 0..7 {
                r[i] = a[i] / b[i];
            }
            Latency::from_fields(r, 0)
        }),
        events_per_s: ours
            .throughput
            .zip(other.throughput)
            .map(|(a, b)| a.events_per_s / b.events_per_s),
    }
}

/// Groups records by (scenario, case, payload) in first-seen order and computes medians, the
/// floor and ratios.
pub fn summarise(records: &[Record], engines: &[EngineEntry]) -> Vec<Group> {
    let kind = |name: &str| {
        engines
            .iter()
            .find(|e| e.name == name)
            .map_or(EngineKind::Other, |e| e.kind)
    };
    let mut keys: Vec<(String, String, usize)> = Vec::new();
    let mut by_key: BTreeMap<(String, String, usize), Vec<&Record>> = BTreeMap::new();
    for r in records {
        let key = (r.scenario.clone(), r.case.clone(), r.payload);
        if !by_key.contains_key(&key) {
            keys.push(key.clone());
        }
        by_key.entry(key).or_default().push(r);
    }
    keys.into_iter()
        .map(|key| {
            let rs = &by_key[&key];
            let mut names: Vec<&str> = Vec::new();
            for r in rs {
                if !names.contains(&r.engine.as_str()) {
                    names.push(&r.engine);
                }
            }
            let figures: Vec<EngineFigures> = names
                .iter()
                .map(|name| {
                    let mine: Vec<&Record> =
                        rs.iter().copied().filter(|r| r.engine == *name).collect();
                    median_engine(name, &mine)
                })
                .collect();
            let floor = figures
                .iter()
                .filter(|f| kind(&f.engine) == EngineKind::Floor)
                .min_by(|a, b| headline(a).total_cmp(&headline(b)))
                .map(|f| f.engine.clone());
            let ours = figures.iter().find(|f| kind(&f.engine) == EngineKind::Ours);
            let mut ratios = Vec::new();
            if let Some(ours) = ours {
                if let Some(floor) = &floor {
                    let f = figures.iter().find(|f| &f.engine == floor).expect("floor");
                    let mut r = ratio(ours, f);
                    r.versus = format!("floor ({})", f.engine);
                    ratios.push(r);
                }
                for other in figures
                    .iter()
                    .filter(|f| kind(&f.engine) == EngineKind::Other)
                {
                    ratios.push(ratio(ours, other));
                }
            }
            Group {
                scenario: key.0,
                case: key.1,
                payload: key.2,
                engines: figures,
                floor,
                ratios,
            }
        })
        .collect()
}

/// Lower is better: p50 for latency, minus events per second for throughput.
fn headline(f: &EngineFigures) -> f64 {
    match (f.latency, f.throughput) {
        (Some(l), _) => l.p50,
        (None, Some(t)) => -t.events_per_s,
        _ => f64::INFINITY,
    }
}

/// A target from the issue and whether this run meets it.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct TargetCheck {
    /// What is compared.
    pub what: String,
    /// Ours ÷ floor.
    #[serde(deserialize_with = "float")]
    pub ratio: f64,
    /// The bound.
    #[serde(deserialize_with = "float")]
    pub bound: f64,
    /// Whether the ratio is on the right side of the bound.
    pub met: bool,
}

/// The targets: ping-pong 64 B p50 ≤ 1.2× and p99.9 ≤ 1.5× the floor; 1 → 1 throughput
/// at 64 B and 1 KiB ≥ 0.9× the floor (single and batch publish).
pub fn targets(groups: &[Group]) -> Vec<TargetCheck> {
    let mut out = Vec::new();
    let floor_ratio = |g: &Group| {
        g.ratios
            .iter()
            .find(|r| r.versus.starts_with("floor"))
            .cloned()
    };
    for g in groups {
        let Some(r) = floor_ratio(g) else { continue };
        if g.scenario == "ping-pong"
            && g.payload == 64
            && let Some(l) = r.latency
        {
            out.push(TargetCheck {
                what: "ping-pong 64 B p50".into(),
                ratio: l.p50,
                bound: 1.2,
                met: l.p50 <= 1.2,
            });
            out.push(TargetCheck {
                what: "ping-pong 64 B p99.9".into(),
                ratio: l.p99_9,
                bound: 1.5,
                met: l.p99_9 <= 1.5,
            });
        }
        if g.scenario == "throughput"
            && g.case.starts_with("1→1")
            && matches!(g.payload, 64 | 1024)
            && let Some(x) = r.events_per_s
        {
            out.push(TargetCheck {
                what: format!("throughput {} {} B", g.case, g.payload),
                ratio: x,
                bound: 0.9,
                met: x >= 0.9,
            });
        }
    }
    out
}
