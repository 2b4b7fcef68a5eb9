//! Turns the configuration into groups of processes, runs them, and turns child outputs into
//! [`Record`]s. Engines run interleaved per payload, so drift in the machine's state hits all of
//! them alike.

use crate::clock::TickScale;
use crate::config::{Config, Scenario};
use crate::orchestrate::{Names, run_group};
use crate::results::{Latency, Record, Throughput};
use crate::roles::{Role, RoleArgs, RoleOutput, new_histogram};
use std::time::Duration;

/// One case of the throughput scenario.
#[derive(Clone, Copy, Debug)]
struct Case {
    consumers: usize,
    batch: usize,
}

impl Case {
    fn label(self) -> String {
        let mode = if self.batch == 0 {
            "single".to_string()
        } else {
            format!("batch {}", self.batch)
        };
        format!("1→{} {mode}", self.consumers)
    }
}

fn base_args(config: &Config, engine: &str, payload: usize, scale: TickScale) -> RoleArgs {
    RoleArgs {
        role: Role::Ping,
        engine: engine.to_owned(),
        payload,
        tx_ring: None,
        rx_ring: None,
        capacity: config.capacity,
        consumers: 1,
        index: 0,
        count: 0,
        warmup: 0,
        batch: 0,
        rate: config.rate,
        core: None,
        idle: String::new(),
        control: String::new(),
        out: String::new(),
        ticks_per_ns: scale.ticks_per_ns,
        budget_secs: 0.0,
    }
}

/// Runs every group of run `run` and hands each record to `sink` as it completes.
pub fn run_all(
    config: &Config,
    scale: TickScale,
    run: usize,
    sink: &mut dyn FnMut(Record),
) -> Result<(), String> {
    for scenario in &config.scenarios {
        match scenario {
            Scenario::PingPong => {
                for &payload in &config.payloads {
                    for engine in &config.engines {
                        sink(ping_pong(config, scale, run, engine, payload)?);
                    }
                }
            }
            Scenario::Throughput => {
                let mut cases = Vec::new();
                for consumers in [1, config.consumers] {
                    if cases.iter().any(|c: &Case| c.consumers == consumers) {
                        continue;
                    }
                    cases.push(Case {
                        consumers,
                        batch: 0,
                    });
                    cases.push(Case {
                        consumers,
                        batch: config.batch,
                    });
                }
                for case in cases {
                    for &payload in &config.payloads {
                        for engine in &config.engines {
                            sink(throughput(config, scale, run, engine, payload, case)?);
                        }
                    }
                }
            }
            Scenario::FixedRate => {
                for engine in &config.engines {
                    sink(fixed_rate(config, scale, run, engine)?);
                }
            }
        }
    }
    Ok(())
}

fn cores_of(roles: &[RoleArgs], outputs: &[RoleOutput]) -> Vec<(String, Option<usize>)> {
    roles
        .iter()
        .zip(outputs)
        .map(|(r, o)| {
            let name = match r.role {
                Role::Consumer | Role::RateConsumer => format!("consumer{}", r.index),
                other => serde_json::to_value(other)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_owned))
                    .unwrap_or_default(),
            };
            (name, o.core)
        })
        .collect()
}

