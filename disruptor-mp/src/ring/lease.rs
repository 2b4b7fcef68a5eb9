//! A leased event: read in place, released when the lease drops.

use super::reader::Reader;
use crate::Sequence;
use crate::event::SharedEvent;
use core::ops::Deref;
use core::ptr::NonNull;

/// An event borrowed from the ring. Derefs to the event; dropping the lease marks it consumed.
///
/// For a gating consumer the reference points into the slot (zero copy; the producer cannot
/// overwrite it while the lease lives). For a non-gating consumer, which the producer may lap, it
/// points at a verified copy the consumer keeps, so it never shows torn data. Either way the lease
/// itself is two words, whatever the event's size.
pub struct SharedConsumerLease<'a, E: SharedEvent> {
    reader: &'a mut Reader<E>,
    /// The event shown: in the slot, or in the reader's verified copy. Kept so a deref is one
    /// load, not a second look at how the reader reads and where the slot is.
    event: NonNull<E>,
}

impl<'a, E: SharedEvent> SharedConsumerLease<'a, E> {
    /// A lease on the reader's next sequence, which `reader` observed published; `event` is
    /// where it can be read until the lease drops (only [`Reader::lease`] builds one).
    ///
    /// # Safety
    /// `event` points to the next sequence's event, readable (in the slot, which gating keeps
    /// from being overwritten until the reader advances, or in the reader's own copy, which
    /// only the reader changes) for as long as `reader` is borrowed.
    pub(super) unsafe fn new(reader: &'a mut Reader<E>, event: NonNull<E>) -> Self {
        Self { reader, event }
    }

    /// The event's sequence.
    ///
    /// ```
    /// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
    /// # #[repr(C)]
    /// # struct Tick { price: u64 }
    /// # let ring = format!("doc-{}-lease_sequence", std::process::id());
    /// # let mut producer = disruptor_mp::build_shared_single_producer::<Tick>(&ring, 8)
    /// #     .build_producer(Tick::default)?;
    /// # let mut consumer = disruptor_mp::attach_shared_consumer::<Tick>(&ring, 8)
    /// #     .build_consumer()?;
    /// producer.publish_batch(2, |tick, i| tick.price = i as u64)?;
    /// let first = consumer.consume_next_leased()?;
    /// assert_eq!(first.sequence(), 0);
    /// drop(first); // releases it: the next lease is the next event
    /// assert_eq!(consumer.consume_next_leased()?.sequence(), 1);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn sequence(&self) -> Sequence {
        // The reader moves on only when the lease drops.
        self.reader.next()
    }
}

impl<E: SharedEvent> Deref for SharedConsumerLease<'_, E> {
    type Target = E;

    #[inline(always)]
    fn deref(&self) -> &E {
        // Under loom, look again through the reader, which tells the model of each in-place
        // read (and check that it is the event the lease kept).
        #[cfg(loom)]
        {
            let event = self.reader.leased();
            assert_eq!(
                NonNull::from(event),
                self.event,
                "the lease keeps its event"
            );
            return event;
        }
        // SAFETY: `new`'s contract: the event stays readable while the reader is borrowed,
        // which it is for the lease's lifetime; `&self` ties the reference to the lease.
        #[cfg(not(loom))]
        unsafe {
            self.event.as_ref()
        }
    }
}

impl<E: SharedEvent> Drop for SharedConsumerLease<'_, E> {
    #[inline(always)]
    fn drop(&mut self) {
        self.reader.advance();
    }
}

impl<E: SharedEvent + core::fmt::Debug> core::fmt::Debug for SharedConsumerLease<'_, E> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("SharedConsumerLease")
            .field("sequence", &self.sequence())
            .field("event", &**self)
            .finish()
    }
}
