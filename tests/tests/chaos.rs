//! The chaos run (issue 13, point 5): one producer and three reserved gating consumers (`c_0`,
//! `c_1`, `c_2`) on one ring, each in its own process; consumers are SIGKILLed and restarted
//! under their ids at seeded random moments, and the producer is SIGKILLed and restarted twice.
//! At the end every event every producer incarnation published must have reached every consumer
//! id, with no gap, in order, each event checked against its sequence's pattern and each
//! process's stream against its checksum; an event may reach an id twice only if it came after
//! the last sequence the killed process had released. Nothing may be left in `/dev/shm`.
//!
//! - **Producer incarnations.** Incarnation `k` is a new producer process on the same name: it
//!   reclaims the dead ring (a new ring, sequences from 0) and publishes its own stream,
//!   `payload(k, 0..)`, so a consumer knows from each event which incarnation's ring it reads.
//!   The run publishes `events` in all: incarnation 0 is told to publish all of them, a killed
//!   incarnation published what its consumers drained from its ring (the ring is the truth: its
//!   stamps say what was published), and the next one publishes what is left, so the last
//!   incarnation ends the run at exactly `events`. Before starting incarnation `k + 1` the
//!   orchestrator waits until the current process of every id has drained incarnation `k`'s
//!   ring and reported `ProducerDead` (a consumer restarted after the reclaim would find only
//!   the new ring, so the rest of the dead one would be lost to it — by design, not a bug).
//!   The consumers re-attach by themselves until the new ring appears.
//! - **Consumer kills** happen only while a producer is alive and still publishing; the
//!   restarted process attaches with the same id and resumes from the place's stored cursor.
//! - **What is exact.** Each process records, in a file mapped `MAP_SHARED` that survives its
//!   SIGKILL (`disruptor_mp_tests::chaos::Record`), the first sequence of each attachment, the
//!   last sequence and checksum it has handled, and the stored cursor it last saw (a lower bound
//!   on what it released). A successor's first sequence is the place's stored cursor + 1: exact.
//!   The records go to `$TMPDIR/dmpt-…-chaos-records`, removed after a passing run and left for
//!   inspection after a failing one.
//!
//! The documented run (`scripts/chaos.sh [EVENTS] [SEED]`, 10⁸ events by default) is `#[ignore]`d;
//! `chaos_smoke` runs the same checks on a small stream in a few seconds, in the default tests.
//! Settings come from `CHAOS_EVENTS`, `CHAOS_SEED`, `CHAOS_CONSUMER_KILLS`, `CHAOS_CAPACITY` and
//! `CHAOS_DEADLINE_S`.

use disruptor_mp_tests::chaos::{Record, Snapshot, checksum_of};
use disruptor_mp_tests::names::TestNames;
use disruptor_mp_tests::peer::RunningPeer;
use disruptor_mp_tests::ring_peer;
use disruptor_mp_tests::wait::Deadline;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

const IDS: [&str; 3] = ["c_0", "c_1", "c_2"];
const PRODUCER_KILLS: usize = 2;
const BATCH: u64 = 64;

#[derive(Clone, Debug)]
struct Settings {
    events: u64,
    seed: u64,
    consumer_kills: usize,
    capacity: usize,
    deadline: Duration,
}

impl Settings {
    fn from_env(events: u64, consumer_kills: usize, capacity: usize) -> Self {
        let get = |key: &str, default: u64| -> u64 {
            std::env::var(key).map_or(default, |v| {
                v.parse()
                    .unwrap_or_else(|_| panic!("{key}={v:?} is not a number"))
            })
        };
        let events = get("CHAOS_EVENTS", events);
        let seed = get("CHAOS_SEED", 13);
        let consumer_kills = get("CHAOS_CONSUMER_KILLS", consumer_kills as u64) as usize;
        let capacity = get("CHAOS_CAPACITY", capacity as u64) as usize;
        // A generous bound on every wait: a minute plus 20 s per million events.
        let deadline = get("CHAOS_DEADLINE_S", 60 + events / 50_000);
        Self {
            events,
            seed,
            consumer_kills,
            capacity,
            deadline: Duration::from_secs(deadline),
        }
    }
}

