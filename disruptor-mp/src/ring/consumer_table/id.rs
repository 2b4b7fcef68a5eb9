//! Consumer ids as the table stores them: up to 48 bytes of UTF-8, packed into words.

use super::ID_WORD_COUNT;
use crate::layout::header::CONSUMER_ID_MAX_LEN;

/// A consumer id packed into the entry's words; ids are 1–48 bytes of UTF-8 without NUL.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct PackedId {
    pub(super) len: u32,
    pub(super) words: [u64; ID_WORD_COUNT],
}

impl PackedId {
    /// Packs `id`; `None` if it is empty, longer than 48 bytes or contains NUL.
    pub(crate) fn new(id: &str) -> Option<Self> {
        let bytes = id.as_bytes();
        if bytes.is_empty() || bytes.len() > CONSUMER_ID_MAX_LEN || bytes.contains(&0) {
            return None;
        }
        let mut padded = [0u8; CONSUMER_ID_MAX_LEN];
        padded[..bytes.len()].copy_from_slice(bytes);
        let mut words = [0u64; ID_WORD_COUNT];
        for (word, chunk) in words.iter_mut().zip(padded.chunks_exact(8)) {
            *word = u64::from_le_bytes(chunk.try_into().expect("chunks of 8"));
        }
        Some(Self {
            len: bytes.len() as u32,
            words,
        })
    }

    /// The id as text; `None` if the stored bytes are not a valid id.
    pub(crate) fn decode(&self) -> Option<String> {
        let len = self.len as usize;
        if len == 0 || len > CONSUMER_ID_MAX_LEN {
            return None;
        }
        let bytes: Vec<u8> = self
            .words
            .iter()
            .flat_map(|w| w.to_le_bytes())
            .take(len)
            .collect();
        String::from_utf8(bytes).ok()
    }
}
