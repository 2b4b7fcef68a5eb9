//! A read-only view of a ring's slots, from its producer.

use crate::Sequence;
use crate::event::SharedEvent;
use crate::ring::publisher::Publisher;

/// The slots of a ring, read-only, as its producer sees them: the published crate's ring
/// buffer type, which was a shared-memory object of its own with a `get` that returned a raw
/// pointer. Get it from [`crate::SharedProducer::ring_buffer`]; it borrows the producer, so
/// nothing is published while it is alive and every event it returns stays as it is.
///
/// ```
/// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
/// # #[repr(C)]
/// # struct Tick { price: u64 }
/// # let ring = format!("doc-{}-SharedRingBuffer", std::process::id());
/// # let mut producer = disruptor_mp::build_shared_single_producer::<Tick>(&ring, 8)
/// #     .build_producer(Tick::default)?;
/// let sequence = producer.publish_value(Tick { price: 7 });
/// let ring = producer.ring_buffer();
/// assert_eq!(ring.get(sequence).map(|tick| tick.price), Some(7));
/// # Ok::<(), disruptor_mp::CreateError>(())
/// ```
pub struct SharedRingBuffer<'a, E: SharedEvent> {
    publisher: &'a Publisher<E>,
    name: &'a str,
}

/// The published crate's short name for [`SharedRingBuffer`].
pub type ShmRingBuffer<'a, E> = SharedRingBuffer<'a, E>;

impl<'a, E: SharedEvent> SharedRingBuffer<'a, E> {
    pub(crate) fn new(publisher: &'a Publisher<E>, name: &'a str) -> Self {
        Self { publisher, name }
    }

    /// Number of slots.
    ///
    /// ```
    /// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
    /// # #[repr(C)]
    /// # struct Tick { price: u64 }
    /// # let ring = format!("doc-{}-ring_buffer_size", std::process::id());
    /// # let producer = disruptor_mp::build_shared_single_producer::<Tick>(&ring, 8)
    /// #     .build_producer(Tick::default)?;
    /// assert_eq!(producer.ring_buffer().size(), producer.capacity());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn size(&self) -> usize {
        self.publisher.segment().plan().capacity
    }

    /// The ring's name (with its namespace, if any): the published crate's
    /// `shared_memory_id`.
    ///
    /// ```
    /// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
    /// # #[repr(C)]
    /// # struct Tick { price: u64 }
    /// # let ring = format!("doc-{}-shared_memory_id", std::process::id());
    /// let producer = disruptor_mp::build_shared_single_producer::<Tick>(&ring, 8)
    ///     .with_namespace("staging")
    ///     .build_producer(Tick::default)?;
    /// assert_eq!(producer.ring_buffer().shared_memory_id(), format!("staging:{ring}"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn shared_memory_id(&self) -> &str {
        self.name
    }

    /// The event published as `sequence`, if its slot still holds it (at most one ring's worth
    /// of events back from the last published one).
    ///
    /// ```
    /// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
    /// # #[repr(C)]
    /// # struct Tick { price: u64 }
    /// # let ring = format!("doc-{}-ring_buffer_get", std::process::id());
    /// # let mut producer = disruptor_mp::build_shared_single_producer::<Tick>(&ring, 8)
    /// #     .build_producer(Tick::default)?;
    /// for price in 100..109 {
    ///     producer.publish_value(Tick { price }); // sequences 0 to 8 in 8 slots
    /// }
    /// let slots = producer.ring_buffer();
    /// assert_eq!(slots.get(8).map(|tick| tick.price), Some(108));
    /// assert!(slots.get(0).is_none()); // overwritten by 8
    /// assert!(slots.get(9).is_none()); // not published yet
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn get(&self, sequence: Sequence) -> Option<&'a E> {
        self.publisher.published_event(sequence)
    }

    /// How many slots a producer at `producer` may still fill while the slowest consumer has
    /// released `rear`: the published crate's `free_slots`.
    ///
    /// ```
    /// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
    /// # #[repr(C)]
    /// # struct Tick { price: u64 }
    /// # let ring = format!("doc-{}-free_slots", std::process::id());
    /// # let mut producer = disruptor_mp::build_shared_single_producer::<Tick>(&ring, 8)
    /// #     .discover_consumer_with_prefix(1, "reader")
    /// #     .with_coordination(disruptor_mp::CoordinationMode::Immediate)
    /// #     .build_producer(Tick::default)?;
    /// # let reader = disruptor_mp::attach_shared_consumer::<Tick>(&ring, 8)
    /// #     .with_consumer_id("reader_0")
    /// #     .build_consumer()?;
    /// producer.publish_batch(2, |tick, i| tick.price = i as u64)?;
    /// let slots = producer.ring_buffer();
    /// let published = producer.last_published_sequence();
    /// let free = slots.free_slots(published, producer.min_gating_sequence());
    /// assert_eq!(free, 6); // reader_0 still holds both events
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn free_slots(&self, producer: Sequence, rear: Sequence) -> i64 {
        rear - (producer - self.size() as Sequence)
    }
}

impl<E: SharedEvent> std::fmt::Debug for SharedRingBuffer<'_, E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SharedRingBuffer")
            .field("name", &self.name)
            .field("size", &self.size())
            .finish()
    }
}
