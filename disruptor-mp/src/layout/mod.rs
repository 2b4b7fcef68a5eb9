//! The segment format: where every byte of a ring lives, and how an attacher checks it.
//!
//! Nothing here dereferences memory; [`crate::ring`] turns a validated plan into views.

pub mod difference;
pub mod field_table;
pub mod header;
pub mod plan;
pub mod slot_layout;
#[cfg(test)]
mod tests;
pub mod validate;

pub use header::{HEADER_SIZE, HeaderDescription, SegmentState};
pub use plan::SegmentPlan;
pub use slot_layout::SlotLayout;
