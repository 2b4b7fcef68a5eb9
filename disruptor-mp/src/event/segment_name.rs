//! The portable segment name derived from a label, computable at compile time: the type of
//! [`crate::SharedEvent::DEFAULT_SEGMENT_NAME`], and the character set every segment name uses.
//!
//! Run-time validation of segment names (`os_name`) builds on this in `crate::naming`.

use super::fingerprint::LayoutHasher;
use super::inline_str::InlineStr;
use core::fmt;

/// Longest portable segment name: macOS limits POSIX shm names to 31 bytes, and 14 leaves room
/// for a leading `/` and for suffixes a future format may add. Names returned by
/// [`crate::portable_shm_segment_name`] and names accepted by `shared_channel!` are at most this
/// long.
pub const PORTABLE_SHM_SEGMENT_NAME_MAX_LEN: usize = 14;

/// Characters of the label kept at the start of a derived name.
const PREFIX_LEN: usize = 6;
/// Base-36 digits of the label's hash at the end of a derived name.
const SUFFIX_LEN: usize = 8;
const DIGITS: &[u8; 36] = b"0123456789abcdefghijklmnopqrstuvwxyz";

/// Whether `byte` is in the POSIX portable filename character set, `[A-Za-z0-9._-]`: the only
/// characters a segment name may contain.
pub(crate) const fn is_portable_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || matches!(byte, b'.' | b'_' | b'-')
}

/// Whether `characters` holds exactly the characters [`is_portable_byte`] accepts, each at least
/// once: how the derive crate's copy of the character set is checked against this one at compile
/// time (reached through `__private`).
#[doc(hidden)]
pub const fn is_portable_character_set(characters: &str) -> bool {
    let characters = characters.as_bytes();
    let mut listed = [false; 256];
    let mut i = 0;
    while i < characters.len() {
        listed[characters[i] as usize] = true;
        i += 1;
    }
    let mut byte = 0;
    while byte < listed.len() {
        if listed[byte] != is_portable_byte(byte as u8) {
            return false;
        }
        byte += 1;
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
    /// digits of a hash of the whole label. [`crate::portable_shm_segment_name`] returns the same
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
