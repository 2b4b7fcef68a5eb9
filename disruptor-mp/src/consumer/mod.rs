//! The consumer handle: policy around [`Reader`] — waiting, end of stream, producer liveness and
//! the published crate's method names. Nothing here runs while events are available except the
//! read itself.

mod auto;
mod blocking;
mod counters_file;
mod idle;
mod member;
mod own_counters;
mod place;
mod published;
mod queries;
mod read;
mod resume;

pub use auto::AutoConsumer;
pub(crate) use auto::start as start_auto;
pub(crate) use member::Member;

use crate::backend::process::{Liveness, ProcessIdentity};
use crate::error::ConsumeError;
use crate::event::SharedEvent;
use crate::layout::SegmentState;
use crate::ring::consumer_table::Role;
use crate::ring::counters::{ConsumerCounter, add_consumer};
use crate::ring::reader::{Lapped, Reader};
use crate::ring::slots::SlotState;
use crate::trace::cold_event;
use crate::wait::AutoWaitStrategy;
use std::time::{Duration, Instant};

/// How often an idle consumer asks the OS whether the producer is still alive.
const LIVENESS_INTERVAL: Duration = Duration::from_millis(20);
/// Idle polls between clock reads for the liveness check.
const IDLE_POLLS_PER_CLOCK_READ: u32 = 64;
/// Empty polls counted locally before they are added to the shared counter at once, so a
/// consumer spinning on an empty ring does not write shared memory per poll.
const EMPTY_POLLS_PER_REPORT: u32 = 64;

/// Which place in the ring a consumer got when it attached.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ConsumerRole {
    /// A place the producer reserved for this id (its discovery prefix): it gates the producer,
    /// which holds every event for it from the first one, and a restart resumes where it was,
    /// whether the consumer crashed or dropped its handle.
    Reserved,
    /// One of the producer's open gating places (`enable_discovery`), taken by the first
    /// consumers without a reserved id: it gates the producer.
    Open,
    /// A reader the producer does not wait for: it sees events published after it attached,
    /// and gets `ConsumeError::Lapped` if the producer overwrites one it has not read.
    Observer,
}

impl ConsumerRole {
    /// Whether the producer waits for a consumer in this role.
    ///
    /// ```
    /// use disruptor_mp::ConsumerRole;
    /// assert!(ConsumerRole::Reserved.gates());
    /// assert!(ConsumerRole::Open.gates());
    /// assert!(!ConsumerRole::Observer.gates());
    /// ```
    pub fn gates(self) -> bool {
        !matches!(self, Self::Observer)
    }

    pub(crate) fn of(role: Role) -> Self {
        match role {
            Role::Named => Self::Reserved,
            Role::Open => Self::Open,
            Role::Plain => Self::Observer,
        }
    }
}

/// Reads every event of a ring published by a producer in another process.
///
/// Built by [`crate::attach_shared_consumer`]. Dropping a consumer in a
/// [reserved](ConsumerRole::Reserved) place keeps the place: the producer goes on holding the
/// events after the last one it released, and the same id attaching again resumes there (see
/// [`SharedConsumer::give_up_place`] to release it for good). Dropping any other consumer
/// releases its entry, and the producer stops waiting for it.
pub struct SharedConsumer<E: SharedEvent> {
    reader: Reader<E>,
    settings: ConsumerSettings,
    idle_polls: u32,
    /// Empty polls not yet added to the shared counter (see [`EMPTY_POLLS_PER_REPORT`]).
    unreported_empty_polls: u32,
    last_liveness_check: Option<Instant>,
    /// The announcement of this consumer's sleeps during the current wait, if it has slept.
    announced: Option<crate::ring::wakeup::Announced>,
}

