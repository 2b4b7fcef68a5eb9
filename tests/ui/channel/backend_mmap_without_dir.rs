// `Mmap` needs the directory of its ring file, as exactly one non-empty string literal `dir`.
use disruptor_mp::SharedEvent;

#[derive(Clone, Copy, SharedEvent)]
#[repr(C)]
pub struct Quote {
    pub id: u64,
    pub price: u64,
}

disruptor_mp::shared_channel! {
    pub channel Bare: Quote { name: "bare", capacity: 1024, consumers: 1, backend: Mmap }
    pub channel NoDir: Quote { name: "nodir", capacity: 1024, consumers: 1, backend: Mmap {} }
    pub channel Empty: Quote { name: "empty", capacity: 1024, consumers: 1, backend: Mmap { dir: "" } }
    pub channel NotText: Quote { name: "nottext", capacity: 1024, consumers: 1, backend: Mmap { dir: 7 } }
    pub channel Typo: Quote { name: "typo", capacity: 1024, consumers: 1, backend: Mmap { path: "/tmp" } }
}

fn main() {}
