//! The sequencing core under the loom model checker: one producer and two consumers on a ring of
//! two or four slots, every interleaving loom explores within its preemption bound (see
//! `scripts/loom.sh`). Each model checks, in every explored execution:
//! - every consumer sees exactly the events it should, in order, each with its own value (no loss,
//!   duplicate, reordering or stale slot), and a gating consumer is never lapped;
//! - through the slot cells of `ring::sync`, every in-place read of an event happens after its
//!   write, and every overwrite after the last in-place read of the slot (loom panics on a causality
//!   violation otherwise);
//! - nothing is lost: after the racing phase every thread hands its half back and the main thread
//!   finishes the run without racing, so each consumer ends with exactly the events it should,
//!   and a consumer that left never holds the producer back.
//!
//! Threads wait by yielding a bounded number of times (`PATIENCE`) rather than spinning until
//! the other side acts: unbounded spin loops make loom's search unbounded too.

use super::harness::{Ev, HeapRing, event, me, named, packed};
use crate::Sequence;
use crate::layout::SlotLayout;
use crate::ring::consumer_table::{ConsumerTable, Evict};
use crate::ring::publisher::Publisher;
use crate::ring::reader::{Lapped, Reader};
use core::sync::atomic::Ordering;
use loom::thread;

/// Preemptions loom may insert per execution unless `LOOM_MAX_PREEMPTIONS` says otherwise:
/// enough for the races below (a consumer preempted between its stamp load and its read, the
/// producer between its gating refresh and its write), small enough for CI.
const DEFAULT_PREEMPTIONS: usize = 2;

pub(super) fn check(model: impl Fn() + Sync + Send + 'static) {
    check_within(usize::MAX, model);
}

/// [`check`] with at most `max_preemptions`, whatever `LOOM_MAX_PREEMPTIONS` asks: for a model
/// whose space at the usual bound is too large for CI.
pub(super) fn check_within(max_preemptions: usize, model: impl Fn() + Sync + Send + 'static) {
    let mut builder = loom::model::Builder::new();
    let bound = builder.preemption_bound.unwrap_or(DEFAULT_PREEMPTIONS);
    builder.preemption_bound = Some(bound.min(max_preemptions));
    let executions = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let counter = std::sync::Arc::clone(&executions);
    let started = std::time::Instant::now();
    builder.check(move || {
        counter.fetch_add(1, Ordering::Relaxed);
        model();
    });
    // Shown with `--nocapture` (scripts/loom.sh): how much of the interleaving space was covered.
    eprintln!(
        "loom: {} executions in {:.1} s (preemption bound {:?})",
        executions.load(Ordering::Relaxed),
        started.elapsed().as_secs_f64(),
        builder.preemption_bound
    );
}

/// Makes every loom object of the ring from the model's main thread, before any thread starts,
/// so each one's creation happens before every use (the slot stamps and cells were made by
/// `initialise`).
pub(super) fn create_objects(ring: &HeapRing) {
    let seg = ring.view();
    seg.producer_cursor().load(Ordering::Relaxed);
    seg.producer_claim().load(Ordering::Relaxed);
    seg.state().load(Ordering::Relaxed);
    seg.wake_word().load(Ordering::Relaxed);
    seg.waiters().load(Ordering::Relaxed);
    seg.space_word().load(Ordering::Relaxed);
    seg.producer_sleeping().load(Ordering::Relaxed);
    seg.no_membarrier().load(Ordering::Relaxed);
    seg.table_generation().load(Ordering::Relaxed);
    seg.join_lock().load(Ordering::Relaxed);
    let table = ring.table();
    for index in 0..table.len() {
        table.cursor(index).load(Ordering::Relaxed);
        table.state(index);
        table.role(index);
        table.epoch(index);
        table.owner(index);
        table.id(index);
    }
}

/// A ring of `capacity` slots and two table entries, both reserved for gating consumers "a" and
/// "b", joined from the main thread.
fn two_gating(
    capacity: usize,
    layout: SlotLayout,
) -> (HeapRing, Publisher<Ev>, Reader<Ev>, Reader<Ev>) {
    let (ring, publisher) = HeapRing::create_layout(capacity, 2, named(&["a", "b"]), false, layout);
    create_objects(&ring);
    let a = ring.join(Some("a")).expect("a joins");
    let b = ring.join(Some("b")).expect("b joins");
    (ring, publisher, a, b)
}

/// Failed attempts a racing thread makes before it hands its work to the sequential phase.
const PATIENCE: usize = 2;

