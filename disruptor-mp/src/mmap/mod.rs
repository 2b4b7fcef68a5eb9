//! The ring over a memory-mapped file: the same segment, protocol and handles as over POSIX
//! shared memory, with the file `<dir>/<name>.ring` as the region. Only where the bytes live
//! differs (`backend::file`); the builders take an [`MmapTransportLayout`] instead of a name.

mod layout;

pub use layout::MmapTransportLayout;
pub(crate) use layout::RING_FILE_SUFFIX;
