//! When the producer process dies without closing the ring (SIGKILL, or SIGTERM, which a Rust
//! program does not catch), consumers drain what it published and then get
//! `ConsumeError::ProducerDead` with its pid within a deadline — whether they were reading,
//! asleep on the futex, or attached only after the death — and a new producer on the same name
//! reclaims the stale segment instead of failing with `SegmentInUse`. A header naming a dead
//! pid, or a live pid with another start time (a recycled pid), counts as stale; a live owner
//! never does. The process-death scenarios run once per backend (POSIX shared memory and a ring
//! file); the forged-header ones are about the judgement, which is the same code for both, and
//! run over shared memory.

use disruptor_mp::{CreateError, build_shared_single_producer};
use disruptor_mp_tests::backend::{Backend, Storage};
use disruptor_mp_tests::event::PeerEvent;
use disruptor_mp_tests::image::{SegmentImage, offsets};
use disruptor_mp_tests::names::TestNames;
use disruptor_mp_tests::peer::RunningPeer;
use disruptor_mp_tests::shm as raw_shm;
use disruptor_mp_tests::{procs, ring_peer};
use std::os::unix::process::ExitStatusExt;
use std::time::{Duration, Instant};

const CAPACITY: usize = 256;
/// How soon after the kill a consumer must report the death.
const NOTICE: Duration = Duration::from_secs(5);

disruptor_mp_tests::on_both_backends!(
    a_consumer_reading_when_the_producer_is_killed_drains_then_reports_it_dead,
    a_consumer_asleep_on_the_futex_wakes_with_producer_dead,
    consumers_attaching_after_the_death_get_the_held_events_then_producer_dead,
    a_new_producer_reclaims_a_killed_producers_segment_and_serves_new_consumers,
    a_producer_ended_by_sigterm_runs_no_drop_and_its_ring_is_reclaimed,
    an_object_a_creator_left_half_made_is_reclaimed_at_once,
);

/// A producer child that publishes `events` events for `c_0` and then waits to be killed.
fn doomed_producer(storage: &Storage, ring: &str, events: u64) -> (RunningPeer, u32) {
    let mut producer = storage
        .peer(ring_peer!("producer"))
        .arg("name", ring)
        .arg("capacity", CAPACITY)
        .arg("events", events)
        .arg("prefix", "c")
        .arg("consumers", 1)
        .arg("then", "hang")
        .spawn();
    let pid = producer.wait_for("READY").parsed("pid");
    (producer, pid)
}

fn consumer(storage: &Storage, ring: &str, id: Option<&str>) -> RunningPeer {
    let mut command = storage
        .peer(ring_peer!("consumer"))
        .arg("name", ring)
        .arg("capacity", CAPACITY)
        .arg("events", "all")
        .arg("start", "any")
        .arg("wait", "block")
        .arg("end", "dead");
    if let Some(id) = id {
        command = command.arg("id", id);
    }
    command.spawn()
}

fn a_consumer_reading_when_the_producer_is_killed_drains_then_reports_it_dead(backend: Backend) {
    let names = TestNames::new("killed_midstream");
    let storage = Storage::new(backend, &names);
    let ring = names.segment("ring");
    // Far more events than fit: the producer is killed while still publishing.
    let (mut producer, pid) = doomed_producer(&storage, &ring, 50_000_000);
    let mut reader = consumer(&storage, &ring, Some("c_0"));
    reader.wait_for("READY");
    std::thread::sleep(Duration::from_millis(300));
    let killed_at = Instant::now();
    let status = producer.sigkill();
    assert_eq!(status.code(), None, "killed by a signal");
    let output = reader.expect_success();
    let noticed = killed_at.elapsed();
    let result = output.result();
    assert_eq!(result.field("end"), "dead", "{result}");
    assert_eq!(result.parsed::<u32>("pid"), pid, "{result}");
    assert_eq!(result.field("ordered"), "true", "{result}");
    let consumed: i64 = result.parsed("consumed");
    assert!(consumed > 0, "it was reading before the kill: {result}");
    assert_eq!(
        result.parsed::<i64>("last"),
        result.parsed::<i64>("producer_cursor"),
        "it drained everything the producer published: {result}"
    );
    assert!(noticed < NOTICE, "noticed the death after {noticed:?}");
    // The stale segment stays until somebody reclaims it (nobody is alive to unlink it), and
    // the successor counts the reclaim.
    assert!(storage.exists(&ring));
    let successor = storage
        .producer::<PeerEvent>(&ring, CAPACITY)
        .build_producer(PeerEvent::default)
        .expect("reclaim");
    assert_eq!(successor.counters().producer.reclaims, 1);
    drop(successor);
    storage.assert_clean(&names);
}

