// `repr(transparent)` wrappers and explicit `align(N)` with explicit padding are accepted.
use disruptor_mp::SharedEvent;

#[derive(Clone, Copy, SharedEvent)]
#[repr(transparent)]
pub struct Price(pub u64);

#[derive(Clone, Copy, SharedEvent)]
#[repr(C, align(64))]
pub struct CacheLine {
    pub price: Price,
    pub _pad: [u8; 56],
}

#[derive(Clone, Copy, SharedEvent)]
#[repr(C)]
pub struct RawIdents {
    pub r#type: u32,
    pub r#match: u32,
}

fn main() {
    assert_eq!(CacheLine::LAYOUT.align(), 64);
    assert_eq!(RawIdents::LAYOUT.fields()[0].name(), "type");
}
