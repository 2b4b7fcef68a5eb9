//! What the producer can tell about its consumers and its ring, reading only, and the
//! consumer ids it makes gate.

use super::{CONSUMED_POLL, SharedProducer};
use crate::Sequence;
use crate::event::SharedEvent;
use crate::ring::consumer_table::{ConsumerTable, EntryState, PackedId};
use crate::views::{SharedConsumerBarrier, SharedCursor, SharedRingBuffer};
use core::sync::atomic::Ordering;
use std::time::Duration;

impl<E: SharedEvent> SharedProducer<E> {
    /// The last published sequence (-1 before the first publish).
    ///
    /// ```
    /// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
    /// # #[repr(C)]
    /// # struct Tick { price: u64 }
    /// # let ring = format!("doc-{}-last_published_sequence", std::process::id());
    /// # let mut producer = disruptor_mp::build_shared_single_producer::<Tick>(&ring, 8)
    /// #     .build_producer(Tick::default)?;
    /// assert_eq!(producer.last_published_sequence(), -1);
    /// producer.publish_value(Tick { price: 10 });
    /// assert_eq!(producer.last_published_sequence(), 0);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn last_published_sequence(&self) -> Sequence {
        self.publisher.last_published()
    }

    /// The lowest cursor among gating consumers: every event up to it has been read by all of
    /// them (the last published sequence when none gates).
    ///
    /// ```
    /// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
    /// # #[repr(C)]
    /// # struct Tick { price: u64 }
    /// # let ring = format!("doc-{}-min_gating_sequence", std::process::id());
    /// # let mut producer = disruptor_mp::build_shared_single_producer::<Tick>(&ring, 8)
    /// #     .discover_consumer_with_prefix(1, "reader")
    /// #     .with_coordination(disruptor_mp::CoordinationMode::Immediate)
    /// #     .build_producer(Tick::default)?;
    /// # let mut reader = disruptor_mp::attach_shared_consumer::<Tick>(&ring, 8)
    /// #     .with_consumer_id("reader_0")
    /// #     .build_consumer()?;
    /// producer.publish_batch(3, |tick, i| tick.price = i as u64)?;
    /// assert_eq!(producer.min_gating_sequence(), -1); // reader_0 has read nothing yet
    /// reader.process_available(|_tick, _sequence| {});
    /// assert_eq!(producer.min_gating_sequence(), 2);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn min_gating_sequence(&self) -> Sequence {
        ConsumerTable::new(self.segment()).min_gating_cursor(self.last_published_sequence())
    }

    /// Whether every gating consumer is done with `sequence`.
    ///
    /// ```
    /// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
    /// # #[repr(C)]
    /// # struct Tick { price: u64 }
    /// # let ring = format!("doc-{}-is_consumed", std::process::id());
    /// # let mut producer = disruptor_mp::build_shared_single_producer::<Tick>(&ring, 8)
    /// #     .discover_consumer_with_prefix(1, "reader")
    /// #     .with_coordination(disruptor_mp::CoordinationMode::Immediate)
    /// #     .build_producer(Tick::default)?;
    /// # let mut reader = disruptor_mp::attach_shared_consumer::<Tick>(&ring, 8)
    /// #     .with_consumer_id("reader_0")
    /// #     .build_consumer()?;
    /// let sequence = producer.publish_value(Tick { price: 10 });
    /// assert!(!producer.is_consumed(sequence));
    /// reader.process_available(|_tick, _sequence| {});
    /// assert!(producer.is_consumed(sequence));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn is_consumed(&self, sequence: Sequence) -> bool {
        self.min_gating_sequence() >= sequence
    }

    /// Waits until every gating consumer is done with `sequence`, at most `timeout`; returns
    /// whether they are.
    ///
    /// ```
    /// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
    /// # #[repr(C)]
    /// # struct Tick { price: u64 }
    /// # let ring = format!("doc-{}-wait_until_consumed", std::process::id());
    /// # let mut producer = disruptor_mp::build_shared_single_producer::<Tick>(&ring, 8)
    /// #     .discover_consumer_with_prefix(1, "reader")
    /// #     .with_coordination(disruptor_mp::CoordinationMode::Immediate)
    /// #     .build_producer(Tick::default)?;
    /// # let mut reader = disruptor_mp::attach_shared_consumer::<Tick>(&ring, 8)
    /// #     .with_consumer_id("reader_0")
    /// #     .build_consumer()?;
    /// use std::time::Duration;
    ///
    /// let sequence = producer.publish_value(Tick { price: 10 });
    /// // The reader (another process, here a thread) catches up while the producer waits.
    /// let reading = std::thread::spawn(move || {
    ///     reader.process_available(|_tick, _sequence| {});
    ///     reader
    /// });
    /// assert!(producer.wait_until_consumed(sequence, Duration::from_secs(5)));
    /// # drop(reading.join().unwrap());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn wait_until_consumed(&self, sequence: Sequence, timeout: Duration) -> bool {
        crate::deadline::poll_until(timeout, CONSUMED_POLL, |_| {
            self.is_consumed(sequence).then_some(())
        })
        .is_ok()
    }

    /// Number of consumers attached now, gating or not (the published crate counted only
    /// tracked gating consumers).
    ///
    /// ```
    /// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
    /// # #[repr(C)]
    /// # struct Tick { price: u64 }
    /// # let ring = format!("doc-{}-get_consumer_count", std::process::id());
    /// # let producer = disruptor_mp::build_shared_single_producer::<Tick>(&ring, 8)
    /// #     .build_producer(Tick::default)?;
    /// assert_eq!(producer.get_consumer_count(), 0);
    /// let consumer = disruptor_mp::attach_shared_consumer::<Tick>(&ring, 8).build_consumer()?;
    /// assert_eq!(producer.get_consumer_count(), 1);
    /// drop(consumer);
    /// assert_eq!(producer.get_consumer_count(), 0);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn get_consumer_count(&self) -> usize {
        ConsumerTable::new(self.segment()).active_count()
    }

    /// Number of table entries the producer waits for (attached, or reserved and awaited).
    ///
    /// ```
    /// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
    /// # #[repr(C)]
    /// # struct Tick { price: u64 }
    /// # let ring = format!("doc-{}-gating_consumer_count", std::process::id());
    /// # let producer = disruptor_mp::build_shared_single_producer::<Tick>(&ring, 8)
    /// #     .discover_consumer_with_prefix(2, "reader")
    /// #     .with_coordination(disruptor_mp::CoordinationMode::Immediate)
    /// #     .build_producer(Tick::default)?;
    /// assert_eq!(producer.gating_consumer_count(), 2); // both reserved places, awaited
    /// let observer = disruptor_mp::attach_shared_consumer::<Tick>(&ring, 8)
    ///     .with_consumer_id("dashboard")
    ///     .build_consumer()?;
    /// assert_eq!(producer.get_consumer_count(), 1);
    /// assert_eq!(producer.gating_consumer_count(), 2); // an observer does not gate
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn gating_consumer_count(&self) -> usize {
        ConsumerTable::new(self.segment()).gating_count()
    }

    /// Number of attached consumers that gate the producer (they took a reserved or open
    /// place); observers are not counted.
    ///
    /// ```
    /// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
    /// # #[repr(C)]
    /// # struct Tick { price: u64 }
    /// # let ring = format!("doc-{}-attached_gating_count", std::process::id());
    /// # let producer = disruptor_mp::build_shared_single_producer::<Tick>(&ring, 8)
    /// #     .discover_consumer_with_prefix(2, "reader")
    /// #     .with_coordination(disruptor_mp::CoordinationMode::Immediate)
    /// #     .build_producer(Tick::default)?;
    /// let reader = disruptor_mp::attach_shared_consumer::<Tick>(&ring, 8)
    ///     .with_consumer_id("reader_0")
    ///     .build_consumer()?;
    /// let typo = disruptor_mp::attach_shared_consumer::<Tick>(&ring, 8)
    ///     .with_consumer_id("reader0") // matches no reserved place: an observer
    ///     .build_consumer()?;
    /// assert_eq!(producer.get_consumer_count(), 2);
    /// assert_eq!(producer.attached_gating_count(), 1);
    /// # drop((reader, typo));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn attached_gating_count(&self) -> usize {
        ConsumerTable::new(self.segment()).attached_gating_count()
    }

    /// The reserved consumer ids that have not attached yet (or have left).
    ///
    /// ```
    /// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
    /// # #[repr(C)]
    /// # struct Tick { price: u64 }
    /// # let ring = format!("doc-{}-awaited_consumer_ids", std::process::id());
    /// # let producer = disruptor_mp::build_shared_single_producer::<Tick>(&ring, 8)
    /// #     .discover_consumer_with_prefix(2, "reader")
    /// #     .with_coordination(disruptor_mp::CoordinationMode::Immediate)
    /// #     .build_producer(Tick::default)?;
    /// # let reader = disruptor_mp::attach_shared_consumer::<Tick>(&ring, 8)
    /// #     .with_consumer_id("reader_0")
    /// #     .build_consumer()?;
    /// assert_eq!(producer.awaited_consumer_ids(), ["reader_1"]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn awaited_consumer_ids(&self) -> Vec<String> {
        ConsumerTable::new(self.segment()).awaited_ids()
    }

    /// The cursor of the consumer with this id: the last sequence it is done with. Reads only:
    /// asking never makes a consumer gate (the published crate's did).
    ///
    /// ```
    /// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
    /// # #[repr(C)]
    /// # struct Tick { price: u64 }
    /// # let ring = format!("doc-{}-consumer_sequence", std::process::id());
    /// # let mut producer = disruptor_mp::build_shared_single_producer::<Tick>(&ring, 8)
    /// #     .build_producer(Tick::default)?;
    /// # let mut reader = disruptor_mp::attach_shared_consumer::<Tick>(&ring, 8)
    /// #     .with_consumer_id("reader")
    /// #     .build_consumer()?;
    /// producer.publish_batch(2, |tick, i| tick.price = i as u64)?;
    /// reader.process_available(|_tick, _sequence| {});
    /// assert_eq!(producer.consumer_sequence("reader"), Some(1));
    /// assert_eq!(producer.consumer_sequence("nobody"), None);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn consumer_sequence(&self, id: &str) -> Option<Sequence> {
        let table = ConsumerTable::new(self.segment());
        let index = table.find(&PackedId::new(id)?)?;
        Some(table.cursor(index).load(Ordering::Acquire))
    }

    /// Makes `id` a gating consumer: if it has not attached yet, a place is reserved and events
    /// from the next publish on are held for it. Returns whether `id` gates (or has a reserved
    /// place) afterwards; `true` does not mean it is attached (see
    /// [`SharedProducer::wait_for_consumer_id`]).
    ///
    /// ```
    /// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
    /// # #[repr(C)]
    /// # struct Tick { price: u64 }
    /// # let ring = format!("doc-{}-discover_consumer_id", std::process::id());
    /// # let mut producer = disruptor_mp::build_shared_single_producer::<Tick>(&ring, 8)
    /// #     .build_producer(Tick::default)?;
    /// assert!(producer.discover_consumer_id("audit"));
    /// assert_eq!(producer.awaited_consumer_ids(), ["audit"]);
    /// producer.publish_value(Tick { price: 10 }); // held for "audit"
    ///
    /// let mut audit = disruptor_mp::attach_shared_consumer::<Tick>(&ring, 8)
    ///     .with_consumer_id("audit")
    ///     .build_consumer()?;
    /// assert!(audit.is_gating());
    /// assert_eq!(audit.consume_next()?.1.price, 10);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn discover_consumer_id(&mut self, id: &str) -> bool {
        let Some(id) = PackedId::new(id) else {
            return false;
        };
        let last = self.last_published_sequence();
        ConsumerTable::new(self.segment()).require(&id, last, self.settings.identity)
    }

    /// Waits up to `timeout` for a consumer with this id to be attached; returns whether it is.
    /// Only waits: unlike the published crate's, it does not make the consumer gate (use
    /// [`SharedProducer::discover_consumer_id`] for that).
    ///
    /// ```
    /// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
    /// # #[repr(C)]
    /// # struct Tick { price: u64 }
    /// # let ring = format!("doc-{}-wait_for_consumer_id", std::process::id());
    /// # let producer = disruptor_mp::build_shared_single_producer::<Tick>(&ring, 8)
    /// #     .build_producer(Tick::default)?;
    /// use std::time::Duration;
    ///
    /// // The consumer's process (here a thread) attaches while the producer waits.
    /// # let name = ring.clone();
    /// let attaching = std::thread::spawn(move || {
    ///     disruptor_mp::attach_shared_consumer::<Tick>(&name, 8)
    ///         .with_consumer_id("reader")
    ///         .build_consumer()
    /// });
    /// assert!(producer.wait_for_consumer_id("reader", Duration::from_secs(5)));
    /// assert!(!producer.wait_for_consumer_id("nobody", Duration::from_millis(10)));
    /// # drop(attaching.join().unwrap()?);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn wait_for_consumer_id(&self, id: &str, timeout: Duration) -> bool {
        let Some(packed) = PackedId::new(id) else {
            return false;
        };
        crate::deadline::poll_until(timeout, CONSUMED_POLL, |_| {
            let table = ConsumerTable::new(self.segment());
            table
                .find(&packed)
                .is_some_and(|i| table.state(i) == Some(EntryState::Active))
                .then_some(())
        })
        .is_ok()
    }

    /// The producer's cursor as a read-only view: its value is the last published sequence.
    ///
    /// ```
    /// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
    /// # #[repr(C)]
    /// # struct Tick { price: u64 }
    /// # let ring = format!("doc-{}-cursor", std::process::id());
    /// # let mut producer = disruptor_mp::build_shared_single_producer::<Tick>(&ring, 8)
    /// #     .build_producer(Tick::default)?;
    /// producer.publish_value(Tick { price: 10 });
    /// assert_eq!(producer.cursor().load(), producer.last_published_sequence());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn cursor(&self) -> SharedCursor<'_> {
        SharedCursor::producer(self.segment())
    }

    /// The cursor of the consumer with this id, as a read-only view.
    ///
    /// ```
    /// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
    /// # #[repr(C)]
    /// # struct Tick { price: u64 }
    /// # let ring = format!("doc-{}-consumer_cursor", std::process::id());
    /// # let mut producer = disruptor_mp::build_shared_single_producer::<Tick>(&ring, 8)
    /// #     .build_producer(Tick::default)?;
    /// # let mut reader = disruptor_mp::attach_shared_consumer::<Tick>(&ring, 8)
    /// #     .with_consumer_id("reader")
    /// #     .build_consumer()?;
    /// producer.publish_batch(3, |tick, i| tick.price = i as u64)?;
    /// let cursor = producer.consumer_cursor("reader").expect("attached");
    /// assert_eq!(cursor.load(), -1);
    /// reader.process_available(|_tick, _sequence| {});
    /// assert_eq!(cursor.load(), 2); // a live view
    /// assert!(producer.consumer_cursor("nobody").is_none());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn consumer_cursor(&self, id: &str) -> Option<SharedCursor<'_>> {
        self.barrier().consumer_cursor(id)
    }

    /// The consumers that gate this producer, as a read-only view.
    ///
    /// ```
    /// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
    /// # #[repr(C)]
    /// # struct Tick { price: u64 }
    /// # let ring = format!("doc-{}-barrier", std::process::id());
    /// # let mut producer = disruptor_mp::build_shared_single_producer::<Tick>(&ring, 8)
    /// #     .discover_consumer_with_prefix(1, "reader")
    /// #     .with_coordination(disruptor_mp::CoordinationMode::Immediate)
    /// #     .build_producer(Tick::default)?;
    /// # let reader = disruptor_mp::attach_shared_consumer::<Tick>(&ring, 8)
    /// #     .with_consumer_id("reader_0")
    /// #     .build_consumer()?;
    /// producer.publish_value(Tick { price: 10 });
    /// let barrier = producer.barrier();
    /// assert_eq!(barrier.attached_ids(), ["reader_0"]);
    /// assert_eq!(barrier.get_min_consumer_sequence(), -1); // reader_0 has not read it yet
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn barrier(&self) -> SharedConsumerBarrier<'_> {
        SharedConsumerBarrier::new(self.segment())
    }

    /// The ring's slots as a read-only view (the events still held, by sequence).
    ///
    /// ```
    /// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
    /// # #[repr(C)]
    /// # struct Tick { price: u64 }
    /// # let ring = format!("doc-{}-ring_buffer", std::process::id());
    /// # let mut producer = disruptor_mp::build_shared_single_producer::<Tick>(&ring, 8)
    /// #     .build_producer(Tick::default)?;
    /// let sequence = producer.publish_value(Tick { price: 7 });
    /// let slots = producer.ring_buffer();
    /// assert_eq!(slots.size(), 8);
    /// assert_eq!(slots.get(sequence).map(|tick| tick.price), Some(7));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn ring_buffer(&self) -> SharedRingBuffer<'_, E> {
        SharedRingBuffer::new(&self.publisher, &self.settings.name)
    }

    /// The ring's name, with its namespace if it has one (`namespace:name`).
    ///
    /// ```
    /// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
    /// # #[repr(C)]
    /// # struct Tick { price: u64 }
    /// # let ring = format!("doc-{}-segment_name", std::process::id());
    /// let producer = disruptor_mp::build_shared_single_producer::<Tick>(&ring, 8)
    ///     .with_namespace("staging")
    ///     .build_producer(Tick::default)?;
    /// assert_eq!(producer.segment_name(), format!("staging:{ring}"));
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
    /// # let ring = format!("doc-{}-capacity", std::process::id());
    /// # let producer = disruptor_mp::build_shared_single_producer::<Tick>(&ring, 8)
    /// #     .build_producer(Tick::default)?;
    /// assert_eq!(producer.capacity(), 8);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn capacity(&self) -> usize {
        self.segment().plan().capacity
    }
}
