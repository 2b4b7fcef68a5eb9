//! The `AutoConsumer` thread: pinned first (a failure is returned by `handle_events_*`), then
//! one bounded batch after another until shutdown or the end of the stream.

use super::AutoConsumer;
use crate::Sequence;
use crate::backend::affinity::pin_current_thread;
use crate::consumer::SharedConsumer;
use crate::consumer::idle::Pace;
use crate::error::{ConsumeError, HandleEventsError};
use crate::event::SharedEvent;
use crate::wait::AutoWaitStrategy;
use core::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, mpsc};
use std::time::Duration;

/// Where the thread should run: a core and what named it (`with_consumer_core` or the
/// variable), for the error if it cannot.
pub(crate) type CoreChoice = Option<(usize, &'static str)>;

/// Starts `consumer`'s thread; returns once it is pinned (or could not be, which stops it and
/// is the error).
pub(crate) fn start<E, F>(
    consumer: SharedConsumer<E>,
    handler: F,
    strategy: AutoWaitStrategy,
    core: CoreChoice,
    grace: Duration,
) -> Result<AutoConsumer, HandleEventsError>
where
    E: SharedEvent,
    F: FnMut(&E, Sequence, bool) + Send + 'static,
{
    let stop = Arc::new(AtomicBool::new(false));
    let waker = consumer.reader.segment().share();
    let name = format!("dmp-auto-{}", consumer.settings.id);
    let (pinned, pin_result) = mpsc::sync_channel(1);
    let thread_stop = Arc::clone(&stop);
    let thread = std::thread::Builder::new()
        .name(name)
        .spawn(move || {
            if let Some((core, origin)) = core
                && let Err(source) = pin_current_thread(core)
            {
                let _ = pinned.send(Err(HandleEventsError::Pin {
                    core,
                    origin,
                    source,
                }));
                return Ok(());
            }
            let _ = pinned.send(Ok(()));
            drop(pinned);
            run(consumer, handler, strategy, &thread_stop)
        })
        .map_err(HandleEventsError::Spawn)?;
    let mut auto = AutoConsumer {
        thread: Some(thread),
        stop,
        waker,
        grace,
    };
    // The thread sends before anything else; a closed channel would mean it could not even
    // start its body, which `join` then reports.
    if let Ok(Err(err)) = pin_result.recv() {
        let _ = auto.join();
        return Err(err);
    }
    Ok(auto)
}

/// The thread's body: bounded batches, the shutdown flag checked between them and while idle.
fn run<E, F>(
    mut consumer: SharedConsumer<E>,
    mut handler: F,
    strategy: AutoWaitStrategy,
    stop: &AtomicBool,
) -> Result<(), ConsumeError>
where
    E: SharedEvent,
    F: FnMut(&E, Sequence, bool),
{
    let pace = Pace::Strategy(strategy);
    while !stop.load(Ordering::Acquire) {
        consumer.next_batch(pace, Duration::MAX, Some(stop), &mut handler)?;
    }
    Ok(())
}
