//! [`WaitSet`]: one thread blocked on many rings at once, consumers of different event types,
//! learning which have events and which have ended.
//!
//! A wait announces itself on every member's ring as a single consumer's `Block` wait does, then
//! sleeps on all the rings' wake words in one system call (`futex_waitv`; see
//! `backend::futex::wait_many` for the fallback). A member whose producer publishes, closes the
//! ring or wakes its sleepers ends the sleep; a producer that dies wakes nobody, so each sleep
//! lasts at most [`crate::BLOCK_TIMEOUT`] and the members' producers are looked at after it.

use crate::consumer::{Member, SharedConsumer};
use crate::error::ConsumeError;
use crate::event::SharedEvent;
use crate::ring::wakeup::{self, Announced, Watched};
use core::marker::PhantomData;
use std::time::{Duration, Instant};

/// A consumer's place in a [`WaitSet`]: the typed key that gives the consumer back.
pub struct WaitKey<E> {
    index: usize,
    event: PhantomData<fn() -> E>,
}

impl<E> WaitKey<E> {
    /// The member's position, as [`Ready::index`] reports it.
    pub fn index(&self) -> usize {
        self.index
    }
}

impl<E> Clone for WaitKey<E> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<E> Copy for WaitKey<E> {}

impl<E> std::fmt::Debug for WaitKey<E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("WaitKey").field(&self.index).finish()
    }
}

/// What a wait found on one member.
#[derive(Debug)]
#[non_exhaustive]
pub enum Readiness {
    /// The member's next read will not wait: an event is there (or, for an observer that was
    /// overwritten, the lap its next read reports).
    Events,
    /// The member's stream ended: [`ConsumeError::ProducerClosed`] once every event was read,
    /// [`ConsumeError::ProducerDead`] if its producer died, or an eviction. Reported by every
    /// wait until the member is removed.
    Ended(ConsumeError),
}

/// One member a wait found ready.
#[derive(Debug)]
pub struct Ready {
    index: usize,
    /// What the wait found.
    pub readiness: Readiness,
}

impl Ready {
    /// The member's position (its key's [`WaitKey::index`]).
    pub fn index(&self) -> usize {
        self.index
    }

    /// Whether this is the member of `key`.
    pub fn is<E>(&self, key: WaitKey<E>) -> bool {
        self.index == key.index
    }
}

/// Consumers of any event types, owned together so that one thread can block on all their rings
/// at once.
///
/// ```
/// use disruptor_mp::{Readiness, WaitSet};
/// use std::time::Duration;
/// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
/// # #[repr(C)]
/// # struct Quote { price: u64 }
/// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
/// # #[repr(C)]
/// # struct Fill { quantity: u32 }
/// # let quotes_ring = format!("doc-{}-waitset-q", std::process::id());
/// # let fills_ring = format!("doc-{}-waitset-f", std::process::id());
/// # let mut quotes_out = disruptor_mp::build_shared_single_producer::<Quote>(&quotes_ring, 8)
/// #     .build_producer(Quote::default)?;
/// # let fills_out = disruptor_mp::build_shared_single_producer::<Fill>(&fills_ring, 8)
/// #     .build_producer(Fill::default)?;
/// # let quotes_in = disruptor_mp::attach_shared_consumer::<Quote>(&quotes_ring, 8).build_consumer()?;
/// # let fills_in = disruptor_mp::attach_shared_consumer::<Fill>(&fills_ring, 8).build_consumer()?;
/// let mut set = WaitSet::new();
/// let quotes = set.add(quotes_in);
/// let fills = set.add(fills_in);
///
/// quotes_out.publish_value(Quote { price: 10 });
/// drop(fills_out); // closes the fills ring
/// let ready = set.wait_timeout(Duration::from_secs(5));
/// assert!(ready.iter().any(|r| r.is(quotes) && matches!(r.readiness, Readiness::Events)));
/// assert!(ready.iter().any(|r| r.is(fills) && matches!(r.readiness, Readiness::Ended(_))));
/// assert_eq!(set.get_mut(quotes).and_then(|c| c.try_consume_next()).map(|(_, q)| q.price), Some(10));
/// set.remove(fills);
/// // Nothing more within the deadline: an empty answer.
/// assert!(set.wait_timeout(Duration::from_millis(5)).is_empty());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Default)]
pub struct WaitSet {
    members: Vec<Option<Box<dyn Member>>>,
}

impl std::fmt::Debug for WaitSet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WaitSet")
            .field("members", &self.len())
            .finish()
    }
}

impl WaitSet {
    /// An empty set.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds `consumer`; its key gives it back ([`WaitSet::get_mut`], [`WaitSet::remove`]).
    pub fn add<E: SharedEvent>(&mut self, consumer: SharedConsumer<E>) -> WaitKey<E> {
        self.members.push(Some(Box::new(consumer)));
        WaitKey {
            index: self.members.len() - 1,
            event: PhantomData,
        }
    }

