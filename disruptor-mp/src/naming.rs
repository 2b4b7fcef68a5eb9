//! Segment names at run time: validation of a name given by the caller, and the portable name
//! derived from a label as a `String`.
//!
//! The `const` half (the portable character set, [`PortableSegmentName`]) lives with the event
//! layer, whose `SharedEvent::DEFAULT_SEGMENT_NAME` needs it; this module builds on it.

use crate::error::ConfigError;
use crate::event::segment_name::{
    PORTABLE_SHM_SEGMENT_NAME_MAX_LEN, PortableSegmentName, is_portable_byte,
};

/// Longest segment name this crate accepts (Linux allows 255 bytes in `/dev/shm`).
pub const SEGMENT_NAME_MAX_LEN: usize = 200;

/// Whether `name` is a portable segment name: 1 to [`PORTABLE_SHM_SEGMENT_NAME_MAX_LEN`]
/// characters of `[A-Za-z0-9._-]` (the POSIX portable filename set), and not `.` or `..`.
///
/// Every portable name is also a valid name on Linux and macOS; `shared_channel!` rejects, at
/// compile time, a segment name for which this is false.
pub const fn is_portable_segment_name(name: &str) -> bool {
    let bytes = name.as_bytes();
    if bytes.is_empty() || bytes.len() > PORTABLE_SHM_SEGMENT_NAME_MAX_LEN {
        return false;
    }
    if matches!(bytes, b"." | b"..") {
        return false;
    }
    let mut i = 0;
    while i < bytes.len() {
        if !is_portable_byte(bytes[i]) {
            return false;
        }
        i += 1;
    }
    true
}

/// A short, deterministic, portable segment name for `label`: up to six lowercase alphanumeric
/// characters of the label followed by eight base-36 digits of a hash of the whole label (see
/// [`PortableSegmentName::for_label`], its `const` form).
///
/// The same label gives the same name in every process, so a producer and its consumers can
/// derive the ring's name independently (the published crate added a random suffix, so its own
/// quick start never met). Distinct labels collide with probability about 1 in 2.8 × 10¹².
pub fn portable_shm_segment_name(label: &str) -> String {
    PortableSegmentName::for_label(label).as_str().to_owned()
}

/// Checks a segment name (or, with `what = "namespace"`, a namespace of at most `max_len`
/// bytes) and returns it without its optional leading `/`.
///
/// Names are 1 to `max_len` characters of `[A-Za-z0-9._-]`, optionally with one leading `/`, and
/// not `.` or `..`: the same character set as [`is_portable_segment_name`], with a longer limit
/// for systems that allow it.
pub(crate) fn checked_name<'a>(
    what: &'static str,
    name: &'a str,
    max_len: usize,
) -> Result<&'a str, ConfigError> {
    let invalid = |reason| ConfigError::InvalidName {
        what,
        name: name.to_owned(),
        reason,
        max_len,
    };
    let bare = name.strip_prefix('/').unwrap_or(name);
    if bare.is_empty() {
        return Err(invalid("it is empty"));
    }
    if bare.len() > max_len {
        return Err(invalid("it is too long"));
    }
    if bare == "." || bare == ".." {
        return Err(invalid("it is a directory name"));
    }
    if !bare.bytes().all(is_portable_byte) {
        return Err(invalid("it has a character outside the set"));
    }
    Ok(bare)
}
