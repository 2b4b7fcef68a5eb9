//! The second half of every restart test: a successor consumer attaches where its predecessor
//! left off, the producer publishes the rest of the stream, and the successor must read exactly
//! the events from its start to the end, in order, and then see the stream close.

use crate::event::PeerEvent;
use crate::peer::{PeerCommand, PeerOutput};
use disruptor_mp::SharedProducer;
use std::time::Duration;

/// How long one publish may wait for a slot, and the producer for the successor to finish.
const WAIT: Duration = Duration::from_secs(20);

/// Publishes `n` more events, each [`PeerEvent::for_seq`] of its sequence; panics if a slot
/// stays taken for 20 s.
pub fn publish_next(producer: &mut SharedProducer<PeerEvent>, n: u64) {
    for _ in 0..n {
        let seq = producer.last_published_sequence() + 1;
        producer
            .publish_with_timeout(WAIT, |slot| *slot = PeerEvent::for_seq(seq as u64))
            .expect("the consumers keep up");
    }
}

/// Spawns `successor` (a `consumer` peer command with its ring and id set) expecting it to start
/// at `start`, publishes up to `total` events, waits until they are consumed, drops the
/// producer, and checks that the successor read `start..total` in order and then saw the ring
/// close. Returns its output for further checks.
pub fn reads_the_rest(
    successor: PeerCommand,
    start: u64,
    total: u64,
    mut producer: SharedProducer<PeerEvent>,
) -> PeerOutput {
    let successor = successor
        .arg("start", start)
        .arg("events", total - start)
        .arg("end", "closed")
        .spawn();
    let published = (producer.last_published_sequence() + 1) as u64;
    publish_next(&mut producer, total - published);
    assert!(producer.wait_until_consumed(total as i64 - 1, WAIT));
    drop(producer);
    let output = successor.expect_success();
    let result = output.result();
    assert_eq!(result.parsed::<u64>("first"), start, "{result}");
    assert_eq!(result.parsed::<u64>("last"), total - 1, "{result}");
    assert_eq!(result.field("ordered"), "true", "{result}");
    assert_eq!(result.field("end"), "closed", "{result}");
    output
}
