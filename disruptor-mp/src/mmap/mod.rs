//! The ring over a memory-mapped file: the same segment, protocol and handles as over POSIX
//! shared memory, with the file `<dir>/<name>.ring` as the region. Only where the bytes live
//! differs (`backend::file`); the builders take an [`MmapTransportLayout`] instead of a name.
//!
//! `layout.rs` is a plain value the builders take; `handles.rs` (the published entry points) and
//! `ring_buffer.rs` (the read-only view) sit on top of the builders.

mod handles;
mod layout;
mod ring_buffer;

pub use handles::{MmapConsumer, MmapProducer};
pub use layout::MmapTransportLayout;
pub use ring_buffer::MmapRingBuffer;
