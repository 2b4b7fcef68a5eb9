//! Opening a ring file read-only, for inspection after (or while) its processes run.

use super::MmapTransportLayout;
use crate::Sequence;
use crate::builder::open_read_only;
use crate::error::AttachError;
use crate::event::SharedEvent;
use crate::layout::SegmentState;
use crate::ring::inspect::Inspector;
use crate::views::{SharedConsumerBarrier, SharedCursor};
use std::path::PathBuf;

/// A ring file opened read-only (`O_RDONLY`, `PROT_READ`): its header validated as an attach
/// validates it, then its cursors, consumer table and the events still in its slots readable
/// without joining it. Nothing is written, no consumer place is taken, and the file is never
/// removed, so it can look at a ring kept after its producer exited
/// ([`crate::ProducerBuilder::keep_file`]) or at a live one.
///
/// The published crate's `MmapRingBuffer` was the ring file itself, created and written through
/// it; here a ring file is created only by [`crate::build_mmap_single_producer`], and this is the
/// read-only view of one.
///
/// ```
/// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
/// # #[repr(C)]
/// # struct Tick { price: u64 }
/// # let dir = std::env::temp_dir().join(format!("doc-{}-MmapRingBuffer", std::process::id()));
/// # std::fs::create_dir(&dir)?;
/// let layout = disruptor_mp::MmapTransportLayout::new(&dir, "ticks")?;
/// let mut producer = disruptor_mp::build_mmap_single_producer::<Tick>(&layout, 8)
///     .keep_file(true)
///     .build_producer(Tick::default)?;
/// for price in 0..10 {
///     producer.publish_value(Tick { price });
/// }
/// drop(producer);
///
/// let kept = disruptor_mp::MmapRingBuffer::<Tick>::open(&layout, 8)?;
/// assert!(kept.is_closed());
/// assert_eq!(kept.last_published_sequence(), 9);
/// assert_eq!(kept.get(9).map(|tick| tick.price), Some(9));
/// assert!(kept.get(1).is_none(), "overwritten by sequence 9");
/// # std::fs::remove_file(layout.ring_path())?;
/// # std::fs::remove_dir(&dir)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct MmapRingBuffer<E: SharedEvent> {
    inspector: Inspector<E>,
    layout: MmapTransportLayout,
}

impl<E: SharedEvent> MmapRingBuffer<E> {
    /// Opens the ring file of `layout` read-only and validates it for `E` and `capacity`
    /// slots: the same checks, and the same errors, as attaching a consumer
    /// ([`AttachError::LayoutMismatch`], [`AttachError::CapacityMismatch`],
    /// [`AttachError::Corrupt`], [`AttachError::Directory`], ...), without waiting for a
    /// producer.
    pub fn open(layout: &MmapTransportLayout, capacity: usize) -> Result<Self, AttachError> {
        let segment = open_read_only::<E>(layout, capacity)?;
        Ok(Self {
            inspector: Inspector::new(segment),
            layout: layout.clone(),
        })
    }

    /// Number of slots.
    pub fn size(&self) -> usize {
        self.inspector.segment().plan().capacity
    }

    /// The ring file's path.
    pub fn path(&self) -> PathBuf {
        self.layout.ring_path()
    }

    /// Whether the producer closed the ring (it dropped; a producer that died leaves it open).
    pub fn is_closed(&self) -> bool {
        self.inspector.segment().load_state() == Ok(SegmentState::Closed)
    }

    /// The last sequence the producer published (-1 if none).
    pub fn last_published_sequence(&self) -> Sequence {
        self.inspector.segment().last_published()
    }

    /// A copy of the event of `sequence`, if the ring still holds it (it was published and has
    /// not been overwritten by a later lap).
    pub fn get(&self, sequence: Sequence) -> Option<E> {
        self.inspector.copy(sequence)
    }

    /// The producer's cursor, read-only.
    pub fn producer_cursor(&self) -> SharedCursor<'_> {
        SharedCursor::producer(self.inspector.segment())
    }

    /// The consumer table, read-only: each consumer's cursor by id, the gating minimum, the
    /// attached ids.
    pub fn consumer_barrier(&self) -> SharedConsumerBarrier<'_> {
        SharedConsumerBarrier::new(self.inspector.segment())
    }
}

impl<E: SharedEvent> std::fmt::Debug for MmapRingBuffer<E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MmapRingBuffer")
            .field("path", &self.path())
            .field("size", &self.size())
            .finish_non_exhaustive()
    }
}
