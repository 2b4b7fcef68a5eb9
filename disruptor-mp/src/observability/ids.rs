//! Stable counter ids, as the published crate numbered them (its unused ids are kept, so porting
//! code that names them compiles), plus the counters it did not have. An id never changes
//! meaning; exporters and `dmp stat` key on it.

/// Events the producer published.
pub const EVENTS_PUBLISHED: u32 = 0x10;
/// Published crate's id for bytes published; not counted here (events × event size).
pub const EVENTS_PUBLISHED_BYTES: u32 = 0x11;
/// Publishes that found the ring full (failed `try_*` calls, blocking calls that waited).
pub const PRODUCER_FULL_EVENTS: u32 = 0x12;
/// Times the producer slept waiting for room.
pub const PRODUCER_PARK_COUNT: u32 = 0x13;
/// Published crate's id for producer wake-ups; not counted here (a producer sleeps at most
/// [`crate::BLOCK_TIMEOUT`] and re-checks, so its wake-ups are its sleeps).
pub const PRODUCER_UNPARK_COUNT: u32 = 0x14;
/// Nanoseconds the producer spent blocked waiting for room.
pub const PRODUCER_BLOCKED_NS: u32 = 0x15;
/// Times a publish woke sleeping consumers (one system call each).
pub const PRODUCER_WAKEUPS_SENT: u32 = 0x16;
/// Required-consumer liveness alerts raised.
pub const LIVENESS_ALERTS: u32 = 0x17;
/// Consumers the producer evicted.
pub const EVICTIONS: u32 = 0x18;
/// Dead producers' objects the producer removed from the ring's name to create it.
pub const RECLAIMS: u32 = 0x19;

/// Events this consumer's place consumed since its current consumer joined (or since the place
/// was reserved, for a place that resumes).
pub const EVENTS_CONSUMED: u32 = 0x20;
/// Published crate's id for bytes consumed; not counted here.
pub const EVENTS_CONSUMED_BYTES: u32 = 0x21;
/// Polls that found no event (counted in steps of 64).
pub const CONSUMER_EMPTY_SPINS: u32 = 0x22;
/// Times the consumer slept waiting for events.
pub const CONSUMER_PARK_COUNT: u32 = 0x23;
/// Sleeps a publish ended (the others timed out).
pub const CONSUMER_UNPARK_COUNT: u32 = 0x24;
/// The largest lag the producer saw at a gating refresh (gating places only).
pub const CONSUMER_LAG_MAX: u32 = 0x25;
/// Events published after this consumer's cursor, now.
pub const CONSUMER_LAG: u32 = 0x26;
/// Reads that found the next event overwritten (a non-gating reader lapped, or an evicted one).
pub const CONSUMER_LAPS: u32 = 0x27;

/// Published crate's framing and codec ids; nothing here counts them.
pub const FRAME_PUBLISH_TOTAL: u32 = 0x30;
/// See [`FRAME_PUBLISH_TOTAL`].
pub const FRAME_FRAGMENT_COUNT: u32 = 0x31;
/// See [`FRAME_PUBLISH_TOTAL`].
pub const FRAME_REASSEMBLE_COUNT: u32 = 0x32;
/// See [`FRAME_PUBLISH_TOTAL`].
pub const CODEC_ENCODE_TOTAL: u32 = 0x33;
/// See [`FRAME_PUBLISH_TOTAL`].
pub const CODEC_DECODE_TOTAL: u32 = 0x34;
/// First id free for applications.
pub const APP_RESERVED_BASE: u32 = 0x100;