fn a_consumer_asleep_on_the_futex_wakes_with_producer_dead(backend: Backend) {
    let names = TestNames::new("killed_idle");
    let storage = Storage::new(backend, &names);
    let ring = names.segment("ring");
    let (mut producer, pid) = doomed_producer(&storage, &ring, 10);
    let mut reader = storage
        .peer(ring_peer!("consumer"))
        .arg("name", &ring)
        .arg("capacity", CAPACITY)
        .arg("id", "c_0")
        .arg("events", 10)
        .arg("wait", "block")
        .arg("end", "dead")
        .spawn();
    reader.wait_for("DRAINED");
    producer.wait_for("PUBLISHED");
    std::thread::sleep(Duration::from_millis(200));
    let killed_at = Instant::now();
    producer.sigkill();
    let output = reader.expect_success();
    let noticed = killed_at.elapsed();
    let result = output.result();
    assert_eq!(result.field("end"), "dead", "{result}");
    assert_eq!(result.parsed::<u32>("pid"), pid);
    assert_eq!(result.parsed::<u64>("consumed"), 10);
    assert!(noticed < NOTICE, "noticed the death after {noticed:?}");
    storage.remove(&ring).expect("remove the stale segment");
    storage.assert_clean(&names);
}

fn consumers_attaching_after_the_death_get_the_held_events_then_producer_dead(backend: Backend) {
    let names = TestNames::new("attach_after_death");
    let storage = Storage::new(backend, &names);
    let ring = names.segment("ring");
    let (mut producer, pid) = doomed_producer(&storage, &ring, 50);
    producer.wait_for("PUBLISHED");
    producer.sigkill();

    // c_0 was reserved, so the 50 events were held for it.
    let reserved = consumer(&storage, &ring, Some("c_0"))
        .expect_success()
        .result();
    assert_eq!(reserved.parsed::<u64>("consumed"), 50, "{reserved}");
    assert_eq!(reserved.parsed::<u64>("first"), 0, "{reserved}");
    assert_eq!(reserved.field("end"), "dead", "{reserved}");
    assert_eq!(reserved.parsed::<u32>("pid"), pid);
    // An anonymous consumer joins after the last event: nothing to read, and no hang.
    let anonymous = consumer(&storage, &ring, None).expect_success().result();
    assert_eq!(anonymous.parsed::<u64>("consumed"), 0, "{anonymous}");
    assert_eq!(anonymous.field("end"), "dead", "{anonymous}");
    storage.remove(&ring).expect("remove the stale segment");
    storage.assert_clean(&names);
}

fn a_new_producer_reclaims_a_killed_producers_segment_and_serves_new_consumers(backend: Backend) {
    let names = TestNames::new("reclaim");
    let storage = Storage::new(backend, &names);
    let ring = names.segment("ring");
    let (mut first, first_pid) = doomed_producer(&storage, &ring, 100);
    // An old consumer still maps the old segment when it is reclaimed (it must have attached
    // before the kill, or it would attach to the successor's ring instead).
    let mut old_reader = consumer(&storage, &ring, Some("c_0"));
    old_reader.wait_for("READY");
    first.wait_for("PUBLISHED");
    first.sigkill();
    assert!(
        storage.exists(&ring),
        "the killed producer could not unlink"
    );

    let mut second = storage
        .peer(ring_peer!("producer"))
        .arg("name", &ring)
        .arg("capacity", CAPACITY)
        .arg("events", 5000)
        .arg("prefix", "c")
        .arg("consumers", 1)
        .spawn();
    let second_pid: u32 = second.wait_for("READY").parsed("pid");
    assert_ne!(second_pid, first_pid);
    let new_reader = storage
        .peer(ring_peer!("consumer"))
        .arg("name", &ring)
        .arg("capacity", CAPACITY)
        .arg("id", "c_0")
        .arg("events", 5000)
        .spawn();
    let fresh = new_reader.expect_success().result();
    second.expect_success();
    assert_eq!(fresh.parsed::<u64>("consumed"), 5000, "{fresh}");
    assert_eq!(fresh.parsed::<u64>("first"), 0, "a fresh ring: {fresh}");
    assert_eq!(fresh.field("end"), "closed", "{fresh}");

    // The old consumer was not disturbed: it drained the old ring and saw the old producer die.
    let old = old_reader.expect_success().result();
    assert_eq!(old.parsed::<u64>("consumed"), 100, "{old}");
    assert_eq!(old.field("end"), "dead", "{old}");
    assert_eq!(old.parsed::<u32>("pid"), first_pid, "{old}");
    storage.assert_clean(&names);
}

