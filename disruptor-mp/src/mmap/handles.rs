//! The published crate's entry points of the file backend, `MmapProducer::create` and
//! `MmapConsumer::attach`, over the builders: each handle is the shared-memory handle built over
//! a ring file, plus the file's layout.

use super::MmapTransportLayout;
use crate::builder::{attach_mmap_consumer, build_mmap_single_producer};
use crate::consumer::SharedConsumer;
use crate::error::{AttachError, CreateError};
use crate::event::SharedEvent;
use crate::producer::SharedProducer;
use core::ops::{Deref, DerefMut};

/// The producer of a ring file: a [`SharedProducer`] whose region is the file
/// `<root_dir>/<segment_name>.ring`, made by the published crate's entry point
/// [`MmapProducer::create`].
///
/// It is the same engine, not a second one: every method is the shared-memory producer's
/// (through `Deref`), so publishing, batches, gating, blocking waits (a futex in the file's
/// mapping), liveness and closing behave identically. What the wrapper adds is the layout it was
/// created for. For any setting beyond the published three arguments, use
/// [`crate::build_mmap_single_producer`], which returns the [`SharedProducer`] directly.
///
/// ```
/// use disruptor_mp::{MmapConsumer, MmapProducer, MmapTransportLayout};
/// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
/// # #[repr(C)]
/// # struct Tick { price: u64 }
/// # let dir = std::env::temp_dir().join(format!("doc-{}-MmapProducer", std::process::id()));
/// # std::fs::create_dir(&dir)?;
///
/// let layout = MmapTransportLayout::new(&dir, "ticks")?;
/// let mut producer = MmapProducer::<Tick>::create(layout.clone(), 1024, Tick::default)?;
/// let mut consumer = MmapConsumer::<Tick>::attach(layout, 1024, "reader_0")?;
/// producer.publish_value(Tick { price: 5 });
/// assert_eq!(consumer.consume_next()?.1.price, 5);
/// assert_eq!(producer.layout().segment_name(), "ticks");
/// # drop((consumer, producer));
/// # std::fs::remove_dir(&dir)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug)]
pub struct MmapProducer<E: SharedEvent> {
    producer: SharedProducer<E>,
    layout: MmapTransportLayout,
}

impl<E: SharedEvent> MmapProducer<E> {
    /// Creates the ring file of `layout` with `buffer_size` slots, each starting as
    /// `factory()`, and returns its producer: [`crate::build_mmap_single_producer`] with every
    /// other setting at its default (no consumer discovery, so it starts at once).
    pub fn create(
        layout: MmapTransportLayout,
        buffer_size: usize,
        factory: impl FnMut() -> E,
    ) -> Result<Self, CreateError> {
        let producer = build_mmap_single_producer(&layout, buffer_size).build_producer(factory)?;
        Ok(Self { producer, layout })
    }

    /// The layout of the ring file.
    pub fn layout(&self) -> &MmapTransportLayout {
        &self.layout
    }

    /// The producer itself, without the layout.
    pub fn into_inner(self) -> SharedProducer<E> {
        self.producer
    }
}

impl<E: SharedEvent> Deref for MmapProducer<E> {
    type Target = SharedProducer<E>;
    fn deref(&self) -> &SharedProducer<E> {
        &self.producer
    }
}

impl<E: SharedEvent> DerefMut for MmapProducer<E> {
    fn deref_mut(&mut self) -> &mut SharedProducer<E> {
        &mut self.producer
    }
}

/// A consumer of a ring file: a [`SharedConsumer`] attached to the file
/// `<root_dir>/<segment_name>.ring`, made by the published crate's entry point
/// [`MmapConsumer::attach`]. Every method is the shared-memory consumer's (through `Deref`); see
/// [`MmapProducer`] for why, and [`crate::attach_mmap_consumer`] for every other setting.
#[derive(Debug)]
pub struct MmapConsumer<E: SharedEvent> {
    consumer: SharedConsumer<E>,
    layout: MmapTransportLayout,
}

impl<E: SharedEvent> MmapConsumer<E> {
    /// Attaches to the ring file of `layout`, which must have `buffer_size` slots, as
    /// `consumer_id`: [`crate::attach_mmap_consumer`] with that id and every other setting at
    /// its default (no wait for a producer that has not created the file yet).
    pub fn attach(
        layout: MmapTransportLayout,
        buffer_size: usize,
        consumer_id: &str,
    ) -> Result<Self, AttachError> {
        let consumer = attach_mmap_consumer(&layout, buffer_size)
            .with_consumer_id(consumer_id)
            .build_consumer()?;
        Ok(Self { consumer, layout })
    }

    /// The layout of the ring file.
    pub fn layout(&self) -> &MmapTransportLayout {
        &self.layout
    }

    /// The consumer itself, without the layout.
    pub fn into_inner(self) -> SharedConsumer<E> {
        self.consumer
    }
}

impl<E: SharedEvent> Deref for MmapConsumer<E> {
    type Target = SharedConsumer<E>;
    fn deref(&self) -> &SharedConsumer<E> {
        &self.consumer
    }
}

impl<E: SharedEvent> DerefMut for MmapConsumer<E> {
    fn deref_mut(&mut self) -> &mut SharedConsumer<E> {
        &mut self.consumer
    }
}
