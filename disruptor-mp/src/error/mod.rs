//! Errors, one type per operation; tests match them by variant.
//!
//! Creating a ring ([`CreateError`]), attaching to one ([`AttachError`]), consuming
//! ([`ConsumeError`]), resuming after a lap ([`ResumeError`]), running an `AutoConsumer` ([`HandleEventsError`],
//! [`AutoConsumerError`]) and publishing
//! ([`RingBufferFull`], [`MissingFreeSlots`], [`PublishTimeoutError`], [`BatchTooLarge`]) each
//! have a type that holds only what can happen there. Bad settings, which both builders can
//! meet, are a [`ConfigError`] inside either (a bad environment value is [`ConfigError::Env`]);
//! a building thread that cannot be pinned to its CPU core is a [`PinError`] inside either.
//! [`MultiProcessError`], the published crate's name, is the umbrella they all convert into, for
//! code that handles every failure of a ring in one place. Nothing here carries a pre-formatted `String` where a field fits, and every message
//! says what to do where there is a remedy.

mod attach;
mod auto;
mod config;
mod consume;
mod create;
mod directory;
mod liveness;
mod memory_lock;
mod pin;
mod publish;
mod resume;

pub use crate::layout::difference::{FieldDifference, FieldPlacement};
pub use attach::{AttachError, CorruptReason, LayoutSummary};
pub use auto::{AutoConsumerError, HandleEventsError};
pub use config::ConfigError;
pub use consume::ConsumeError;
pub use create::CreateError;
pub use directory::DirectoryProblem;
pub use liveness::RequiredConsumerError;
pub use memory_lock::MemoryLockError;
pub use pin::PinError;
pub use publish::{BatchTooLarge, MissingFreeSlots, PublishTimeoutError, RingBufferFull};
pub use resume::ResumeError;

/// Any failure of a ring: the published crate's error type, which every per-operation error
/// converts into (so `?` works in a function returning [`MultiProcessResult`]).
///
/// Match the per-operation type where you handle one operation; match this where you handle all
/// of them. The published crate's string-carrying variants (`SharedMemoryError(String)`,
/// `IncompatibleLayout(String)`, ...) became structured variants of the per-operation types; see
/// `docs/porting.md` for the mapping.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum MultiProcessError {
    /// Creating a ring (`build_producer`) failed.
    #[error(transparent)]
    Create(#[from] CreateError),
    /// Attaching to a ring (`build_consumer`) failed.
    #[error(transparent)]
    Attach(#[from] AttachError),
    /// A consumer could not return the next event.
    #[error(transparent)]
    Consume(#[from] ConsumeError),
    /// A consumer could not resume after a lap.
    #[error(transparent)]
    Resume(#[from] ResumeError),
    /// A single publish found the ring full.
    #[error(transparent)]
    RingBufferFull(#[from] RingBufferFull),
    /// A batch publish lacked free slots.
    #[error(transparent)]
    MissingFreeSlots(#[from] MissingFreeSlots),
    /// A publish with a deadline found no free slot in time.
    #[error(transparent)]
    PublishTimeout(#[from] PublishTimeoutError),
    /// A managed publish gave up on a required consumer.
    #[error(transparent)]
    RequiredConsumer(#[from] RequiredConsumerError),
    /// A waiting batch publish asked for more slots than the ring has.
    #[error(transparent)]
    BatchTooLarge(#[from] BatchTooLarge),
    /// Starting an `AutoConsumer` (`handle_events_*`) failed.
    #[error(transparent)]
    HandleEvents(#[from] HandleEventsError),
    /// An `AutoConsumer`'s thread ended other than by `shutdown`.
    #[error(transparent)]
    AutoConsumer(#[from] AutoConsumerError),
}

impl From<ConfigError> for MultiProcessError {
    fn from(err: ConfigError) -> Self {
        Self::Create(CreateError::Config(err))
    }
}

/// Result type of the published crate's spelling: any failure of a ring.
pub type MultiProcessResult<T> = Result<T, MultiProcessError>;
