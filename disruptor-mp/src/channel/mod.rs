//! Typed channels: a ring declared once, with [`crate::shared_channel!`], as a type that knows its
//! event, segment name, capacity, consumer places and backend.
//!
//! Every process that uses the declaration builds its producer or consumers from the same
//! constants, so they cannot disagree on a name or a number, and the event's layout is checked
//! when they attach (see [`crate::AttachError::LayoutMismatch`]).

mod macros;

use crate::builder::{self, ConsumerBuilder, ProducerBuilder};
use crate::event::SharedEvent;
use crate::layout::SlotLayout;
use std::path::Path;

/// Where a channel's ring lives.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ChannelBackend {
    /// A POSIX shared-memory object (`shm_open`), named after the channel's segment name.
    Shm,
    /// A memory-mapped file `<dir>/<name>.ring` (see [`crate::build_mmap_single_producer`] for
    /// the rules the file and its directory follow).
    Mmap {
        /// The directory of the ring file.
        dir: &'static str,
    },
}

impl ChannelBackend {
    /// A producer builder for ring `name` of `capacity` slots here.
    fn producer<E: SharedEvent>(self, name: &str, capacity: usize) -> ProducerBuilder<E> {
        match self {
            Self::Shm => builder::build_shared_single_producer(name, capacity),
            Self::Mmap { dir } => builder::file_ring_producer(Path::new(dir), name, capacity),
        }
    }

    /// A consumer builder for ring `name` of `capacity` slots here.
    fn consumer<E: SharedEvent>(self, name: &str, capacity: usize) -> ConsumerBuilder<E> {
        match self {
            Self::Shm => builder::attach_shared_consumer(name, capacity),
            Self::Mmap { dir } => builder::file_ring_consumer(Path::new(dir), name, capacity),
        }
    }
}

/// A ring declared with [`crate::shared_channel!`]: the type's constants are the channel's
/// settings, and its functions build the producer and consumers from them.
///
/// The macro implements this trait and gives the channel type inherent items of the same names,
/// so `Quotes::producer()` works without importing the trait; the trait is for code that is
/// generic over channels.
///
/// # Consumer places
///
/// A channel has [`Self::MAX_CONSUMERS`] gating places, one per consumer index: consumer `i`
/// attaches with the id `<NAME>_<i>` (see [`Self::consumer_id`]), and the producer reserves those
/// ids when it creates the ring (`discover_consumer_with_prefix(MAX_CONSUMERS, NAME)`). A reserved
/// place holds every event from the first one until its consumer arrives, and a consumer that
/// restarts takes its own place back where it left off, so each index sees every event exactly
/// once in order. Readers that should not hold the producer back attach with
/// [`Self::observer`].
pub trait SharedChannel {
    /// The event type the ring carries.
    type Event: SharedEvent;
    /// The segment name: a portable name (see [`crate::is_portable_segment_name`]).
    const NAME: &'static str;
    /// Number of slots: a power of two.
    const CAPACITY: usize;
    /// Number of gating consumer places (consumer indexes `0..MAX_CONSUMERS`).
    const MAX_CONSUMERS: usize;
    /// Where the ring lives.
    const BACKEND: ChannelBackend;
    /// The event's layout fingerprint, which the ring records and every attacher must match.
    const FINGERPRINT: u64 = <Self::Event as SharedEvent>::LAYOUT.fingerprint();
    /// How the producer lays out the ring's slots (`layout: Packed` in [`crate::shared_channel!`];
    /// default [`SlotLayout::Stamped`]). Consumers read whichever the ring has.
    const SLOT_LAYOUT: SlotLayout = SlotLayout::Stamped;

    /// Starts building the channel's producer: [`crate::build_shared_single_producer`] (or, for
    /// the `Mmap` backend, [`crate::build_mmap_single_producer`]) with the channel's name and
    /// capacity, and its consumer places reserved.
    ///
    /// The builder is the raw API's, so every other setting can still be changed. Its default
    /// coordination waits (up to 15 s or more) for every consumer place to be taken before
    /// `build_producer` returns; since reserved places hold events from the first one,
    /// `.with_coordination(CoordinationMode::Immediate)` loses nothing if the producer should
    /// start at once.
    fn producer() -> ProducerBuilder<Self::Event> {
        Self::BACKEND
            .producer(Self::NAME, Self::CAPACITY)
            .discover_consumer_with_prefix(Self::MAX_CONSUMERS, Self::NAME)
            .slot_layout(Self::SLOT_LAYOUT)
    }

    /// Starts building consumer `index` (`0..MAX_CONSUMERS`): [`crate::attach_shared_consumer`]
    /// (or [`crate::attach_mmap_consumer`]) with the channel's name and capacity and the id [`Self::consumer_id`]`(index)`.
    ///
    /// An index outside `0..MAX_CONSUMERS` makes `build_consumer` fail with
    /// [`crate::AttachError::ConsumerIndexOutOfRange`].
    fn consumer(index: usize) -> ConsumerBuilder<Self::Event> {
        Self::BACKEND
            .consumer(Self::NAME, Self::CAPACITY)
            .with_consumer_id(Self::consumer_id(index))
            .in_channel_place(Self::NAME, index, Self::MAX_CONSUMERS)
    }

    /// Starts building a reader that does not gate the producer: it sees events published after
    /// it attached, and if the producer laps it, it gets
    /// [`crate::ConsumeError::Lapped`] rather than overwritten data.
    fn observer() -> ConsumerBuilder<Self::Event> {
        Self::BACKEND.consumer(Self::NAME, Self::CAPACITY)
    }

    /// The consumer id of place `index`: `<NAME>_<index>`.
    fn consumer_id(index: usize) -> String {
        format!("{}_{index}", Self::NAME)
    }
}
