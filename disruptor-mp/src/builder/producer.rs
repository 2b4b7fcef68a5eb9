//! `build_producer`: create the segment, reserve gating places, publish `ready`, coordinate.

use super::{SharedDisruptorBuilder, shm};
use crate::backend::process::ProcessIdentity;
use crate::coordination::{CoordinationMode, DiscoveryMode};
use crate::error::{MultiProcessError, MultiProcessResult};
use crate::event::SharedEvent;
use crate::layout::plan::{PlanError, SegmentPlan};
use crate::naming::os_name;
use crate::producer::SharedProducer;
use crate::ring::consumer_table::PackedId;
use crate::ring::init::Reservations;
use crate::ring::publisher::Publisher;
use crate::ring::segment::Segment;
use std::time::{Duration, Instant};

/// The wait the published crate implies when discovery is on and no coordination is set.
fn adaptive_timeout(consumers: usize) -> Duration {
    Duration::from_secs(match consumers {
        0 | 1 => 15,
        2 => 20,
        3 | 4 => 25,
        5..=8 => 30,
        _ => 45,
    })
}

impl<E: SharedEvent> SharedDisruptorBuilder<E> {
    /// Creates the ring and returns its producer. Each slot starts as `factory()`.
    ///
    /// Fails with `SegmentInUse` if a live producer owns the name (a dead one's segment is
    /// reclaimed), `InvalidCapacity`/`InvalidName`/`InvalidConfig` for bad settings, and
    /// `CoordinationTimeout` if the configured consumers do not attach in time.
    pub fn build_producer(
        self,
        factory: impl FnMut() -> E,
    ) -> MultiProcessResult<SharedProducer<E>> {
        let os_name = os_name(&self.name)?;
        let reservations = self.reservations()?;
        let gating_places = self.discovery.max_consumers();
        let max_consumers = self.max_consumers.max(gating_places);
        let layout = &E::LAYOUT;
        let plan = SegmentPlan::new(
            layout.size() as u64,
            layout.align() as u64,
            layout.fields().len() as u64,
            self.capacity as u64,
            max_consumers as u64,
        )
        .map_err(|err| match err {
            PlanError::Capacity => MultiProcessError::InvalidCapacity {
                capacity: self.capacity,
            },
            PlanError::Consumers => {
                MultiProcessError::InvalidConfig("max consumers must be 1..=4096")
            }
            PlanError::Event => {
                MultiProcessError::InvalidConfig("event size or alignment unsupported")
            }
            PlanError::TooLarge => MultiProcessError::InvalidConfig("segment would exceed 1 TiB"),
        })?;
        let me = ProcessIdentity::current();
        let region = shm::create(&self.name, &os_name, plan.total_size, self.mode)?;
        let segment = Segment::new(Box::new(region), plan).expect("created with the planned size");
        let publisher = Publisher::<E>::new(segment);
        publisher.initialise(me, &reservations, factory);
        let mut producer =
            SharedProducer::from_parts(publisher, self.name.clone(), me, self.wait, true);
        if let Some((min, timeout)) = self.coordination_wait(gating_places)? {
            wait_for_consumers(&mut producer, min, timeout)?;
        }
        Ok(producer)
    }

    fn reservations(&self) -> MultiProcessResult<Reservations> {
        Ok(match &self.discovery {
            DiscoveryMode::Disabled => Reservations::None,
            DiscoveryMode::Enabled {
                max_consumers: 0, ..
            } => {
                return Err(MultiProcessError::InvalidConfig(
                    "discovery needs at least one consumer",
                ));
            }
            DiscoveryMode::Enabled {
                max_consumers,
                consumer_prefix: None,
                ..
            } => Reservations::Open(*max_consumers),
            DiscoveryMode::Enabled {
                max_consumers,
                consumer_prefix: Some(prefix),
                ..
            } => {
                let ids = (0..*max_consumers)
                    .map(|i| {
                        let id = format!("{prefix}_{i}");
                        PackedId::new(&id).ok_or(MultiProcessError::InvalidConsumerId {
                            id,
                            reason: "consumer ids are 1 to 48 bytes without NUL",
                        })
                    })
                    .collect::<Result<_, _>>()?;
                Reservations::Named(ids)
            }
        })
    }

    /// `(min consumers, timeout)` to wait for, if any.
    fn coordination_wait(
        &self,
        gating_places: usize,
    ) -> MultiProcessResult<Option<(usize, Duration)>> {
        let mode = match (&self.coordination, gating_places) {
            (Some(mode), _) => mode.clone(),
            (None, 0) => CoordinationMode::Immediate,
            (None, n) => CoordinationMode::WaitForConsumers {
                min_consumers: n as i64,
                timeout: self
                    .coordination_timeout
                    .unwrap_or_else(|| adaptive_timeout(n)),
            },
        };
        match mode {
            CoordinationMode::Immediate | CoordinationMode::BufferUntilConsumers { .. } => Ok(None),
            CoordinationMode::WaitForConsumers {
                min_consumers,
                timeout,
            } => {
                let min = usize::try_from(min_consumers)
                    .ok()
                    .filter(|&min| min > 0)
                    .ok_or(MultiProcessError::InvalidConfig(
                        "min_consumers must be at least 1",
                    ))?;
                Ok(Some((min, timeout)))
            }
        }
    }
}

fn wait_for_consumers<E: SharedEvent>(
    producer: &mut SharedProducer<E>,
    min: usize,
    timeout: Duration,
) -> MultiProcessResult<()> {
    let started = Instant::now();
    loop {
        let attached = producer.get_consumer_count();
        if attached >= min {
            return Ok(());
        }
        if started.elapsed() >= timeout {
            return Err(MultiProcessError::CoordinationTimeout {
                expected: min,
                attached,
                waited: started.elapsed(),
            });
        }
        std::thread::sleep(Duration::from_millis(1));
    }
}
