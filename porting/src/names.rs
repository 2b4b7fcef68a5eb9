//! Every published item that exists here, named through the paths the published crate offered.
//! It only has to compile: a renamed or removed item breaks the build.

#![allow(dead_code)]

use disruptor_mp::backend::shared_memory::SharedMemoryConfig as BackendConfig;
use disruptor_mp::lock_free::{
    ConsumerBarrier as LockFreeConsumerBarrier, DiscoveryMode as LockFreeDiscoveryMode,
    ProducerBarrier, SharedConsumerBarrier as LockFreeBarrier, SharedCursor as LockFreeCursor,
    SharedCursorTrait as LockFreeCursorTrait,
};
use disruptor_mp::shared_memory::{
    SharedMemoryConfig as ShmConfig, SharedRingBuffer as ShmModuleRing,
    ShmRingBuffer as ShmModuleAlias,
};
use disruptor_mp::{
    AutoWaitStrategy, default_block_strategy_duration, default_consume_sleep_duration,
    default_discovery_poll_duration, env, perform_default_block_wait,
    perform_default_consume_sleep_wait, perform_default_discovery_poll_wait, perform_sleep_wait,
};
use disruptor_mp::{
    ConsumerBarrier, CoordinationMode, DEFAULT_MAX_CONSUMERS, DiscoveryMode, MissingFreeSlots,
    MultiProcessError, MultiProcessResult, PORTABLE_SHM_SEGMENT_NAME_MAX_LEN, Producer,
    RingBufferFull, Sequence, SharedConsumer, SharedConsumerBarrier, SharedCursor,
    SharedCursorTrait, SharedDisruptorBuilder, SharedEvent, SharedMemoryConfig, SharedProducer,
    SharedRingBuffer, ShmRingBuffer, attach_shared_consumer, build_shared_single_producer,
    is_multiple_of_u64, portable_shm_segment_name,
};
use std::time::Duration;

/// An event as a published-crate user writes it, plus `SharedEvent`.
#[derive(Clone, Copy, Default, SharedEvent)]
#[repr(C)]
pub struct Event {
    /// The published quick start's one field.
    pub sequence: u64,
}

/// The published constants, with their published values.
pub const LIMITS: (usize, usize) = (DEFAULT_MAX_CONSUMERS, PORTABLE_SHM_SEGMENT_NAME_MAX_LEN);

/// The published configuration struct, through all three paths.
pub fn configs(name: &str) -> (SharedMemoryConfig, ShmConfig, BackendConfig) {
    let config = SharedMemoryConfig {
        name: name.to_owned(),
        buffer_size: 1024,
        element_size: size_of::<Event>(),
        create: true,
    };
    (config.clone(), config.clone(), config)
}

/// The published builder, every setter a producer uses, and its build.
pub fn producer_through_the_published_builder(
    name: &str,
) -> MultiProcessResult<SharedProducer<Event>> {
    let (config, _, _) = configs(name);
    SharedDisruptorBuilder::<Event>::new(config)
        .with_discovery(DiscoveryMode::Disabled)
        .disable_discovery()
        .enable_discovery(1)
        .with_discovery_interval(1, Duration::from_millis(10))
        .discover_consumer_with_prefix(1, "cp")
        .discover_consumer_with_prefix_and_interval(1, "cp", Duration::from_millis(10))
        .with_coordination(CoordinationMode::Immediate)
        .with_coordination_timeout(Duration::from_secs(1))
        .wait_for_consumers(1, Duration::from_secs(1))
        .wait_for_single_consumer(Duration::from_secs(1))
        .with_process_core(0)
        .build_producer(Event::default)
}

/// The published builder as a consumer's.
pub fn consumer_through_the_published_builder(
    name: &str,
) -> MultiProcessResult<SharedConsumer<Event>> {
    let (mut config, _, _) = configs(name);
    config.create = false;
    SharedDisruptorBuilder::<Event>::new(config)
        .with_consumer_id("cp_0")
        .with_process_core(0)
        .with_consumer_core(1)
        .build_consumer()
}

