//! Heap-backed rings for the in-process tests: one `Arc<HeapRegion>` that the producer and every
//! reader view through their own `Segment`, as processes each map one shared-memory object.

use crate::backend::heap::HeapRegion;
use crate::backend::process::ProcessIdentity;
use crate::event::SharedEvent;
use crate::layout::{SegmentPlan, SlotLayout};
use crate::ring::consumer_table::{ConsumerTable, JoinError, Joined, PackedId};
use crate::ring::init::Reservations;
use crate::ring::publisher::Publisher;
use crate::ring::reader::{Lapped, Reader};
use crate::ring::segment::Segment;
use crate::ring::slots::SlotState;
use core::marker::PhantomData;
use std::sync::Arc;

/// The event most tests use: four words derived from the sequence, so a wrong, stale or torn slot
/// never passes for the right one.
pub(super) type Ev = [u64; 4];

/// The value published as sequence `seq`.
pub(super) fn event(seq: i64) -> Ev {
    let s = seq as u64;
    [
        s,
        !s,
        s.wrapping_mul(0x9E37_79B9_7F4A_7C15),
        s ^ 0x0123_4567_89AB_CDEF,
    ]
}

/// A process that cannot exist: above any `pid_max` Linux allows, below `i32::MAX`.
pub(super) const DEAD: ProcessIdentity = ProcessIdentity {
    pid: i32::MAX as u32 - 1,
    start_time: 0,
    pid_ns: 0,
};

/// This process, as the table records it (read from `/proc` once: loom builds many rings).
pub(super) fn me() -> ProcessIdentity {
    static ME: std::sync::OnceLock<ProcessIdentity> = std::sync::OnceLock::new();
    *ME.get_or_init(ProcessIdentity::current)
}

/// `id` packed for the consumer table.
pub(super) fn packed(id: &str) -> PackedId {
    PackedId::new(id).expect("valid test id")
}

/// `Reservations::Named` for `ids`.
pub(super) fn named(ids: &[&str]) -> Reservations {
    Reservations::Named(ids.iter().map(|id| packed(id)).collect())
}

/// One ring on the heap: the allocation plus a view for inspecting the consumer table.
pub(super) struct HeapRing<E: SharedEvent = Ev> {
    region: Arc<HeapRegion>,
    plan: SegmentPlan,
    view: Segment,
    _event: PhantomData<E>,
}

impl HeapRing<Ev> {
    /// A ring of `capacity` [`Ev`] slots and 8 table entries, initialised by its producer.
    pub(super) fn create(capacity: usize, reservations: Reservations) -> (Self, Publisher<Ev>) {
        Self::create_with(capacity, 8, reservations, || [0; 4])
    }

    /// As [`HeapRing::create`], for a ring whose producer may evict live consumers (readers
    /// read by verified copy; every overwrite is marked).
    pub(super) fn create_evictable(
        capacity: usize,
        reservations: Reservations,
    ) -> (Self, Publisher<Ev>) {
        Self::create_evictable_with(capacity, 8, reservations)
    }

    /// As [`HeapRing::create_evictable`], with `max_consumers` table entries.
    pub(super) fn create_evictable_with(
        capacity: usize,
        max_consumers: usize,
        reservations: Reservations,
    ) -> (Self, Publisher<Ev>) {
        Self::create_laid_out(
            capacity,
            max_consumers,
            reservations,
            true,
            SlotLayout::Stamped,
            || [0; 4],
        )
    }

    /// A ring of `capacity` [`Ev`] slots laid out as `layout`, with `max_consumers` table
    /// entries, whose consumers may be evicted if `evictable`.
    pub(super) fn create_layout(
        capacity: usize,
        max_consumers: usize,
        reservations: Reservations,
        evictable: bool,
        layout: SlotLayout,
    ) -> (Self, Publisher<Ev>) {
        Self::create_laid_out(
            capacity,
            max_consumers,
            reservations,
            evictable,
            layout,
            || [0; 4],
        )
    }
}

impl<E: SharedEvent> HeapRing<E> {
    /// A ring of `capacity` slots and `max_consumers` table entries; returns its producer, which
    /// has written the header and the `reservations` and marked the segment ready.
    pub(super) fn create_with(
        capacity: usize,
        max_consumers: usize,
        reservations: Reservations,
        factory: impl FnMut() -> E,
    ) -> (Self, Publisher<E>) {
        Self::create_laid_out(
            capacity,
            max_consumers,
            reservations,
            false,
            SlotLayout::Stamped,
            factory,
        )
    }

