//! Settings a builder refuses before it touches the OS: the same for creating and attaching.

use crate::env::EnvError;
use std::fmt;

/// Formats an optional upper bound: " and at most 4096", or nothing.
struct AtMost(Option<i64>);

impl fmt::Display for AtMost {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(max) => write!(f, " and at most {max}"),
            None => Ok(()),
        }
    }
}

/// A builder setting that cannot work, found before anything is created or opened.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ConfigError {
    /// The segment name (or namespace) is empty, too long or has characters outside
    /// `[A-Za-z0-9._-]`.
    #[error(
        "invalid {what} {name:?}: {reason} (1 to {max_len} characters of `[A-Za-z0-9._-]`, not `.` or `..`)"
    )]
    InvalidName {
        /// `"segment name"` or `"namespace"`.
        what: &'static str,
        /// The rejected name.
        name: String,
        /// What is wrong with it.
        reason: &'static str,
        /// The longest name allowed.
        max_len: usize,
    },
    /// The directory of a file-backed ring ([`crate::MmapTransportLayout`]) cannot be a path.
    #[error("invalid ring directory {dir:?}: {reason}")]
    InvalidDirectory {
        /// The rejected path.
        dir: std::path::PathBuf,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// Capacity is zero, not a power of two, or too large.
    #[error("invalid capacity {capacity}: must be a power of two between 1 and {max}")]
    InvalidCapacity {
        /// The rejected capacity.
        capacity: usize,
        /// The largest capacity a ring may have.
        max: u64,
    },
    /// A consumer id is empty, too long or contains NUL.
    #[error("invalid consumer id {id:?}: consumer ids are 1 to {max_len} bytes without NUL")]
    InvalidConsumerId {
        /// The rejected id.
        id: String,
        /// The longest id the consumer table stores.
        max_len: usize,
    },
    /// A numeric setting is out of its range.
    #[error("invalid {setting} {value}: must be at least {min}{}", AtMost(*max))]
    OutOfRange {
        /// The setting (`"max_consumers"`, `"min_consumers"`, ...).
        setting: &'static str,
        /// The rejected value.
        value: i64,
        /// The smallest value allowed.
        min: i64,
        /// The largest value allowed, if there is one.
        max: Option<i64>,
    },
    /// The event type cannot be placed in a ring (size or alignment beyond the format's limits).
    #[error("event type `{event}` of size {size} and alignment {align} cannot be placed in a ring")]
    UnsupportedEvent {
        /// The event's wire name.
        event: &'static str,
        /// `size_of` the event.
        size: usize,
        /// `align_of` the event.
        align: usize,
    },
    /// The ring would be larger than the format allows.
    #[error(
        "a ring of {capacity} slots of {slot} bytes would exceed the {limit}-byte segment limit"
    )]
    TooLarge {
        /// Slots asked for.
        capacity: usize,
        /// Bytes per slot.
        slot: usize,
        /// The largest segment, in bytes.
        limit: u64,
    },
    /// `SharedMemoryConfig::element_size` is not the size of the builder's event type.
    #[error("element size {configured} does not match the event type's size {actual}")]
    ElementSize {
        /// The configured element size.
        configured: usize,
        /// `size_of` the event type.
        actual: usize,
    },
    /// The published crate's combined builder ([`crate::SharedDisruptorBuilder`]) was given a
    /// setting, or asked to build, for the role its `create` flag did not pick.
    #[error(
        "`{call}` is for a {wanted} but this builder was made for a {role} (SharedMemoryConfig::create is {create}); use `{entry}` instead"
    )]
    WrongRole {
        /// The setter or build call.
        call: &'static str,
        /// The role that call is for: `"producer"` or `"consumer"`.
        wanted: &'static str,
        /// The role the builder was made for.
        role: &'static str,
        /// The builder's `create` flag.
        create: bool,
        /// The entry point for the wanted role.
        entry: &'static str,
    },
    /// A variable of the environment contract ([`crate::env`]) holds a value that does not
    /// parse or is out of range; the error names the variable and the value.
    #[error(transparent)]
    Env(#[from] EnvError),
}
