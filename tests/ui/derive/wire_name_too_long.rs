// A segment header stores at most 64 bytes of wire name.
use disruptor_mp::SharedEvent;

#[derive(Clone, Copy, SharedEvent)]
#[repr(C)]
#[shared_event(name = "com.example.trading.marketdata.v1.OrderBookLevelUpdateWithChecksum")]
pub struct Level {
    pub price: u64,
}

// The default wire name is the struct's name, which is held to the same limit.
#[derive(Clone, Copy, SharedEvent)]
#[repr(C)]
pub struct AnEventWhoseRustNameIsFarTooLongToBeStoredInTheSegmentHeaderAsItsWireName {
    pub price: u64,
}

fn main() {}
