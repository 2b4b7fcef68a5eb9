//! The read-only inspection API (`disruptor_mp::inspect`) on real rings of both backends: a
//! producer process alive, then SIGKILLed; a live consumer that outlives it. `gc` decides with
//! the owner lock, and never removes a ring a live process still uses.

use disruptor_mp::inspect::{Collected, ProducerStatus, RingInspector, RingLocation, collect_ring};
use disruptor_mp::{ConsumerStatus, SharedConsumer};
use disruptor_mp_tests::backend::{Backend, Storage};
use disruptor_mp_tests::event::PeerEvent;
use disruptor_mp_tests::names::TestNames;
use disruptor_mp_tests::peer::RunningPeer;
use disruptor_mp_tests::ring_peer;

const CAPACITY: usize = 64;

disruptor_mp_tests::on_both_backends!(
    a_killed_producers_ring_turns_stale_and_is_collected_but_never_while_it_lives,
    a_live_consumer_keeps_a_dead_producers_ring,
);

/// A producer child that has published `events` events (gating `c_0`) and waits to be killed.
fn doomed_producer(storage: &Storage, ring: &str, events: u64) -> RunningPeer {
    let mut producer = storage
        .peer(ring_peer!("producer"))
        .arg("name", ring)
        .arg("capacity", CAPACITY)
        .arg("events", events)
        .arg("prefix", "c")
        .arg("consumers", 1)
        .arg("then", "hang")
        .spawn();
    producer.wait_for("READY");
    producer.wait_for("PUBLISHED");
    producer
}

fn location(storage: &Storage, ring: &str) -> RingLocation {
    let path = storage.path(ring);
    match storage.backend() {
        Backend::Shm => RingLocation::Shm(ring.to_owned()),
        Backend::File => RingLocation::File(path),
    }
}

fn a_killed_producers_ring_turns_stale_and_is_collected_but_never_while_it_lives(backend: Backend) {
    let names = TestNames::new("inspect-stale");
    let storage = Storage::new(backend, &names);
    let ring = names.segment("ring");
    let mut producer = doomed_producer(&storage, &ring, 5);
    let at = location(&storage, &ring);

    let report = RingInspector::open(&at).expect("inspect").report();
    assert_eq!(report.event.name, "PeerEvent");
    assert_eq!(report.capacity, CAPACITY);
    assert_eq!(report.last_published, 4);
    assert_eq!(report.producer.pid, producer.pid());
    assert_eq!(report.producer.status, ProducerStatus::Alive);
    assert!(!report.is_stale());
    assert_eq!(
        collect_ring(&at, false).expect("judge"),
        Collected::LiveProducer {
            pid: producer.pid()
        }
    );
    assert!(storage.exists(&ring), "a live producer's ring stays");

    producer.sigkill();
    let inspector = RingInspector::open(&at).expect("inspect after the kill");
    let report = inspector.report();
    assert_eq!(report.producer.status, ProducerStatus::Dead);
    assert!(report.is_stale(), "{report:?}");
    let events = inspector.last_events(2);
    assert_eq!(
        events
            .iter()
            .map(|event| event.sequence)
            .collect::<Vec<_>>(),
        [3, 4]
    );
    assert_eq!(events[1].fields[0].name, "seq");
    assert_eq!(events[1].fields[0].value.to_string(), "4");
    drop(inspector);

    assert_eq!(
        collect_ring(&at, true).expect("dry run"),
        Collected::WouldRemove
    );
    assert!(storage.exists(&ring), "a dry run removes nothing");
    assert_eq!(
        collect_ring(&at, false).expect("collect"),
        Collected::Removed
    );
    assert!(!storage.exists(&ring));
    assert_eq!(collect_ring(&at, false).expect("again"), Collected::Gone);
    storage.assert_clean(&names);
}

fn a_live_consumer_keeps_a_dead_producers_ring(backend: Backend) {
    let names = TestNames::new("inspect-consumer");
    let storage = Storage::new(backend, &names);
    let ring = names.segment("ring");
    let mut producer = doomed_producer(&storage, &ring, 3);
    let consumer: SharedConsumer<PeerEvent> = storage
        .consumer(&ring, CAPACITY)
        .with_consumer_id("c_0")
        .build_consumer()
        .expect("attach");
    producer.sigkill();
    let at = location(&storage, &ring);

    let report = RingInspector::open(&at).expect("inspect").report();
    assert_eq!(report.producer.status, ProducerStatus::Dead);
    let place = &report.consumers[0];
    assert_eq!(place.id, "c_0");
    assert_eq!(place.status, ConsumerStatus::Attached);
    assert_eq!(place.pid, Some(std::process::id()));
    assert!(!report.is_stale(), "a live consumer still reads it");
    assert_eq!(
        collect_ring(&at, false).expect("judge"),
        Collected::LiveConsumer {
            id: "c_0".to_owned(),
            pid: Some(std::process::id())
        }
    );
    assert!(storage.exists(&ring));

    drop(consumer);
    assert!(
        RingInspector::open(&at)
            .expect("inspect")
            .report()
            .is_stale()
    );
    assert_eq!(
        collect_ring(&at, false).expect("collect"),
        Collected::Removed
    );
    storage.assert_clean(&names);
}
