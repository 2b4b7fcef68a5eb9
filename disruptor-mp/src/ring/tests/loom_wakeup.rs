//! The sleeper handshakes of `ring::wakeup` under loom, with no cap on a sleep: the loom futex
//! model never times out, so a wake-up lost in any explored interleaving leaves a thread asleep
//! forever, which loom reports as a deadlock. `scripts/loom.sh --seeded-bugs` builds the models
//! with the sleeper's fence removed, then with the waker's check removed, and expects each to
//! fail.

use super::harness::{Ev, HeapRing, event, named};
use super::loom::{check, create_objects};
use crate::ring::publisher::Publisher;
use crate::ring::reader::Reader;
use crate::ring::slots::SlotState;
use crate::ring::wakeup;
use core::sync::atomic::Ordering;
use loom::thread;
use std::time::Duration;

/// A sleep loom never ends by timing out (the model ignores it anyway).
const FOREVER: Duration = Duration::from_secs(3600);
/// Sleeps a waiter may take before its condition must hold: spurious returns are allowed, but
/// only the one wake-up of each model can end a sleep.
const MAX_SLEEPS: usize = 2;

/// A ring of two slots whose one gating consumer "a" has joined, and a thread that publishes
/// event 0 into it (joined to get the publisher back).
fn one_event_coming() -> (HeapRing, Reader<Ev>, thread::JoinHandle<Publisher<Ev>>) {
    let (ring, mut publisher) = HeapRing::create_with(2, 1, named(&["a"]), || [0; 4]);
    create_objects(&ring);
    let reader = ring.join(Some("a")).expect("a joins");
    let producer = thread::spawn(move || {
        publisher
            .try_publish(|slot| *slot = event(0))
            .expect("room");
        publisher
    });
    (ring, reader, producer)
}

/// Reads event 0, calling `sleep` each time it is not published yet; only the one publish can
/// end a sleep, so more than [`MAX_SLEEPS`] fails.
fn read_event_zero(reader: &mut Reader<Ev>, mut sleep: impl FnMut(&Reader<Ev>)) {
    let mut sleeps = 0;
    loop {
        if let Some((seq, value)) = reader.try_read().expect("gating: never lapped") {
            assert_eq!((seq, value), (0, event(0)));
            return;
        }
        assert!(sleeps < MAX_SLEEPS, "woken without the event");
        sleeps += 1;
        sleep(reader);
    }
}

#[test]
fn a_consumer_asleep_for_an_event_is_woken_by_its_publish() {
    check(|| {
        let (_ring, mut reader, producer) = one_event_coming();
        read_event_zero(&mut reader, |reader| {
            wakeup::sleep_until_published(
                reader.segment(),
                || reader.next_state() != SlotState::NotYet,
                FOREVER,
            );
        });
        drop(producer.join().unwrap());
    });
}

#[test]
fn a_consumer_that_sleeps_again_under_one_announcement_is_still_woken() {
    // An idle consumer wakes every BLOCK_TIMEOUT to look at its producer and sleeps again
    // without fencing again: the publish may land between its sleeps.
    check(|| {
        let (_ring, mut reader, producer) = one_event_coming();
        let announced = wakeup::announce_consumer(reader.segment());
        // The first sleep "timed out" (the model's futex never does, so it is skipped): the
        // other thread may run here.
        thread::yield_now();
        read_event_zero(&mut reader, |reader| {
            wakeup::sleep_announced(
                reader.segment(),
                announced,
                || reader.next_state() != SlotState::NotYet,
                FOREVER,
            );
        });
        wakeup::retract_consumer(reader.segment());
        drop(producer.join().unwrap());
    });
}

