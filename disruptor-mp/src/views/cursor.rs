//! A read-only view of one cursor of a ring: the producer's, or a consumer's.

use crate::Sequence;
use crate::ring::consumer_table::ConsumerTable;
use crate::ring::segment::Segment;
use core::sync::atomic::Ordering;

/// Reading a cursor: the published crate's trait, read-only here (its `store` and
/// `compare_exchange` let any process move another's cursor; cursors are written only by their
/// owner's handle).
pub trait SharedCursorTrait<T> {
    /// The cursor's current value.
    ///
    /// ```
    /// use disruptor_mp::SharedCursorTrait;
    /// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
    /// # #[repr(C)]
    /// # struct Tick { price: u64 }
    /// # let ring = format!("doc-{}-cursor_trait_load", std::process::id());
    /// # let mut producer = disruptor_mp::build_shared_single_producer::<Tick>(&ring, 8)
    /// #     .build_producer(Tick::default)?;
    /// # let mut reader = disruptor_mp::attach_shared_consumer::<Tick>(&ring, 8)
    /// #     .with_consumer_id("reader")
    /// #     .build_consumer()?;
    ///
    /// fn lag(ahead: &impl SharedCursorTrait<i64>, behind: &impl SharedCursorTrait<i64>) -> i64 {
    ///     ahead.load() - behind.load()
    /// }
    /// producer.publish_batch(3, |tick, i| tick.price = i as u64)?;
    /// let reader_cursor = producer.consumer_cursor("reader").expect("attached");
    /// assert_eq!(lag(&producer.cursor(), &reader_cursor), 3);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    fn load(&self) -> T;
}

/// One cursor of a ring, read-only: what the published crate kept as a separate shared-memory
/// object per cursor. Get one from [`crate::SharedProducer::cursor`],
/// [`crate::SharedProducer::consumer_cursor`] or [`crate::SharedConsumer::cursor`].
///
/// ```
/// use disruptor_mp::SharedCursorTrait;
/// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
/// # #[repr(C)]
/// # struct Tick { price: u64 }
/// # let ring = format!("doc-{}-SharedCursor", std::process::id());
/// # let producer = disruptor_mp::build_shared_single_producer::<Tick>(&ring, 8)
/// #     .discover_consumer_with_prefix(1, "reader")
/// #     .with_coordination(disruptor_mp::CoordinationMode::Immediate)
/// #     .build_producer(Tick::default)?;
/// let published = producer.cursor().load();
/// if let Some(reader) = producer.consumer_cursor("reader_0") {
///     println!("reader_0 is {} events behind", published - reader.load());
/// }
/// # Ok::<(), disruptor_mp::CreateError>(())
/// ```
#[derive(Clone, Copy)]
pub struct SharedCursor<'a> {
    segment: &'a Segment,
    which: Which,
}

#[derive(Clone, Copy, Debug)]
enum Which {
    /// The last published sequence.
    Producer,
    /// The cursor of consumer-table entry `index`.
    Consumer(usize),
}

impl<'a> SharedCursor<'a> {
    /// The producer's cursor of `segment`.
    pub(crate) fn producer(segment: &'a Segment) -> Self {
        Self {
            segment,
            which: Which::Producer,
        }
    }

    /// The cursor of consumer-table entry `index` of `segment`.
    pub(crate) fn consumer(segment: &'a Segment, index: usize) -> Self {
        Self {
            segment,
            which: Which::Consumer(index),
        }
    }

    /// The cursor's value: for the producer's, the last published sequence (exact, even between
    /// the producer's lazy cursor stores); for a consumer's, the last sequence it released.
    ///
    /// ```
    /// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
    /// # #[repr(C)]
    /// # struct Tick { price: u64 }
    /// # let ring = format!("doc-{}-cursor_load", std::process::id());
    /// # let mut producer = disruptor_mp::build_shared_single_producer::<Tick>(&ring, 8)
    /// #     .build_producer(Tick::default)?;
    /// # let mut reader = disruptor_mp::attach_shared_consumer::<Tick>(&ring, 8)
    /// #     .with_consumer_id("reader")
    /// #     .build_consumer()?;
    /// producer.publish_value(Tick { price: 10 });
    /// let published = producer.cursor();
    /// let read = producer.consumer_cursor("reader").expect("attached");
    /// assert_eq!((published.load(), read.load()), (0, -1));
    /// reader.process_available(|_, _| {});
    /// assert_eq!(read.load(), 0);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn load(&self) -> Sequence {
        match self.which {
            Which::Producer => self.segment.last_published(),
            Which::Consumer(index) => ConsumerTable::new(self.segment)
                .cursor(index)
                .load(Ordering::Acquire),
        }
    }
}

impl SharedCursorTrait<i64> for SharedCursor<'_> {
    fn load(&self) -> i64 {
        SharedCursor::load(self)
    }
}

impl std::fmt::Debug for SharedCursor<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SharedCursor")
            .field("which", &self.which)
            .field("value", &self.load())
            .finish()
    }
}