/// What the run did, for the README.
#[derive(Debug, Default)]
struct Figures {
    published: Vec<u64>,
    consumer_kills: usize,
    producer_kills: usize,
    consumer_processes: usize,
    attachments: usize,
    redelivered: u64,
    max_redelivered: u64,
    /// Kills after which more than a quarter ring was delivered again (see `check`).
    over_quarter_ring: usize,
    events_checked: u64,
    elapsed: Duration,
}

struct Consumer {
    id: &'static str,
    peer: RunningPeer,
    procs: u64,
}

struct Run {
    settings: Settings,
    ring: String,
    dir: PathBuf,
    deadline: Deadline,
    retired: Vec<RunningPeer>,
}

impl Run {
    fn spawn_consumer(&self, id: &'static str, proc: u64) -> RunningPeer {
        ring_peer!("chaos-consumer")
            .arg("name", &self.ring)
            .arg("capacity", self.settings.capacity)
            .arg("id", id)
            .arg("dir", self.dir.display())
            .arg("proc", proc)
            .deadline(self.deadline.remaining())
            .spawn()
    }

    fn producer_record(&self, inc: u64) -> PathBuf {
        self.dir.join(format!("producer-{inc}.rec"))
    }

    fn spawn_producer(&self, inc: u64, events: u64) -> RunningPeer {
        let mut peer = ring_peer!("chaos-producer")
            .arg("name", &self.ring)
            .arg("capacity", self.settings.capacity)
            .arg("inc", inc)
            .arg("events", events)
            .arg("batch", BATCH)
            .arg("record", self.producer_record(inc).display())
            .deadline(self.deadline.remaining())
            .spawn();
        peer.wait_for("READY");
        peer
    }

    fn published(&self, inc: u64) -> u64 {
        // Read while the producer runs: only a trigger for the schedule, never a check.
        Record::read(&self.producer_record(inc)).map_or(0, |snap| snap.count)
    }
}

