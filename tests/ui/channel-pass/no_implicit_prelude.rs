// The expansion uses only absolute paths, so it compiles without any prelude.
#![no_implicit_prelude]

#[derive(::core::clone::Clone, ::core::marker::Copy, ::disruptor_mp::SharedEvent)]
#[repr(C)]
pub struct Quote {
    pub id: u64,
    pub price: f64,
}

::disruptor_mp::shared_channel! {
    /// Quotes.
    pub channel Quotes: Quote { name: "quotes", capacity: 1024, consumers: 2, backend: Shm }
    channel Private: Quote { name: "private", capacity: 1, consumers: 1 }
}

mod nested {
    ::disruptor_mp::shared_channel! {
        pub(super) channel Restricted: super::Quote { name: "restricted", capacity: 8, consumers: 1 }
    }
}

fn main() {
    ::core::assert_eq!(Quotes::NAME, "quotes");
    ::core::assert_eq!(Private::CAPACITY, 1);
    ::core::assert_eq!(nested::Restricted::MAX_CONSUMERS, 1);
    ::core::assert_eq!(
        Quotes::FINGERPRINT,
        <Quote as ::disruptor_mp::SharedEvent>::LAYOUT.fingerprint()
    );
    let _producer = Quotes::producer();
    let _consumer = Quotes::consumer(1);
    let _observer = Private::observer();
    let _id = Quotes::consumer_id(0);
}
