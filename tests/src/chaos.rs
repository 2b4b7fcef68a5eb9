//! What the chaos run's processes leave behind for the orchestrator (`tests/tests/chaos.rs`).
//!
//! A process that is SIGKILLed cannot report what it did last, so every chaos peer keeps a
//! [`Record`]: a few words in a file mapped `MAP_SHARED` (under a temporary directory, not
//! `/dev/shm`), updated as it goes. A store to the mapping is in the page cache the moment it
//! is made, so the orchestrator reads, after the kill, exactly what the process had recorded.
//!
//! Every event of producer incarnation `inc` carries [`payload`]`(inc, seq)`, so a consumer
//! learns from the first event which incarnation's ring it reads, and checks every event
//! against both.

use crate::event::{Checksum, PeerEvent};
use memmap2::MmapMut;
use std::fs::OpenOptions;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};

/// Bits of a payload's sequence below the incarnation number.
pub const INC_SHIFT: u32 = 48;

/// The event producer incarnation `inc` publishes as ring sequence `seq`.
#[inline]
pub fn payload(inc: u64, seq: u64) -> PeerEvent {
    PeerEvent::for_seq((inc << INC_SHIFT) | seq)
}

/// The incarnation an event claims to come from.
#[inline]
pub fn incarnation_of(event: &PeerEvent) -> u64 {
    event.seq >> INC_SHIFT
}

/// The checksum of incarnation `inc`'s events `first..=last`, in order.
pub fn checksum_of(inc: u64, first: u64, last: u64) -> Checksum {
    let mut sum = Checksum::default();
    for seq in first..=last {
        sum.add(&payload(inc, seq));
    }
    sum
}

const WORDS: usize = 8;
// Word indexes.
const INC: usize = 0; // incarnation + 1; 0 while unknown
const START: usize = 1; // first sequence this attachment was given
const COUNT: usize = 2; // events recorded; selects the slot below that holds `last`/`checksum`
const SLOTS: usize = 3; // two (last, checksum) pairs: 3..5 and 5..7
const RELEASED: usize = 7; // the consumer's stored cursor as last read by itself, + 1

/// A record file, mapped. A producer uses [`Record::published`]; a consumer attachment the
/// rest.
#[derive(Debug)]
pub struct Record {
    map: MmapMut,
}

/// A record as read back.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Snapshot {
    /// The incarnation of the events recorded (`None`: no event recorded).
    pub inc: Option<u64>,
    /// The first sequence the attachment was given (its place's stored cursor + 1).
    pub start: u64,
    /// Events recorded (`start..start + count`); for a producer, events published.
    pub count: u64,
    /// The last recorded sequence (`start + count - 1`), if any.
    pub last: Option<u64>,
    /// The checksum of the recorded events.
    pub checksum: u64,
    /// The highest sequence the consumer saw stored as its released cursor, if any.
    pub released: Option<u64>,
}

impl Record {
    /// Creates (or truncates) the record file at `path`, zeroed.
    pub fn create(path: &Path) -> std::io::Result<Self> {
        let file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(true)
            .open(path)?;
        file.set_len((WORDS * 8) as u64)?;
        // SAFETY: the file is ours (created above, named uniquely by the orchestrator) and no
        // process truncates it while it is mapped.
        let map = unsafe { MmapMut::map_mut(&file)? };
        Ok(Self { map })
    }

    fn word(&self, i: usize) -> &AtomicU64 {
        assert!(i < WORDS);
        // SAFETY: the mapping is page-aligned and `WORDS * 8` bytes long, so word `i` is in
        // bounds and 8-byte aligned; it lives as long as `self`, and every access goes through
        // atomics.
        unsafe { &*(self.map.as_ptr().add(i * 8) as *const AtomicU64) }
    }

    /// Sets the attachment's first sequence.
    pub fn set_start(&self, start: u64) {
        self.word(START).store(start, Ordering::Relaxed);
    }

    /// Sets the incarnation of the events.
    pub fn set_inc(&self, inc: u64) {
        self.word(INC).store(inc + 1, Ordering::Relaxed);
    }

    /// Records the next event: `count` becomes `count + 1` with `last` and `checksum` in the
    /// slot it selects, written before `count`, so a kill between the stores leaves the
    /// previous state whole.
    #[inline]
    pub fn see(&self, count: u64, last: u64, checksum: u64) {
        let slot = SLOTS + 2 * (count % 2) as usize;
        self.word(slot).store(last, Ordering::Relaxed);
        self.word(slot + 1).store(checksum, Ordering::Relaxed);
        self.word(COUNT).store(count, Ordering::Release);
    }

    /// Records the consumer's stored cursor.
    pub fn set_released(&self, released: i64) {
        self.word(RELEASED)
            .store((released + 1) as u64, Ordering::Relaxed);
    }

    /// Records that `count` events are published (producer).
    pub fn published(&self, count: u64) {
        self.word(COUNT).store(count, Ordering::Release);
    }

    /// Reads the record file at `path`.
    pub fn read(path: &Path) -> std::io::Result<Snapshot> {
        let bytes = std::fs::read(path)?;
        if bytes.len() != WORDS * 8 {
            return Err(std::io::Error::other(format!(
                "{}: {} bytes",
                path.display(),
                bytes.len()
            )));
        }
        let word = |i: usize| u64::from_ne_bytes(bytes[i * 8..i * 8 + 8].try_into().unwrap());
        let count = word(COUNT);
        let slot = SLOTS + 2 * (count % 2) as usize;
        let start = word(START);
        Ok(Snapshot {
            inc: word(INC).checked_sub(1),
            start,
            count,
            last: (count > 0).then(|| word(slot)),
            checksum: if count > 0 {
                word(slot + 1)
            } else {
                Checksum::default().0
            },
            released: word(RELEASED).checked_sub(1),
        })
    }
}