fn chaos(settings: Settings) -> Figures {
    let started = Instant::now();
    let names = TestNames::new("chaos");
    let dir = std::env::temp_dir().join(format!("{}records", names.prefix()));
    std::fs::create_dir_all(&dir).expect("record directory");
    // Removed after a passing run; a failing one leaves the records to look at.
    eprintln!("chaos: records in {}", dir.display());
    let mut run = Run {
        ring: names.segment("ring"),
        dir,
        deadline: Deadline::after(settings.deadline),
        settings: settings.clone(),
        retired: Vec::new(),
    };
    let n = settings.events;
    let min_run = 2 * settings.capacity as u64;
    assert!(
        n >= 20 * min_run,
        "the run needs at least {} events",
        20 * min_run
    );

    // The seeded schedule, in events published over all incarnations.
    let mut rng = fastrand::Rng::with_seed(settings.seed);
    let mut producer_kills: Vec<u64> = (0..PRODUCER_KILLS)
        .map(|_| rng.u64(n / 10..n * 9 / 10))
        .collect();
    producer_kills.sort_unstable();
    let mut consumer_kills: Vec<(u64, usize, u64)> = (0..settings.consumer_kills)
        .map(|_| (rng.u64(0..n), rng.usize(0..IDS.len()), rng.u64(0..20)))
        .collect();
    consumer_kills.sort_unstable();
    let mut producer_kills = producer_kills.into_iter().peekable();
    let mut consumer_kills = consumer_kills.into_iter().peekable();

    let mut figures = Figures::default();
    let mut consumers: Vec<Consumer> = IDS
        .iter()
        .map(|&id| Consumer {
            id,
            peer: run.spawn_consumer(id, 0),
            procs: 1,
        })
        .collect();
    let mut inc = 0u64;
    let mut base = 0u64; // published by the dead incarnations
    let mut target = n;
    let mut producer = run.spawn_producer(inc, target);
    loop {
        let count = run.published(inc);
        if count >= target {
            break;
        }
        let global = base + count;
        if producer_kills.peek().is_some_and(|&at| at <= global) && count >= min_run {
            producer_kills.next();
            let pid = producer.pid();
            producer.sigkill();
            let recorded = run.published(inc);
            // Every id's current process drains the dead ring and says so.
            let mut drained = Vec::new();
            for consumer in &mut consumers {
                loop {
                    let end = consumer.peer.wait_for("END");
                    if end.field("end") == "dead" && end.parsed::<u32>("producer_pid") == pid {
                        drained.push(end.parsed::<u64>("next"));
                        break;
                    }
                }
            }
            let published = drained[0];
            assert!(
                drained.iter().all(|&next| next == published),
                "incarnation {inc}: the ids drained its ring to different ends: {drained:?}"
            );
            assert!(
                (recorded..=recorded + BATCH).contains(&published),
                "incarnation {inc}: its ring ends at {published}, its record says {recorded}"
            );
            eprintln!(
                "chaos: producer incarnation {inc} killed after {published} events ({:.1?})",
                started.elapsed()
            );
            figures.published.push(published);
            figures.producer_kills += 1;
            run.retired.push(producer);
            base += published;
            target = n - base;
            inc += 1;
            producer = run.spawn_producer(inc, target);
            continue;
        }
        if let Some(&(at, who, delay_ms)) = consumer_kills.peek()
            && at <= global
        {
            consumer_kills.next();
            let consumer = &mut consumers[who];
            consumer.peer.sigkill();
            std::thread::sleep(Duration::from_millis(delay_ms));
            let fresh = run.spawn_consumer(consumer.id, consumer.procs);
            consumer.procs += 1;
            run.retired
                .push(std::mem::replace(&mut consumer.peer, fresh));
            figures.consumer_kills += 1;
            continue;
        }
        assert!(
            !run.deadline.passed(),
            "deadline: {global} of {n} events published (incarnation {inc})"
        );
        std::thread::sleep(Duration::from_millis(1));
    }
    figures.published.push(target);
    // The last incarnation published everything; let it close once all three are attached.
    producer.wait_for("DONE");
    producer.close_stdin();
    producer.expect_success();
    for consumer in consumers {
        let output = consumer.peer.expect_success();
        let end = output.reports("END").pop().expect("an END line");
        assert_eq!(end.field("end"), "closed", "{end}");
        figures.consumer_processes += consumer.procs as usize;
    }
    drop(run.retired);
    eprintln!(
        "chaos: all processes done ({:.1?}); checking the records",
        started.elapsed()
    );
    check(
        &run.dir,
        &figures.published.clone(),
        settings.capacity as u64,
        &mut figures,
    );
    names.assert_clean();
    std::fs::remove_dir_all(&run.dir).expect("remove the record directory");
    figures.elapsed = started.elapsed();
    figures
}