    /// The consumer of `key`, to read from; `None` once removed.
    pub fn get_mut<E: SharedEvent>(&mut self, key: WaitKey<E>) -> Option<&mut SharedConsumer<E>> {
        let member = self.members.get_mut(key.index)?.as_mut()?;
        member.as_any_mut().downcast_mut()
    }

    /// Takes the consumer of `key` out of the set; `None` if it was removed already.
    pub fn remove<E: SharedEvent>(&mut self, key: WaitKey<E>) -> Option<SharedConsumer<E>> {
        let member = self.members.get_mut(key.index)?.take()?;
        member.into_any().downcast().ok().map(|consumer| *consumer)
    }

    /// How many consumers the set holds.
    pub fn len(&self) -> usize {
        self.members.iter().flatten().count()
    }

    /// Whether the set holds no consumer.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Blocks until some member has events or has ended, and returns every member that has.
    /// Returns at once (with nothing) if the set is empty.
    pub fn wait(&mut self) -> Vec<Ready> {
        self.wait_until(None)
    }

    /// [`WaitSet::wait`] for at most `timeout`: an empty answer when nothing came in time.
    pub fn wait_timeout(&mut self, timeout: Duration) -> Vec<Ready> {
        self.wait_until(Instant::now().checked_add(timeout))
    }

    /// [`WaitSet::wait`] until `deadline`: an empty answer when nothing came before it.
    pub fn wait_deadline(&mut self, deadline: Instant) -> Vec<Ready> {
        self.wait_until(Some(deadline))
    }

    fn wait_until(&mut self, deadline: Option<Instant>) -> Vec<Ready> {
        let mut announced: Vec<Option<Announced>> = vec![None; self.members.len()];
        let found = self.wait_announced(deadline, &mut announced);
        // The wait is over, however it ended: no producer need wake this thread any more.
        for (member, announced) in self.members.iter().zip(&announced) {
            if let (Some(member), Some(_)) = (member, announced) {
                wakeup::retract_consumer(member.segment());
            }
        }
        found
    }

    /// The loop of [`WaitSet::wait_until`]; its sleeps announce the set on each member's ring
    /// once (`announced`), and the caller withdraws the announcements.
    fn wait_announced(
        &mut self,
        deadline: Option<Instant>,
        announced: &mut [Option<Announced>],
    ) -> Vec<Ready> {
        loop {
            let found = self.ready_now();
            if !found.is_empty() || self.is_empty() {
                return found;
            }
            let now = Instant::now();
            if deadline.is_some_and(|deadline| now >= deadline) {
                return found;
            }
            let timeout = deadline.map_or(crate::BLOCK_TIMEOUT, |deadline| {
                crate::BLOCK_TIMEOUT.min(deadline - now)
            });
            self.sleep(announced, timeout);
        }
    }

    /// Every member whose next read will not wait, or whose stream ended.
    fn ready_now(&mut self) -> Vec<Ready> {
        let mut found = Vec::new();
        for (index, member) in self.members.iter_mut().enumerate() {
            let Some(member) = member else { continue };
            let readiness = if member.has_next() {
                Readiness::Events
            } else {
                match member.check_idle() {
                    Err(err) => Readiness::Ended(err),
                    // The producer may have published during the idle check.
                    Ok(()) if member.has_next() => Readiness::Events,
                    Ok(()) => continue,
                }
            };
            found.push(Ready { index, readiness });
        }
        found
    }

    /// Announces the set on every member's ring not announced yet (with one fence for all of
    /// them), then sleeps on all of them for at most `timeout`.
    fn sleep(&mut self, announced: &mut [Option<Announced>], timeout: Duration) {
        let (unannounced, segments): (Vec<usize>, Vec<_>) = self
            .members
            .iter()
            .enumerate()
            .filter(|(index, _)| announced[*index].is_none())
            .filter_map(|(index, member)| Some((index, member.as_ref()?.segment())))
            .unzip();
        if !segments.is_empty() {
            let made = wakeup::announce_consumer_on_each(&segments);
            for (index, standing) in unannounced.into_iter().zip(made) {
                announced[index] = Some(standing);
            }
        }
        let mut watched = Vec::with_capacity(self.members.len());
        let mut checks = Vec::with_capacity(self.members.len());
        for (member, announced) in self.members.iter().zip(announced.iter()) {
            let (Some(member), Some(standing)) = (member, announced) else {
                continue;
            };
            checks.push((&**member, *standing));
        }
        let readies: Vec<_> = checks
            .iter()
            .map(|(member, _)| move || member.has_next())
            .collect();
        for ((member, standing), ready) in checks.iter().zip(&readies) {
            watched.push(Watched {
                segment: member.segment(),
                announced: *standing,
                ready,
            });
        }
        wakeup::sleep_announced_many(&watched, &[], timeout);
        for member in self.members.iter_mut().flatten() {
            member.slept();
        }
    }
}
