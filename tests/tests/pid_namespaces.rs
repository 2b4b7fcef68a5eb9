//! Liveness across PID namespaces (containers): a producer created its ring in a new PID
//! namespace, so the pid its header records (2 there) means nothing in this test's namespace.
//! After it is killed, a consumer here must not report `ProducerDead` on that pid (it cannot
//! tell, so it keeps waiting), and a producer here must still reclaim the ring: the creator's
//! lock, which the kernel released when the child died, proves it gone in any namespace.
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
