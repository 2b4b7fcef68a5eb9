//! Exactly one producer per name, however two producers race for it. Two `race-producer`
//! processes call `build_producer` at the same instant, many times, over:
//!
//! - a stale ring whose producer was SIGKILLed (both try to reclaim it),
//! - a half-created ring whose creator is alive but slow (it holds the owner lock, sized its
//!   object and has not written a header yet): neither racer may take it,
//! - a half-created ring whose creator was SIGKILLed at that point (both try to reclaim it),
//! - a fresh name.
//!
//! Every trial must have exactly one owner, the loser must get `SegmentInUse`, and the winner's
//! ring must be the one at the name: a consumer attaching by name receives the winner's events
//! and sees it close. Every scenario runs once per backend (POSIX shared memory and a ring file).

use disruptor_mp_tests::backend::{Backend, Storage};
use disruptor_mp_tests::names::TestNames;
use disruptor_mp_tests::peer::RunningPeer;
use disruptor_mp_tests::report::Report;
use disruptor_mp_tests::ring_peer;
use std::os::unix::fs::MetadataExt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

const CAPACITY: usize = 64;
const TRIALS: usize = 50;
/// Events the winner publishes for the consumer that checks it owns the name.
const EVENTS: u64 = 16;
const DEADLINE: Duration = Duration::from_secs(20);
/// How far ahead of now the racers are told to start (both are armed and waiting by then).
const START_AHEAD: Duration = Duration::from_millis(20);
/// A sized half-created object: what a slow creator has after `ftruncate`.
const HALF_MADE_LEN: u64 = 64 * 1024;

disruptor_mp_tests::on_both_backends!(
    two_producers_racing_over_a_killed_producers_ring_give_one_owner,
    two_producers_racing_over_a_half_made_ring_whose_creator_died_give_one_owner,
    two_producers_racing_over_a_fresh_name_give_one_owner,
    no_producer_takes_a_half_made_ring_whose_creator_is_alive,
);

/// Two racers for `ring`, armed, started at the same instant; returns them with their results.
fn race(storage: &Storage, ring: &str) -> (Vec<RunningPeer>, Vec<Report>) {
    let mut racers: Vec<RunningPeer> = (0..2)
        .map(|_| {
            storage
                .peer(ring_peer!("race-producer"))
                .arg("name", ring)
                .arg("capacity", CAPACITY)
                .deadline(DEADLINE)
                .spawn()
        })
        .collect();
    for racer in &mut racers {
        racer.wait_for("ARMED");
    }
    let at = (SystemTime::now() + START_AHEAD)
        .duration_since(UNIX_EPOCH)
        .expect("after the epoch")
        .as_nanos();
    for racer in &mut racers {
        racer.send_line(&format!("go {at}"));
    }
    let results = racers
        .iter_mut()
        .map(|racer| racer.wait_for("RESULT"))
        .collect();
    (racers, results)
}

fn inode(storage: &Storage, ring: &str) -> Option<u64> {
    std::fs::metadata(storage.path(ring))
        .ok()
        .map(|meta| meta.ino())
}

/// Checks one trial where the racers were the only candidates: returns how many won, and, when
/// exactly one did, checks that the loser got `SegmentInUse` and that the winner's ring is the one
/// at the name.
fn judge(storage: &Storage, ring: &str, mut racers: Vec<RunningPeer>, results: &[Report]) -> usize {
    let winners: Vec<usize> = (0..2)
        .filter(|&i| results[i].field("outcome") == "ok")
        .collect();
    if winners.len() != 1 {
        // Leave the trial clean for the next one; the caller reports the tally.
        drop(racers);
        let _ = storage.remove(ring);
        return winners.len();
    }
    let winner = winners[0];
    let loser = &results[1 - winner];
    assert_eq!(loser.field("kind"), "SegmentInUse", "the loser: {loser}");
    // It names the winner, or nobody while the winner's header is not written yet; never the
    // dead producer whose ring was reclaimed.
    let named = loser.field("pid");
    assert!(
        named == "0" || named == results[winner].field("pid"),
        "the loser names pid {named}, the winner is {}",
        results[winner]
    );
    // The winner owns the ring at the name: a consumer attaching by name gets its events.
    let mut consumer = storage
        .peer(ring_peer!("consumer"))
        .arg("name", ring)
        .arg("capacity", CAPACITY)
        .arg("events", EVENTS)
        .arg("start", 0)
        .arg("end", "closed")
        .arg("attach-wait-ms", 0)
        .deadline(DEADLINE)
        .spawn();
    consumer.wait_for("READY");
    let mut holder = racers.swap_remove(winner);
    holder.send_line(&format!("publish {EVENTS}"));
    holder.wait_for("PUBLISHED");
    holder.close_stdin();
    let seen = consumer.expect_success().result();
    assert_eq!(seen.parsed::<u64>("consumed"), EVENTS, "{seen}");
    assert_eq!(seen.field("end"), "closed", "{seen}");
    holder.expect_success();
    racers.pop().expect("the loser").expect_success();
    assert!(
        !storage.exists(ring),
        "the winner removed its ring on close"
    );
    1
}

