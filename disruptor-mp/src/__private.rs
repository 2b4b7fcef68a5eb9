//! Items generated code refers to. Not part of the public API: names here may change in any
//! release, and the derive crate is pinned to the exact runtime version for that reason.

pub use crate::event::{EventLayout, FieldLayout, SharedEvent};
pub use core;
