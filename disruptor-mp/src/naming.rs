//! Segment names: validation and the portable (macOS-safe) name derived from a label.

use crate::error::MultiProcessError;
use crate::event::LayoutHasher;
use std::ffi::CString;

/// Longest name [`portable_shm_segment_name`] returns: macOS limits POSIX shm names to 31 bytes,
/// and 14 leaves room for a leading `/` and suffixes.
pub const PORTABLE_SHM_SEGMENT_NAME_MAX_LEN: usize = 14;
/// Longest segment name this crate accepts (Linux allows 255 bytes in `/dev/shm`).
pub const SEGMENT_NAME_MAX_LEN: usize = 200;

const PREFIX_LEN: usize = 6;
const SUFFIX_LEN: usize = 8;

/// A short, deterministic, portable segment name for `label`: up to six lowercase alphanumeric
/// characters of the label followed by eight base-36 digits of a hash of the whole label.
///
/// The same label gives the same name in every process, so a producer and its consumers can
/// derive the ring's name independently (the published crate added a random suffix, so its own
/// quick start never met). Distinct labels collide with probability about 1 in 2.8 × 10¹².
pub fn portable_shm_segment_name(label: &str) -> String {
    let mut name: String = label
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .take(PREFIX_LEN)
        .collect();
    if name.is_empty() {
        name.push('d');
    }
    let mut hash =
        LayoutHasher::new("segment-name").str(label).finish() % 36u64.pow(SUFFIX_LEN as u32);
    let mut suffix = [b'0'; SUFFIX_LEN];
    for digit in suffix.iter_mut().rev() {
        *digit = b"0123456789abcdefghijklmnopqrstuvwxyz"[(hash % 36) as usize];
        hash /= 36;
    }
    name.push_str(core::str::from_utf8(&suffix).expect("ascii digits"));
    debug_assert!(name.len() <= PORTABLE_SHM_SEGMENT_NAME_MAX_LEN);
    name
}

/// Checks a segment name and returns the OS object name (`/` + name).
///
/// Names are 1–200 characters of `[A-Za-z0-9._-]`, optionally with one leading `/`, and not `.`
/// or `..`.
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
    if !bare
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
    {
        return Err(invalid(
            "only ASCII letters, digits, '.', '_' and '-' are allowed",
        ));
    }
    Ok(CString::new(format!("/{bare}")).expect("validated: no NUL"))
}