/// Checks every consumer attachment's record against what every incarnation published.
///
/// A redelivery is bounded by one ring, not by the quarter ring the README's contract states:
/// the consumers read with `try_process_available`, which stores progress once at the end of
/// each call, and one call handles up to a ring's worth. The run counts the kills that redelivered
/// more than a quarter ring instead of failing on them (reported with issue 13's chaos run).
fn check(dir: &Path, published: &[u64], capacity: u64, figures: &mut Figures) {
    // (id, proc, attachment) -> record
    let mut records: BTreeMap<(String, u64, u64), Snapshot> = BTreeMap::new();
    for entry in std::fs::read_dir(dir).expect("list records") {
        let path = entry.expect("record entry").path();
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        if name.starts_with("producer-") {
            continue;
        }
        let mut parts = name.rsplitn(3, '-');
        let attach: u64 = parts.next().unwrap().parse().unwrap();
        let proc: u64 = parts.next().unwrap().parse().unwrap();
        let id = parts.next().unwrap().to_owned();
        let snap = Record::read(&path).expect("read a record");
        records.insert((id, proc, attach), snap);
    }
    figures.attachments = records.len();
    for id in IDS {
        // Attachments of this id that got events, in the order they ran.
        let runs: Vec<(&(String, u64, u64), &Snapshot)> = records
            .iter()
            .filter(|((rid, _, _), snap)| rid == id && snap.count > 0)
            .collect();
        for (inc, &total) in published.iter().enumerate() {
            let inc = inc as u64;
            let mine: Vec<_> = runs
                .iter()
                .filter(|(_, snap)| snap.inc == Some(inc))
                .collect();
            let what = |key: &(String, u64, u64)| {
                format!(
                    "{id}, incarnation {inc}, process {} attachment {}",
                    key.1, key.2
                )
            };
            assert!(!mine.is_empty(), "{id} got nothing of incarnation {inc}");
            let mut previous: Option<(&(String, u64, u64), &Snapshot)> = None;
            for &&(key, snap) in &mine {
                let last = snap.last.expect("count > 0");
                assert_eq!(
                    last + 1 - snap.start,
                    snap.count,
                    "{}: record {snap:?}",
                    what(key)
                );
                assert_eq!(
                    snap.checksum,
                    checksum_of(inc, snap.start, last).0,
                    "{}: checksum of {}..={last}",
                    what(key),
                    snap.start
                );
                figures.events_checked += snap.count;
                match previous {
                    None => assert_eq!(snap.start, 0, "{}: first start", what(key)),
                    Some((prev_key, prev)) => {
                        let prev_last = prev.last.unwrap();
                        assert!(
                            snap.start <= prev_last + 1,
                            "{}: gap: starts at {} after {} ended at {prev_last}",
                            what(key),
                            snap.start,
                            what(prev_key)
                        );
                        let released = prev.released.map_or(0, |r| r + 1);
                        assert!(
                            snap.start >= released,
                            "{}: starts at {}, but {} had released up to {:?}",
                            what(key),
                            snap.start,
                            what(prev_key),
                            prev.released
                        );
                        let again = prev_last + 1 - snap.start;
                        if again > 0 {
                            assert_ne!(
                                prev_key.1,
                                key.1,
                                "{}: one process was given {again} events twice",
                                what(key)
                            );
                        }
                        assert!(
                            again <= capacity,
                            "{}: {again} events delivered again, more than a ring",
                            what(key)
                        );
                        if again > capacity / 4 {
                            figures.over_quarter_ring += 1;
                        }
                        figures.redelivered += again;
                        figures.max_redelivered = figures.max_redelivered.max(again);
                    }
                }
                previous = Some((key, snap));
            }
            let (key, snap) = previous.unwrap();
            assert_eq!(
                snap.last,
                Some(total - 1),
                "{}: the stream of {total} events ends early",
                what(key)
            );
        }
        let stray: Vec<_> = runs
            .iter()
            .filter(|(_, snap)| snap.inc.is_none_or(|inc| inc >= published.len() as u64))
            .collect();
        assert!(
            stray.is_empty(),
            "{id}: records of no incarnation: {stray:?}"
        );
    }
}

fn report(settings: &Settings, figures: &Figures) {
    eprintln!(
        "chaos: {} events (seed {}, capacity {}) in {:.1?}: incarnations published {:?}; \
         {} consumer kills, {} producer kills; {} consumer processes, {} attachments; \
         {} events checked, {} redelivered (at most {} after one kill; {} kills redelivered \
         more than a quarter ring)",
        settings.events,
        settings.seed,
        settings.capacity,
        figures.elapsed,
        figures.published,
        figures.consumer_kills,
        figures.producer_kills,
        figures.consumer_processes,
        figures.attachments,
        figures.events_checked,
        figures.redelivered,
        figures.max_redelivered,
        figures.over_quarter_ring
    );
}

/// The same checks on a small stream: a few seconds.
#[test]
fn chaos_smoke() {
    let settings = Settings::from_env(100_000, 6, 256);
    let figures = chaos(settings.clone());
    report(&settings, &figures);
    assert_eq!(figures.producer_kills, PRODUCER_KILLS);
    assert_eq!(figures.published.iter().sum::<u64>(), settings.events);
}

/// The documented run: `scripts/chaos.sh [EVENTS] [SEED]` (10⁸ events by default).
#[test]
#[ignore = "minutes long: run it with scripts/chaos.sh"]
fn chaos_run() {
    let settings = Settings::from_env(100_000_000, 60, 4096);
    let figures = chaos(settings.clone());
    report(&settings, &figures);
    assert_eq!(figures.producer_kills, PRODUCER_KILLS);
    assert_eq!(figures.published.iter().sum::<u64>(), settings.events);
}
