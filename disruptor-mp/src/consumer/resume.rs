//! Resuming after a lap: a consumer the producer does not wait for skips ahead without
//! re-attaching.

use super::SharedConsumer;
use crate::error::ResumeError;
use crate::event::SharedEvent;
use crate::ring::reader::ResumeAt;

impl<E: SharedEvent> SharedConsumer<E> {
    /// Skips a lapped consumer ahead to the oldest event the ring still holds, without
    /// re-attaching, and returns how many events it missed. The consumer stays lapped until it
    /// resumes: every read in between reports [`crate::ConsumeError::Lapped`] again.
    ///
    /// The oldest event held is one ring behind the producer's last published sequence `p`:
    /// the next read returns sequence `p - capacity + 1` — or a later one if a write the
    /// producer has begun but not published already took that slot, so a resume gets past a
    /// lap even where a producer died mid-write — or, if the consumer is less than a ring
    /// behind, its own next sequence (it never moves backwards, and returns 0). Nothing holds
    /// that event for it, though: a producer that goes on publishing overwrites it first,
    /// and the next read may then report a fresh lap — resume again, or use
    /// [`SharedConsumer::resume_from_newest`] to skip all the backlog. Only this consumer's
    /// position moves (its cursor records the skipped events as done); the producer and other
    /// consumers are untouched.
    ///
    /// A consumer that gates the producer is never lapped and never skips: it gets
    /// [`ResumeError::Gating`] and stays where it is.
    ///
    /// ```
    /// use disruptor_mp::ConsumeError;
    /// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
    /// # #[repr(C)]
    /// # struct Tick { price: u64 }
    /// # let ring = format!("doc-{}-resume_from_oldest", std::process::id());
    /// let mut producer = disruptor_mp::build_shared_single_producer::<Tick>(&ring, 8)
    ///     .disable_discovery() // waits for nobody: it may lap its readers
    ///     .build_producer(Tick::default)?;
    /// let mut consumer = disruptor_mp::attach_shared_consumer::<Tick>(&ring, 8).build_consumer()?;
    ///
    /// for price in 0..20 {
    ///     producer.publish_value(Tick { price }); // 0..=19: the ring holds 12..=19
    /// }
    /// for _ in 0..2 {
    ///     // A lap is reported on every read until the consumer resumes.
    ///     let lap = consumer.poll_next();
    ///     assert!(matches!(lap, Err(ConsumeError::Lapped { expected: 0, .. })));
    /// }
    /// assert_eq!(consumer.resume_from_oldest()?, 12); // 0..=11 were missed
    /// let (sequence, tick) = consumer.poll_next()?.expect("12 is still held");
    /// assert_eq!((sequence, tick.price), (12, 12));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn resume_from_oldest(&mut self) -> Result<u64, ResumeError> {
        self.reader
            .resume(ResumeAt::Oldest)
            .ok_or(ResumeError::Gating)
    }

    /// Skips a consumer ahead to just after the producer's last published sequence, without
    /// re-attaching, and returns how many events it missed: the next read returns the next
    /// event the producer publishes. For a lapped consumer that wants what is live now rather
    /// than the backlog (see [`SharedConsumer::resume_from_oldest`]); a consumer that was not
    /// lapped skips its unread events the same way. Only this consumer's position moves.
    ///
    /// A consumer that gates the producer gets [`ResumeError::Gating`] and stays where it is:
    /// the producer holds every event for it, and it reads them all.
    ///
    /// ```
    /// use disruptor_mp::{CoordinationMode, ResumeError};
    /// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
    /// # #[repr(C)]
    /// # struct Tick { price: u64 }
    /// # let ring = format!("doc-{}-resume_from_newest", std::process::id());
    /// let mut producer = disruptor_mp::build_shared_single_producer::<Tick>(&ring, 8)
    ///     .enable_discovery(1) // the first consumer gates, the others only read
    ///     .with_coordination(CoordinationMode::Immediate)
    ///     .build_producer(Tick::default)?;
    /// let mut gating = disruptor_mp::attach_shared_consumer::<Tick>(&ring, 8).build_consumer()?;
    /// let mut observer = disruptor_mp::attach_shared_consumer::<Tick>(&ring, 8).build_consumer()?;
    ///
    /// for price in 0..5 {
    ///     producer.publish_value(Tick { price });
    /// }
    /// assert_eq!(observer.resume_from_newest()?, 5); // 0..=4 skipped
    /// assert!(observer.poll_next()?.is_none()); // nothing after the newest yet
    /// producer.publish_value(Tick { price: 5 });
    /// assert_eq!(observer.poll_next()?.map(|(seq, tick)| (seq, tick.price)), Some((5, 5)));
    ///
    /// assert_eq!(gating.resume_from_newest(), Err(ResumeError::Gating));
    /// assert_eq!(gating.poll_next()?.map(|(seq, _)| seq), Some(0)); // it reads them all
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn resume_from_newest(&mut self) -> Result<u64, ResumeError> {
        self.reader
            .resume(ResumeAt::Newest)
            .ok_or(ResumeError::Gating)
    }
}
