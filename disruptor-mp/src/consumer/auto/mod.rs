//! [`AutoConsumer`]: a consumer that runs a handler on a background thread of its own, made by
//! `ConsumerBuilder::handle_events_with` / `handle_events_batch`.
//!
//! - `run.rs`: the thread: pinning, then batches until shutdown or the end of the stream.
//! - this file: the handle that stops and joins it.

mod run;

pub(crate) use run::start;

use crate::error::AutoConsumerError;
use crate::ring::segment::Segment;
use crate::ring::wakeup;
use core::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// How often a dropped handle looks whether its thread has ended, within the grace period.
const DROP_POLL: Duration = Duration::from_micros(200);

/// A consumer running `handler(&event, sequence, end_of_batch)` on a background thread, named
/// `dmp-auto-<consumer id>` (the OS shows its first 15 bytes).
///
/// The thread handles events in batches of what is published, at most one ring per batch, with
/// `end_of_batch` true on each batch's last event, and checks for [`AutoConsumer::shutdown`]
/// between batches, so it stops within one batch even under a producer that never pauses. While
/// idle it waits with its [`crate::AutoWaitStrategy`]; with `Block` (the default) it sleeps on
/// the ring's futex word and uses no CPU, and `shutdown` wakes it at once (see there).
///
/// The thread also ends by itself at the end of the stream, when the producer dies, or when the
/// handler panics; [`AutoConsumer::join`] says which. Dropping the handle shuts the thread down
/// and gives it `DISRUPTOR_MP_SHUTDOWN_GRACE_MS` (10 ms by default) to end; a handler still
/// busy after that is left to finish its batch on its own (the drop never hangs) and its result
/// is discarded — call `shutdown_and_join` to see it.
///
/// ```
/// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
/// # #[repr(C)]
/// # struct Tick { price: u64 }
/// # let ring = format!("doc-{}-AutoConsumer", std::process::id());
/// # let mut producer = disruptor_mp::build_shared_single_producer::<Tick>(&ring, 8)
/// #     .discover_consumer_with_prefix(1, "reader")
/// #     .with_coordination(disruptor_mp::CoordinationMode::Immediate)
/// #     .build_producer(Tick::default)?;
/// use std::sync::mpsc;
///
/// let (prices, received) = mpsc::channel();
/// let mut auto = disruptor_mp::attach_shared_consumer::<Tick>(&ring, 8)
///     .with_consumer_id("reader_0")
///     .handle_events_with(move |tick: &Tick, _sequence, _end_of_batch| {
///         prices.send(tick.price).unwrap();
///     })?;
/// producer.publish_value(Tick { price: 10 });
/// assert_eq!(received.recv_timeout(std::time::Duration::from_secs(5))?, 10);
/// drop(producer); // closes the ring: the thread ends after the last event
/// let end = auto.join().unwrap_err();
/// assert!(end.is_end_of_stream());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug)]
#[must_use = "dropping an AutoConsumer stops its thread"]
pub struct AutoConsumer {
    thread: Option<JoinHandle<Result<(), crate::ConsumeError>>>,
    stop: Arc<AtomicBool>,
    /// A second view of the ring, to wake the thread's futex sleep on shutdown.
    waker: Segment,
    grace: Duration,
}

impl AutoConsumer {
    /// Asks the thread to stop after its current batch; returns at once. A thread asleep in
    /// `Block` is woken now: this bumps the ring's wake word, as a publish does, so every
    /// consumer of the ring sleeping in `Block` wakes once, finds nothing, and sleeps again.
    ///
    /// The published crate checked for shutdown only while idle, so a busy thread never saw it.
    pub fn shutdown(&self) {
        if !self.stop.swap(true, Ordering::AcqRel) {
            wakeup::wake_consumers(&self.waker);
        }
    }

    /// Waits for the thread to end and says how it ended: `Ok(())` after
    /// [`AutoConsumer::shutdown`], else the [`AutoConsumerError`] that ended it (end of stream,
    /// a dead producer, a lap, a panicking handler with its message). A second call returns
    /// [`AutoConsumerError::AlreadyJoined`]. Without `shutdown` it waits until the thread ends
    /// by itself.
    pub fn join(&mut self) -> Result<(), AutoConsumerError> {
        let thread = self.thread.take().ok_or(AutoConsumerError::AlreadyJoined)?;
        match thread.join() {
            Ok(Ok(())) => Ok(()),
            Ok(Err(err)) => Err(err.into()),
            Err(payload) => Err(AutoConsumerError::Panicked {
                message: panic_message(payload.as_ref()),
            }),
        }
    }

    /// [`AutoConsumer::shutdown`], then [`AutoConsumer::join`].
    pub fn shutdown_and_join(&mut self) -> Result<(), AutoConsumerError> {
        self.shutdown();
        self.join()
    }

    /// Whether the thread is still handling events: not joined, not asked to stop, and not
    /// ended by itself.
    pub fn is_running(&self) -> bool {
        !self.stop.load(Ordering::Acquire)
            && self
                .thread
                .as_ref()
                .is_some_and(|thread| !thread.is_finished())
    }
}

impl Drop for AutoConsumer {
    fn drop(&mut self) {
        let Some(thread) = self.thread.take() else {
            return;
        };
        self.shutdown();
        let deadline = Instant::now() + self.grace;
        while !thread.is_finished() {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                // Detached: it stops after its current batch, without anyone waiting for it.
                return;
            }
            std::thread::sleep(left.min(DROP_POLL));
        }
        // The owner dropped the handle instead of joining: it did not ask how the thread ended.
        let _ = thread.join();
    }
}

/// The message of a panic payload (`panic!` gives a `&str` or a `String`).
fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(message) = payload.downcast_ref::<&str>() {
        (*message).to_owned()
    } else if let Some(message) = payload.downcast_ref::<String>() {
        message.clone()
    } else {
        "<non-string panic payload>".to_owned()
    }
}

// Real shared memory (shm_open), which Miri cannot run: `scripts/miri.sh` covers the core on the
// heap backend instead.
#[cfg(all(test, not(miri)))]
mod tests;
