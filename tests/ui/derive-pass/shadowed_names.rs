// User items with the names the expansion might be tempted to use unqualified.
#![allow(dead_code, non_camel_case_types, unused_macros)]

use ::disruptor_mp::SharedEvent as Shared;

pub struct Result;
pub struct Option;
pub struct Some;
pub struct None;
pub struct Ok;
pub struct Err;
pub struct SharedEvent;
pub struct FieldLayout;
pub struct usize;
pub struct __FIELDS;
pub mod core {}
pub mod std {}
pub mod disruptor_mp {}
pub mod __private {}

macro_rules! panic {
    ($($t:tt)*) => {
        compile_error!("the expansion called an unqualified panic!")
    };
}
macro_rules! offset_of {
    ($($t:tt)*) => {
        compile_error!("the expansion called an unqualified offset_of!")
    };
}

pub fn size_of() {}
pub fn align_of() {}
pub fn struct_layout() {}
pub fn field_layout() {}

#[derive(Clone, Copy, Shared)]
#[repr(C)]
#[shared_event(crate = "::disruptor_mp")]
pub struct Tick {
    pub price: u64,
    pub volume: u64,
}

// A derived event may itself be named like a runtime item.
#[derive(Clone, Copy, Shared)]
#[repr(C)]
pub struct EventLayout {
    pub tick: Tick,
    pub count: [u64; 2],
}

fn main() {}
