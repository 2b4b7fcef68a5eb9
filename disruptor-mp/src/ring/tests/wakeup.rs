//! The paths that find work make no system call: publishing with no consumer asleep and
//! consuming with no producer asleep never call futex (counted per thread by
//! `backend::futex`); with a sleeper announced, the same publish or cursor store wakes it.
//! (That the handshake never loses a wake-up is `loom_wakeup`'s job.)

use super::harness::{HeapRing, drain, event, named, publish_n};
use crate::backend::futex::calls_on_this_thread;
use core::sync::atomic::Ordering;

#[test]
fn publishing_and_consuming_with_nobody_asleep_make_no_system_call() {
    let (ring, mut publisher) = HeapRing::create(64, named(&["a"]));
    let mut reader = ring.join(Some("a")).unwrap();
    let before = calls_on_this_thread();
    for round in 0..20 {
        publish_n(&mut publisher, 50);
        publisher
            .try_publish_batch(10, |slot, k| *slot = event(round * 60 + 50 + k as i64))
            .unwrap();
        assert_eq!(drain(&mut reader, round * 60), 60);
        reader.flush();
    }
    assert_eq!(
        calls_on_this_thread(),
        before,
        "1,200 events published and consumed"
    );
}

#[test]
fn a_publish_wakes_an_announced_consumer_and_a_cursor_store_an_announced_producer() {
    let (ring, mut publisher) = HeapRing::create(64, named(&["a"]));
    let mut reader = ring.join(Some("a")).unwrap();
    let before = calls_on_this_thread();

    ring.view().waiters().store(1, Ordering::SeqCst);
    let word = ring.view().wake_word().load(Ordering::SeqCst);
    publish_n(&mut publisher, 1);
    assert_eq!(
        calls_on_this_thread(),
        before + 1,
        "one wake for the sleeper"
    );
    assert_eq!(ring.view().wake_word().load(Ordering::SeqCst), word + 1);
    ring.view().waiters().store(0, Ordering::SeqCst);

    ring.view().producer_sleeping().store(1, Ordering::SeqCst);
    let word = ring.view().space_word().load(Ordering::SeqCst);
    assert_eq!(drain(&mut reader, 0), 1);
    reader.flush(); // the idle path's cursor store
    assert_eq!(
        calls_on_this_thread(),
        before + 2,
        "one wake for the producer"
    );
    assert_eq!(ring.view().space_word().load(Ordering::SeqCst), word + 1);
    ring.view().producer_sleeping().store(0, Ordering::SeqCst);
}
