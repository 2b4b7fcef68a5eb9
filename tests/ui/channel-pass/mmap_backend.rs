// A channel in a memory-mapped file: its backend constant names the directory.
use disruptor_mp::{ChannelBackend, SharedEvent};

#[derive(Clone, Copy, SharedEvent)]
#[repr(C)]
pub struct Quote {
    pub id: u64,
    pub price: u64,
}

disruptor_mp::shared_channel! {
    pub channel Quotes: Quote { name: "quotes", capacity: 1024, consumers: 2, backend: Mmap { dir: "/var/lib/feed" } }
}

fn main() {
    assert_eq!(Quotes::BACKEND, ChannelBackend::Mmap { dir: "/var/lib/feed" });
}
