//! A ring opened read-only without its event type: header, field table, consumer table,
//! counters and the events still in its slots.

use super::decode::{EventRecord, decode_fields};
use super::report::{EventReport, FieldReport, ProducerReport, ProducerStatus, RingReport};
use super::{InspectError, RingLocation};
use crate::Sequence;
use crate::backend::object::Access;
use crate::backend::process::{Liveness, ProcessIdentity};
use crate::builder::region;
use crate::layout::validate::stored_summary;
use crate::layout::{HeaderDescription, SegmentState};
use crate::observability::places::places;
use crate::observability::{RingCounters, ring_counters};
use crate::ring::attach::attach_untyped;
use crate::ring::inspect::copy_event_bytes;
use crate::ring::segment::Segment;
use std::time::Duration;

/// How long an inspector waits for a ring that is still being created before it says so.
const READY_WAIT: Duration = Duration::from_millis(100);

/// A ring mapped read-only (`O_RDONLY`, `PROT_READ`) and validated as an attach validates it,
/// except that any event type is accepted: it reads the ring's own field table instead. It never
/// joins the ring, takes no consumer place and writes nothing, so it may look at a live ring as
/// often as it likes. [`RingInspector::report`] reads everything again at each call.
pub struct RingInspector {
    location: RingLocation,
    segment: Segment,
    desc: HeaderDescription,
    fields: Vec<FieldReport>,
}

impl RingInspector {
    /// Opens the ring at `location`. A missing, foreign, corrupt, incompatible or unreadable
    /// object is an [`InspectError`]; nothing is waited for but a ring still being created
    /// (briefly).
    pub fn open(location: &RingLocation) -> Result<Self, InspectError> {
        let ring = location.display_name();
        let target = location.target()?;
        let attach_error = |err| InspectError::from_attach(&ring, err);
        let object = region::open(&target, Access::ReadOnly, Duration::ZERO, READY_WAIT)
            .map_err(attach_error)?;
        let (segment, desc) =
            attach_untyped(&ring, Box::new(object), READY_WAIT).map_err(attach_error)?;
        let fields = (0..segment.plan().field_count)
            .filter_map(|index| segment.read_field_record(index))
            .map(|record| FieldReport {
                name: record.name().unwrap_or("?").to_owned(),
                type_name: record
                    .type_name()
                    .map_or_else(|| "?".to_owned(), |name| name.as_str().to_owned()),
                offset: record.offset,
                size: record.size,
                fingerprint: record.fingerprint,
            })
            .collect();
        Ok(Self {
            location: location.clone(),
            segment,
            desc,
            fields,
        })
    }

    /// Where the ring is.
    pub fn location(&self) -> &RingLocation {
        &self.location
    }

    /// The ring as it is now: header, producer, fields, consumers and counters.
    pub fn report(&self) -> RingReport {
        let desc = &self.desc;
        let published = self.segment.last_published();
        let closed = self.segment.load_state() == Ok(SegmentState::Closed);
        let event = stored_summary(desc).map(|summary| summary.name.as_str().to_owned());
        RingReport {
            location: self.location.clone(),
            event: EventReport {
                name: event.unwrap_or_default(),
                size: desc.event_size,
                align: desc.event_align,
                fingerprint: desc.event_fingerprint,
                field_count: desc.event_field_count,
            },
            capacity: self.segment.plan().capacity,
            max_consumers: self.segment.plan().max_consumers,
            format_version: desc.format_version,
            crate_abi: desc.crate_abi,
            total_size: desc.total_size,
            huge_page_size: desc.huge_page_size,
            flags: desc.flags,
            slot_layout: self.segment.plan().layout,
            created_unix_ns: desc.created_unix_ns,
            incarnation: desc.incarnation,
            closed,
            producer: self.producer(closed),
            last_published: published,
            fields: self.fields.clone(),
            consumers: places(&self.segment, published)
                .into_iter()
                .map(|place| place.info)
                .collect(),
            counters: self.counters(),
        }
    }

    /// The ring's counters now.
    pub fn counters(&self) -> RingCounters {
        ring_counters(&self.segment, self.segment.last_published())
    }

    /// The last `n` published events still in the ring, oldest first, each decoded by the field
    /// table. Each is a copy checked against its slot's stamp before and after.
    ///
    /// The producer marks a slot it is about to overwrite only while a reader it does not wait
    /// for is attached (or its consumers are evictable); an inspector is not attached, so on a
    /// ring whose producer may be running, an event is also left out unless, after the copy, the
    /// producer was still at least half a ring away from its slot: a live ring shows at most
    /// `capacity / 2` events, and an event being overwritten is left out rather than shown
    /// torn. A ring whose producer is gone shows every event it still holds.
    pub fn last_events(&self, n: usize) -> Vec<EventRecord> {
        let capacity = self.segment.plan().capacity as Sequence;
        let closed = self.segment.load_state() == Ok(SegmentState::Closed);
        let running = self.producer(closed).status.may_be_running();
        let last = self.segment.last_published();
        let held = capacity.min(last + 1);
        let first = last + 1 - held.min(n as Sequence);
        let size = usize::try_from(self.desc.event_size).unwrap_or(0);
        (first..=last)
            .filter_map(|sequence| {
                let mut bytes = vec![0; size];
                let intact = copy_event_bytes(&self.segment, sequence, &mut bytes)
                    && (!running || self.segment.last_published() < sequence + capacity / 2);
                intact.then(|| EventRecord {
                    sequence,
                    fields: decode_fields(&self.fields, &bytes),
                    bytes,
                })
            })
            .collect()
    }

    fn producer(&self, closed: bool) -> ProducerReport {
        let identity = ProcessIdentity {
            pid: u32::try_from(self.desc.producer_pid).unwrap_or(0),
            start_time: self.desc.producer_start_time,
            pid_ns: self.desc.producer_pid_ns,
        };
        let liveness = identity.liveness();
        let status = match liveness {
            _ if closed => ProducerStatus::Closed,
            Liveness::Alive => ProducerStatus::Alive,
            Liveness::Dead => ProducerStatus::Dead,
            Liveness::Unknown => ProducerStatus::Unknown,
        };
        ProducerReport {
            pid: identity.pid,
            status,
            process_alive: liveness != Liveness::Dead,
        }
    }
}

impl std::fmt::Debug for RingInspector {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RingInspector")
            .field("location", &self.location)
            .finish_non_exhaustive()
    }
}
