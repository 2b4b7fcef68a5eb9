//! A producer that nobody gates, lapping readers in other processes: publishing that never waits,
//! and the race of such a producer against a `racer` peer, which the stamped and the packed slot
//! layouts must both survive.

use crate::event::PeerEvent;
use crate::peer::{PeerCommand, RunningPeer};
use crate::wait::Deadline;
use disruptor_mp::SharedProducer;
use std::time::Duration;

/// How long the racer reads; long enough for thousands of laps.
const RACE: Duration = Duration::from_millis(1500);
/// Bounds the racer and the publishing loop alike, so a racer that never finishes fails the test.
const RACE_DEADLINE: Duration = Duration::from_secs(30);
/// Events per flat-out burst.
const BURST: usize = 1024;

/// Publishes the next `n` events; with nobody gating, publishing never waits.
pub fn publish(producer: &mut SharedProducer<PeerEvent>, n: usize) {
    for _ in 0..n {
        let seq = producer.last_published_sequence() + 1;
        producer
            .try_publish(|slot| *slot = PeerEvent::for_seq(seq as u64))
            .expect("nobody gates the producer");
    }
}

/// Spawns `lagger` (`ring_peer!("lagger")`) on `ring` of `capacity` slots and waits until it
/// has joined: as an observer (the producer does not wait for it), right after the `published`
/// events already there.
pub fn spawn_lagging_observer(
    lagger: PeerCommand,
    ring: &str,
    capacity: usize,
    published: i64,
) -> RunningPeer {
    let mut lagger = lagger.arg("name", ring).arg("capacity", capacity).spawn();
    let ready = lagger.wait_for("READY");
    assert_eq!(ready.field("gating"), "false", "{ready}");
    assert_eq!(
        ready.parsed::<i64>("start"),
        published,
        "joins after the published events: {ready}"
    );
    lagger
}

/// Races `racer` (`ring_peer!("racer")`, spawned here on `ring`) against `producer`, which
/// nobody gates, and asserts the race was run: the racer read events, was lapped at least once,
/// and read fewer than were published. The racer itself checks every event it returns in full
/// (all eight words), so a torn or wrong event fails it.
///
/// The producer publishes in flat-out bursts with a short pause between them, which gives a
/// reader that was just lapped (and re-attached) a window to read at all: on a loaded 2-core
/// machine, a reader descheduled for a moment could otherwise be lapped before its first read on
/// every attach, and the race would never be run. Every 16th pause is a scheduler tick long, for
/// a machine busy enough that 100 µs never reaches the reader (seen with other builds running:
/// thousands of attaches, no read).
pub fn race_a_lapping_producer(
    producer: &mut SharedProducer<PeerEvent>,
    racer: PeerCommand,
    ring: &str,
) {
    let mut racer = racer
        .arg("name", ring)
        .arg("capacity", producer.capacity())
        .arg("duration-ms", RACE.as_millis())
        .deadline(RACE_DEADLINE)
        .spawn();
    let deadline = Deadline::after(RACE_DEADLINE);
    let mut published = 0u64;
    let mut bursts = 0u64;
    while racer.is_running() {
        assert!(!deadline.passed(), "the racer did not finish");
        publish(producer, BURST);
        published += BURST as u64;
        bursts += 1;
        let pause = if bursts.is_multiple_of(16) {
            4_000
        } else {
            100
        };
        std::thread::sleep(Duration::from_micros(pause));
    }
    let result = racer.expect_success().result();
    println!("racer: {result}, published {published}");
    let (reads, laps) = (result.parsed::<u64>("reads"), result.parsed::<u64>("laps"));
    assert!(reads > 0, "the reader got events: {result}");
    assert!(
        laps > 0,
        "the producer lapped the reader at least once: {result}"
    );
    assert!(published > reads);
}
