//! The published crate's helpers for reading environment variables, for applications that read
//! their own settings the same way the library reads its own.
//!
//! Where the published helpers panicked (`required`, `parse_required`) or turned an unparsable
//! value into `None` or the default (`parse`, `parse_or`), these return an [`EnvError`] that
//! names the variable and the value: a typo in a deployment is reported, never silently ignored.
//! `optional`, `string_or` and `flag` keep their published signatures.

use super::EnvError;
use std::fmt::Display;
use std::str::FromStr;

/// The value of `key`; [`EnvError::Missing`] if it is not set, [`EnvError::NotUnicode`] if it is
/// not UTF-8. (The published crate panicked instead.)
///
/// ```
/// use disruptor_mp::env::{EnvError, read};
///
/// let err = read::required("DOC_REQUIRED_NEVER_SET").unwrap_err();
/// assert!(matches!(err, EnvError::Missing { .. }));
/// assert_eq!(err.to_string(), "environment variable DOC_REQUIRED_NEVER_SET is not set");
/// ```
pub fn required(key: &str) -> Result<String, EnvError> {
    match std::env::var(key) {
        Ok(value) => Ok(value),
        Err(std::env::VarError::NotPresent) => Err(EnvError::Missing {
            variable: key.to_owned(),
        }),
        Err(std::env::VarError::NotUnicode(value)) => Err(EnvError::NotUnicode {
            variable: key.to_owned(),
            value,
        }),
    }
}

/// The value of `key` if it is set and UTF-8 (a value that is not UTF-8 counts as unset, as in
/// the published crate).
///
/// ```
/// assert_eq!(disruptor_mp::env::read::optional("DOC_OPTIONAL_NEVER_SET"), None);
/// ```
pub fn optional(key: &str) -> Option<String> {
    std::env::var(key).ok()
}

/// The value of `key`, or `default` if it is not set (or not UTF-8).
///
/// ```
/// let mode = disruptor_mp::env::read::string_or("DOC_STRING_OR_NEVER_SET", "fast");
/// assert_eq!(mode, "fast");
/// ```
pub fn string_or(key: &str, default: &str) -> String {
    optional(key).unwrap_or_else(|| default.to_owned())
}

/// `key` parsed as `T`: `Ok(None)` if it is not set, [`EnvError::Invalid`] if it does not parse.
/// (The published crate returned `None` for a value that did not parse.)
///
/// ```
/// use disruptor_mp::env::read;
///
/// assert_eq!(read::parse::<u64>("DOC_PARSE_NEVER_SET")?, None);
/// # Ok::<(), disruptor_mp::env::EnvError>(())
/// ```
pub fn parse<T>(key: &str) -> Result<Option<T>, EnvError>
where
    T: FromStr,
    T::Err: Display,
{
    match std::env::var(key) {
        Ok(value) => parse_value(key, &value).map(Some),
        Err(std::env::VarError::NotPresent) => Ok(None),
        Err(std::env::VarError::NotUnicode(value)) => Err(EnvError::NotUnicode {
            variable: key.to_owned(),
            value,
        }),
    }
}

/// `key` parsed as `T`; [`EnvError::Missing`] if it is not set. (The published crate panicked
/// with "invalid {key}='{raw}'" or "missing env var"; the error carries the same facts.)
///
/// ```
/// use disruptor_mp::env::{EnvError, read};
///
/// let missing = read::parse_required::<u16>("DOC_PARSE_REQUIRED_NEVER_SET");
/// assert!(matches!(missing, Err(EnvError::Missing { .. })));
/// ```
pub fn parse_required<T>(key: &str) -> Result<T, EnvError>
where
    T: FromStr,
    T::Err: Display,
{
    parse(key)?.ok_or_else(|| EnvError::Missing {
        variable: key.to_owned(),
    })
}

/// `key` parsed as `T`, or `default` if it is not set; [`EnvError::Invalid`] if it is set and
/// does not parse. (The published crate used the default for a value that did not parse.)
///
/// ```
/// let port: u16 = disruptor_mp::env::read::parse_or("DOC_PARSE_OR_NEVER_SET", 9000)?;
/// assert_eq!(port, 9000);
/// # Ok::<(), disruptor_mp::env::EnvError>(())
/// ```
pub fn parse_or<T>(key: &str, default: T) -> Result<T, EnvError>
where
    T: FromStr,
    T::Err: Display,
{
    Ok(parse(key)?.unwrap_or(default))
}

/// Whether `key` is switched on: true only for `1`, `true`, `TRUE`, `yes`, `YES`, `on` and `ON`
/// (as published); unset or anything else is false.
///
/// ```
/// assert!(!disruptor_mp::env::read::flag("DOC_FLAG_NEVER_SET"));
/// ```
pub fn flag(key: &str) -> bool {
    optional(key).is_some_and(|value| is_on(&value))
}

/// The spellings [`flag`] accepts as "on".
pub(super) fn is_on(value: &str) -> bool {
    matches!(value, "1" | "true" | "TRUE" | "yes" | "YES" | "on" | "ON")
}

/// `value`, the value of `key`, parsed as `T`.
pub(super) fn parse_value<T>(key: &str, value: &str) -> Result<T, EnvError>
where
    T: FromStr,
    T::Err: Display,
{
    value.parse().map_err(|err: T::Err| EnvError::Invalid {
        variable: key.to_owned(),
        value: value.to_owned(),
        reason: err.to_string(),
    })
}
