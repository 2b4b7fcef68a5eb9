//! A type's wire name as a fixed-size, `const`-buildable string.

use core::fmt;

/// Longest wire name a segment header can record, in bytes.
pub const WIRE_NAME_MAX_LEN: usize = 64;

/// An event type's wire name: the name both processes agree on, stored inline so it can be built
/// at compile time (array names such as `[u8; 16]` are composed in `const` context) and copied
/// byte-for-byte into a segment header.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct WireName {
    bytes: [u8; WIRE_NAME_MAX_LEN],
    len: u8,
}

impl WireName {
    /// The wire name `name`.
    ///
    /// # Panics
    ///
    /// At compile time (this is used in `const` items) when `name` is longer than
    /// [`WIRE_NAME_MAX_LEN`] bytes.
    pub const fn new(name: &str) -> Self {
        Self::empty().push(name.as_bytes())
    }

    const fn empty() -> Self {
        Self {
            bytes: [0; WIRE_NAME_MAX_LEN],
            len: 0,
        }
    }

    /// Builds the wire name from raw header bytes; `None` when they are too long or not UTF-8.
    pub fn from_bytes(bytes: &[u8]) -> Option<Self> {
        if bytes.len() > WIRE_NAME_MAX_LEN || core::str::from_utf8(bytes).is_err() {
            return None;
        }
        Some(Self::empty().push(bytes))
    }

    const fn push(mut self, tail: &[u8]) -> Self {
        assert!(
            self.len as usize + tail.len() <= WIRE_NAME_MAX_LEN,
            "SharedEvent wire name is longer than 64 bytes; set a shorter one with #[shared_event(name = \"...\")]"
        );
        let mut i = 0;
        while i < tail.len() {
            self.bytes[self.len as usize] = tail[i];
            self.len += 1;
            i += 1;
        }
        self
    }

    const fn push_decimal(self, mut value: usize) -> Self {
        let mut digits = [0u8; 20];
        let mut count = 0;
        loop {
            digits[count] = b'0' + (value % 10) as u8;
            count += 1;
            value /= 10;
            if value == 0 {
                break;
            }
        }
        let mut reversed = [0u8; 20];
        let mut i = 0;
        while i < count {
            reversed[i] = digits[count - 1 - i];
            i += 1;
        }
        let (used, _) = reversed.split_at(count);
        self.push(used)
    }

    /// The name of an array `[element; len]`.
    pub const fn array(element: &WireName, len: usize) -> Self {
        Self::empty()
            .push(b"[")
            .push(element.as_bytes())
            .push(b"; ")
            .push_decimal(len)
            .push(b"]")
    }

    /// The name's bytes (UTF-8, no terminator).
    pub const fn as_bytes(&self) -> &[u8] {
        let (used, _) = self.bytes.split_at(self.len as usize);
        used
    }

    /// The name as a string slice.
    pub const fn as_str(&self) -> &str {
        match core::str::from_utf8(self.as_bytes()) {
            Ok(name) => name,
            // Only `new`, `array` and the validated `from_bytes` build names, all from UTF-8.
            Err(_) => "<invalid utf-8>",
        }
    }
}

impl fmt::Debug for WireName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for WireName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