#[test]
fn a_wait_on_two_rings_is_woken_by_a_publish_on_either() {
    // A wait set: one thread announced on a quiet ring and on a ring whose producer publishes
    // (both announcements under one fence, as a wait set makes them), sleeping on both wake
    // words at once.
    check(|| {
        let (quiet, _quiet_publisher) = HeapRing::create_with(2, 1, named(&["a"]), || [0; 4]);
        create_objects(&quiet);
        let quiet_reader = quiet.join(Some("a")).expect("a joins the quiet ring");
        let (_ring, mut reader, producer) = one_event_coming();
        let [on_quiet, on_busy] =
            wakeup::announce_consumer_on_each(&[quiet_reader.segment(), reader.segment()])[..]
        else {
            unreachable!("one announcement per ring")
        };
        read_event_zero(&mut reader, |reader| {
            let quiet_ready = || quiet_reader.next_state() != SlotState::NotYet;
            let busy_ready = || reader.next_state() != SlotState::NotYet;
            let watched = [
                wakeup::Watched {
                    segment: quiet_reader.segment(),
                    announced: on_quiet,
                    ready: &quiet_ready,
                },
                wakeup::Watched {
                    segment: reader.segment(),
                    announced: on_busy,
                    ready: &busy_ready,
                },
            ];
            wakeup::sleep_announced_many(&watched, &[], FOREVER);
        });
        wakeup::retract_consumer(quiet_reader.segment());
        wakeup::retract_consumer(reader.segment());
        drop(producer.join().unwrap());
    });
}

#[test]
fn a_sleep_prepared_on_one_thread_and_slept_on_another_is_woken_by_the_publish() {
    // The async bridge: the task announces itself and re-checks (`prepare_sleep`), then another
    // thread sleeps on the word with the value the task read.
    check(|| {
        let (_ring, reader, producer) = one_event_coming();
        let announced = wakeup::announce_consumer(reader.segment());
        let prepared = wakeup::prepare_sleep(
            reader.segment(),
            announced,
            || reader.next_state() != SlotState::NotYet,
            FOREVER,
        );
        if let Some((seen, _)) = prepared {
            let segment = reader.segment().share();
            let bridge = thread::spawn(move || {
                let quiet = crate::ring::sync::AtomicU32::new(0);
                crate::backend::futex::wait_many(
                    &[(segment.wake_word(), seen), (&quiet, 0)],
                    FOREVER,
                );
            });
            bridge.join().unwrap();
        }
        // Only the publish ends the bridge's sleep (the model's futex never times out).
        assert_eq!(
            reader.next_state(),
            SlotState::Ready,
            "woken without the event"
        );
        wakeup::retract_consumer(reader.segment());
        drop(producer.join().unwrap());
    });
}

#[test]
fn a_producer_asleep_for_space_is_woken_by_the_consumer_that_frees_it() {
    check(|| {
        let (ring, mut publisher) = HeapRing::create_with(2, 1, named(&["a"]), || [0; 4]);
        create_objects(&ring);
        let mut reader = ring.join(Some("a")).expect("a joins");
        for seq in 0..2 {
            publisher
                .try_publish(|slot| *slot = event(seq))
                .expect("room");
        }
        let consumer = thread::spawn(move || {
            // Reads one event; with a ring of two, every event read is stored (and checked
            // against a sleeping producer) at once.
            assert_eq!(reader.try_read(), Ok(Some((0, event(0)))));
            reader
        });
        let mut sleeps = 0;
        loop {
            if publisher.try_publish(|slot| *slot = event(2)).is_ok() {
                break;
            }
            assert!(sleeps < MAX_SLEEPS, "woken without space");
            sleeps += 1;
            publisher.sleep_until_space(1, FOREVER);
        }
        let reader = consumer.join().unwrap();
        assert_eq!(
            ring.view().producer_sleeping().load(Ordering::Relaxed),
            0,
            "the producer no longer counts as asleep"
        );
        drop(reader);
    });
}

#[test]
fn a_consumer_asleep_is_woken_by_the_ring_closing() {
    check(|| {
        let (ring, publisher) = HeapRing::create_with(2, 1, named(&["a"]), || [0; 4]);
        create_objects(&ring);
        let reader = ring.join(Some("a")).expect("a joins");
        let closer = thread::spawn(move || {
            let segment = publisher.segment();
            segment.state().store(
                crate::layout::SegmentState::Closed as u32,
                Ordering::Release,
            );
            wakeup::wake_consumers(segment);
            publisher
        });
        let mut sleeps = 0;
        while reader.segment().load_state() != Ok(crate::layout::SegmentState::Closed) {
            assert!(sleeps < MAX_SLEEPS, "woken without the close");
            sleeps += 1;
            wakeup::sleep_until_published(
                reader.segment(),
                || reader.next_state() != SlotState::NotYet,
                FOREVER,
            );
        }
        drop(closer.join().unwrap());
    });
}