/// The producer's half: publishes `0..until` in order, in batches whose sizes cycle through
/// `batches` (a batch of one is a single publish).
struct Producing {
    publisher: Publisher<Ev>,
    next: Sequence,
    until: Sequence,
    batches: &'static [u64],
    published_batches: usize,
}

impl Producing {
    fn new(publisher: Publisher<Ev>, until: Sequence, batches: &'static [u64]) -> Self {
        Self {
            publisher,
            next: 0,
            until,
            batches,
            published_batches: 0,
        }
    }

    /// Publishes the next batch if the ring has room; whether it did.
    fn step(&mut self) -> bool {
        if self.next >= self.until {
            return false;
        }
        let first = self.next;
        let batch = self.batches[self.published_batches % self.batches.len()];
        let n = batch.min((self.until - first) as u64);
        let published = if n == 1 {
            self.publisher.try_publish(|slot| *slot = event(first))
        } else {
            self.publisher
                .try_publish_batch(n, |slot, k| *slot = event(first + k as Sequence))
        };
        match published {
            Ok(last) => {
                assert_eq!(last, first + n as Sequence - 1, "claims are contiguous");
                self.next = last + 1;
                self.published_batches += 1;
                true
            }
            Err(_) => false,
        }
    }

    /// Publishes, yielding while the ring is full, until done or out of patience.
    fn race(mut self) -> Self {
        let mut failures = 0;
        while self.next < self.until && failures < PATIENCE {
            if !self.step() {
                failures += 1;
                thread::yield_now();
            }
        }
        self
    }
}

/// How a consumer reads.
#[derive(Clone, Copy)]
enum Mode {
    /// `try_read`: a copy per event.
    Copies,
    /// `visit_available`: runs proven by one cursor load and the run's last stamp.
    Runs,
    /// `try_lease`: in place, yielding to the other threads while the lease is held.
    Leases,
}

/// A consumer's half: reads `next..until`, checking every event.
struct Consuming {
    reader: Reader<Ev>,
    mode: Mode,
    next: Sequence,
    until: Sequence,
    /// A non-gating reader may be lapped; then it stops.
    lapped: bool,
}

impl Consuming {
    fn new(reader: Reader<Ev>, mode: Mode, until: Sequence) -> Self {
        let next = reader.next();
        Self {
            reader,
            mode,
            next,
            until,
            lapped: false,
        }
    }

    fn done(&self) -> bool {
        self.lapped || self.next >= self.until
    }

    fn expect(&mut self, seq: Sequence, value: &Ev) {
        assert_eq!(seq, self.next, "in order, none lost or repeated");
        assert_eq!(*value, event(seq), "the slot holds its own event");
        self.next += 1;
    }

    fn lapped(&mut self, lap: Lapped) {
        assert!(
            !self.reader.gating() || lap.evicted,
            "a gating reader is never lapped unless evicted"
        );
        assert_eq!(lap.expected, self.next);
        assert!(lap.found > lap.expected, "lapped by a later sequence");
        self.lapped = true;
    }

    /// Reads what is available (up to `until`); whether anything was read.
    fn step(&mut self) -> bool {
        let before = self.next;
        match self.mode {
            Mode::Copies => match self.reader.try_read() {
                Ok(Some((seq, value))) => self.expect(seq, &value),
                Ok(None) => {}
                Err(lap) => self.lapped(lap),
            },
            Mode::Runs => {
                let max = (self.until - self.next) as usize;
                let mut seen = Vec::new();
                let (_, lap) = self
                    .reader
                    .visit_available(max, true, |value, seq| seen.push((seq, *value)));
                for (seq, value) in seen {
                    self.expect(seq, &value);
                }
                if let Some(lap) = lap {
                    self.lapped(lap);
                }
            }
            Mode::Leases => {
                let leased = self.reader.try_lease().map(|lease| {
                    lease.map(|lease| {
                        let (seq, first) = (lease.sequence(), *lease);
                        // Hand the core to the other threads while the lease is held: the
                        // producer runs here and must not overwrite the leased slot. (An atomic
                        // only this thread touches would not do: loom explores switches only
                        // where threads share something.)
                        thread::yield_now();
                        assert_eq!(*lease, first, "not overwritten while leased");
                        (seq, first)
                    })
                });
                match leased {
                    Ok(Some((seq, value))) => self.expect(seq, &value),
                    Ok(None) => {}
                    Err(lap) => self.lapped(lap),
                }
            }
        }
        self.next > before
    }

