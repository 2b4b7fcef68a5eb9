//! A ring's full name: its segment name inside an optional deployment namespace, and the names
//! both resolve to: a POSIX shared-memory object, or a ring file in a directory.
//!
//! Two deployments (or two CI jobs) on one host can run the same `shared_channel!` declarations
//! without colliding by giving each its own namespace: the builders' `with_namespace`, or the
//! environment variable [`NAMESPACE_ENV`], read once per process. The OS object of ring `quotes`
//! in namespace `ci17` is `/ci17:quotes`, and errors name it `ci17:quotes`. `:` is outside the
//! name character set, so no (namespace, name) pair can reach another pair's object.

use crate::error::ConfigError;
use crate::naming::{SEGMENT_NAME_MAX_LEN, checked_name};
use std::ffi::CString;
use std::sync::OnceLock;

/// The environment variable that sets the namespace of every ring a process creates or attaches
/// to, unless a builder sets its own (`with_namespace`, `without_namespace`). Read once per
/// process; empty or unset means no namespace.
pub const NAMESPACE_ENV: &str = namespace_env!();

/// The variable's name, as a macro so error texts can embed it with `concat!`.
macro_rules! namespace_env {
    () => {
        "DISRUPTOR_MP_NAMESPACE"
    };
}
use namespace_env;

/// Longest namespace, in bytes: with the longest segment name and the separator it stays within
/// Linux's 255-byte name limit.
pub const NAMESPACE_MAX_LEN: usize = 48;

/// Where a builder's namespace comes from.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) enum NamespaceSetting {
    /// [`NAMESPACE_ENV`], if set and not empty.
    #[default]
    FromEnvironment,
    /// This namespace, whatever the environment says.
    Explicit(String),
    /// No namespace, whatever the environment says.
    Disabled,
}

/// Suffix of a ring file: ring `quotes` is the file `quotes.ring` in its directory.
pub(crate) const RING_FILE_SUFFIX: &str = ".ring";

/// A resolved ring name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct RingName {
    /// `namespace:name`, or `name` without a namespace: what errors and `Debug` show.
    pub(crate) display: String,
    /// `/` + the display name: the POSIX shared-memory object name.
    pub(crate) os: CString,
    /// The display name + [`RING_FILE_SUFFIX`]: the ring file's name in its directory (one path
    /// component: the checked characters include no `/`).
    pub(crate) file: CString,
}

impl RingName {
    /// Checks `name` and the namespace `setting` resolves to, and joins them.
    pub(crate) fn resolve(name: &str, setting: &NamespaceSetting) -> Result<Self, ConfigError> {
        let bare = checked_name("segment name", name, SEGMENT_NAME_MAX_LEN)?;
        let namespace = match setting {
            NamespaceSetting::FromEnvironment => environment_namespace()?,
            NamespaceSetting::Explicit(namespace) => Some(namespace.as_str()),
            NamespaceSetting::Disabled => None,
        };
        let display = match namespace {
            Some(namespace) => {
                let namespace = checked_name("namespace", namespace, NAMESPACE_MAX_LEN)?;
                format!("{namespace}:{bare}")
            }
            None => bare.to_owned(),
        };
        let os = CString::new(format!("/{display}")).map_err(|_| unreachable_nul(name))?;
        let file = CString::new(format!("{display}{RING_FILE_SUFFIX}"))
            .map_err(|_| unreachable_nul(name))?;
        Ok(Self { display, os, file })
    }
}

/// Checked names hold only `[A-Za-z0-9._-:]`, never NUL; this keeps the conversion total.
fn unreachable_nul(name: &str) -> ConfigError {
    ConfigError::InvalidName {
        what: "segment name",
        name: name.to_owned(),
        reason: "it contains NUL",
        max_len: SEGMENT_NAME_MAX_LEN,
    }
}

/// The namespace [`NAMESPACE_ENV`] sets for this process, read once.
fn environment_namespace() -> Result<Option<&'static str>, ConfigError> {
    static NAMESPACE: OnceLock<Option<String>> = OnceLock::new();
    let namespace = NAMESPACE.get_or_init(|| {
        std::env::var_os(NAMESPACE_ENV)
            .map(|value| value.to_string_lossy().into_owned())
            .filter(|value| !value.is_empty())
    });
    match namespace.as_deref() {
        None => Ok(None),
        Some(namespace) => checked_name(
            concat!("namespace (from ", namespace_env!(), ")"),
            namespace,
            NAMESPACE_MAX_LEN,
        )
        .map(Some),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_namespace_prefixes_the_object_name_and_shows_in_the_display_name() {
        let name = RingName::resolve("quotes", &NamespaceSetting::Explicit("ci17".into())).unwrap();
        assert_eq!(name.display, "ci17:quotes");
        assert_eq!(name.os.to_str().unwrap(), "/ci17:quotes");
        let plain = RingName::resolve("/quotes", &NamespaceSetting::Disabled).unwrap();
        assert_eq!(plain.display, "quotes");
        assert_eq!(plain.os.to_str().unwrap(), "/quotes");
        assert_eq!(name.file.to_str().unwrap(), "ci17:quotes.ring");
    }

    #[test]
    fn a_bad_namespace_is_refused_by_name() {
        let err =
            RingName::resolve("quotes", &NamespaceSetting::Explicit("a:b".into())).unwrap_err();
        assert!(matches!(
            err,
            ConfigError::InvalidName {
                what: "namespace",
                ..
            }
        ));
    }
}