    /// The constructor behind the others: every choice a producer makes.
    pub(super) fn create_laid_out(
        capacity: usize,
        max_consumers: usize,
        reservations: Reservations,
        consumers_evictable: bool,
        layout: SlotLayout,
        factory: impl FnMut() -> E,
    ) -> (Self, Publisher<E>) {
        let plan = SegmentPlan::new(
            E::LAYOUT.size() as u64,
            E::LAYOUT.align() as u64,
            E::LAYOUT.fields().len() as u64,
            capacity as u64,
            max_consumers as u64,
            layout,
        )
        .expect("valid test plan");
        let region = Arc::new(HeapRegion::zeroed(plan.total_size).expect("heap allocation"));
        let view = Segment::new(Box::new(Arc::clone(&region)), plan).expect("region fits plan");
        let ring = Self {
            region,
            plan,
            view,
            _event: PhantomData,
        };
        let mut publisher = Publisher::new(ring.segment());
        publisher.initialise(me(), &reservations, consumers_evictable, factory);
        (ring, publisher)
    }

    /// A fresh view of the ring, as another process would map it.
    pub(super) fn segment(&self) -> Segment {
        Segment::new(Box::new(Arc::clone(&self.region)), self.plan).expect("region fits plan")
    }

    /// The header description the producer wrote.
    pub(super) fn description(&self) -> crate::layout::HeaderDescription {
        Segment::read_description(&self.region).expect("a whole header")
    }

    /// The view the test inspects the ring through.
    pub(super) fn view(&self) -> &Segment {
        &self.view
    }

    /// The consumer table.
    pub(super) fn table(&self) -> ConsumerTable<'_> {
        ConsumerTable::new(&self.view)
    }

    /// Joins as `id` (anonymously for `None`) from this process.
    pub(super) fn join(&self, id: Option<&str>) -> Result<Reader<E>, JoinError> {
        self.join_as(id, me()).map(|(_, reader)| reader)
    }

    /// Joins as `id`, recording `me` as the owner; returns what the table said and the reader.
    pub(super) fn join_as(
        &self,
        id: Option<&str>,
        me: ProcessIdentity,
    ) -> Result<(Joined, Reader<E>), JoinError> {
        let id = id.map(packed);
        let joined = self.table().join(id.as_ref(), me)?;
        let reader = Reader::new(self.segment(), &joined);
        Ok((joined, reader))
    }
}

/// Publishes sequences until the ring refuses; returns how many were published.
pub(super) fn fill(publisher: &mut Publisher<Ev>) -> usize {
    let mut published = 0;
    loop {
        let next = publisher.last_published() + 1;
        match publisher.try_publish(|slot| *slot = event(next)) {
            Ok(seq) => {
                assert_eq!(seq, next);
                published += 1;
            }
            Err(_) => return published,
        }
    }
}

/// Publishes exactly `n` events, each the [`event`] of its sequence; panics if the ring is full.
pub(super) fn publish_n(publisher: &mut Publisher<Ev>, n: usize) {
    for _ in 0..n {
        let next = publisher.last_published() + 1;
        let seq = publisher
            .try_publish(|slot| *slot = event(next))
            .expect("ring has room");
        assert_eq!(seq, next);
    }
}

/// Reads every available event and checks that they are `from, from + 1, …` with the right
/// values; returns how many were read.
pub(super) fn drain(reader: &mut Reader<Ev>, from: i64) -> usize {
    let mut expected = from;
    while let Some((seq, value)) = reader.try_read().expect("not lapped") {
        assert_eq!(seq, expected, "events arrive in sequence order");
        assert_eq!(value, event(seq), "event {seq} carries its own value");
        expected += 1;
    }
    (expected - from) as usize
}

/// Asserts that a reader whose next event was overwritten by `found` reports the lap — never
/// data — through every form of read, and that none of them moves it past the lost event.
pub(super) fn assert_lapped_everywhere(reader: &mut Reader<Ev>, found: i64) {
    let expected = reader.next();
    let lap = Lapped {
        expected,
        found,
        evicted: false,
    };
    assert_eq!(reader.next_state(), SlotState::Overwritten(found));
    assert_eq!(reader.try_read(), Err(lap));
    assert_eq!(
        reader.visit_available(10, true, |_, _| panic!("no data")),
        (0, Some(lap))
    );
    assert_eq!(reader.try_lease().err(), Some(lap));
    assert_eq!(
        reader.next(),
        expected,
        "a lap does not skip ahead silently"
    );
}
