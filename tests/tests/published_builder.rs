//! The published crate's combined builder (`SharedDisruptorBuilder`) still builds a working pair
//! across processes, and refuses what it used to ignore: a setter or `build_*` of the role its
//! `create` flag did not pick is `ConfigError::WrongRole` naming the call, and an
//! `element_size` that is not the event's size is `ConfigError::ElementSize`. Refusals create
//! nothing.

use disruptor_mp::{
    AttachError, ConfigError, CoordinationMode, CreateError, MultiProcessError,
    SharedDisruptorBuilder, SharedMemoryConfig,
};
use disruptor_mp_tests::event::PeerEvent;
use disruptor_mp_tests::names::TestNames;
use disruptor_mp_tests::received::{assert_read, stream};
use disruptor_mp_tests::ring_peer;

const CAPACITY: usize = 16;

fn builder(ring: &str, create: bool, element_size: usize) -> SharedDisruptorBuilder<PeerEvent> {
    SharedDisruptorBuilder::new(SharedMemoryConfig {
        name: ring.to_owned(),
        buffer_size: CAPACITY,
        element_size,
        create,
    })
}

fn correct(ring: &str, create: bool) -> SharedDisruptorBuilder<PeerEvent> {
    builder(ring, create, size_of::<PeerEvent>())
}

/// The `WrongRole` inside a refused consumer build, or a panic naming what came instead.
fn attach_wrong_role(result: Result<impl std::fmt::Debug, MultiProcessError>) -> ConfigError {
    match result {
        Err(MultiProcessError::Attach(AttachError::Config(
            err @ ConfigError::WrongRole { .. },
        ))) => err,
        other => panic!("expected Attach(Config(WrongRole)), got {other:?}"),
    }
}

/// A consumer builder (`create: false`) given the producer setter `enable_discovery` fails to
/// build with `WrongRole` naming that call, the role it is for and the entry point to use.
#[test]
fn a_producer_setter_on_a_consumer_builder_is_wrong_role() {
    let names = TestNames::new("wrong_role_setter");
    let ring = names.segment("ring");
    let err = attach_wrong_role(correct(&ring, false).enable_discovery(4).build_consumer());
    match &err {
        ConfigError::WrongRole {
            call,
            wanted,
            role,
            create,
            entry,
        } => {
            assert_eq!(*call, "enable_discovery");
            assert_eq!((*wanted, *role, *create), ("producer", "consumer", false));
            assert_eq!(*entry, "build_shared_single_producer");
        }
        other => panic!("expected WrongRole, got {other:?}"),
    }
    assert!(err.to_string().contains("enable_discovery"), "{err}");
    names.assert_clean();
}

/// The other way round: the consumer setter `with_consumer_id` on a producer builder
/// (`create: true`) makes `build_producer` fail with `WrongRole` naming it, and creates nothing.
#[test]
fn a_consumer_setter_on_a_producer_builder_is_wrong_role() {
    let names = TestNames::new("wrong_role_consumer_setter");
    let ring = names.segment("ring");
    match correct(&ring, true)
        .with_consumer_id("cp_0")
        .build_producer(PeerEvent::default)
    {
        Err(MultiProcessError::Create(CreateError::Config(ConfigError::WrongRole {
            call: "with_consumer_id",
            wanted: "consumer",
            entry: "attach_shared_consumer",
            ..
        }))) => {}
        other => panic!("expected Create(Config(WrongRole)), got {other:?}"),
    }
    names.assert_clean();
}

/// Building the other role is `WrongRole` too: `build_consumer` on a `create: true` builder and
/// `build_producer` on a `create: false` one; neither creates a ring.
#[test]
fn building_the_other_role_is_wrong_role() {
    let names = TestNames::new("wrong_role_build");
    let ring = names.segment("ring");
    let err = attach_wrong_role(correct(&ring, true).build_consumer());
    assert!(
        matches!(
            err,
            ConfigError::WrongRole {
                call: "build_consumer",
                create: true,
                ..
            }
        ),
        "{err:?}"
    );
    match correct(&ring, false).build_producer(PeerEvent::default) {
        Err(MultiProcessError::Create(CreateError::Config(ConfigError::WrongRole {
            call: "build_producer",
            create: false,
            ..
        }))) => {}
        other => panic!("expected Create(Config(WrongRole)), got {other:?}"),
    }
    names.assert_clean();
}

/// An `element_size` other than `size_of::<E>()` is `ElementSize` with both sizes, for either
/// role, before anything is created or opened.
#[test]
fn a_wrong_element_size_is_refused_for_both_roles() {
    let names = TestNames::new("element_size");
    let ring = names.segment("ring");
    let wrong = size_of::<PeerEvent>() / 2;
    let sizes = ConfigError::ElementSize {
        configured: wrong,
        actual: size_of::<PeerEvent>(),
    };
    match builder(&ring, true, wrong).build_producer(PeerEvent::default) {
        Err(MultiProcessError::Create(CreateError::Config(err))) => assert_eq!(err, sizes),
        other => panic!("expected Create(Config(ElementSize)), got {other:?}"),
    }
    match builder(&ring, false, wrong).build_consumer() {
        Err(MultiProcessError::Attach(AttachError::Config(err))) => assert_eq!(err, sizes),
        other => panic!("expected Attach(Config(ElementSize)), got {other:?}"),
    }
    names.assert_clean();
}

/// A correct pair built with the published builder works across processes: the producer here
/// (`create: true`, `discover_consumer_with_prefix(1, "cp")`) and a consumer process
/// (`create: false`, `with_consumer_id("cp_0")`), which gates the producer and receives every
/// event of more than a ring's worth, in order, then the end of the stream.
#[test]
fn a_published_builder_pair_delivers_across_processes() {
    let names = TestNames::new("published_pair");
    let ring = names.segment("ring");
    let mut producer = correct(&ring, true)
        .discover_consumer_with_prefix(1, "cp")
        .with_coordination(CoordinationMode::Immediate)
        .build_producer(PeerEvent::default)
        .expect("build producer");
    let mut consumer = ring_peer!("reader")
        .arg("name", &ring)
        .arg("capacity", CAPACITY)
        .arg("builder", "published")
        .arg("id", "cp_0")
        .spawn();
    let attached = consumer.wait_for("ATTACH");
    assert_eq!(attached.field("role"), "Reserved", "{attached}");
    let events = 3 * CAPACITY as u64;
    for seq in 0..events {
        let published = producer
            .publish_with_timeout(std::time::Duration::from_secs(30), |slot| {
                *slot = PeerEvent::for_seq(seq)
            })
            .expect("the consumer keeps up");
        assert_eq!(published, seq as i64);
    }
    drop(producer);
    assert_read(&consumer.finish(), &stream(0, 0..events), "closed");
    names.assert_clean();
}