/// Runs `TRIALS` races, each after `prepare` set up the name, and asserts one winner in each.
fn race_many(backend: Backend, tag: &str, mut prepare: impl FnMut(&Storage, &str)) {
    let names = TestNames::new(tag);
    let storage = Storage::new(backend, &names);
    let mut tally = Vec::new();
    for trial in 0..TRIALS {
        let ring = names.segment(&format!("ring{trial}"));
        prepare(&storage, &ring);
        let (racers, results) = race(&storage, &ring);
        tally.push(judge(&storage, &ring, racers, &results));
    }
    assert!(
        tally.iter().all(|&winners| winners == 1),
        "{tag}: winners per trial {tally:?} (want exactly one every time)"
    );
    storage.assert_clean(&names);
}

fn two_producers_racing_over_a_killed_producers_ring_give_one_owner(backend: Backend) {
    race_many(backend, "stale", |storage, ring| {
        let mut doomed = storage
            .peer(ring_peer!("producer"))
            .arg("name", ring)
            .arg("capacity", CAPACITY)
            .arg("events", 10)
            .arg("then", "hang")
            .deadline(DEADLINE)
            .spawn();
        doomed.wait_for("PUBLISHED");
        doomed.sigkill();
        assert!(storage.exists(ring), "the killed producer left its ring");
    });
}

fn two_producers_racing_over_a_half_made_ring_whose_creator_died_give_one_owner(backend: Backend) {
    race_many(backend, "half_made_dead", |storage, ring| {
        let mut creator = storage
            .peer(ring_peer!("raw-create"))
            .arg("name", ring)
            .arg("len", HALF_MADE_LEN)
            .deadline(DEADLINE)
            .spawn();
        creator.wait_for("READY");
        creator.sigkill();
    });
}

fn two_producers_racing_over_a_fresh_name_give_one_owner(backend: Backend) {
    race_many(backend, "fresh", |_, _| {});
}

fn no_producer_takes_a_half_made_ring_whose_creator_is_alive(backend: Backend) {
    let names = TestNames::new("half_made_alive");
    let storage = Storage::new(backend, &names);
    let mut taken = Vec::new();
    for trial in 0..TRIALS {
        let ring = names.segment(&format!("ring{trial}"));
        let mut creator = storage
            .peer(ring_peer!("raw-create"))
            .arg("name", &ring)
            .arg("len", HALF_MADE_LEN)
            .deadline(DEADLINE)
            .spawn();
        creator.wait_for("READY");
        let before = inode(&storage, &ring).expect("the creator's object");
        let (racers, results) = race(&storage, &ring);
        let wins = results
            .iter()
            .filter(|result| result.field("outcome") == "ok")
            .count();
        let kept = inode(&storage, &ring) == Some(before);
        if wins != 0 || !kept {
            taken.push((trial, wins, kept));
        } else {
            for result in &results {
                assert_eq!(result.field("kind"), "SegmentInUse", "{result}");
                // Its header is not written, so nobody is named.
                assert_eq!(result.field("pid"), "0", "{result}");
            }
        }
        drop(racers);
        creator.close_stdin();
        creator.expect_success();
        storage.remove(&ring).expect("remove the creator's object");
    }
    assert!(
        taken.is_empty(),
        "the live creator lost its name in (trial, racers that won, name still its object) {taken:?}"
    );
    storage.assert_clean(&names);
}