fn a_producer_ended_by_sigterm_runs_no_drop_and_its_ring_is_reclaimed(backend: Backend) {
    // SIGTERM's default action ends the process on the spot, and a Rust program installs no
    // handler for it: nothing unwinds, no `Drop` runs, so the producer neither closes the ring
    // nor removes its name — exactly as after SIGKILL.
    let names = TestNames::new("sigterm");
    let storage = Storage::new(backend, &names);
    let ring = names.segment("ring");
    let (mut producer, pid) = doomed_producer(&storage, &ring, 20);
    producer.wait_for("PUBLISHED");
    let status = producer.sigterm();
    assert_eq!(
        status.signal(),
        Some(libc::SIGTERM),
        "ended by the signal: {status}"
    );
    assert!(storage.exists(&ring), "no drop ran to remove the name");

    // Not closed: the reserved consumer drains the 20 events, then learns the producer is dead.
    let reserved = consumer(&storage, &ring, Some("c_0"))
        .expect_success()
        .result();
    assert_eq!(reserved.parsed::<u64>("consumed"), 20, "{reserved}");
    assert_eq!(reserved.field("end"), "dead", "{reserved}");
    assert_eq!(reserved.parsed::<u32>("pid"), pid);

    // The next producer on the name reclaims the ring, as its owner's pid is dead.
    let successor = storage
        .producer::<PeerEvent>(&ring, CAPACITY)
        .build_producer(PeerEvent::default)
        .expect("a dead producer's ring is reclaimed");
    drop(successor);
    storage.assert_clean(&names);
}

/// Writes `image` with the producer identity `(pid, start_time)` as the object for `name`.
fn forge_owner(template: &SegmentImage, name: &str, pid: u32, start_time: u64) {
    let mut image = template.clone();
    image.set_u64(offsets::PRODUCER_PID, u64::from(pid));
    image.set_u64(offsets::PRODUCER_START_TIME, start_time);
    image.write_as(name).expect("forge segment");
}

#[test]
fn stale_headers_are_reclaimed_and_live_ones_are_not() {
    let names = TestNames::new("stale_headers");
    let template = SegmentImage::of_new_ring::<PeerEvent>(&names.segment("template"), CAPACITY);
    let me = std::process::id();
    let my_start = procs::start_time(me).expect("/proc/self/stat");
    let ring = names.segment("ring");
    let build = || {
        build_shared_single_producer::<PeerEvent>(&ring, CAPACITY)
            .build_producer(PeerEvent::default)
    };

    forge_owner(&template, &ring, procs::dead_pid(), 1);
    drop(build().expect("a dead pid's segment is reclaimed"));

    // Our own pid but another start time: the pid was recycled, the owner is gone.
    forge_owner(&template, &ring, me, my_start + 1);
    drop(build().expect("a recycled pid's segment is reclaimed"));

    // Pid 0 and absurd pids can never be a live owner.
    for pid in [0, u32::MAX] {
        forge_owner(&template, &ring, pid, 0);
        drop(build().expect("an impossible pid's segment is reclaimed"));
    }

    // Our own pid and start time: a live owner.
    forge_owner(&template, &ring, me, my_start);
    match build() {
        Err(CreateError::SegmentInUse { pid, .. }) => assert_eq!(pid, me),
        other => panic!("expected SegmentInUse, got {other:?}"),
    }
    raw_shm::unlink(&ring).expect("unlink");
    names.assert_clean();
}

fn an_object_a_creator_left_half_made_is_reclaimed_at_once(backend: Backend) {
    let names = TestNames::new("half_made");
    let storage = Storage::new(backend, &names);
    let ring = names.segment("ring");
    // Died between shm_open and ftruncate: an empty object.
    storage.create_raw(&ring, 0, &[]).expect("forge");
    let started = Instant::now();
    drop(
        storage
            .producer::<PeerEvent>(&ring, CAPACITY)
            .build_producer(PeerEvent::default)
            .expect("an empty object is reclaimed"),
    );
    let waited = started.elapsed();
    assert!(waited < Duration::from_secs(5), "took {waited:?}");
    // Died after ftruncate, before writing the magic: zeros.
    storage.create_raw(&ring, 64 * 1024, &[]).expect("forge");
    drop(
        storage
            .producer::<PeerEvent>(&ring, CAPACITY)
            .build_producer(PeerEvent::default)
            .expect("a zeroed object is reclaimed"),
    );
    storage.assert_clean(&names);
}
