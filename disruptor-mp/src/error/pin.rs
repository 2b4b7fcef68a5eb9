//! Pinning a building thread to a CPU core: what `build_producer` and `build_consumer` can meet
//! before they touch a ring.

use std::io;

/// The thread calling `build_producer` or `build_consumer` could not be pinned to the core the
/// builder (`with_process_core`) or the environment named.
///
/// ```
/// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
/// # #[repr(C)]
/// # struct Tick { price: u64 }
/// # let ring = format!("doc-{}-PinError", std::process::id());
/// use disruptor_mp::CreateError;
///
/// let built = disruptor_mp::build_shared_single_producer::<Tick>(&ring, 8)
///     .with_process_core(1 << 20) // no such core
///     .build_producer(Tick::default);
/// match built {
///     Err(CreateError::Pin(err)) => assert_eq!(err.core, 1 << 20),
///     other => panic!("{other:?}"),
/// }
/// ```
#[derive(Debug, thiserror::Error)]
#[error("cannot pin the building thread to CPU core {core} (set by {origin}): {source}")]
#[non_exhaustive]
pub struct PinError {
    /// The core asked for.
    pub core: usize,
    /// Where it was asked for: `"with_process_core"`, or the environment variable's name.
    pub origin: &'static str,
    /// The OS error (`EINVAL` for a core that does not exist or is not allowed, `EPERM`).
    #[source]
    pub source: io::Error,
}
