//! Events far beyond a cache line work end to end: a 64 KiB and a 1 MiB event go from a producer
//! process to a gating consumer process that reads every one in place (a lease, a batch visit)
//! and checks its sequence and every word, while a consumer the producer does not wait for gets
//! whole events or a lap — never a torn one. Neither reader makes an event-sized copy on its
//! stack (see the `large` roles of `ring-peer`).

use disruptor_mp_tests::names::TestNames;
use disruptor_mp_tests::ring_peer;
use std::time::Duration;

fn moves_every_event(test: &str, size: &str, capacity: usize, events: u64, read: &str) {
    let names = TestNames::new(test);
    let ring = names.segment("ring");
    let deadline = Duration::from_secs(120);
    let mut producer = ring_peer!("large-producer")
        .arg("name", &ring)
        .arg("capacity", capacity)
        .arg("events", events)
        .arg("size", size)
        .arg("await", 2)
        .deadline(deadline)
        .spawn();
    producer.wait_for("READY");
    let mut consumer = ring_peer!("large-consumer")
        .arg("name", &ring)
        .arg("capacity", capacity)
        .arg("events", events)
        .arg("size", size)
        .arg("id", "c_0")
        .arg("read", read)
        .deadline(deadline)
        .spawn();
    assert_eq!(consumer.wait_for("READY").field("gating"), "true");
    let mut reader = ring_peer!("large-reader")
        .arg("name", &ring)
        .arg("capacity", capacity)
        .arg("size", size)
        .deadline(deadline)
        .spawn();
    assert_eq!(reader.wait_for("READY").field("gating"), "false");

    let produced = producer.expect_success().result();
    let consumed = consumer.expect_success().result();
    let read_ungated = reader.expect_success().result();
    println!("{size}: {produced}; {consumed}; {read_ungated}");
    assert_eq!(produced.parsed::<u64>("published"), events);
    assert_eq!(consumed.parsed::<u64>("consumed"), events);
    assert_eq!(consumed.field("end"), "closed");
    assert_eq!(
        consumed.parsed::<u64>("checksum"),
        produced.parsed::<u64>("checksum")
    );
    // Every event it returned was checked whole; it reads at least the ring's last events.
    assert!(read_ungated.parsed::<u64>("reads") > 0, "{read_ungated}");
    names.assert_clean();
}

#[test]
fn a_64_kib_event_moves_between_processes_read_in_place() {
    moves_every_event("large_64k", "64k", 8, 400, "lease");
}

#[test]
fn a_1_mib_event_moves_between_processes_read_in_place() {
    moves_every_event("large_1m", "1m", 4, 200, "batch");
}
