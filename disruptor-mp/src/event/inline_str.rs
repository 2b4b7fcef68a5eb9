//! A string of at most `N` bytes held inline, buildable in `const` context: the one storage type
//! behind every fixed-capacity string the crate computes at compile time (wire names, portable
//! segment names, and the derive's error messages that carry a number).

use core::fmt;
use core::hash::{Hash, Hasher};

/// At most `N` bytes of UTF-8, stored inline (no allocation), so it can be built by `const fn`s,
/// held in `const` items and copied byte for byte.
///
/// Every constructor keeps the contents valid UTF-8: strings are appended whole, single bytes
/// only when they are ASCII. `N` is at most 65535.
///
/// Not public API: it is reachable only through `__private`, for the derive's messages.
#[doc(hidden)]
#[derive(Clone, Copy)]
pub struct InlineStr<const N: usize> {
    bytes: [u8; N],
    len: u16,
}

impl<const N: usize> InlineStr<N> {
    /// The empty string.
    pub(crate) const fn new() -> Self {
        const {
            assert!(
                N <= u16::MAX as usize,
                "InlineStr holds at most 65535 bytes"
            )
        };
        Self {
            bytes: [0; N],
            len: 0,
        }
    }

    /// `text` as an inline string, or `None` when it is longer than `N` bytes.
    pub(crate) const fn try_from_str(text: &str) -> Option<Self> {
        Self::new().try_push_str(text)
    }

    /// `bytes` as an inline string, or `None` when they are longer than `N` bytes or not UTF-8.
    pub(crate) const fn try_from_utf8(bytes: &[u8]) -> Option<Self> {
        match core::str::from_utf8(bytes) {
            Ok(text) => Self::try_from_str(text),
            Err(_) => None,
        }
    }

    /// Number of bytes in use.
    pub(crate) const fn len(&self) -> usize {
        self.len as usize
    }

    /// `self` followed by `tail`, or `None` when the result would be longer than `N` bytes.
    pub(crate) const fn try_push_str(mut self, tail: &str) -> Option<Self> {
        let tail = tail.as_bytes();
        if tail.len() > N - self.len() {
            return None;
        }
        let mut i = 0;
        while i < tail.len() {
            self.bytes[self.len()] = tail[i];
            self.len += 1;
            i += 1;
        }
        Some(self)
    }

    /// `self` followed by the ASCII character `byte`.
    ///
    /// # Panics
    ///
    /// When `byte` is not ASCII (which would break UTF-8) or the string is full.
    pub(crate) const fn push_ascii(mut self, byte: u8) -> Self {
        assert!(
            byte.is_ascii(),
            "only ASCII bytes may be pushed one at a time"
        );
        assert!(
            self.len() < N,
            "the string does not fit its inline capacity"
        );
        self.bytes[self.len()] = byte;
        self.len += 1;
        self
    }

    /// `self` followed by `value` in decimal, or `None` when it does not fit.
    pub(crate) const fn try_push_decimal(mut self, value: usize) -> Option<Self> {
        let mut digits = 1;
        let mut rest = value / 10;
        while rest > 0 {
            digits += 1;
            rest /= 10;
        }
        if digits > N - self.len() {
            return None;
        }
        let mut rest = value;
        let mut i = digits;
        while i > 0 {
            i -= 1;
            self.bytes[self.len() + i] = b'0' + (rest % 10) as u8;
            rest /= 10;
        }
        self.len += digits as u16;
        Some(self)
    }

    /// The bytes in use (UTF-8, no terminator).
    pub(crate) const fn as_bytes(&self) -> &[u8] {
        let (used, _) = self.bytes.split_at(self.len());
        used
    }

    /// `parts` joined by `count` in decimal: `["a ", " b ", " c"]` and 4 give `"a 4 b 4 c"`. A
    /// const panic can print a `&str` but not format one, so the derive's expansion builds the
    /// messages that carry a number it only learns from rustc (such as a padding size) with this.
    /// What does not fit is left out, part by part.
    pub const fn joined(parts: &[&str], count: usize) -> Self {
        let mut text = Self::new();
        let mut i = 0;
        while i < parts.len() {
            if i > 0 {
                match text.try_push_decimal(count) {
                    Some(longer) => text = longer,
                    None => return text,
                }
            }
            match text.try_push_str(parts[i]) {
                Some(longer) => text = longer,
                None => return text,
            }
            i += 1;
        }
        text
    }

    /// The string.
    pub const fn as_str(&self) -> &str {
        match core::str::from_utf8(self.as_bytes()) {
            Ok(text) => text,
            // Unreachable: every constructor appends whole strings or single ASCII bytes.
            Err(_) => "",
        }
    }
}

impl<const N: usize> Default for InlineStr<N> {
    fn default() -> Self {
        Self::new()
    }
}

// Equality and hashing look at the bytes in use only, whatever the unused tail holds.
impl<const N: usize> PartialEq for InlineStr<N> {
    fn eq(&self, other: &Self) -> bool {
        self.as_bytes() == other.as_bytes()
    }
}

impl<const N: usize> Eq for InlineStr<N> {}

impl<const N: usize> Hash for InlineStr<N> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

impl<const N: usize> AsRef<str> for InlineStr<N> {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl<const N: usize> fmt::Debug for InlineStr<N> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl<const N: usize> fmt::Display for InlineStr<N> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
