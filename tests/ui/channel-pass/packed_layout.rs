// A channel whose producer packs the slots: the layout is a constant of the channel, and a
// channel without the key keeps the stamped default.
use disruptor_mp::{SharedEvent, SlotLayout};

#[derive(Clone, Copy, SharedEvent)]
#[repr(C)]
pub struct Quote {
    pub id: u64,
    pub price: u64,
}

disruptor_mp::shared_channel! {
    pub channel Bursts: Quote { name: "bursts", capacity: 1024, consumers: 1, layout: Packed }
    pub channel Handoffs: Quote { name: "handoffs", capacity: 1024, consumers: 1 }
}

fn main() {
    assert_eq!(Bursts::SLOT_LAYOUT, SlotLayout::Packed);
    assert_eq!(Handoffs::SLOT_LAYOUT, SlotLayout::Stamped);
}
