//! The floor rings as engines (see [`crate::floor`]).

pub use crate::floor::{FloorCursor, FloorStamp, FloorStampA64};