    /// Reads, yielding while nothing is published, until done or out of patience.
    fn race(mut self) -> Self {
        let mut failures = 0;
        while !self.done() && failures < PATIENCE {
            if !self.step() {
                failures += 1;
                thread::yield_now();
            }
        }
        self
    }
}

/// The sequential phase: with every racing thread joined, alternates publishing and reading
/// until the producer has published everything and every consumer has read all it should.
/// Fails if neither side can move (a consumer that left still gating, say).
fn finish(mut producing: Producing, consumers: &mut [&mut Consuming]) {
    for _ in 0..64 {
        let mut moved = false;
        while producing.step() {
            moved = true;
        }
        for consumer in consumers.iter_mut() {
            while !consumer.done() && consumer.step() {
                moved = true;
            }
        }
        if producing.next == producing.until && consumers.iter().all(|c| c.done()) {
            return;
        }
        assert!(
            moved,
            "neither the producer nor any consumer can make progress"
        );
    }
    panic!("the run did not finish");
}

/// Two gating consumers reading `mode_a` (in a spawned thread) and `mode_b` (in the main
/// thread) race a producer publishing `events` in `batches` on a ring of `capacity` slots.
fn race_two_gating(
    layout: SlotLayout,
    capacity: usize,
    events: Sequence,
    batches: &'static [u64],
    mode_a: Mode,
    mode_b: Mode,
) {
    let (_ring, publisher, a, b) = two_gating(capacity, layout);
    let producer = thread::spawn(move || Producing::new(publisher, events, batches).race());
    let a = thread::spawn(move || Consuming::new(a, mode_a, events).race());
    let mut b = Consuming::new(b, mode_b, events).race();
    let producing = producer.join().unwrap();
    let mut a = a.join().unwrap();
    finish(producing, &mut [&mut a, &mut b]);
}

#[test]
fn single_publish_and_consume_reach_both_gating_consumers() {
    check(|| race_two_gating(SlotLayout::Stamped, 2, 3, &[1], Mode::Copies, Mode::Copies));
}

#[test]
fn batch_publish_and_batch_reads_reach_both_gating_consumers() {
    check(|| race_two_gating(SlotLayout::Stamped, 2, 4, &[2], Mode::Runs, Mode::Copies));
}

#[test]
fn a_run_spanning_batches_is_proven_by_its_last_stamp() {
    // Four slots, batches of 1, 2, 1: a run may cover events published separately, so reading
    // it in place needs the Acquire that proves its last event, not only its first.
    check(|| {
        race_two_gating(
            SlotLayout::Stamped,
            4,
            4,
            &[1, 2, 1],
            Mode::Runs,
            Mode::Copies,
        )
    });
}

#[test]
fn a_lease_shows_its_event_until_it_is_dropped() {
    check(|| race_two_gating(SlotLayout::Stamped, 2, 4, &[1], Mode::Copies, Mode::Leases));
}

#[test]
fn packed_single_publish_and_consume_reach_both_gating_consumers() {
    check(|| race_two_gating(SlotLayout::Packed, 2, 3, &[1], Mode::Copies, Mode::Copies));
}

#[test]
fn packed_batch_publish_and_batch_reads_reach_both_gating_consumers() {
    check(|| race_two_gating(SlotLayout::Packed, 2, 4, &[2], Mode::Runs, Mode::Copies));
}

#[test]
fn packed_a_run_spanning_batches_is_proven_by_the_cursor() {
    check(|| {
        race_two_gating(
            SlotLayout::Packed,
            4,
            4,
            &[1, 2, 1],
            Mode::Runs,
            Mode::Copies,
        )
    });
}

#[test]
fn packed_a_lease_shows_its_event_until_it_is_dropped() {
    check(|| race_two_gating(SlotLayout::Packed, 2, 4, &[1], Mode::Copies, Mode::Leases));
}

