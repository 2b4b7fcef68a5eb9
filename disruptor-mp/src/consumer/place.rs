//! A consumer's place in the ring across restarts: a reserved place outlives its handle, and
//! giving it up is an explicit call.

use super::SharedConsumer;
use crate::event::SharedEvent;

impl<E: SharedEvent> SharedConsumer<E> {
    /// Gives this consumer's place up for good: the producer stops holding events for it.
    ///
    /// Dropping a consumer in a [reserved](crate::ConsumerRole::Reserved) place keeps the place
    /// and its cursor, so the producer goes on holding every event after the last one the
    /// consumer released, and the same id attaching again resumes exactly there (as it does
    /// after a crash). Call this instead when the consumer will not come back: the place is
    /// released, the producer no longer waits for it, and if the same id attaches later it
    /// starts after the producer's cursor, like a consumer seen for the first time. For
    /// [open](crate::ConsumerRole::Open) places and observers it is the same as dropping the
    /// handle.
    ///
    /// ```
    /// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
    /// # #[repr(C)]
    /// # struct Tick { price: u64 }
    /// # let ring = format!("doc-{}-give_up_place", std::process::id());
    /// let mut producer = disruptor_mp::build_shared_single_producer::<Tick>(&ring, 8)
    ///     .discover_consumer_with_prefix(1, "audit")
    ///     .with_coordination(disruptor_mp::CoordinationMode::Immediate)
    ///     .build_producer(Tick::default)?;
    /// let audit = disruptor_mp::attach_shared_consumer::<Tick>(&ring, 8)
    ///     .with_consumer_id("audit_0")
    ///     .build_consumer()?;
    ///
    /// drop(audit); // the place is kept: the producer holds events for audit_0
    /// assert_eq!(producer.awaited_consumer_ids(), ["audit_0"]);
    /// assert_eq!(producer.gating_consumer_count(), 1);
    ///
    /// let audit = disruptor_mp::attach_shared_consumer::<Tick>(&ring, 8)
    ///     .with_consumer_id("audit_0")
    ///     .build_consumer()?;
    /// audit.give_up_place(); // audit_0 is not coming back
    /// assert_eq!(producer.gating_consumer_count(), 0);
    /// for price in 0..20 {
    ///     producer.try_publish_value(Tick { price })?; // nobody to wait for
    /// }
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn give_up_place(self) {
        self.reader.give_up();
    }
}
