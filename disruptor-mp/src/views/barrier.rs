//! A read-only view of what gates the producer: its gating consumers' cursors.

use super::SharedCursor;
use crate::Sequence;
use crate::deadline::poll_until;
use crate::ring::consumer_table::{ConsumerTable, EntryState, PackedId};
use crate::ring::segment::Segment;
use std::time::Duration;

/// How often [`SharedConsumerBarrier::wait_for_consumers_ready`] looks at the table.
const READY_POLL: Duration = Duration::from_millis(1);

/// The consumers that gate a ring's producer, read-only: the published crate's barrier, which
/// tracked a set of cursor objects it discovered by name. Here the ring's consumer table is the
/// set; get the view from [`crate::SharedProducer::barrier`].
///
/// ```
/// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
/// # #[repr(C)]
/// # struct Tick { price: u64 }
/// # let ring = format!("doc-{}-SharedConsumerBarrier", std::process::id());
/// # let producer = disruptor_mp::build_shared_single_producer::<Tick>(&ring, 8)
/// #     .discover_consumer_with_prefix(2, "reader")
/// #     .with_coordination(disruptor_mp::CoordinationMode::Immediate)
/// #     .build_producer(Tick::default)?;
/// let barrier = producer.barrier();
/// println!(
///     "{} consumers attached, slowest gating cursor at {}",
///     barrier.best_effort_consumer_count(),
///     barrier.get_min_consumer_sequence()
/// );
/// # Ok::<(), disruptor_mp::CreateError>(())
/// ```
#[derive(Clone, Copy)]
pub struct SharedConsumerBarrier<'a> {
    segment: &'a Segment,
}

/// The published crate's short name for [`SharedConsumerBarrier`].
pub type ConsumerBarrier<'a> = SharedConsumerBarrier<'a>;

impl<'a> SharedConsumerBarrier<'a> {
    pub(crate) fn new(segment: &'a Segment) -> Self {
        Self { segment }
    }