/// The entry points and every published producer method that exists here.
pub fn producer_methods(name: &str) -> MultiProcessResult<Sequence> {
    let segment = portable_shm_segment_name(name);
    let mut producer = build_shared_single_producer::<Event>(&segment, 1024)
        .discover_consumer_with_prefix(1, "cp")
        .with_coordination(CoordinationMode::BufferUntilConsumers { max_buffer: 0 })
        .build_producer(Event::default)?;
    let _: Result<Sequence, RingBufferFull> = producer.try_publish(|slot| slot.sequence = 1);
    let _: Sequence = producer.publish(|slot| slot.sequence = 2);
    let _: Result<Sequence, MissingFreeSlots> = producer.try_batch_publish(2, |slot, i| {
        slot.sequence = i as u64;
    });
    let _ = producer.batch_publish(1, |slot, _| slot.sequence = 3);
    let _ = producer.simple_batch_publish(1, |slot, _| slot.sequence = 4);
    let _ = producer.publish_with_timeout(Duration::from_millis(1), |slot| slot.sequence = 5);
    let _ = producer.min_gating_sequence();
    let _ = producer.is_consumed(0);
    let _ = producer.discover_consumer_id("cp_1");
    let _ = producer.wait_for_consumer_id("cp_1", Duration::ZERO);
    let _ = producer.consumer_sequence("cp_0");
    let _ = producer.get_consumer_count();
    let _ = producer.wait_until_consumed(0, Duration::ZERO);
    let cursor: SharedCursor<'_> = producer.cursor();
    let _: ProducerBarrier<'_> = cursor;
    let _: LockFreeCursor<'_> = cursor;
    let _ = <SharedCursor<'_> as SharedCursorTrait<i64>>::load(&cursor);
    let _ = <SharedCursor<'_> as LockFreeCursorTrait<i64>>::load(&cursor);
    let barrier: SharedConsumerBarrier<'_> = producer.barrier();
    let _: ConsumerBarrier<'_> = barrier;
    let _: LockFreeBarrier<'_> = barrier;
    let _: LockFreeConsumerBarrier<'_> = barrier;
    let _ = barrier.get_min_consumer_sequence();
    let _ = barrier.best_effort_consumer_count();
    let _ = barrier.consumer_sequence("cp_0");
    let _ = barrier.wait_for_consumers_ready(1, Duration::ZERO);
    let ring: SharedRingBuffer<'_, Event> = producer.ring_buffer();
    let _: ShmRingBuffer<'_, Event> = producer.ring_buffer();
    let _: ShmModuleRing<'_, Event> = producer.ring_buffer();
    let _: ShmModuleAlias<'_, Event> = producer.ring_buffer();
    let _ = (
        ring.size(),
        ring.shared_memory_id(),
        ring.get(0),
        ring.free_slots(0, -1),
    );
    let _: LockFreeDiscoveryMode = DiscoveryMode::with_consumer_prefix(1, "cp");
    let _ = is_multiple_of_u64(4096, 64);
    Ok(producer.last_published_sequence())
}

/// Every published consumer method that exists here.
pub fn consumer_methods(consumer: &mut SharedConsumer<Event>) -> MultiProcessResult<()> {
    let _ = consumer.try_consume_next();
    if let Some(lease) = consumer.try_consume_next_leased() {
        let _ = lease.sequence();
    }
    let _ = consumer.process_available(|event, sequence| {
        let _ = (event.sequence, sequence);
    });
    let _ = consumer.current_sequence();
    let _ = consumer.producer_sequence();
    let _ = consumer.consumer_sequence();
    let _ = consumer.debug_sequences();
    let _ = consumer.consumer_id();
    consumer.signal_readiness();
    let _ = consumer.try_attach_coordination("demo");
    let _ = consumer.has_coordination_support();
    let _ = consumer.consume_next()?;
    let _ = consumer.consume_next_leased()?;
    Ok(())
}

