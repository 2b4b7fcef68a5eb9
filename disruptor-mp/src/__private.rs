//! Items generated code refers to. Not part of the public API: names here may change in any
//! release, and the derive crate is pinned to the exact runtime version for that reason.
//!
//! The limits below are the runtime's own constants; every expansion asserts that the copies the
//! derive crate checks against (its `limits` module) are equal to them.

pub use crate::builder::misplaced::{ConsumerSetting, ProducerSetting};
pub use crate::builder::{ConsumerBuilder, ProducerBuilder};
pub use crate::channel::{ChannelBackend, SharedChannel};
pub use crate::event::fingerprint::LayoutHasher;
pub use crate::event::inline_str::InlineStr;
pub use crate::event::layout::{field_layout, struct_layout};
pub use crate::event::segment_name::{
    PORTABLE_SHM_SEGMENT_NAME_MAX_LEN, is_portable_character_set,
};
pub use crate::event::{EventLayout, FieldLayout, SharedEvent, WIRE_NAME_MAX_LEN};
pub use crate::layout::SlotLayout;
pub use crate::layout::header::{MAX_CAPACITY, MAX_CONSUMERS_LIMIT};
pub use crate::naming::is_portable_segment_name;
pub use core;
pub use disruptor_mp_derive::__shared_channel;
pub use std::string::String;

/// A compile-time error message with a number in it, built by `InlineStr::joined`.
pub type CountMessage = InlineStr<1024>;
