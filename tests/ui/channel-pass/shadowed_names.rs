// User items named like the runtime's own, like the prelude's and like the primitives: the
// expansion must use none of them.
#![allow(dead_code, non_camel_case_types, unused_macros)]

use ::disruptor_mp::SharedEvent as Shared;

pub struct Result;
pub struct Option;
pub struct Some;
pub struct None;
pub struct Ok;
pub struct Err;
pub struct String;
pub struct SharedEvent;
pub struct SharedChannel;
pub struct ChannelBackend;
pub struct Shm;
pub struct usize;
pub struct u64;
pub struct str;
pub mod core {}
pub mod std {}
pub mod alloc {}
pub mod disruptor_mp {}
pub mod __private {}
pub mod __disruptor_mp {}

macro_rules! assert {
    ($($t:tt)*) => {
        compile_error!("the expansion called an unqualified assert!")
    };
}
macro_rules! format {
    ($($t:tt)*) => {
        compile_error!("the expansion called an unqualified format!")
    };
}

pub fn is_portable_segment_name() {}

#[derive(Clone, Copy, Shared)]
#[repr(C)]
pub struct Quote {
    pub id: ::core::primitive::u64,
}

// An event, and channels, named like runtime items.
#[derive(Clone, Copy, Shared)]
#[repr(C)]
pub struct SharedDisruptorBuilder {
    pub quote: Quote,
}

#[derive(Clone, Copy, Shared)]
#[repr(C)]
pub struct ProducerBuilder {
    pub quote: Quote,
}

::disruptor_mp::shared_channel! {
    pub channel Quotes: Quote { name: "quotes", capacity: 16, consumers: 1 }
    pub channel EventLayout: SharedDisruptorBuilder { name: "builders", capacity: 16, consumers: 1 }
    pub channel ConsumerBuilder: ProducerBuilder { name: "roles", capacity: 16, consumers: 1 }
}

fn main() {
    let _ = Quotes::producer();
    let _ = EventLayout::consumer(0);
    let _ = EventLayout::NAME;
    let _ = ConsumerBuilder::producer();
    let _ = ConsumerBuilder::consumer(0);
}