fn pinning(cores: &[(String, Option<usize>)]) -> String {
    cores
        .iter()
        .map(|(role, core)| match core {
            Some(c) => format!("{role}@cpu{c}"),
            None => format!("{role}@?"),
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn histogram_of(pairs: &[(u64, u64)]) -> hdrhistogram::Histogram<u64> {
    let mut h = new_histogram();
    for &(value, count) in pairs {
        h.saturating_record_n(value, count);
    }
    h
}

fn ping_pong(
    config: &Config,
    scale: TickScale,
    run: usize,
    engine: &str,
    payload: usize,
) -> Result<Record, String> {
    let names = Names::new(&config.out_dir);
    let (ab, ba) = (names.object("ab"), names.object("ba"));
    let idle = config.idle_for(2);
    let mut ping = base_args(config, engine, payload, scale);
    ping.count = config.round_trips();
    ping.warmup = config.warmup_round_trips();
    ping.idle = idle.name().into();
    let mut echo = ping.clone();
    ping.role = Role::Ping;
    ping.tx_ring = Some(ab.clone());
    ping.rx_ring = Some(ba.clone());
    ping.core = config.core_for(0);
    echo.role = Role::Echo;
    echo.tx_ring = Some(ba);
    echo.rx_ring = Some(ab);
    echo.core = config.core_for(1);
    let roles = vec![ping, echo];
    let budget = Duration::from_secs(30) + Duration::from_nanos(20_000 * roles[0].count);
    let outputs = run_group(&names, roles.clone(), budget)?;
    let histogram = histogram_of(&outputs[0].histogram);
    let cores = cores_of(&roles, &outputs);
    let latency = Latency::of(&histogram);
    let bad = outputs.iter().map(|o| o.bad).sum();
    eprintln!(
        "  ping-pong {payload:>4} B {engine:<16} p50 {:>7.0} ns  p99.9 {:>8.0} ns  bad {bad}  [{}, {}]",
        latency.p50,
        latency.p99_9,
        pinning(&cores),
        idle.name()
    );
    Ok(Record {
        scenario: Scenario::PingPong.name().into(),
        case: "round trip".into(),
        payload,
        engine: engine.to_owned(),
        run,
        cores,
        idle: idle.name().into(),
        bad,
        latency: Some(latency),
        throughput: None,
        achieved_rate: None,
        histogram: Some(histogram),
    })
}

fn throughput(
    config: &Config,
    scale: TickScale,
    run: usize,
    engine: &str,
    payload: usize,
    case: Case,
) -> Result<Record, String> {
    let names = Names::new(&config.out_dir);
    let ring = names.object("r");
    let processes = 1 + case.consumers;
    let idle = config.idle_for(processes);
    let mut producer = base_args(config, engine, payload, scale);
    producer.role = Role::Producer;
    producer.count = config.events_for(payload);
    producer.batch = case.batch;
    producer.consumers = case.consumers;
    producer.idle = idle.name().into();
    producer.tx_ring = Some(ring.clone());
    producer.core = config.core_for(0);
    let mut roles = vec![producer.clone()];
    for index in 0..case.consumers {
        let mut consumer = producer.clone();
        consumer.role = Role::Consumer;
        consumer.tx_ring = None;
        consumer.rx_ring = Some(ring.clone());
        consumer.index = index;
        consumer.core = config.core_for(1 + index);
        roles.push(consumer);
    }
    let budget = Duration::from_secs(30) + Duration::from_nanos(2_000 * producer.count);
    let outputs = run_group(&names, roles.clone(), budget)?;
    let start = outputs[0].start_tick;
    let end = outputs[1..]
        .iter()
        .map(|o| o.end_tick)
        .max()
        .unwrap_or(start);
    let seconds = scale.to_ns(end.saturating_sub(start)) as f64 / 1e9;
    let events = producer.count;
    let tp = Throughput {
        events_per_s: events as f64 / seconds,
        gb_per_s: (events * payload as u64) as f64 / seconds / 1e9,
        events,
        seconds,
        full: outputs[0].full,
    };
    let bad = outputs.iter().map(|o| o.bad).sum();
    let short = outputs[1..].iter().any(|o| o.events != events);
    if short {
        return Err(format!(
            "a consumer of {engine} saw fewer than {events} events"
        ));
    }
    let cores = cores_of(&roles, &outputs);
    eprintln!(
        "  throughput {:<14} {payload:>4} B {engine:<16} {:>8.2} M ev/s {:>6.2} GB/s  bad {bad}  [{}, {}]",
        case.label(),
        tp.events_per_s / 1e6,
        tp.gb_per_s,
        pinning(&cores),
        idle.name()
    );
    Ok(Record {
        scenario: Scenario::Throughput.name().into(),
        case: case.label(),
        payload,
        engine: engine.to_owned(),
        run,
        cores,
        idle: idle.name().into(),
        bad,
        latency: None,
        throughput: Some(tp),
        achieved_rate: None,
        histogram: None,
    })
}

fn fixed_rate(
    config: &Config,
    scale: TickScale,
    run: usize,
    engine: &str,
) -> Result<Record, String> {
    let names = Names::new(&config.out_dir);
    let ring = names.object("r");
    let idle = config.idle_for(2);
    let payload = config.rate_payload;
    let mut producer = base_args(config, engine, payload, scale);
    producer.role = Role::RateProducer;
    producer.count = config.rate_events();
    producer.warmup = producer.count / 10;
    producer.idle = idle.name().into();
    producer.tx_ring = Some(ring.clone());
    producer.core = config.core_for(0);
    let mut consumer = producer.clone();
    consumer.role = Role::RateConsumer;
    consumer.tx_ring = None;
    consumer.rx_ring = Some(ring);
    consumer.core = config.core_for(1);
    let roles = vec![producer, consumer];
    let total = roles[0].count + roles[0].warmup;
    let budget =
        Duration::from_secs(30) + Duration::from_secs_f64(3.0 * total as f64 / config.rate);
    let outputs = run_group(&names, roles.clone(), budget)?;
    let histogram = histogram_of(&outputs[1].histogram);
    let latency = Latency::of(&histogram);
    let produced_ns = scale.to_ns(outputs[0].end_tick - outputs[0].start_tick) as f64;
    let achieved = total as f64 / (produced_ns / 1e9);
    let bad = outputs.iter().map(|o| o.bad).sum();
    let cores = cores_of(&roles, &outputs);
    eprintln!(
        "  fixed-rate {:.0}/s {payload:>4} B {engine:<16} p50 {:>7.0} ns  p99.99 {:>8.0} ns  achieved {:.0}/s  bad {bad}  [{}, {}]",
        config.rate,
        latency.p50,
        latency.p99_99,
        achieved,
        pinning(&cores),
        idle.name()
    );
    Ok(Record {
        scenario: Scenario::FixedRate.name().into(),
        case: format!("{:.0}/s", config.rate),
        payload,
        engine: engine.to_owned(),
        run,
        cores,
        idle: idle.name().into(),
        bad,
        latency: Some(latency),
        throughput: None,
        achieved_rate: Some(achieved),
        histogram: Some(histogram),
    })
}
