//! The floor rings as engines (see [`crate::floor`]).

pub use crate::floor::{FloorCursor, FloorCursorPadded, FloorStamp, FloorStampA64};