#[test]
fn a_gating_consumer_joins_and_leaves_while_the_producer_runs() {
    check(|| {
        let (ring, publisher) = HeapRing::create_with(2, 2, named(&["a", "b"]), || [0; 4]);
        create_objects(&ring);
        let a = ring.join(Some("a")).expect("a joins");
        // "b" came and gave its place up before the run: its entry is left, and it rejoins late.
        ring.join(Some("b")).expect("b joins").give_up();
        let b_segment = ring.segment();
        let me = me();

        let producer = thread::spawn(move || Producing::new(publisher, 3, &[1]).race());
        let late = thread::spawn(move || {
            let joined = ConsumerTable::new(&b_segment)
                .join(Some(&packed("b")), me)
                .expect("b rejoins");
            assert!(joined.gating);
            let reader: Reader<Ev> = Reader::new(b_segment, &joined);
            // Reads at most one event, then gives its place up: the producer must stop waiting
            // for it.
            let until = (joined.next + 1).min(3);
            Consuming::new(reader, Mode::Copies, until)
                .race()
                .reader
                .give_up();
        });
        let mut a = Consuming::new(a, Mode::Copies, 3).race();
        let producing = producer.join().unwrap();
        late.join().unwrap();
        finish(producing, &mut [&mut a]);
    });
}

#[test]
fn a_plain_reader_joining_mid_run_gets_right_values_or_a_lap() {
    plain_reader_joining_mid_run(SlotLayout::Stamped);
}

#[test]
fn packed_a_plain_reader_joining_mid_run_gets_right_values_or_a_lap() {
    // Without stamps: the claim's seqlock must discard every torn or overwritten copy.
    plain_reader_joining_mid_run(SlotLayout::Packed);
}

fn plain_reader_joining_mid_run(layout: SlotLayout) {
    check(move || {
        let (ring, publisher) = HeapRing::create_layout(2, 2, named(&["a"]), false, layout);
        create_objects(&ring);
        let a = ring.join(Some("a")).expect("a joins");
        let plain_segment = ring.segment();
        let me = me();

        let producer = thread::spawn(move || Producing::new(publisher, 3, &[1]).race());
        let plain = thread::spawn(move || {
            let joined = ConsumerTable::new(&plain_segment)
                .join(None, me)
                .expect("joins as a plain reader");
            assert!(!joined.gating);
            let reader: Reader<Ev> = Reader::new(plain_segment, &joined);
            // The producer may lap it at any point; until then every copy must be right (the
            // stamp's seqlock discards torn or overwritten copies).
            Consuming::new(reader, Mode::Copies, 3).race()
        });
        let mut a = Consuming::new(a, Mode::Copies, 3).race();
        let producing = producer.join().unwrap();
        let mut plain = plain.join().unwrap();
        finish(producing, &mut [&mut a, &mut plain]);
    });
}

#[test]
fn a_gating_reader_evicted_mid_run_gets_right_values_or_its_eviction() {
    gating_reader_evicted_mid_run(SlotLayout::Stamped);
}

#[test]
fn packed_a_gating_reader_evicted_mid_run_gets_right_values_or_its_eviction() {
    gating_reader_evicted_mid_run(SlotLayout::Packed);
}

fn gating_reader_evicted_mid_run(layout: SlotLayout) {
    // The producer evicts "b" while "b" reads (copies, or leases held across a switch): on a ring
    // whose consumers may be evicted, "b" reads verified copies and every overwrite is marked, so
    // it returns each event intact or reports the eviction — never a torn or stale event.
    //
    // Packed rings publish through the cursor and mark overwrites with the claim word, so each
    // event is several more atomics than a stamp: at two preemptions the packed model did not
    // finish in ten minutes (with leases or without). It runs at one preemption, which still
    // covers "b" preempted once anywhere in a copy while the producer overwrites the slot.
    let max_preemptions = match layout {
        SlotLayout::Stamped => usize::MAX,
        SlotLayout::Packed => 1,
    };
    for mode in [Mode::Copies, Mode::Leases] {
        check_within(max_preemptions, move || {
            let (ring, publisher) = HeapRing::create_layout(2, 2, named(&["a", "b"]), true, layout);
            create_objects(&ring);
            let a = ring.join(Some("a")).expect("a joins");
            let b = ring.join(Some("b")).expect("b joins");
            let b_index = ring.table().find(&packed("b")).expect("b's entry");
            let producer_segment = ring.segment();
            let me = me();

            let producer = thread::spawn(move || {
                let evicted =
                    ConsumerTable::new(&producer_segment).evict(b_index, Evict::HoldingBack, me);
                assert_eq!(evicted, Some(-1), "b is evicted before it read anything");
                Producing::new(publisher, 3, &[1]).race()
            });
            let a = thread::spawn(move || Consuming::new(a, Mode::Copies, 3).race());
            let mut b = Consuming::new(b, mode, 3).race();
            let producing = producer.join().unwrap();
            let mut a = a.join().unwrap();
            finish(producing, &mut [&mut a, &mut b]);
        });
    }
}
