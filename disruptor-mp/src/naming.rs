//! Segment names at run time: validation of a name given by the caller, and the portable name
//! derived from a label as a `String`.
//!
//! The `const` half (the portable character set, [`PortableSegmentName`]) lives with the event
//! layer, whose `SharedEvent::DEFAULT_SEGMENT_NAME` needs it; this module builds on it.

use crate::error::MultiProcessError;
use crate::event::segment_name::{
    PORTABLE_SHM_SEGMENT_NAME_MAX_LEN, PortableSegmentName, is_portable_byte,
};
use std::ffi::CString;

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

/// Checks a segment name and returns the OS object name (`/` + name).
///
/// Names are 1–200 characters of `[A-Za-z0-9._-]`, optionally with one leading `/`, and not `.`
/// or `..`: the same character set as [`is_portable_segment_name`], with a longer limit for
/// systems that allow it.
pub(crate) fn os_name(name: &str) -> Result<CString, MultiProcessError> {
    let invalid = |reason| MultiProcessError::InvalidName {
        name: name.to_owned(),
        reason,
    };
    let bare = name.strip_prefix('/').unwrap_or(name);
    if bare.is_empty() {
        return Err(invalid("it is empty"));
    }
    if bare.len() > SEGMENT_NAME_MAX_LEN {
        return Err(invalid("it is longer than 200 bytes"));
    }
    if bare == "." || bare == ".." {
        return Err(invalid("it is a directory name"));
    }
    if !bare.bytes().all(is_portable_byte) {
        return Err(invalid(
            "only ASCII letters, digits, '.', '_' and '-' are allowed",
        ));
    }
    Ok(CString::new(format!("/{bare}")).expect("validated: no NUL"))
}