/// What the builder decided for a consumer, beyond the segment it attached to.
#[derive(Clone, Debug)]
pub(crate) struct ConsumerSettings {
    /// The id its table entry carries.
    pub(crate) id: String,
    /// The ring's name as errors show it (with its namespace, if any).
    pub(crate) name: String,
    /// How the blocking reads wait.
    pub(crate) wait: AutoWaitStrategy,
    /// The ring's creator, for liveness checks.
    pub(crate) producer: ProcessIdentity,
    /// The place the consumer got.
    pub(crate) role: ConsumerRole,
}

impl<E: SharedEvent> std::fmt::Debug for SharedConsumer<E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SharedConsumer")
            .field("name", &self.settings.name)
            .field("id", &self.settings.id)
            .field("role", &self.settings.role)
            .field("next", &self.reader.next())
            .finish_non_exhaustive()
    }
}

impl From<Lapped> for ConsumeError {
    fn from(lap: Lapped) -> Self {
        if lap.evicted {
            ConsumeError::Evicted {
                last_read: lap.expected - 1,
            }
        } else {
            ConsumeError::Lapped {
                expected: lap.expected,
                found: lap.found,
            }
        }
    }
}

impl<E: SharedEvent> SharedConsumer<E> {
    /// The segment read from.
    #[cfg(feature = "metrics")]
    pub(crate) fn segment(&self) -> &crate::ring::segment::Segment {
        self.reader.segment()
    }

    /// The ring's name as errors show it (with its namespace, if any).
    #[cfg(feature = "metrics")]
    pub(crate) fn ring_name(&self) -> &str {
        &self.settings.name
    }

    pub(crate) fn from_parts(reader: Reader<E>, settings: ConsumerSettings) -> Self {
        Self {
            reader,
            settings,
            idle_polls: 0,
            unreported_empty_polls: 0,
            last_liveness_check: None,
            announced: None,
        }
    }

    /// Runs when nothing is available: publishes progress, then reports an eviction, end of
    /// stream or a dead producer. Never on the path of an available event.
    #[cold]
    fn idle_check(&mut self) -> Result<(), ConsumeError> {
        self.reader.flush();
        if let Some(last_read) = self.reader.evicted() {
            return Err(ConsumeError::Evicted { last_read });
        }
        let segment = self.reader.segment();
        if segment.load_state() == Ok(SegmentState::Closed)
            && self.reader.next_state() != SlotState::Ready
        {
            return Err(ConsumeError::ProducerClosed);
        }
        self.unreported_empty_polls += 1;
        if self.unreported_empty_polls == EMPTY_POLLS_PER_REPORT {
            self.unreported_empty_polls = 0;
            add_consumer(
                self.reader.segment(),
                self.reader.entry(),
                ConsumerCounter::EmptyPolls,
                u64::from(EMPTY_POLLS_PER_REPORT),
            );
        }
        self.idle_polls = self.idle_polls.wrapping_add(1);
        if self.idle_polls % IDLE_POLLS_PER_CLOCK_READ != 1 {
            return Ok(());
        }
        let now = Instant::now();
        if self
            .last_liveness_check
            .is_some_and(|at| now.duration_since(at) < LIVENESS_INTERVAL)
        {
            return Ok(());
        }
        self.last_liveness_check = Some(now);
        // Only `Dead` ends the stream: a producer in another PID namespace (`Unknown`) cannot be
        // judged by its pid, so the consumer keeps waiting.
        if self.settings.producer.liveness() == Liveness::Dead
            && self.reader.next_state() != SlotState::Ready
        {
            // A producer that closed the ring and then exited between the state check above and
            // the liveness check ended its stream cleanly: look at the state again.
            if self.reader.segment().load_state() == Ok(SegmentState::Closed) {
                return Err(ConsumeError::ProducerClosed);
            }
            cold_event!(
                warn,
                ring = %self.settings.name,
                pid = self.settings.producer.pid,
                "producer died without closing the ring"
            );
            return Err(ConsumeError::ProducerDead {
                pid: self.settings.producer.pid,
            });
        }
        Ok(())
    }
}
