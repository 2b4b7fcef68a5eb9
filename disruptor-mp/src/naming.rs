//! Segment names: validation, the portable name set, and the portable (macOS-safe) name derived
//! from a label, computable at compile time.

use crate::error::MultiProcessError;
use crate::event::{InlineStr, LayoutHasher};
use core::fmt;
use std::ffi::CString;

/// Longest portable segment name: macOS limits POSIX shm names to 31 bytes, and 14 leaves room
/// for a leading `/` and for suffixes a future format may add. Names returned by
/// [`portable_shm_segment_name`] and names accepted by `shared_channel!` are at most this long.
pub const PORTABLE_SHM_SEGMENT_NAME_MAX_LEN: usize = 14;
/// Longest segment name this crate accepts (Linux allows 255 bytes in `/dev/shm`).
pub const SEGMENT_NAME_MAX_LEN: usize = 200;

const PREFIX_LEN: usize = 6;
const SUFFIX_LEN: usize = 8;
const DIGITS: &[u8; 36] = b"0123456789abcdefghijklmnopqrstuvwxyz";

/// Whether `byte` is in the POSIX portable filename character set, `[A-Za-z0-9._-]`: the only
/// characters a segment name may contain.
const fn is_portable_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || matches!(byte, b'.' | b'_' | b'-')
}

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

/// A portable segment name held inline, so it can be computed in `const` context (it is the type
/// of [`crate::SharedEvent::DEFAULT_SEGMENT_NAME`]).
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct PortableSegmentName(InlineStr<PORTABLE_SHM_SEGMENT_NAME_MAX_LEN>);

impl PortableSegmentName {
    /// The short, deterministic, portable name for `label`: up to six lowercase ASCII
    /// alphanumeric characters of the label (`d` when it has none), followed by eight base-36
    /// digits of a hash of the whole label. [`portable_shm_segment_name`] returns the same
    /// name as a `String`.
    ///
    /// The same label gives the same name in every process and every build, so a producer and
    /// its consumers can derive the ring's name independently. Distinct labels collide with
    /// probability about 1 in 2.8 × 10¹².
    pub const fn for_label(label: &str) -> Self {
        let mut name = InlineStr::new();
        // Bytes of multi-byte UTF-8 sequences are never ASCII, so scanning bytes keeps exactly
        // the ASCII alphanumeric characters.
        let label_bytes = label.as_bytes();
        let mut i = 0;
        while i < label_bytes.len() && name.len() < PREFIX_LEN {
            let byte = label_bytes[i];
            if byte.is_ascii_alphanumeric() {
                name = name.push_ascii(byte.to_ascii_lowercase());
            }
            i += 1;
        }
        if name.len() == 0 {
            name = name.push_ascii(b'd');
        }
        let mut hash =
            LayoutHasher::new("segment-name").str(label).finish() % 36u64.pow(SUFFIX_LEN as u32);
        let mut suffix = [b'0'; SUFFIX_LEN];
        let mut digit = SUFFIX_LEN;
        while digit > 0 {
            digit -= 1;
            suffix[digit] = DIGITS[(hash % 36) as usize];
            hash /= 36;
        }
        let mut i = 0;
        while i < SUFFIX_LEN {
            name = name.push_ascii(suffix[i]);
            i += 1;
        }
        Self(name)
    }

    /// The name as a string slice.
    pub const fn as_str(&self) -> &str {
        self.0.as_str()
    }
}

// A derived name is the prefix and the suffix, so it always fits.
const _: () = assert!(PREFIX_LEN + SUFFIX_LEN <= PORTABLE_SHM_SEGMENT_NAME_MAX_LEN);

impl AsRef<str> for PortableSegmentName {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl fmt::Debug for PortableSegmentName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.0, f)
    }
}

impl fmt::Display for PortableSegmentName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
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
