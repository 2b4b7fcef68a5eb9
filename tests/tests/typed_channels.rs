//! `shared_channel!` declarations: their constants, and rings built only from them.
//!
//! Channel segment names are fixed at compile time, so two runs of this suite at once (two
//! engineers, or CI next to a developer) would meet in the same rings; every test that opens one
//! takes an exclusive lock on a file named after the test first.

use disruptor_mp::{
    AttachError, ChannelBackend, ConsumeError, CoordinationMode, SharedChannel, SharedEvent,
};
use std::fs::File;
use std::time::Duration;

/// A two-field event used by every channel here.
#[derive(Clone, Copy, Debug, Default, PartialEq, SharedEvent)]
#[repr(C)]
pub struct Quote {
    id: u64,
    price: f64,
}

/// Another event, so one invocation declares channels of two types.
#[derive(Clone, Copy, Debug, Default, PartialEq, SharedEvent)]
#[repr(C)]
pub struct Fill {
    order: u64,
    quantity: u32,
    side: u8,
    _pad: [u8; 3],
}

disruptor_mp::shared_channel! {
    /// Quotes, read by two consumers.
    pub channel Quotes: Quote { name: "tc-quotes", capacity: 64, consumers: 2, backend: Shm }
    /// Fills, with the keys in another order and `backend` left to its default.
    pub(crate) channel Fills: Fill { consumers: 1, capacity: 16, name: "tc-fills", }
    channel Observed: Quote { name: "tc-observed", capacity: 8, consumers: 1 }
}

/// Holds an exclusive lock on a file named after `test` until dropped.
struct TestLock {
    _file: File,
}

impl TestLock {
    fn take(test: &str) -> Self {
        let path = std::env::temp_dir().join(format!("disruptor-mp-{test}.lock"));
        let file = File::create(path).expect("create lock file");
        file.lock().expect("lock");
        Self { _file: file }
    }
}

#[test]
fn declarations_carry_their_settings() {
    assert_eq!(Quotes::NAME, "tc-quotes");
    assert_eq!(Quotes::CAPACITY, 64);
    assert_eq!(Quotes::MAX_CONSUMERS, 2);
    assert_eq!(Quotes::BACKEND, ChannelBackend::Shm);
    assert_eq!(Quotes::FINGERPRINT, Quote::LAYOUT.fingerprint());
    assert_eq!(Fills::NAME, "tc-fills");
    assert_eq!(Fills::CAPACITY, 16);
    assert_eq!(Fills::MAX_CONSUMERS, 1);
    assert_eq!(Fills::BACKEND, ChannelBackend::Shm);
    assert_eq!(Fills::FINGERPRINT, Fill::LAYOUT.fingerprint());
    assert_eq!(Quotes::consumer_id(1), "tc-quotes_1");
}

/// The trait view agrees with the inherent one, and generic code can use it.
#[test]
fn channels_are_usable_generically() {
    fn describe<C: SharedChannel>() -> (&'static str, usize, usize, u64) {
        (C::NAME, C::CAPACITY, C::MAX_CONSUMERS, C::FINGERPRINT)
    }
    assert_eq!(
        describe::<Quotes>(),
        (
            Quotes::NAME,
            Quotes::CAPACITY,
            Quotes::MAX_CONSUMERS,
            Quotes::FINGERPRINT
        )
    );
    assert_eq!(describe::<Fills>().3, <Fill as SharedEvent>::FINGERPRINT);
    const CAPACITY: usize = <Quotes as SharedChannel>::CAPACITY;
    assert_eq!(CAPACITY, 64);
}

#[test]
fn every_consumer_place_sees_every_event() {
    let _lock = TestLock::take("tc-quotes");
    let mut producer = Quotes::producer()
        .with_coordination(CoordinationMode::Immediate)
        .build_producer(Quote::default)
        .expect("build the producer");
    assert_eq!(producer.segment_name(), "tc-quotes");
    assert_eq!(producer.capacity(), 64);
    for id in 0..10u64 {
        producer.publish(|quote| {
            quote.id = id;
            quote.price = id as f64 * 0.5;
        });
    }
    // Both places were reserved at creation, so consumers attaching late still start at 0.
    for index in 0..Quotes::MAX_CONSUMERS {
        let mut consumer = Quotes::consumer(index)
            .build_consumer()
            .expect("attach a consumer");
        assert_eq!(consumer.consumer_id(), Quotes::consumer_id(index));
        assert!(consumer.is_gating());
        for id in 0..10u64 {
            let (sequence, quote) = consumer
                .consume_next_timeout(Duration::from_secs(5))
                .expect("the ring is open")
                .expect("an event within the deadline");
            assert_eq!(sequence, id as i64);
            assert_eq!(
                quote,
                Quote {
                    id,
                    price: id as f64 * 0.5
                }
            );
        }
    }
}

#[test]
fn a_consumer_index_beyond_the_places_is_refused() {
    let _lock = TestLock::take("tc-fills");
    let _producer = Fills::producer()
        .with_coordination(CoordinationMode::Immediate)
        .build_producer(Fill::default)
        .expect("build the producer");
    let error = Fills::consumer(1)
        .build_consumer()
        .expect_err("index 1 of a one-consumer channel");
    assert!(
        matches!(
            error,
            AttachError::ConsumerIndexOutOfRange {
                channel: "tc-fills",
                index: 1,
                places: 1,
            }
        ),
        "{error:?}"
    );
    assert_eq!(
        error.to_string(),
        "channel \"tc-fills\" has 1 consumer places (indexes 0 to 0), so there is no consumer 1; \
         use `observer()` for a reader that does not gate the producer"
    );
    Fills::consumer(0).build_consumer().expect("index 0 exists");
}

#[test]
fn observers_do_not_gate_the_producer() {
    let _lock = TestLock::take("tc-observed");
    let mut producer = Observed::producer()
        .with_coordination(CoordinationMode::Immediate)
        .build_producer(Quote::default)
        .expect("build the producer");
    let mut observer = Observed::observer()
        .build_consumer()
        .expect("attach an observer");
    assert!(!observer.is_gating());
    // The only gating place is still free; it holds events from the first one, so the producer
    // can fill the ring but no further. The observer never holds it back.
    for id in 0..Observed::CAPACITY as u64 {
        producer
            .try_publish(|quote| quote.id = id)
            .expect("a free slot");
    }
    assert!(producer.try_publish(|quote| quote.id = 99).is_err());
    let (_, first) = observer.consume_next().expect("an event");
    assert_eq!(first.id, 0);
    let mut gating = Observed::consumer(0).build_consumer().expect("attach");
    assert_eq!(gating.consume_next().expect("an event").1.id, 0);
    drop(producer);
    let drained = std::iter::from_fn(|| gating.consume_next().ok()).count();
    assert_eq!(drained, Observed::CAPACITY - 1);
    assert_eq!(gating.consume_next(), Err(ConsumeError::ProducerClosed));
}
