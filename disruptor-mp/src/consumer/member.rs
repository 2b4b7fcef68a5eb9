//! What waiting on many rings needs of a consumer, whatever its event type: its segment, whether
//! its next slot holds something, and the idle check that reports the end of its stream. A wait
//! set and the async bridge see consumers only through this.

use super::SharedConsumer;
use crate::error::ConsumeError;
use crate::event::SharedEvent;
use crate::ring::segment::Segment;
use crate::ring::slots::SlotState;
use std::any::Any;

/// A consumer of some event type, for a wait on many rings.
pub(crate) trait Member: Any + Send {
    /// The ring it reads.
    fn segment(&self) -> &Segment;
    /// Whether the next slot holds something other than "not yet" (its event, or for an
    /// observer a later one, which the next read reports as a lap).
    fn has_next(&self) -> bool;
    /// Publishes progress, then reports end of stream, a dead producer or an eviction.
    fn check_idle(&mut self) -> Result<(), ConsumeError>;
    /// After a sleep: the next idle check looks at the clock (and so at the producer).
    fn slept(&mut self);
    /// The consumer itself, for a typed handle back.
    fn as_any_mut(&mut self) -> &mut dyn Any;
    /// The consumer itself, by value.
    fn into_any(self: Box<Self>) -> Box<dyn Any>;
}

impl<E: SharedEvent> Member for SharedConsumer<E> {
    fn segment(&self) -> &Segment {
        self.reader.segment()
    }

    fn has_next(&self) -> bool {
        self.reader.next_state() != SlotState::NotYet
    }

    fn check_idle(&mut self) -> Result<(), ConsumeError> {
        self.idle_check()
    }

    fn slept(&mut self) {
        self.idle_polls = 0;
    }

    fn as_any_mut(&mut self) -> &mut dyn Any {
        self
    }

    fn into_any(self: Box<Self>) -> Box<dyn Any> {
        self
    }
}
