//! The one thread per process that turns futex wake-ups into task wake-ups.
//!
//! A task that finds nothing to do makes the first half of a `Block` sleep itself (announces
//! itself on the ring, reads the word, re-checks: `ring::wakeup::prepare_sleep`) and hands the
//! second half here: "wake this task once that word moves from the value I read". The bridge
//! sleeps on every such word, and its own doorbell, in one `futex_waitv`; when a word moves it
//! wakes that word's tasks. Each hand-over is bounded (at most [`crate::BLOCK_TIMEOUT`], or the
//! no-`membarrier` cap), after which the task is woken anyway to look at its producer, which
//! wakes nobody if it dies.
//!
//! The thread starts with the first hand-over and ends when the last async handle
//! ([`User`]) drops, which joins it. A task that finds events never comes here.

use crate::backend::futex;
use crate::ring::segment::Segment;
use crate::ring::sync::AtomicU32;
use crate::ring::wakeup::{self, Announced};
use core::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::task::Waker;
use std::thread::JoinHandle;
use std::time::Duration;

/// How long the bridge sleeps with nothing handed over (its doorbell ends the sleep sooner).
const IDLE_SLEEP: Duration = Duration::from_secs(3600);

/// Which of a ring's words a task sleeps on.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Word {
    /// The consumers' wake word (bumped by publishes and the close).
    Published,
    /// The producer's space word (bumped by consumers that free room, and leaves).
    Space,
}

/// One task's sleep, handed to the bridge.
pub(crate) struct Sleep {
    /// Keeps the ring mapped while the bridge reads its word.
    pub(crate) segment: Segment,
    pub(crate) word: Word,
    /// The word's value the task read before its re-check.
    pub(crate) seen: u32,
    /// The longest the task may stay asleep.
    pub(crate) bound: Duration,
    pub(crate) waker: Waker,
    /// The consumer's announcement the sleep stands under, which the bridge withdraws when a
    /// publish ends the sleep (see [`Announcement`]); `None` for the producer's sleeps.
    pub(crate) announcement: Option<Arc<Announcement>>,
}

/// A consumer task's standing announcement on a ring (`ring::wakeup::announce_consumer`),
/// withdrawn exactly once: by the task when its wait ends, or by the bridge when a publish ends
/// the sleep handed over under it. While an announcement stands, every publish on the ring pays
/// a wake-up (a system call); a task woken by a publish may not be polled again for a long
/// time, and the publishes meanwhile must not pay for a wait nobody sleeps in. A sleep ended by
/// its bound (nothing published) leaves the announcement standing, so an idle task does not pay
/// a fresh fence every [`crate::BLOCK_TIMEOUT`].
#[derive(Debug)]
pub(crate) struct Announcement {
    segment: Segment,
    announced: Announced,
    standing: AtomicBool,
}

impl Announcement {
    /// Announces a consumer on `segment` (and fences: see `announce_consumer`).
    pub(crate) fn new(segment: &Segment) -> Arc<Self> {
        Arc::new(Self {
            segment: segment.share(),
            announced: wakeup::announce_consumer(segment),
            standing: AtomicBool::new(true),
        })
    }

    /// What the announcement's fence covered.
    pub(crate) fn announced(&self) -> Announced {
        self.announced
    }

    /// Whether nobody has withdrawn it yet.
    pub(crate) fn stands(&self) -> bool {
        self.standing.load(Ordering::Acquire)
    }

    /// Withdraws the announcement, if nobody has yet.
    pub(crate) fn withdraw(&self) {
        if self.standing.swap(false, Ordering::AcqRel) {
            wakeup::retract_consumer(&self.segment);
        }
    }
}

impl Sleep {
    fn word(&self) -> &AtomicU32 {
        match self.word {
            Word::Published => self.segment.wake_word(),
            Word::Space => self.segment.space_word(),
        }
    }
}

/// A hand-over's receipt, to withdraw it ([`cancel`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Ticket(u64);

struct State {
    sleeps: Vec<(Ticket, Arc<Sleep>)>,
    next_ticket: u64,
    /// Live async handles ([`User`]).
    users: usize,
    /// The running thread, with the generation it was started as.
    thread: Option<(u64, JoinHandle<()>)>,
    /// Threads of this generation and older must end.
    stop_before: u64,
    generation: u64,
}

static STATE: Mutex<State> = Mutex::new(State {
    sleeps: Vec::new(),
    next_ticket: 0,
    users: 0,
    thread: None,
    stop_before: 0,
    generation: 0,
});

