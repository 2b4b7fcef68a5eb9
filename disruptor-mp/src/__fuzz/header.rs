//! Target `header`: the input is a mapping another process wrote; attach to it as a consumer
//! does, and use the consumer when attaching succeeds.
//!
//! Input: one byte choosing the expected event type, capacity and consumer id; two bytes giving
//! a minimum mapping length in units of 64 bytes; then the mapping's bytes. The mapping is those
//! bytes, zero-padded to the minimum length: so a short input can stand for a large segment whose
//! tail is still zero (a real creator's object is zero-filled by `ftruncate`), and with a minimum
//! of 0 the mapping is exactly the bytes given.

use super::events::{Nested, Tick, Wide, Words};
use super::input::Input;
use crate::backend::heap::HeapRegion;
use crate::backend::process::ProcessIdentity;
use crate::consumer::{ConsumerRole, ConsumerSettings, SharedConsumer};
use crate::event::SharedEvent;
use crate::layout::validate::Expectation;
use crate::ring::attach::{Attached, attach};
use crate::ring::consumer_table::{ConsumerTable, PackedId};
use crate::ring::reader::Reader;
use crate::wait::AutoWaitStrategy;
use core::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::Duration;

/// Attaches to `data` as a mapping (see the module docs for the input format).
pub fn header(data: &[u8]) {
    let mut input = Input::new(data);
    let choice = input.u8();
    let minimum = usize::from(input.u16()) * 64;
    let bytes = input.rest();
    let len = bytes.len().max(minimum);
    match choice % 4 {
        0 => attach_as::<Tick>(choice, bytes, len),
        1 => attach_as::<Nested>(choice, bytes, len),
        2 => attach_as::<Wide>(choice, bytes, len),
        _ => attach_as::<Words>(choice, bytes, len),
    }
}

/// The capacity the attacher asks for: a power of two up to 64, or (rarely) one no ring has.
fn capacity(choice: u8) -> usize {
    match (choice >> 2) % 8 {
        7 => 3,
        k => 1 << k,
    }
}

/// The id the consumer attaches as: anonymous, or one a producer's discovery may have reserved.
fn consumer_id(choice: u8) -> Option<PackedId> {
    match choice >> 5 {
        0..=2 => None,
        3..=4 => PackedId::new("cp_0"),
        5 => PackedId::new("cp_1"),
        _ => PackedId::new("ad_0"),
    }
}

fn attach_as<E: SharedEvent>(choice: u8, bytes: &[u8], len: usize) {
    // An empty object never gets this far: the OS backend reports it before mapping, as mmap
    // cannot map zero bytes.
    let Some(region) = HeapRegion::with_contents(len, bytes) else {
        return;
    };
    let region = Arc::new(region);
    let before = region.to_vec();
    let expected = Expectation {
        layout: &E::LAYOUT,
        capacity: capacity(choice),
    };
    // A zero ready timeout: a segment that is not ready is reported at once, without sleeping.
    match attach(
        "fuzz",
        Box::new(Arc::clone(&region)),
        expected,
        Duration::ZERO,
    ) {
        Err(err) => {
            // The error explains itself without panicking, and refusing wrote nothing.
            let _ = err.to_string();
            assert!(
                region.to_vec() == before,
                "a refused attach changed the segment ({err})"
            );
        }
        Ok(attached) => {
            // Everything an accepted plan promises about where it reads and writes.
            attached
                .segment
                .plan()
                .assert_fits(len, core::mem::size_of::<u64>(), "accepted");
            consume::<E>(attached, choice);
        }
    }
}

/// Joins the table of an accepted segment and reads through every consumer method that does not
/// wait.
fn consume<E: SharedEvent>(attached: Attached, choice: u8) {
    let Attached { segment, producer } = attached;
    // A join lock word naming a live process makes joiners wait for it (up to five seconds, then
    // `LockTimeout`); that bounded wait is tested in `ring::tests::join`, and here it would only
    // slow the fuzzer down.
    segment.join_lock().store(0, Ordering::Relaxed);
    let max_consumers = segment.plan().max_consumers;
    let joined = match ConsumerTable::new(&segment)
        .join(consumer_id(choice).as_ref(), ProcessIdentity::current())
    {
        Ok(joined) => joined,
        Err(_) => return,
    };
    assert!(joined.index < max_consumers, "{joined:?}");
    assert!(joined.next >= 0, "{joined:?}");
    let reader = Reader::<E>::new(segment, &joined);
    let settings = ConsumerSettings {
        id: joined.id.clone(),
        name: "fuzz".to_owned(),
        wait: AutoWaitStrategy::BusySpin,
        producer,
        role: ConsumerRole::of(joined.role),
    };
    let mut consumer = SharedConsumer::from_parts(reader, settings);
    let start = consumer.current_sequence();
    // A lease first, while the first event may still be there to lease.
    if let Ok(Some(lease)) = consumer.poll_next_leased() {
        let _ = (*lease, lease.sequence());
    }
    for _ in 0..3 {
        let _ = consumer.poll_next();
    }
    let _ = consumer.try_process_available(|_, _| {});
    let _ = consumer.consume_next_timeout(Duration::ZERO);
    // Reads only move forward, by at most what was attempted.
    let moved = consumer.current_sequence() - start;
    let capacity = consumer.capacity() as i64;
    assert!(
        (0..=capacity + 5).contains(&moved),
        "the consumer moved {moved} sequences from {start}"
    );
    let _ = consumer.producer_sequence();
}
