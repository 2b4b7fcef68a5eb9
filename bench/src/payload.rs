//! The events the benchmarks move: `#[repr(C)]` structs of 8 to 4096 bytes whose every word is
//! written by the producer and read back (checksummed) by the consumer, so no engine gets away with
//! touching only the sequence.
//!
//! Layout of a `Payload` of `N` bytes: `seq: u64`, then `N / 8 - 1` data words. Word 0 of the data
//! is an auxiliary value (the fixed-rate scenario's intended send time); words 1.. carry a pattern
//! derived from the sequence whose wrapping sum the consumer compares with a closed form.

use disruptor_mp::SharedEvent;

/// An event the benchmarks can fill and verify. Implemented by [`P8`] … [`P4096`].
pub trait Payload: SharedEvent + Default {
    /// Size of the event in bytes.
    const SIZE: usize = core::mem::size_of::<Self>();

    /// Writes sequence `seq`, the auxiliary word `aux` (dropped by payloads without data words)
    /// and the checksum pattern into every other word.
    fn fill(&mut self, seq: u64, aux: u64);

    /// Reads every word: `Some(aux)` if the event holds sequence `seq` with an intact pattern
    /// (`aux` is 0 for payloads without data words), `None` otherwise.
    fn check(&self, seq: u64) -> Option<u64>;
}

/// The value pattern words start from for sequence `seq`.
#[inline(always)]
fn pattern_base(seq: u64) -> u64 {
    seq.wrapping_mul(0x9E37_79B9_7F4A_7C15)
}

/// Fills `words` (data words 1..) with the pattern of `seq`.
#[inline(always)]
fn fill_pattern(words: &mut [u64], seq: u64) {
    let base = pattern_base(seq);
    for (i, word) in words.iter_mut().enumerate() {
        *word = base.wrapping_add(i as u64);
    }
}

/// Whether `words` hold the pattern of `seq`, judged by their wrapping sum (reads every word).
#[inline(always)]
fn pattern_intact(words: &[u64], seq: u64) -> bool {
    let sum = words.iter().fold(0u64, |acc, w| acc.wrapping_add(*w));
    let n = words.len() as u64;
    let expected = n
        .wrapping_mul(pattern_base(seq))
        .wrapping_add(n.wrapping_mul(n.wrapping_sub(1)) / 2);
    sum == expected
}

/// The smallest payload: only the sequence.
#[derive(Clone, Copy, Debug, Default, SharedEvent)]
#[repr(C)]
pub struct P8 {
    /// Sequence number.
    pub seq: u64,
}

impl Payload for P8 {
    #[inline(always)]
    fn fill(&mut self, seq: u64, _aux: u64) {
        self.seq = seq;
    }

    #[inline(always)]
    fn check(&self, seq: u64) -> Option<u64> {
        (self.seq == seq).then_some(0)
    }
}

macro_rules! payloads {
    ($($name:ident = $bytes:literal),* $(,)?) => {$(
        #[doc = concat!("A ", stringify!($bytes), "-byte payload: sequence, auxiliary word, pattern.")]
        #[derive(Clone, Copy, Debug, SharedEvent)]
        #[repr(C)]
        pub struct $name {
            /// Sequence number.
            pub seq: u64,
            /// Word 0: auxiliary value; the rest: the checksummed pattern.
            pub data: [u64; $bytes / 8 - 1],
        }

        impl Default for $name {
            fn default() -> Self {
                Self { seq: 0, data: [0; $bytes / 8 - 1] }
            }
        }

        impl Payload for $name {
            #[inline(always)]
            fn fill(&mut self, seq: u64, aux: u64) {
                self.seq = seq;
                self.data[0] = aux;
                fill_pattern(&mut self.data[1..], seq);
            }

            #[inline(always)]
            fn check(&self, seq: u64) -> Option<u64> {
                (self.seq == seq && pattern_intact(&self.data[1..], seq)).then_some(self.data[0])
            }
        }
    )*};
}

payloads!(P64 = 64, P256 = 256, P1024 = 1024, P4096 = 4096);

/// Payload sizes the benchmarks know, in bytes.
pub const SIZES: [usize; 5] = [8, 64, 256, 1024, 4096];

/// Runs `$body` with `$ty` bound to the payload type of `$size` bytes; `$otherwise` for sizes
/// without one.
#[macro_export]
macro_rules! with_payload {
    ($size:expr, $ty:ident => $body:expr, else $otherwise:expr) => {
        match $size {
            8 => {
                type $ty = $crate::payload::P8;
                $body
            }
            64 => {
                type $ty = $crate::payload::P64;
                $body
            }
            256 => {
                type $ty = $crate::payload::P256;
                $body
            }
            1024 => {
                type $ty = $crate::payload::P1024;
                $body
            }
            4096 => {
                type $ty = $crate::payload::P4096;
                $body
            }
            _ => $otherwise,
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip<E: Payload>() {
        let mut event = E::default();
        event.fill(41, 7);
        assert_eq!(core::mem::size_of::<E>(), E::SIZE);
        let aux = if E::SIZE > 8 { 7 } else { 0 };
        assert_eq!(event.check(41), Some(aux));
        assert_eq!(event.check(42), None);
    }

    #[test]
    fn every_payload_round_trips() {
        round_trip::<P8>();
        round_trip::<P64>();
        round_trip::<P256>();
        round_trip::<P1024>();
        round_trip::<P4096>();
    }

    #[test]
    fn a_changed_word_fails_the_check() {
        let mut event = P256::default();
        event.fill(5, 0);
        event.data[17] ^= 1;
        assert_eq!(event.check(5), None);
    }
}
