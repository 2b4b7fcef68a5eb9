//! The crate's quick start works across processes in either start order: a producer that
//! publishes and exits before its consumer starts still delivers (its drop lingers while a
//! reserved place has unread events and nobody attached to it), and a consumer that starts before
//! its producer receives every event when it waits for the producer — and is told how to wait
//! when it does not.

use disruptor_mp::{AttachError, attach_shared_consumer};
use disruptor_mp_tests::event::PeerEvent;
use disruptor_mp_tests::names::TestNames;
use disruptor_mp_tests::peer::PeerCommand;
use disruptor_mp_tests::received::{assert_read, stream};
use disruptor_mp_tests::{ring_peer, shm};
use std::time::Duration;

const CAPACITY: usize = 1024;

/// The quick start's producer: reserves `cp_0`, coordination `Immediate`, publishes `events`
/// events with values `first..`.
fn producer(ring: &str, events: u64, first: u64) -> PeerCommand {
    ring_peer!("writer")
        .arg("name", ring)
        .arg("capacity", CAPACITY)
        .arg("prefix", "cp")
        .arg("consumers", 1)
        .arg("events", events)
        .arg("first", first)
}

/// The quick start's consumer, `cp_0` with `require_gating()`, reading to the end of the stream.
fn consumer(ring: &str) -> PeerCommand {
    ring_peer!("reader")
        .arg("name", ring)
        .arg("capacity", CAPACITY)
        .arg("id", "cp_0")
        .arg("require-gating", true)
}

/// Producer first: the producer process publishes one event (value 42) and drops its producer
/// before the consumer process exists. With the default linger the drop keeps the ring's name
/// while `cp_0` has not attached, so `cp_0`, started only after the publish, still receives the
/// event, then `ProducerClosed`; and its attach lets the lingering producer exit.
#[test]
fn a_producer_that_published_and_dropped_still_delivers_to_a_reserved_consumer() {
    let names = TestNames::new("producer_first");
    let ring = names.segment("ring");
    let mut writer = producer(&ring, 1, 42).spawn();
    let published = writer.wait_for("PUBLISHED");
    assert_eq!(published.parsed::<i64>("last"), 0, "{published}");
    let read = consumer(&ring).run();
    assert_read(&read, &stream(0, [42]), "closed");
    let attached = &read.reports("ATTACH")[0];
    assert_eq!(attached.field("role"), "Reserved", "{attached}");
    assert_eq!(writer.expect_success().result().field("outcome"), "ok");
    names.assert_clean();
}

/// With `with_linger(Duration::ZERO)` the drop removes the name at once, whatever is unread: a
/// reserved consumer that comes later finds nothing (`SegmentNotFound`). This is what the default
/// linger prevents.
#[test]
fn with_zero_linger_the_name_is_gone_when_the_producer_exits() {
    let names = TestNames::new("zero_linger");
    let ring = names.segment("ring");
    producer(&ring, 1, 42).arg("linger-ms", 0).run();
    assert!(!shm::exists(&ring), "the producer removed its name on exit");
    let attached = consumer(&ring).run().reports("ATTACH").remove(0);
    assert_eq!(attached.field("outcome"), "err", "{attached}");
    assert_eq!(attached.field("kind"), "SegmentNotFound", "{attached}");
    assert_eq!(attached.field("name"), ring, "{attached}");
    names.assert_clean();
}

/// A linger is bounded: a producer whose reserved consumer never comes exits once its linger
/// has passed, and removes the name.
#[test]
fn a_lingering_producer_gives_up_when_nobody_attaches() {
    let names = TestNames::new("linger_ends");
    let ring = names.segment("ring");
    let output = producer(&ring, 3, 0).arg("linger-ms", 300).run();
    assert_eq!(output.result().field("outcome"), "ok");
    assert!(!shm::exists(&ring), "the name went when the linger ended");
    names.assert_clean();
}

/// The linger waits only for reserved consumers that have not attached: with `cp_0` attached
/// but not reading, a producer with a long linger still exits at once and removes the name, and
/// `cp_0` drains every event afterwards from its mapping. (Were the drop waiting for `cp_0` to
/// read, the producer would not exit before its deadline and the test would fail.)
#[test]
fn an_attached_consumer_does_not_hold_the_dropped_producer() {
    let names = TestNames::new("attached_no_linger");
    let ring = names.segment("ring");
    let mut writer = producer(&ring, 10, 0)
        .arg("linger-ms", 600_000)
        .arg("hold", "stdin")
        .deadline(Duration::from_secs(20))
        .spawn();
    writer.wait_for("PUBLISHED");
    let mut reader = consumer(&ring).arg("start", "stdin").spawn();
    reader.wait_for("ATTACH");
    writer.close_stdin();
    assert_eq!(writer.expect_success().result().field("outcome"), "ok");
    assert!(!shm::exists(&ring), "the name went with the producer");
    reader.close_stdin();
    assert_read(&reader.finish(), &stream(0, 0..10), "closed");
    names.assert_clean();
}

/// Consumer first: a consumer process that starts before its producer and waits for it
/// (`wait_for_producer`) attaches when the ring appears and receives every event, in order.
#[test]
fn a_consumer_that_waits_for_its_producer_receives_every_event() {
    let names = TestNames::new("consumer_first");
    let ring = names.segment("ring");
    let mut reader = consumer(&ring).arg("attach-wait-ms", 30_000).spawn();
    reader.wait_for("WAITING");
    assert!(
        !shm::exists(&ring),
        "the consumer waits; it creates nothing"
    );
    producer(&ring, 500, 0).run();
    assert_read(&reader.finish(), &stream(0, 0..500), "closed");
    names.assert_clean();
}

/// Without `wait_for_producer`, a consumer that starts first gets `SegmentNotFound` at once, and
/// its message names the remedy, `wait_for_producer`.
#[test]
fn a_consumer_that_starts_first_without_waiting_is_told_to_wait() {
    let names = TestNames::new("consumer_first_no_wait");
    let ring = names.segment("ring");
    let attached = consumer(&ring).run().reports("ATTACH").remove(0);
    assert_eq!(attached.field("kind"), "SegmentNotFound", "{attached}");
    assert_eq!(attached.field("name"), ring, "{attached}");
    let msg = attached.field("msg");
    assert!(msg.contains("wait_for_producer"), "{msg}");
    names.assert_clean();
}

/// `SegmentNotFound::waited` is "how long this attach waited for the ring to appear (zero: no
/// wait was asked for)", and the message then says "no wait was asked for". No cross-process
/// behaviour is claimed here, so the attach runs in the test.
#[test]
fn without_a_wait_the_error_says_none_was_asked_for() {
    let names = TestNames::new("no_wait_asked");
    let ring = names.segment("ring");
    match attach_shared_consumer::<PeerEvent>(&ring, CAPACITY)
        .with_consumer_id("cp_0")
        .build_consumer()
    {
        Err(err @ AttachError::SegmentNotFound { waited, .. }) => {
            assert_eq!(waited, Duration::ZERO, "{err}");
            assert!(err.to_string().contains("no wait was asked for"), "{err}");
        }
        other => panic!("expected SegmentNotFound, got {other:?}"),
    }
    names.assert_clean();
}