/// Bumped (and woken) when the set of hand-overs changes or the thread must end.
static DOORBELL: AtomicU32 = AtomicU32::new(0);

/// The state; a panic elsewhere while it was held left it consistent (every update is one
/// assignment or push), so a poisoned lock is used as is.
fn state() -> MutexGuard<'static, State> {
    STATE.lock().unwrap_or_else(PoisonError::into_inner)
}

fn ring_doorbell() {
    DOORBELL.fetch_add(1, Ordering::Release);
    futex::wake_all(&DOORBELL);
}

/// Whether the bridge thread runs now (tests: it must be gone once every handle dropped).
pub(crate) fn running() -> bool {
    state().thread.is_some()
}

/// An async handle's share of the bridge: the thread ends when the last one drops.
#[derive(Debug)]
pub(crate) struct User(());

impl User {
    pub(crate) fn new() -> Self {
        state().users += 1;
        User(())
    }
}

impl Drop for User {
    fn drop(&mut self) {
        let thread = {
            let mut state = state();
            state.users -= 1;
            if state.users > 0 {
                return;
            }
            state.stop_before = state.generation;
            state.sleeps.clear();
            state.thread.take()
        };
        if let Some((_, thread)) = thread {
            ring_doorbell();
            // The thread only waits on futex words and the state lock: it ends promptly.
            let _ = thread.join();
        }
    }
}

/// Hands `sleep` to the bridge (starting its thread if needed); the task's waker is woken once
/// the word moves from `sleep.seen`, or after `sleep.bound`.
pub(crate) fn hand_over(sleep: Sleep) -> Ticket {
    let ticket = {
        let mut state = state();
        let ticket = Ticket(state.next_ticket);
        state.next_ticket += 1;
        state.sleeps.push((ticket, Arc::new(sleep)));
        if state.thread.is_none() {
            state.generation += 1;
            let generation = state.generation;
            let thread = std::thread::Builder::new()
                .name("dmp-async-bridge".into())
                .spawn(move || run(generation))
                .expect("start the async bridge thread");
            state.thread = Some((generation, thread));
        }
        ticket
    };
    ring_doorbell();
    ticket
}

/// Withdraws a hand-over (the task woke, found its event, or was dropped). A ticket the bridge
/// already woke is gone: nothing happens.
pub(crate) fn cancel(ticket: Ticket) {
    state().sleeps.retain(|(held, _)| *held != ticket);
}

/// The bridge thread: sleeps on every handed-over word and the doorbell, wakes the tasks whose
/// word moved (or all of them when the bound passed), until its generation is stopped.
fn run(generation: u64) {
    loop {
        let bell = DOORBELL.load(Ordering::Acquire);
        let sleeps: Vec<(Ticket, Arc<Sleep>)> = {
            let state = state();
            if state.stop_before >= generation {
                return;
            }
            state.sleeps.clone()
        };
        let bound = sleeps
            .iter()
            .map(|(_, sleep)| sleep.bound)
            .min()
            .unwrap_or(IDLE_SLEEP);
        let mut words: Vec<(&AtomicU32, u32)> = sleeps
            .iter()
            .map(|(_, sleep)| (sleep.word(), sleep.seen))
            .collect();
        words.push((&DOORBELL, bell));
        futex::wait_many(&words, bound);
        let quiet = words
            .iter()
            .all(|&(word, seen)| word.load(Ordering::Relaxed) == seen);
        let due: Vec<&(Ticket, Arc<Sleep>)> = sleeps
            .iter()
            .filter(|(_, sleep)| quiet || sleep.word().load(Ordering::Relaxed) != sleep.seen)
            .collect();
        if due.is_empty() {
            continue;
        }
        // Wake first: the latency the tasks see ends here. A task that hands over a new sleep
        // before the retain below gets a new ticket, which the retain keeps.
        for (_, sleep) in &due {
            sleep.waker.wake_by_ref();
        }
        // Under the lock, and only for sleeps still held: a task cancels its hand-over (under
        // the lock) before it looks whether its announcement still stands, so it never sleeps
        // again under one withdrawn behind its back.
        state().sleeps.retain(|(held, sleep)| {
            let ended = due.iter().any(|(ticket, _)| ticket == held);
            if ended
                && sleep.word().load(Ordering::Relaxed) != sleep.seen
                && let Some(announcement) = &sleep.announcement
            {
                announcement.withdraw();
            }
            !ended
        });
    }
}
