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

    #[inline(always)]
    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        // A stream keeping up with a busy ring: the next event copied ahead, small enough to
        // inline into the caller's loop; everything else is out of line.
        if let Some(found) = this.take_copied() {
            return Poll::Ready(Some(Ok(found)));
        }
        this.poll_item(cx)
    }
}

impl<E: SharedEvent> AsyncConsumer<E> {
    /// [`Stream::poll_next`] past its first look.
    #[inline(never)]
    fn poll_item(
        &mut self,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<(Sequence, E), ConsumeError>>> {
        if self.ended {
            return Poll::Ready(None);
        }
        match self.poll_copy(cx) {
            Poll::Pending => Poll::Pending,
            Poll::Ready(Ok(found)) => Poll::Ready(Some(Ok(found))),
            Poll::Ready(Err(err)) => Poll::Ready(self.end_with(err)),
        }
    }

    /// Ends the stream on `err`: nothing more at the end of the stream, else the error once.
    #[cold]
    fn end_with(&mut self, err: ConsumeError) -> Option<Result<(Sequence, E), ConsumeError>> {
        self.ended = true;
        match err {
            ConsumeError::ProducerClosed => None,
            err => Some(Err(err)),
        }
    }
}
