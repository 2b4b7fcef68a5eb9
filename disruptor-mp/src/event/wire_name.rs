//! A type's wire name: the name both processes agree on, held inline so it can be built at
//! compile time.

use super::inline_str::InlineStr;
use core::fmt;

/// Longest wire name a segment header can record, in bytes.
pub const WIRE_NAME_MAX_LEN: usize = 64;

/// An event type's wire name: the name both processes agree on, stored inline so it can be built
/// at compile time (array names such as `[u8; 16]` are composed in `const` context) and copied
/// byte-for-byte into a segment header.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct WireName(InlineStr<WIRE_NAME_MAX_LEN>);

impl WireName {
    /// The wire name `name`.
    ///
    /// # Panics
    ///
    /// At compile time (this is used in `const` items) when `name` is longer than
    /// [`WIRE_NAME_MAX_LEN`] bytes.
    pub const fn new(name: &str) -> Self {
        match InlineStr::try_from_str(name) {
            Some(name) => Self(name),
            None => too_long(),
        }
    }

    /// Builds the wire name from raw header bytes; `None` when they are too long or not UTF-8.
    pub fn from_bytes(bytes: &[u8]) -> Option<Self> {
        InlineStr::try_from_utf8(bytes).map(Self)
    }

    /// The name of an array `[element; len]`.
    ///
    /// # Panics
    ///
    /// At compile time when the name is longer than [`WIRE_NAME_MAX_LEN`] bytes.
    pub const fn array(element: &WireName, len: usize) -> Self {
        let name = InlineStr::new().push_ascii(b'[');
        let Some(name) = name.try_push_str(element.as_str()) else {
            too_long()
        };
        let Some(name) = name.try_push_str("; ") else {
            too_long()
        };
        let Some(name) = name.try_push_decimal(len) else {
            too_long()
        };
        let Some(name) = name.try_push_str("]") else {
            too_long()
        };
        Self(name)
    }

    /// The name's bytes (UTF-8, no terminator).
    pub const fn as_bytes(&self) -> &[u8] {
        self.0.as_bytes()
    }

    /// The name as a string slice.
    pub const fn as_str(&self) -> &str {
        self.0.as_str()
    }
}

/// The panic of every constructor given a name that does not fit.
const fn too_long() -> ! {
    let message = InlineStr::<128>::joined(
        &[
            "SharedEvent wire name is longer than ",
            " bytes; set a shorter one with #[shared_event(name = \"...\")]",
        ],
        WIRE_NAME_MAX_LEN,
    );
    panic!("{}", message.as_str())
}

impl fmt::Debug for WireName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.0, f)
    }
}

impl fmt::Display for WireName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}
