//! Where a run of published events ends (`Reader::published_run_end`), which a blocking batch
//! read needs before it visits the run so it can flag the run's last event: walked by stamps,
//! jumped to the producer cursor on a backlog, never past a ring or what was published.

use super::harness::{HeapRing, drain, named, publish_n};
use crate::layout::SlotLayout;
use core::sync::atomic::Ordering;

#[test]
fn a_stamped_run_ends_at_the_last_published_event_whether_walked_or_jumped() {
    let (ring, mut publisher) = HeapRing::create(64, named(&["r"]));
    let reader = ring.join(Some("r")).unwrap();
    publish_n(&mut publisher, 3);
    assert_eq!(
        reader.published_run_end(),
        2,
        "a short run, walked by its stamps"
    );
    // A backlog longer than the walk; single publishes leave the cursor behind (it is stored
    // only now and then), so the end is found past it, still by the stamps.
    publish_n(&mut publisher, 37);
    assert!(ring.view().producer_cursor().load(Ordering::Acquire) < 39);
    assert_eq!(reader.published_run_end(), 39);
    publisher.sync_cursor();
    assert_eq!(
        reader.published_run_end(),
        39,
        "the jump to the cursor lands on the same end"
    );
}

#[test]
fn a_run_is_never_longer_than_the_ring() {
    let (ring, mut publisher) = HeapRing::create(8, named(&["r"]));
    let mut reader = ring.join(Some("r")).unwrap();
    publish_n(&mut publisher, 8);
    assert_eq!(reader.published_run_end(), 7);
    assert_eq!(drain(&mut reader, 0), 8);
    reader.flush();
    publish_n(&mut publisher, 5);
    assert_eq!(reader.published_run_end(), 12);
}

#[test]
fn a_stamped_run_does_not_follow_a_cursor_its_stamps_do_not_confirm() {
    let (ring, mut publisher) = HeapRing::create(64, named(&["r"]));
    let reader = ring.join(Some("r")).unwrap();
    publish_n(&mut publisher, 12);
    // A peer scribbles a cursor far beyond what was published.
    ring.view().producer_cursor().store(40, Ordering::Release);
    assert_eq!(reader.published_run_end(), 11);
}

#[test]
fn a_packed_run_ends_at_the_cursor_within_one_ring() {
    let (ring, mut publisher) =
        HeapRing::create_layout(8, 8, named(&["r"]), false, SlotLayout::Packed);
    let reader = ring.join(Some("r")).unwrap();
    publish_n(&mut publisher, 5);
    assert_eq!(reader.published_run_end(), 4);
    // A scribbled cursor cannot stretch the run past one ring.
    ring.view().producer_cursor().store(1000, Ordering::Release);
    assert_eq!(reader.published_run_end(), 7);
}
