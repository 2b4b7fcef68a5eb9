//! Entry points for coverage-guided fuzzing of every path that reads bytes another process
//! controls. Not part of the public API: compiled only for this crate's tests and with the
//! `fuzzing` feature, which the fuzz targets in `fuzz/` (outside the workspace) enable.
//!
//! Each entry point takes an arbitrary byte string and drives the library's own code with it,
//! exactly as it runs against a shared mapping another process wrote:
//!
//! - [`header`]: the bytes are a mapping; attach to it (state word, header validation, the plan,
//!   `Segment::new`, and on a layout mismatch the field-table explanation), and when attaching
//!   succeeds, join the consumer table and read through the resulting consumer.
//! - [`consumer_table`]: a ring built by the library, whose consumer table (and producer cursor)
//!   the bytes overwrite between joins, leaves, publishes, reads and gating refreshes.
//! - [`field_table`]: stored field records and an event description from the bytes, compared with
//!   this process's layouts by `first_difference` and formatted into the error users see.
//!
//! The property: any byte string yields a clean error or a valid handle — never a panic, a hang,
//! an access outside the region or an allocation the input can make unbounded. Each entry point
//! also asserts what the library promises on top (a refused attach writes nothing, an accepted
//! plan fits its mapping, an honest reader only ever returns the event it expected), so a broken
//! promise is a crash the fuzzer reports.
//!
//! There is no `unsafe` here: regions come from the heap backend, and everything else is the
//! library's ordinary code.

mod events;
mod fields;
mod header;
mod input;
mod seeds;
mod table;
#[cfg(test)]
mod tests;

pub use fields::field_table;
pub use header::header;
pub use seeds::seeds;
pub use table::consumer_table;

/// A fuzz target: its name (the directory of its corpus) and its entry point.
pub type Target = (&'static str, fn(&[u8]));

/// Every fuzz target.
pub const TARGETS: [Target; 3] = [
    ("header", header),
    ("consumer_table", consumer_table),
    ("field_table", field_table),
];
