//! A `const` hash of an event's layout.
//!
//! The hash must be identical in every process and every build that agrees on the layout, so it is
//! a fixed algorithm (64-bit FNV-1a over length-prefixed items) evaluated at compile time, never
//! `std::hash`, whose output is allowed to change between releases. Every item is tagged and
//! length-prefixed so that two different layouts cannot produce the same byte stream.

/// FNV-1a 64-bit offset basis.
const OFFSET_BASIS: u64 = 0xcbf2_9ce4_8422_2325;
/// FNV-1a 64-bit prime.
const PRIME: u64 = 0x0000_0100_0000_01b3;

/// Incremental, `const`-evaluable layout hasher.
#[derive(Clone, Copy, Debug)]
pub struct LayoutHasher {
    state: u64,
}

impl LayoutHasher {
    /// Starts a hash for one kind of layout (`"prim"`, `"array"`, `"struct"`).
    pub const fn new(kind: &str) -> Self {
        Self {
            state: OFFSET_BASIS,
        }
        .str(kind)
    }

    const fn byte(mut self, byte: u8) -> Self {
        self.state ^= byte as u64;
        self.state = self.state.wrapping_mul(PRIME);
        self
    }

    /// Mixes in a `u64` as eight little-endian bytes (fixed order on every target).
    pub const fn u64(mut self, value: u64) -> Self {
        let bytes = value.to_le_bytes();
        let mut i = 0;
        while i < bytes.len() {
            self = self.byte(bytes[i]);
            i += 1;
        }
        self
    }

    /// Mixes in a `usize` widened to `u64`, so 32- and 64-bit builds agree on equal values.
    pub const fn usize(self, value: usize) -> Self {
        self.u64(value as u64)
    }

    /// Mixes in a string, prefixed by its length.
    pub const fn str(self, value: &str) -> Self {
        self.bytes(value.as_bytes())
    }

    /// Mixes in a byte string, prefixed by its length.
    pub const fn bytes(mut self, value: &[u8]) -> Self {
        self = self.usize(value.len());
        let mut i = 0;
        while i < value.len() {
            self = self.byte(value[i]);
            i += 1;
        }
        self
    }

    /// The finished fingerprint.
    pub const fn finish(self) -> u64 {
        self.state
    }
}