/// The published `Producer` trait, used generically.
pub fn generic<P: Producer<Event>>(producer: &mut P) {
    let _ = producer.try_publish(|slot| slot.sequence = 1);
    producer.publish(|slot| slot.sequence = 2);
    let _ = producer.try_batch_publish(2, |slots| {
        for slot in slots {
            slot.sequence = 3;
        }
    });
    producer.batch_publish(1, |slots| {
        for slot in slots {
            slot.sequence = 4;
        }
    });
}

/// The published error type and result alias.
pub fn errors(result: MultiProcessResult<()>) -> Option<MultiProcessError> {
    result.err()
}

/// A consumer built by the entry point, as the published quick start does.
pub fn attach(segment: String) -> MultiProcessResult<SharedConsumer<Event>> {
    Ok(attach_shared_consumer::<Event>(segment, 4096)
        .with_consumer_id("cp_0")
        .build_consumer()?)
}

/// The published wait surface: strategies from numbers and the environment, and the helpers
/// that wait the configured durations.
pub fn waits() -> [AutoWaitStrategy; 4] {
    let _: Duration = default_block_strategy_duration();
    let _: Duration = default_consume_sleep_duration();
    let _: Duration = default_discovery_poll_duration();
    perform_default_block_wait();
    perform_default_consume_sleep_wait();
    perform_default_discovery_poll_wait();
    perform_sleep_wait(Duration::from_micros(1));
    [
        AutoWaitStrategy::cpu_efficient(),
        AutoWaitStrategy::sleep_nanos(100),
        AutoWaitStrategy::sleep_micros(1),
        AutoWaitStrategy::from_env_or(AutoWaitStrategy::Block),
    ]
}

/// The published `env` module: its `read` helpers (which return errors here where the
/// published ones panicked or fell back silently) and `runtime` names.
pub fn environment() -> Result<(), env::EnvError> {
    let _: String = env::read::required(env::runtime::PRODUCER_CORE)?;
    let _: Option<String> = env::read::optional(env::runtime::CONSUMER_CORE);
    let _: String = env::read::string_or(env::runtime::PROCESS_CORE, "0");
    let _: Option<u64> = env::read::parse(env::runtime::AUTO_WAIT_DELAY_NS)?;
    let _: u64 = env::read::parse_required(env::runtime::AUTO_WAIT_DELAY_US)?;
    let _: u64 = env::read::parse_or(env::runtime::SHUTDOWN_GRACE_MS, 10)?;
    let _: bool = env::read::flag(env::runtime::AUTO_CONSUMER_CORE);
    let _ = [
        env::runtime::BLOCK_STRATEGY_US,
        env::runtime::BLOCK_STRATEGY_MS,
        env::runtime::DISCOVERY_POLL_MS,
        env::runtime::CONSUME_SLEEP_US,
        env::runtime::SLEEP_YIELD_THRESHOLD_US,
    ];
    Ok(())
}

