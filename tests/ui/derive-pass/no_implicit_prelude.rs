// The expansion uses only absolute paths, so it compiles without any prelude.
#![no_implicit_prelude]

#[derive(::core::clone::Clone, ::core::marker::Copy, ::disruptor_mp::SharedEvent)]
#[repr(C)]
pub struct Tick {
    pub price: u64,
    pub volume: u32,
    pub venue: [u8; 4],
}

#[derive(::core::clone::Clone, ::core::marker::Copy, ::disruptor_mp::SharedEvent)]
#[repr(C)]
pub struct Pair(pub Tick, pub Tick);

fn main() {
    let layout = <Pair as ::disruptor_mp::SharedEvent>::LAYOUT;
    ::core::assert_eq!(layout.size(), 32);
}
