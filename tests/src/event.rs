//! The events the cross-process tests move, and how each side checks them.
//!
//! [`PeerEvent`] is 64 bytes whose every word is derived from its sequence, so a consumer can
//! verify each event on its own (a torn or stale slot fails [`PeerEvent::verify`]) and both sides
//! can fold the stream into an order-sensitive [`Checksum`] to compare at the end.
//!
//! [`TypeA`] and [`TypeB`] have equal size and alignment but different fields, for layout-mismatch
//! tests; [`v1::Reading`] and [`v2::Reading`] even share a name and size.

use disruptor_mp::SharedEvent;

/// Multipliers for the payload words: odd 64-bit constants, one per word.
const WORD_KEYS: [u64; 6] = [
    0x9e37_79b9_7f4a_7c15,
    0xbf58_476d_1ce4_e5b9,
    0x94d0_49bb_1331_11eb,
    0xd6e8_feb8_6659_fd93,
    0xa076_1d64_78bd_642f,
    0xe703_7ed1_a0b4_28db,
];

/// The 64-byte event of the cross-process tests: a sequence, six derived words and a check word.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, SharedEvent)]
#[repr(C)]
pub struct PeerEvent {
    /// The ring sequence this event was published as.
    pub seq: u64,
    /// Words derived from `seq` (see [`PeerEvent::for_seq`]).
    pub words: [u64; 6],
    /// A fold of `seq` and `words`.
    pub check: u64,
}

const _: () = assert!(core::mem::size_of::<PeerEvent>() == 64);

impl PeerEvent {
    /// The event every producer publishes as sequence `seq`.
    #[inline]
    pub fn for_seq(seq: u64) -> Self {
        let mut words = [0u64; 6];
        let mut check = seq;
        for (i, word) in words.iter_mut().enumerate() {
            *word = (seq ^ (i as u64 + 1)).wrapping_mul(WORD_KEYS[i]);
            check = check.rotate_left(7) ^ *word;
        }
        Self { seq, words, check }
    }

    /// Whether this is exactly the event published as `seq`; otherwise a description of the
    /// difference.
    #[inline]
    pub fn verify(&self, seq: u64) -> Result<(), String> {
        let want = Self::for_seq(seq);
        if *self == want {
            Ok(())
        } else {
            Err(format!(
                "event for sequence {seq} is wrong: got {self:?}, want {want:?}"
            ))
        }
    }
}

/// An order-sensitive fold of a stream of [`PeerEvent`]s (FNV-1a over the check words).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Checksum(pub u64);

impl Default for Checksum {
    fn default() -> Self {
        Self(0xcbf2_9ce4_8422_2325)
    }
}

impl Checksum {
    /// Folds in the next event of the stream.
    #[inline]
    pub fn add(&mut self, event: &PeerEvent) {
        self.0 = (self.0 ^ event.check).wrapping_mul(0x0000_0100_0000_01b3);
    }

    /// The checksum of the events `0..count` in order: what a complete stream must produce.
    pub fn of_stream(count: u64) -> Self {
        let mut sum = Self::default();
        for seq in 0..count {
            sum.add(&PeerEvent::for_seq(seq));
        }
        sum
    }
}

/// 16 bytes: two `u64` fields. Same size and alignment as [`TypeB`], different layout.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, SharedEvent)]
#[repr(C)]
pub struct TypeA {
    /// First word.
    pub x: u64,
    /// Second word.
    pub y: u64,
}

/// 16 bytes: two `u32` and one `u64`. Same size and alignment as [`TypeA`], different layout.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, SharedEvent)]
#[repr(C)]
pub struct TypeB {
    /// First half-word.
    pub p: u32,
    /// Second half-word.
    pub q: u32,
    /// Last word.
    pub r: u64,
}

/// Version 1 of an event called `Reading`.
pub mod v1 {
    use disruptor_mp::SharedEvent;

    /// `Reading` with a `value` field.
    #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, SharedEvent)]
    #[repr(C)]
    pub struct Reading {
        /// The reading.
        pub value: u64,
    }
}

/// Version 2 of `Reading`: same name, same size, a renamed field.
pub mod v2 {
    use disruptor_mp::SharedEvent;

    /// `Reading` with a `count` field instead of `value`.
    #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, SharedEvent)]
    #[repr(C)]
    pub struct Reading {
        /// The reading.
        pub count: u64,
    }
}

/// The event types a peer can be told to use (`type=` argument).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EventKind {
    /// [`PeerEvent`].
    Peer,
    /// [`TypeA`].
    A,
    /// [`TypeB`].
    B,
    /// [`v1::Reading`].
    ReadingV1,
    /// [`v2::Reading`].
    ReadingV2,
}

impl EventKind {
    /// The argument spelling of this kind.
    pub fn as_arg(self) -> &'static str {
        match self {
            Self::Peer => "peer",
            Self::A => "a",
            Self::B => "b",
            Self::ReadingV1 => "reading-v1",
            Self::ReadingV2 => "reading-v2",
        }
    }

    /// Parses [`EventKind::as_arg`]'s spelling.
    pub fn from_arg(arg: &str) -> Option<Self> {
        [
            Self::Peer,
            Self::A,
            Self::B,
            Self::ReadingV1,
            Self::ReadingV2,
        ]
        .into_iter()
        .find(|kind| kind.as_arg() == arg)
    }
}

impl std::fmt::Display for EventKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_arg())
    }
}