/// The published `observability` module: a counters region, its handles, the ids, the
/// producer's and consumer's attach calls and the aggregator over a file.
pub fn observability(
    producer: &SharedProducer<Event>,
    consumer: &mut SharedConsumer<Event>,
) -> std::io::Result<()> {
    use disruptor_mp::observability::{
        AggregatorConfig, AggregatorHandle, CACHE_LINE_BYTES, COUNTER_FLAG_CONSUMER,
        COUNTER_FLAG_IN_USE, COUNTER_FLAG_PRODUCER, COUNTER_LABEL_BYTES,
        COUNTERS_FILE_RESERVED_BYTES, COUNTERS_MAGIC, CounterHandle, CounterSnapshot, CountersFile,
        CountersHeader, MAX_COUNTER_SLOTS, OwnedCountersFile, ids,
    };
    use disruptor_mp::{ConsumerCounterSelection, ProducerCounterSelection};
    use std::sync::Arc;

    let _ = (
        COUNTERS_FILE_RESERVED_BYTES,
        MAX_COUNTER_SLOTS,
        COUNTER_LABEL_BYTES,
        CACHE_LINE_BYTES,
        COUNTERS_MAGIC,
        COUNTER_FLAG_IN_USE | COUNTER_FLAG_PRODUCER | COUNTER_FLAG_CONSUMER,
    );
    let _ = [
        ids::EVENTS_PUBLISHED,
        ids::EVENTS_PUBLISHED_BYTES,
        ids::PRODUCER_FULL_EVENTS,
        ids::PRODUCER_PARK_COUNT,
        ids::PRODUCER_UNPARK_COUNT,
        ids::EVENTS_CONSUMED,
        ids::EVENTS_CONSUMED_BYTES,
        ids::CONSUMER_EMPTY_SPINS,
        ids::CONSUMER_PARK_COUNT,
        ids::CONSUMER_UNPARK_COUNT,
        ids::CONSUMER_LAG_MAX,
        ids::FRAME_PUBLISH_TOTAL,
        ids::FRAME_FRAGMENT_COUNT,
        ids::FRAME_REASSEMBLE_COUNT,
        ids::CODEC_ENCODE_TOTAL,
        ids::CODEC_DECODE_TOTAL,
        ids::APP_RESERVED_BASE,
    ];

    let file: Arc<OwnedCountersFile> = Arc::new(CountersFile::boxed());
    let header: &CountersHeader = file.header();
    let _ = (
        header.magic,
        header.version,
        header.slot_count.load(std::sync::atomic::Ordering::Relaxed),
    );
    let handle: Option<CounterHandle<'_>> =
        file.register(ids::APP_RESERVED_BASE, COUNTER_FLAG_IN_USE, "app");
    if let Some(handle) = handle {
        handle.inc();
        handle.add(2);
        handle.record_max(5);
        let _ = handle.get();
    }
    let _: Vec<CounterSnapshot> = file.snapshot();
    // SAFETY: the region is `file`'s, laid out and alive until the view is dropped below.
    let view = unsafe { CountersFile::attach(core::ptr::NonNull::from(file.header()).cast()) };
    drop(view);

    let produced = producer.attach_counters(&file);
    let _ = producer.attach_counters_selected(&file, ProducerCounterSelection::LITE);
    let _ = (produced.events_published, produced.producer_full_events);
    producer.record_publish_latency_ns(1_000);
    let consumed = consumer.attach_counters(&file);
    let _ = consumer.attach_counters_selected(&file, ConsumerCounterSelection::LITE);
    let _ = (
        consumed.events_consumed,
        consumed.consumer_empty_spins,
        consumed.consumer_lag_max,
    );
    consumer.record_consume_latency_ns(1_000);
    let _ = (
        ProducerCounterSelection::FULL,
        ConsumerCounterSelection::FULL,
    );

    let config = AggregatorConfig {
        interval: Duration::from_millis(100),
        metric_suffix: None,
    };
    let exporter = AggregatorHandle::spawn_arc(Arc::clone(&file), config)?;
    exporter.stop();
    Ok(())
}

/// The published file backend's entry points and the layout, through the root and the
/// published `backend::mmap` namespace; `MmapRingBuffer` opens a ring file read-only.
pub fn file_backend(
    dir: &std::path::Path,
) -> MultiProcessResult<(
    disruptor_mp::MmapProducer<Event>,
    disruptor_mp::backend::mmap::MmapConsumer<Event>,
    disruptor_mp::MmapRingBuffer<Event>,
)> {
    use disruptor_mp::backend::mmap::MmapTransportLayout as ModuleLayout;
    use disruptor_mp::{MmapConsumer, MmapProducer, MmapRingBuffer, MmapTransportLayout};
    let layout: ModuleLayout = MmapTransportLayout::new(dir, "ring")?;
    let _path = (layout.root_dir(), layout.segment_name(), layout.ring_path());
    let producer = MmapProducer::<Event>::create(layout.clone(), 1024, Event::default)?;
    let consumer = MmapConsumer::<Event>::attach(layout.clone(), 1024, "reader_0")?;
    let inspector = MmapRingBuffer::<Event>::open(&layout, 1024)?;
    Ok((producer, consumer, inspector))
}
