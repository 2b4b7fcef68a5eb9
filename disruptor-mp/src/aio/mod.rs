//! Async consumers and the producer's async wait for space (feature `tokio`; nothing here
//! depends on a particular executor).
//!
//! - [`AsyncConsumer`] (from [`crate::SharedConsumer::into_async`]): `next().await`,
//!   `next_leased().await`, and a `futures_core::Stream` of events.
//! - [`crate::SharedProducer::ready`] and [`crate::SharedProducer::publish_async`].
//!
//! Every wait is the blocking `Block` wait's handshake with its sleep handed to one bridge
//! thread per process (`bridge.rs`), however many rings are awaited.

mod ahead;
mod bridge;
mod consumer;
mod producer;
mod stream;

use crate::wait::BLOCK_SPINS;

pub use consumer::{AsyncConsumer, NextEvent, NextLease};
pub use producer::SpaceReady;

/// Whether this process's bridge thread is running (for tests: it must end once the last
/// async handle dropped). Not a public API.
#[doc(hidden)]
pub fn __bridge_running() -> bool {
    bridge::running()
}

/// Checks `ready` up to [`BLOCK_SPINS`] times with a spin hint between; whether it held.
fn spin_until(mut ready: impl FnMut() -> bool) -> bool {
    (0..BLOCK_SPINS).any(|_| {
        core::hint::spin_loop();
        ready()
    })
}
