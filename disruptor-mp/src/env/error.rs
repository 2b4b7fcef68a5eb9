//! What can be wrong with the environment: a variable that is missing where one is required, or
//! whose value is not what it must be. Each error names the variable and the value, so an
//! operator can fix the deployment from the message alone.

use std::ffi::OsString;

/// An environment variable the process needed could not be used.
///
/// Returned by [`super::settings`] and [`super::check`] (for the variables of the
/// [contract](super)), by the [`super::read`] helpers, and by `build_producer` / `build_consumer`
/// inside `ConfigError::Env`.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum EnvError {
    /// A required variable is not set.
    #[error("environment variable {variable} is not set")]
    Missing {
        /// The variable's name.
        variable: String,
    },
    /// The value does not parse as what the variable holds, or is out of its range.
    #[error("invalid environment variable {variable}={value:?}: {reason}")]
    Invalid {
        /// The variable's name, exactly as it was read (`DISRUPTOR_MP_…` or its `MYELON_…`
        /// fallback).
        variable: String,
        /// The value it holds.
        value: String,
        /// Why the value was refused (the parser's message, or the range it must be in).
        reason: String,
    },
    /// The value is not valid UTF-8.
    #[error("invalid environment variable {variable}={}: not valid UTF-8", value.to_string_lossy())]
    NotUnicode {
        /// The variable's name.
        variable: String,
        /// The raw value.
        value: OsString,
    },
}
