//! Liveness across PID namespaces (containers): a producer created its ring in a new PID
//! namespace, so the pid its header records (2 there) means nothing in this test's namespace.
//! After it is killed, a consumer here must not report `ProducerDead` on that pid (it cannot
//! tell, so it keeps waiting), and a producer here must still reclaim the ring: the creator's
//! lock, which the kernel released when the child died, proves it gone in any namespace. And the
//! other way round: a live consumer in a new PID namespace (with its own `/proc`, as in a
//! container) keeps its place against a joiner here, and is counted.
//!
//! Needs root and `unshare --pid`; skipped with a message otherwise.

use disruptor_mp::{ConsumeError, attach_shared_consumer, build_shared_single_producer};
use disruptor_mp_tests::event::PeerEvent;
use disruptor_mp_tests::names::TestNames;
use disruptor_mp_tests::ring_peer;
use disruptor_mp_tests::wait::Deadline;
use std::process::{Command, Stdio};
use std::time::Duration;

const CAPACITY: usize = 64;
const EVENTS: u64 = 4;
/// How many empty polls after the kill must pass without a `ProducerDead`; each lasts longer
/// than the consumer's liveness interval, so each one checks the producer's pid.
const POLLS: u32 = 20;
const POLL: Duration = Duration::from_millis(50);

/// `unshare --pid --fork` with a shell as the namespace's init, so the peer is its pid 2 (and
/// killing the wrapper kills the whole namespace). The peer keeps the test's stdin (a background
/// job's would be /dev/null), which `then=hang` waits on.
const IN_NEW_PID_NAMESPACE: &[&str] = &[
    "unshare",
    "--pid",
    "--fork",
    "--kill-child",
    "sh",
    "-c",
    "exec 3<&0; \"$0\" \"$@\" <&3 & wait $!",
];

/// The same, with the namespace's own `/proc` mounted (in a new mount namespace, which still
/// sees this `/dev/shm`), as in a container: the peer then records its real start time, which
/// a pid lookup here compares against another process's.
const IN_NEW_PID_NAMESPACE_WITH_PROC: &[&str] = &[
    "unshare",
    "--pid",
    "--fork",
    "--kill-child",
    "--mount-proc",
    "sh",
    "-c",
    "exec 3<&0; \"$0\" \"$@\" <&3 & wait $!",
];

fn can_unshare() -> bool {
    Command::new("unshare")
        .args(["--pid", "--fork", "--kill-child", "true"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|status| status.success())
}

#[test]
fn a_producer_in_another_pid_namespace_is_never_reported_dead_on_its_pid_and_its_ring_is_reclaimed()
{
    if !can_unshare() {
        eprintln!("skipped: cannot create a PID namespace here (needs root and unshare)");
        return;
    }
    let names = TestNames::new("pidns_producer");
    let ring = names.segment("ring");
    let mut producer = ring_peer!("producer")
        .wrapped_in(IN_NEW_PID_NAMESPACE)
        .arg("name", &ring)
        .arg("capacity", CAPACITY)
        .arg("events", EVENTS)
        .arg("prefix", "c")
        .arg("consumers", 1)
        .arg("then", "hang")
        .spawn();
    let inner_pid: u32 = producer.wait_for("READY").parsed("pid");
    assert_ne!(
        inner_pid,
        producer.pid(),
        "the peer runs in its own PID namespace"
    );

    let mut consumer = attach_shared_consumer::<PeerEvent>(&ring, CAPACITY)
        .with_consumer_id("c_0")
        .build_consumer()
        .expect("attach");
    for seq in 0..EVENTS {
        let read = consumer.consume_next_timeout(Duration::from_secs(5));
        assert_eq!(read, Ok(Some((seq as i64, PeerEvent::for_seq(seq)))));
    }

    producer.sigkill();
    // The producer is dead but recorded in another namespace: the consumer must keep waiting,
    // never claim `ProducerDead` on a pid that is meaningless here. (The kernel tears the
    // namespace down as soon as the wrapper dies, well within these polls.)
    for _ in 0..POLLS {
        match consumer.consume_next_timeout(POLL) {
            Ok(None) => {}
            Err(ConsumeError::ProducerDead { pid }) => {
                panic!("ProducerDead for pid {pid}, a pid of another PID namespace")
            }
            other => panic!("unexpected {other:?}"),
        }
    }
    // A producer here reclaims the dead child's ring once the kernel has dropped its lock.
    let deadline = Deadline::after(Duration::from_secs(10));
    let reclaimed = loop {
        match build_shared_single_producer::<PeerEvent>(&ring, CAPACITY)
            .build_producer(PeerEvent::default)
        {
            Ok(producer) => break producer,
            Err(err) => {
                assert!(
                    !deadline.passed(),
                    "the dead child's ring was never reclaimed: {err:?}"
                );
                std::thread::sleep(Duration::from_millis(20));
            }
        }
    };

    drop(consumer);
    drop(reclaimed);
    names.assert_clean();
}

/// Fails before pids carried their namespace: the live consumer's pid (2 in its namespace) named
/// another process here (or none), so it was judged dead and its entry was taken over while it
/// still read — two readers on one cursor.
#[test]
fn a_live_consumer_in_another_pid_namespace_keeps_its_place_and_is_counted() {
    if !can_unshare() {
        eprintln!("skipped: cannot create a PID namespace here (needs root and unshare)");
        return;
    }
    let names = TestNames::new("pidns_consumer");
    let ring = names.segment("ring");
    let mut producer = build_shared_single_producer::<PeerEvent>(&ring, CAPACITY)
        .discover_consumer_with_prefix(1, "c")
        .with_coordination(disruptor_mp::CoordinationMode::Immediate)
        .build_producer(PeerEvent::default)
        .expect("build producer");
    let mut holder = ring_peer!("hold-consumer")
        .wrapped_in(IN_NEW_PID_NAMESPACE_WITH_PROC)
        .arg("name", &ring)
        .arg("capacity", CAPACITY)
        .arg("id", "c_0")
        .spawn();
    let inner_pid: u32 = holder.wait_for("READY").parsed("pid");
    assert_ne!(
        inner_pid,
        holder.pid(),
        "the peer runs in its own PID namespace"
    );

    // Its pid means nothing here: it is neither taken over nor left uncounted.
    match attach_shared_consumer::<PeerEvent>(&ring, CAPACITY)
        .with_consumer_id("c_0")
        .build_consumer()
    {
        Err(disruptor_mp::AttachError::ConsumerIdInUse { id, pid }) => {
            assert_eq!((id.as_str(), pid), ("c_0", inner_pid));
        }
        other => panic!("c_0 was taken from a live consumer: {other:?}"),
    }
    assert_eq!(producer.get_consumer_count(), 1);
    assert_eq!(producer.attached_gating_count(), 1);
    assert!(producer.awaited_consumer_ids().is_empty());

    // Once it drops its handle, the same id resumes here where it left off.
    producer.publish_value(PeerEvent::for_seq(0));
    holder.close_stdin();
    holder.expect_success();
    let mut consumer = attach_shared_consumer::<PeerEvent>(&ring, CAPACITY)
        .with_consumer_id("c_0")
        .build_consumer()
        .expect("the place is free once its holder dropped it");
    assert_eq!(
        consumer.consume_next_timeout(Duration::from_secs(5)),
        Ok(Some((0, PeerEvent::for_seq(0))))
    );
    drop(consumer);
    drop(producer);
    names.assert_clean();
}
