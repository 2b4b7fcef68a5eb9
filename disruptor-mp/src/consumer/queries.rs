//! What a consumer can tell about itself and its ring without reading an event.

use super::{ConsumerRole, SharedConsumer};
use crate::Sequence;
use crate::event::SharedEvent;
use crate::ring::consumer_table::ConsumerTable;
use crate::views::SharedCursor;
use core::sync::atomic::Ordering;

impl<E: SharedEvent> SharedConsumer<E> {
    /// The last sequence this consumer is done with (-1 before the first).
    ///
    /// ```
    /// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
    /// # #[repr(C)]
    /// # struct Tick { price: u64 }
    /// # let ring = format!("doc-{}-current_sequence", std::process::id());
    /// # let mut producer = disruptor_mp::build_shared_single_producer::<Tick>(&ring, 8)
    /// #     .build_producer(Tick::default)?;
    /// # let mut consumer = disruptor_mp::attach_shared_consumer::<Tick>(&ring, 8)
    /// #     .build_consumer()?;
    /// assert_eq!(consumer.current_sequence(), -1);
    /// producer.publish_batch(2, |tick, i| tick.price = i as u64)?;
    /// consumer.consume_next()?;
    /// assert_eq!(consumer.current_sequence(), 0);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn current_sequence(&self) -> Sequence {
        self.reader.next() - 1
    }

    /// The producer's last published sequence.
    ///
    /// ```
    /// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
    /// # #[repr(C)]
    /// # struct Tick { price: u64 }
    /// # let ring = format!("doc-{}-producer_sequence", std::process::id());
    /// # let mut producer = disruptor_mp::build_shared_single_producer::<Tick>(&ring, 8)
    /// #     .build_producer(Tick::default)?;
    /// # let mut consumer = disruptor_mp::attach_shared_consumer::<Tick>(&ring, 8)
    /// #     .build_consumer()?;
    /// producer.publish_batch(3, |tick, i| tick.price = i as u64)?;
    /// consumer.consume_next()?;
    /// assert_eq!(consumer.producer_sequence(), 2);
    /// let backlog = consumer.producer_sequence() - consumer.current_sequence();
    /// assert_eq!(backlog, 2);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn producer_sequence(&self) -> Sequence {
        self.reader.segment().last_published()
    }

    /// The cursor the producer reads for this consumer: the last sequence it has released
    /// (stored once per quarter ring and whenever the consumer goes idle, so it may trail
    /// [`SharedConsumer::current_sequence`]).
    ///
    /// ```
    /// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
    /// # #[repr(C)]
    /// # struct Tick { price: u64 }
    /// # let ring = format!("doc-{}-consumer_sequence", std::process::id());
    /// # let mut producer = disruptor_mp::build_shared_single_producer::<Tick>(&ring, 8)
    /// #     .build_producer(Tick::default)?;
    /// # let mut consumer = disruptor_mp::attach_shared_consumer::<Tick>(&ring, 8)
    /// #     .build_consumer()?;
    /// producer.publish_value(Tick { price: 10 });
    /// consumer.consume_next()?;
    /// assert!(consumer.poll_next()?.is_none()); // going idle stores the cursor
    /// assert_eq!(consumer.consumer_sequence(), 0);
    /// assert_eq!(producer.consumer_sequence(consumer.consumer_id()), Some(0));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn consumer_sequence(&self) -> Sequence {
        ConsumerTable::new(self.reader.segment())
            .cursor(self.reader.entry())
            .load(Ordering::Acquire)
    }

    /// This consumer's cursor as a read-only view (its value is [`Self::consumer_sequence`]).
    ///
    /// ```
    /// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
    /// # #[repr(C)]
    /// # struct Tick { price: u64 }
    /// # let ring = format!("doc-{}-consumer_cursor_view", std::process::id());
    /// # let mut producer = disruptor_mp::build_shared_single_producer::<Tick>(&ring, 8)
    /// #     .build_producer(Tick::default)?;
    /// # let mut consumer = disruptor_mp::attach_shared_consumer::<Tick>(&ring, 8)
    /// #     .build_consumer()?;
    /// producer.publish_value(Tick { price: 10 });
    /// consumer.process_available(|_, _| {});
    /// assert_eq!(consumer.cursor().load(), 0);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn cursor(&self) -> SharedCursor<'_> {
        SharedCursor::consumer(self.reader.segment(), self.reader.entry())
    }

    /// `(current_sequence, producer_sequence, consumer_sequence)` in one call, for logs.
    ///
    /// ```
    /// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
    /// # #[repr(C)]
    /// # struct Tick { price: u64 }
    /// # let ring = format!("doc-{}-debug_sequences", std::process::id());
    /// # let mut producer = disruptor_mp::build_shared_single_producer::<Tick>(&ring, 8)
    /// #     .build_producer(Tick::default)?;
    /// # let mut consumer = disruptor_mp::attach_shared_consumer::<Tick>(&ring, 8)
    /// #     .build_consumer()?;
    /// producer.publish_batch(2, |tick, i| tick.price = i as u64)?;
    /// consumer.consume_next()?;
    /// let (current, published, released) = consumer.debug_sequences();
    /// assert_eq!((current, published), (0, 1));
    /// assert!(released <= current);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn debug_sequences(&self) -> (Sequence, Sequence, Sequence) {
        (
            self.current_sequence(),
            self.producer_sequence(),
            self.consumer_sequence(),
        )
    }

    /// This consumer's id (`ad_<n>` when it attached anonymously).
    ///
    /// ```
    /// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
    /// # #[repr(C)]
    /// # struct Tick { price: u64 }
    /// # let ring = format!("doc-{}-consumer_id", std::process::id());
    /// # let producer = disruptor_mp::build_shared_single_producer::<Tick>(&ring, 8)
    /// #     .build_producer(Tick::default)?;
    /// let anonymous = disruptor_mp::attach_shared_consumer::<Tick>(&ring, 8).build_consumer()?;
    /// assert!(anonymous.consumer_id().starts_with("ad_"));
    /// let named = disruptor_mp::attach_shared_consumer::<Tick>(&ring, 8)
    ///     .with_consumer_id("audit")
    ///     .build_consumer()?;
    /// assert_eq!(named.consumer_id(), "audit");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn consumer_id(&self) -> &str {
        &self.settings.id
    }

    /// Which place the consumer got when it attached: a reserved or open gating place, or an
    /// observer the producer does not wait for. It is the role at attach time: a producer that
    /// later requires this consumer's id (`enable_required_consumer_liveness`) makes its place
    /// gate, which `SharedProducer::consumers` shows and this does not.
    ///
    /// ```
    /// use disruptor_mp::ConsumerRole;
    /// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
    /// # #[repr(C)]
    /// # struct Tick { price: u64 }
    /// # let ring = format!("doc-{}-role", std::process::id());
    /// # let producer = disruptor_mp::build_shared_single_producer::<Tick>(&ring, 8)
    /// #     .discover_consumer_with_prefix(1, "reader")
    /// #     .with_coordination(disruptor_mp::CoordinationMode::Immediate)
    /// #     .build_producer(Tick::default)?;
    ///
    /// let reader = disruptor_mp::attach_shared_consumer::<Tick>(&ring, 8)
    ///     .with_consumer_id("reader_0")
    ///     .build_consumer()?;
    /// let observer = disruptor_mp::attach_shared_consumer::<Tick>(&ring, 8).build_consumer()?;
    /// assert_eq!(reader.role(), ConsumerRole::Reserved);
    /// assert_eq!(observer.role(), ConsumerRole::Observer);
    /// assert!(!observer.role().gates());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn role(&self) -> ConsumerRole {
        self.settings.role
    }

    /// Whether the producer waits for this consumer. A non-gating consumer that falls a whole
    /// ring behind gets [`crate::ConsumeError::Lapped`].
    ///
    /// ```
    /// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
    /// # #[repr(C)]
    /// # struct Tick { price: u64 }
    /// # let ring = format!("doc-{}-is_gating", std::process::id());
    /// # let producer = disruptor_mp::build_shared_single_producer::<Tick>(&ring, 8)
    /// #     .enable_discovery(1)
    /// #     .with_coordination(disruptor_mp::CoordinationMode::Immediate)
    /// #     .build_producer(Tick::default)?;
    /// let first = disruptor_mp::attach_shared_consumer::<Tick>(&ring, 8).build_consumer()?;
    /// let second = disruptor_mp::attach_shared_consumer::<Tick>(&ring, 8).build_consumer()?;
    /// assert!(first.is_gating()); // took the one open place
    /// assert!(!second.is_gating()); // reads only, and may be lapped
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn is_gating(&self) -> bool {
        self.reader.gating()
    }

    /// The ring's name, with its namespace if it has one (`namespace:name`).
    ///
    /// ```
    /// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
    /// # #[repr(C)]
    /// # struct Tick { price: u64 }
    /// # let ring = format!("doc-{}-consumer_segment_name", std::process::id());
    /// # let producer = disruptor_mp::build_shared_single_producer::<Tick>(&ring, 8)
    /// #     .with_namespace("staging")
    /// #     .build_producer(Tick::default)?;
    /// let consumer = disruptor_mp::attach_shared_consumer::<Tick>(&ring, 8)
    ///     .with_namespace("staging")
    ///     .build_consumer()?;
    /// assert_eq!(consumer.segment_name(), format!("staging:{ring}"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn segment_name(&self) -> &str {
        &self.settings.name
    }

    /// Number of slots.
    ///
    /// ```
    /// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
    /// # #[repr(C)]
    /// # struct Tick { price: u64 }
    /// # let ring = format!("doc-{}-consumer_capacity", std::process::id());
    /// # let producer = disruptor_mp::build_shared_single_producer::<Tick>(&ring, 8)
    /// #     .build_producer(Tick::default)?;
    /// # let consumer = disruptor_mp::attach_shared_consumer::<Tick>(&ring, 8)
    /// #     .build_consumer()?;
    /// assert_eq!(consumer.capacity(), 8);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn capacity(&self) -> usize {
        self.reader.segment().plan().capacity
    }
}
