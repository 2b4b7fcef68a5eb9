//! Open reservations: gating places any consumer may take. Anonymous joiners are named
//! `ad_<index>`; once the places are used, later joiners read without gating.

use super::harness::{HeapRing, drain, fill, publish_n};
use crate::ring::consumer_table::{EntryState, Role};
use crate::ring::init::Reservations;

#[test]
fn anonymous_joiners_take_the_open_places_then_join_plain() {
    let (ring, mut publisher) = HeapRing::create(4, Reservations::Open(2));
    let joined: Vec<_> = (0..3)
        .map(|_| ring.join_as(None, crate::backend::process::ProcessIdentity::current()))
        .collect::<Result<_, _>>()
        .unwrap();
    let ids: Vec<_> = joined.iter().map(|(j, _)| j.id.as_str()).collect();
    assert_eq!(ids, ["ad_0", "ad_1", "ad_2"]);
    let gating: Vec<_> = joined.iter().map(|(j, r)| (j.gating, r.gating())).collect();
    assert_eq!(gating, [(true, true), (true, true), (false, false)]);
    assert_eq!(ring.table().role(2), Some(Role::Plain));
    assert_eq!(publisher.gating_count(), 2);

    let mut readers: Vec<_> = joined.into_iter().map(|(_, r)| r).collect();
    assert_eq!(fill(&mut publisher), 4);
    assert_eq!(drain(&mut readers[0], 0), 4);
    readers[0].flush();
    assert_eq!(fill(&mut publisher), 0, "ad_1 has not read yet");
    assert_eq!(drain(&mut readers[1], 0), 4);
    readers[1].flush();
    // The plain reader read nothing, yet the producer is free to go on.
    assert_eq!(fill(&mut publisher), 4);
    assert_eq!(readers[2].next(), 0);
}

#[test]
fn a_named_consumer_may_take_an_open_place() {
    let (ring, mut publisher) = HeapRing::create(4, Reservations::Open(1));
    let (first, _x) = ring
        .join_as(
            Some("x"),
            crate::backend::process::ProcessIdentity::current(),
        )
        .unwrap();
    assert_eq!(
        (first.id.as_str(), first.gating, first.next),
        ("x", true, 0)
    );
    let (second, _anon) = ring
        .join_as(None, crate::backend::process::ProcessIdentity::current())
        .unwrap();
    assert_eq!(second.id, format!("ad_{}", second.index));
    assert!(!second.gating);
    assert_eq!(fill(&mut publisher), 4, "only x gates");
}

#[test]
fn an_open_place_that_was_left_is_reused_and_gates_from_the_join_on() {
    let (ring, mut publisher) = HeapRing::create(4, Reservations::Open(1));
    let first = ring.join(None).unwrap();
    publish_n(&mut publisher, 2);
    drop(first);
    assert_eq!(ring.table().state(0), Some(EntryState::Left));
    publish_n(&mut publisher, 9);
    let (joined, mut reader) = ring
        .join_as(None, crate::backend::process::ProcessIdentity::current())
        .unwrap();
    assert_eq!(
        joined.index, 0,
        "the left open place, not a fresh plain entry"
    );
    assert!(joined.gating);
    assert_eq!(joined.next, 11, "starts after the producer cursor");
    assert_eq!(fill(&mut publisher), 4);
    assert_eq!(drain(&mut reader, 11), 4);
}
