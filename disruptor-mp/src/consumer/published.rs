//! The published crate's coordination calls, with what they mean over one segment.

use super::SharedConsumer;
use crate::event::SharedEvent;

impl<E: SharedEvent> SharedConsumer<E> {
    /// The published crate's readiness signal. Here a consumer is ready, and counted by the
    /// producer's coordination wait, from the moment it attached (its consumer-table entry is
    /// the signal, so no counter can be inflated by calling this twice); this stores the
    /// consumer's progress to that entry, which is what the producer reads.
    ///
    /// ```
    /// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
    /// # #[repr(C)]
    /// # struct Tick { price: u64 }
    /// # let ring = format!("doc-{}-signal_readiness", std::process::id());
    /// # let mut producer = disruptor_mp::build_shared_single_producer::<Tick>(&ring, 8)
    /// #     .build_producer(Tick::default)?;
    /// # let mut consumer = disruptor_mp::attach_shared_consumer::<Tick>(&ring, 8)
    /// #     .build_consumer()?;
    /// assert_eq!(producer.get_consumer_count(), 1); // counted since it attached
    /// consumer.signal_readiness(); // ported code may keep the call: it only stores progress
    /// assert_eq!(producer.get_consumer_count(), 1);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn signal_readiness(&mut self) {
        self.reader.flush();
    }

    /// The published crate's way to join a ring's readiness counter. Coordination lives in the
    /// ring's own consumer table, so there is nothing separate to attach: returns whether
    /// `base_name` is this consumer's ring (with or without its namespace).
    ///
    /// ```
    /// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
    /// # #[repr(C)]
    /// # struct Tick { price: u64 }
    /// # let ring = format!("doc-{}-try_attach_coordination", std::process::id());
    /// # let mut producer = disruptor_mp::build_shared_single_producer::<Tick>(&ring, 8)
    /// #     .build_producer(Tick::default)?;
    /// # let mut consumer = disruptor_mp::attach_shared_consumer::<Tick>(&ring, 8)
    /// #     .build_consumer()?;
    /// assert!(consumer.try_attach_coordination(&ring));
    /// assert!(!consumer.try_attach_coordination("another-ring"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn try_attach_coordination(&mut self, base_name: &str) -> bool {
        let name = self.settings.name.as_str();
        let bare = name.rsplit(':').next().unwrap_or(name);
        base_name.trim_start_matches('/') == bare || base_name == name
    }

    /// Always true: every ring carries the consumer table the producer's coordination wait reads.
    ///
    /// ```
    /// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
    /// # #[repr(C)]
    /// # struct Tick { price: u64 }
    /// # let ring = format!("doc-{}-has_coordination_support", std::process::id());
    /// # let producer = disruptor_mp::build_shared_single_producer::<Tick>(&ring, 8)
    /// #     .build_producer(Tick::default)?;
    /// # let consumer = disruptor_mp::attach_shared_consumer::<Tick>(&ring, 8)
    /// #     .build_consumer()?;
    /// assert!(consumer.has_coordination_support());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn has_coordination_support(&self) -> bool {
        true
    }
}
