//! The producer handle: one per ring. Every publish form is a thin shape over one path: claim `n`
//! slots (local arithmetic, or the shortfall), fill them, publish them. Claims re-read the
//! consumer table only when the cached gating limit runs out; a publish is a slot write and a
//! Release store of its stamp (the producer cursor follows once per batch or every few single
//! publishes).

mod claim;
mod close;
mod consumers;
mod counters;
mod counters_file;
mod drain;
mod managed;
mod publish;
mod published;
mod queries;

pub use claim::Claim;
pub use published::Producer;

use crate::Sequence;
use crate::backend::process::ProcessIdentity;
use crate::error::{BatchTooLarge, PublishTimeoutError};
use crate::event::SharedEvent;
use crate::liveness::monitor::Monitor;
use crate::ring::publisher::{Claimed, Publisher};
use crate::ring::segment::Segment;
use crate::wait::{AutoWaitStrategy, Idle};
use core::convert::Infallible;
use std::time::{Duration, Instant};

/// What the builder decided for a producer, beyond the segment it created.
#[derive(Clone, Debug)]
pub(crate) struct ProducerSettings {
    /// The ring's name as errors show it (with its namespace, if any).
    pub(crate) name: String,
    /// This process, as recorded in the header.
    pub(crate) identity: ProcessIdentity,
    /// How `publish` waits while the ring is full.
    pub(crate) wait: AutoWaitStrategy,
    /// How long a drop keeps the name while gating consumers still read.
    pub(crate) linger: Duration,
    /// Whether a drop leaves the name in place (for inspection after the producer exits).
    pub(crate) keep_name: bool,
}

/// Publishes events into a ring that consumers in other processes read.
///
/// Built by [`crate::build_shared_single_producer`]. Dropping it closes the ring: consumers drain
/// what was published and then get `ConsumeError::ProducerClosed`. The ring's name stays until
/// every gating consumer has read everything, or the linger passes
/// ([`crate::ProducerBuilder::with_linger`]); then a new producer can reuse it.
pub struct SharedProducer<E: SharedEvent> {
    publisher: Publisher<E>,
    settings: ProducerSettings,
    /// Required-consumer liveness, once enabled; only the managed calls look at it.
    liveness: Option<Box<Monitor>>,
}

impl<E: SharedEvent> std::fmt::Debug for SharedProducer<E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SharedProducer")
            .field("name", &self.settings.name)
            .field("event", &E::LAYOUT.name())
            .field("capacity", &self.capacity())
            .field("last_published", &self.last_published_sequence())
            .finish_non_exhaustive()
    }
}

/// When a wait for free slots gives up: never, or at an instant.
trait Deadline: Copy {
    /// What giving up returns.
    type Expired;
    /// `Err` once the deadline has passed.
    fn check(self) -> Result<(), Self::Expired>;
    /// `timeout`, shortened to the time left.
    fn bound(self, timeout: Duration) -> Duration;
}

/// A wait that never gives up: its expiry cannot be constructed.
#[derive(Clone, Copy)]
struct Never;

impl Deadline for Never {
    type Expired = Infallible;
    fn check(self) -> Result<(), Infallible> {
        Ok(())
    }
    fn bound(self, timeout: Duration) -> Duration {
        timeout
    }
}

impl Deadline for Instant {
    type Expired = PublishTimeoutError;
    fn check(self) -> Result<(), PublishTimeoutError> {
        if Instant::now() >= self {
            Err(PublishTimeoutError::Timeout)
        } else {
            Ok(())
        }
    }
    fn bound(self, timeout: Duration) -> Duration {
        timeout.min(self.saturating_duration_since(Instant::now()))
    }
}

impl<E: SharedEvent> SharedProducer<E> {
    /// Wraps an initialised, ready segment this process created.
    pub(crate) fn from_parts(publisher: Publisher<E>, settings: ProducerSettings) -> Self {
        Self {
            publisher,
            settings,
            liveness: None,
        }
    }

    /// The segment published into.
    pub(crate) fn segment(&self) -> &Segment {
        self.publisher.segment()
    }

    /// Whether one more event fits now (re-reading the gating cursors if the cached limit ran
    /// out): the async wait for space re-checks with it.
    #[cfg(feature = "tokio")]
    pub(crate) fn has_room(&mut self) -> bool {
        self.publisher.claim(1).is_ok()
    }

    /// The ring's name as errors show it (with its namespace, if any).
    #[cfg(any(feature = "metrics", feature = "metrics-otel"))]
    pub(crate) fn name(&self) -> &str {
        &self.settings.name
    }

    /// Claims `n` slots, waiting with the producer's wait strategy while they are not free,
    /// until `deadline`. `n` must fit the ring (callers check).
    #[cold]
    fn wait_claim<D: Deadline>(&mut self, n: u64, deadline: D) -> Result<Claimed, D::Expired> {
        self.publisher.note_full();
        let started = std::time::Instant::now();
        let mut idle = Idle::new();
        let claimed = loop {
            if let Ok(claimed) = self.publisher.claim(n) {
                break Ok(claimed);
            }
            if let Err(expired) = deadline.check() {
                break Err(expired);
            }
            let publisher = &mut self.publisher;
            idle.step(self.settings.wait, |timeout| {
                publisher.sleep_until_space(n, deadline.bound(timeout));
            });
        };
        self.publisher.note_blocked(started.elapsed());
        claimed
    }

    /// `n` as a claim size, if the ring can ever hold that many.
    fn fits(&self, n: usize) -> Result<u64, BatchTooLarge> {
        if n <= self.capacity() {
            Ok(n as u64)
        } else {
            Err(BatchTooLarge {
                requested: n,
                capacity: self.capacity(),
            })
        }
    }

    #[inline(always)]
    fn finish_one(&mut self, claimed: Claimed, update: impl FnOnce(&mut E)) -> Sequence {
        self.publisher.publish_one(claimed, update)
    }

    #[inline(always)]
    fn finish_each(&mut self, claimed: Claimed, update: impl FnMut(&mut E, usize)) -> Sequence {
        self.publisher.publish_each(claimed, update)
    }

    fn finish_iter(
        &mut self,
        claimed: Claimed,
        update: impl for<'b> FnOnce(crate::MutBatchIter<'b, E>),
    ) -> Sequence {
        self.publisher.publish_iter(claimed, update)
    }
}

/// How often waits on consumer progress look at the consumer table.
const CONSUMED_POLL: Duration = Duration::from_micros(100);
