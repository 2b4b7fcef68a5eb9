//! `build_consumer`: open, wait for `ready`, validate, join the consumer table.

use super::{SharedDisruptorBuilder, shm};
use crate::backend::process::ProcessIdentity;
use crate::consumer::SharedConsumer;
use crate::error::{MultiProcessError, MultiProcessResult};
use crate::event::SharedEvent;
use crate::layout::validate::Expectation;
use crate::naming::os_name;
use crate::ring::attach::attach;
use crate::ring::consumer_table::{ConsumerTable, JoinError, PackedId};
use crate::ring::reader::Reader;
use crate::ring::segment::Segment;

impl<E: SharedEvent> SharedDisruptorBuilder<E> {
    /// Attaches to the ring and returns a consumer.
    ///
    /// Fails with `SegmentNotFound` (after [`Self::wait_for_producer`]'s wait, if set),
    /// `LayoutMismatch` when the ring holds another event type (naming the first field that
    /// differs), `CapacityMismatch`, `Corrupt` for an invalid segment, `ConsumerIdInUse` when a
    /// live consumer has this id, or `ConsumerIndexOutOfRange` for a typed channel's consumer
    /// index beyond its places.
    pub fn build_consumer(self) -> MultiProcessResult<SharedConsumer<E>> {
        if let Some(place) = self.channel_place
            && place.index >= place.places
        {
            return Err(MultiProcessError::ConsumerIndexOutOfRange {
                channel: place.channel,
                index: place.index,
                places: place.places,
            });
        }
        let os_name = os_name(&self.name)?;
        let id = match &self.consumer_id {
            None => None,
            Some(id) => {
                Some(
                    PackedId::new(id).ok_or_else(|| MultiProcessError::InvalidConsumerId {
                        id: id.clone(),
                        reason: "consumer ids are 1 to 48 bytes without NUL",
                    })?,
                )
            }
        };
        let region = shm::open(&self.name, &os_name, self.attach_timeout)?;
        let expected = Expectation {
            layout: &E::LAYOUT,
            capacity: self.capacity,
        };
        let segment = attach(&self.name, Box::new(region), expected, self.ready_timeout)?;
        let desc =
            Segment::read_description(segment.region()).expect("validated segment has a header");
        let producer = ProcessIdentity {
            pid: u32::try_from(desc.producer_pid).unwrap_or(0),
            start_time: desc.producer_start_time,
        };
        let table = ConsumerTable::new(&segment);
        let joined = table
            .join(id.as_ref(), ProcessIdentity::current())
            .map_err(|err| match err {
                JoinError::IdInUse { pid } => MultiProcessError::ConsumerIdInUse {
                    id: self.consumer_id.clone().unwrap_or_default(),
                    pid,
                },
                JoinError::TableFull => MultiProcessError::ConsumerTableFull {
                    capacity: table.len(),
                },
                JoinError::LockTimeout => MultiProcessError::NotReady {
                    name: self.name.clone(),
                    waited: std::time::Duration::from_secs(5),
                },
            })?;
        let reader = Reader::new(segment, &joined);
        Ok(SharedConsumer::from_parts(
            reader, joined.id, self.name, self.wait, producer,
        ))
    }
}
