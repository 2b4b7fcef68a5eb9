//! [`AsyncConsumer`] as a [`Stream`] of events: it ends at the end of the stream and yields an
//! error once if the producer died, the consumer was lapped or evicted, then ends.

use super::consumer::AsyncConsumer;
use crate::Sequence;
use crate::error::ConsumeError;
use crate::event::SharedEvent;
use core::pin::Pin;
use core::task::{Context, Poll};
use futures_core::Stream;

impl<E: SharedEvent> Stream for AsyncConsumer<E> {
    type Item = Result<(Sequence, E), ConsumeError>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        if self.ended {
            return Poll::Ready(None);
        }
        match self.poll_copy(cx) {
            Poll::Pending => Poll::Pending,
            Poll::Ready(Ok(found)) => Poll::Ready(Some(Ok(found))),
            Poll::Ready(Err(ConsumeError::ProducerClosed)) => {
                self.ended = true;
                Poll::Ready(None)
            }
            Poll::Ready(Err(err)) => {
                self.ended = true;
                Poll::Ready(Some(Err(err)))
            }
        }
    }
}