    fn table(&self) -> ConsumerTable<'a> {
        ConsumerTable::new(self.segment)
    }

    /// The lowest cursor among gating consumers (attached, or reserved and not attached yet):
    /// every event up to it has been read by all of them. The last published sequence when none
    /// gates.
    ///
    /// ```
    /// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
    /// # #[repr(C)]
    /// # struct Tick { price: u64 }
    /// # let ring = format!("doc-{}-get_min_consumer_sequence", std::process::id());
    /// # let mut producer = disruptor_mp::build_shared_single_producer::<Tick>(&ring, 8)
    /// #     .discover_consumer_with_prefix(2, "reader")
    /// #     .with_coordination(disruptor_mp::CoordinationMode::Immediate)
    /// #     .with_linger(std::time::Duration::ZERO)
    /// #     .build_producer(Tick::default)?;
    /// # let mut reader = disruptor_mp::attach_shared_consumer::<Tick>(&ring, 8)
    /// #     .with_consumer_id("reader_0")
    /// #     .build_consumer()?;
    /// producer.publish_batch(2, |tick, i| tick.price = i as u64)?;
    /// reader.process_available(|_, _| {});
    /// // reader_0 read both events, but reader_1 has not attached: its place still holds them.
    /// assert_eq!(producer.barrier().get_min_consumer_sequence(), -1);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn get_min_consumer_sequence(&self) -> Sequence {
        self.table()
            .min_gating_cursor(self.segment.last_published())
    }

    /// Number of consumers attached now, gating or not. Exact (the name is the published
    /// crate's, whose count depended on its last scan).
    ///
    /// ```
    /// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
    /// # #[repr(C)]
    /// # struct Tick { price: u64 }
    /// # let ring = format!("doc-{}-best_effort_consumer_count", std::process::id());
    /// # let mut producer = disruptor_mp::build_shared_single_producer::<Tick>(&ring, 8)
    /// #     .discover_consumer_with_prefix(2, "reader")
    /// #     .with_coordination(disruptor_mp::CoordinationMode::Immediate)
    /// #     .with_linger(std::time::Duration::ZERO)
    /// #     .build_producer(Tick::default)?;
    /// # let mut reader = disruptor_mp::attach_shared_consumer::<Tick>(&ring, 8)
    /// #     .with_consumer_id("reader_0")
    /// #     .build_consumer()?;
    /// assert_eq!(producer.barrier().best_effort_consumer_count(), 1); // reader_1 is only reserved
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn best_effort_consumer_count(&self) -> usize {
        self.table().active_count()
    }

    /// The cursor of the consumer with this id: the last sequence it released.
    ///
    /// ```
    /// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
    /// # #[repr(C)]
    /// # struct Tick { price: u64 }
    /// # let ring = format!("doc-{}-barrier_consumer_sequence", std::process::id());
    /// # let mut producer = disruptor_mp::build_shared_single_producer::<Tick>(&ring, 8)
    /// #     .discover_consumer_with_prefix(2, "reader")
    /// #     .with_coordination(disruptor_mp::CoordinationMode::Immediate)
    /// #     .with_linger(std::time::Duration::ZERO)
    /// #     .build_producer(Tick::default)?;
    /// # let mut reader = disruptor_mp::attach_shared_consumer::<Tick>(&ring, 8)
    /// #     .with_consumer_id("reader_0")
    /// #     .build_consumer()?;
    /// producer.publish_batch(2, |tick, i| tick.price = i as u64)?;
    /// reader.process_available(|_, _| {});
    /// let barrier = producer.barrier();
    /// assert_eq!(barrier.consumer_sequence("reader_0"), Some(1));
    /// assert_eq!(barrier.consumer_sequence("reader_1"), Some(-1)); // reserved, not attached
    /// assert_eq!(barrier.consumer_sequence("nobody"), None);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn consumer_sequence(&self, id: &str) -> Option<Sequence> {
        self.consumer_cursor(id).map(|cursor| cursor.load())
    }

    /// The cursor of the consumer with this id, as a view.
    ///
    /// ```
    /// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
    /// # #[repr(C)]
    /// # struct Tick { price: u64 }
    /// # let ring = format!("doc-{}-barrier_consumer_cursor", std::process::id());
    /// # let mut producer = disruptor_mp::build_shared_single_producer::<Tick>(&ring, 8)
    /// #     .discover_consumer_with_prefix(2, "reader")
    /// #     .with_coordination(disruptor_mp::CoordinationMode::Immediate)
    /// #     .with_linger(std::time::Duration::ZERO)
    /// #     .build_producer(Tick::default)?;
    /// # let mut reader = disruptor_mp::attach_shared_consumer::<Tick>(&ring, 8)
    /// #     .with_consumer_id("reader_0")
    /// #     .build_consumer()?;
    /// producer.publish_batch(2, |tick, i| tick.price = i as u64)?;
    /// let barrier = producer.barrier();
    /// let cursor = barrier.consumer_cursor("reader_0").expect("reserved");
    /// assert_eq!(cursor.load(), -1);
    /// reader.process_available(|_, _| {});
    /// assert_eq!(cursor.load(), 1); // the view follows the consumer
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn consumer_cursor(&self, id: &str) -> Option<SharedCursor<'a>> {
        let index = self.table().find(&PackedId::new(id)?)?;
        Some(SharedCursor::consumer(self.segment, index))
    }

    /// Waits up to `timeout` until at least `min_consumers` consumers are attached; returns
    /// whether they are.
    ///
    /// ```
    /// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
    /// # #[repr(C)]
    /// # struct Tick { price: u64 }
    /// # let ring = format!("doc-{}-wait_for_consumers_ready", std::process::id());
    /// # let mut producer = disruptor_mp::build_shared_single_producer::<Tick>(&ring, 8)
    /// #     .discover_consumer_with_prefix(2, "reader")
    /// #     .with_coordination(disruptor_mp::CoordinationMode::Immediate)
    /// #     .with_linger(std::time::Duration::ZERO)
    /// #     .build_producer(Tick::default)?;
    /// # let mut reader = disruptor_mp::attach_shared_consumer::<Tick>(&ring, 8)
    /// #     .with_consumer_id("reader_0")
    /// #     .build_consumer()?;
    /// use std::time::Duration;
    ///
    /// let barrier = producer.barrier();
    /// assert!(barrier.wait_for_consumers_ready(1, Duration::from_secs(1)));
    /// assert!(!barrier.wait_for_consumers_ready(2, Duration::from_millis(10)));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn wait_for_consumers_ready(&self, min_consumers: usize, timeout: Duration) -> bool {
        poll_until(timeout, READY_POLL, |_| {
            (self.best_effort_consumer_count() >= min_consumers).then_some(())
        })
        .is_ok()
    }

    /// The ids of the attached consumers, in table order.
    ///
    /// ```
    /// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
    /// # #[repr(C)]
    /// # struct Tick { price: u64 }
    /// # let ring = format!("doc-{}-attached_ids", std::process::id());
    /// # let mut producer = disruptor_mp::build_shared_single_producer::<Tick>(&ring, 8)
    /// #     .discover_consumer_with_prefix(2, "reader")
    /// #     .with_coordination(disruptor_mp::CoordinationMode::Immediate)
    /// #     .with_linger(std::time::Duration::ZERO)
    /// #     .build_producer(Tick::default)?;
    /// # let mut reader = disruptor_mp::attach_shared_consumer::<Tick>(&ring, 8)
    /// #     .with_consumer_id("reader_0")
    /// #     .build_consumer()?;
    /// assert_eq!(producer.barrier().attached_ids(), ["reader_0"]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn attached_ids(&self) -> Vec<String> {
        let table = self.table();
        (0..table.len())
            .filter(|&i| table.state(i) == Some(EntryState::Active))
            .filter_map(|i| table.id(i).decode())
            .collect()
    }
}

impl std::fmt::Debug for SharedConsumerBarrier<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SharedConsumerBarrier")
            .field("attached", &self.attached_ids())
            .field("min_consumer_sequence", &self.get_min_consumer_sequence())
            .finish()
    }
}
