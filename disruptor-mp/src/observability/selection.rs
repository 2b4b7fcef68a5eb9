//! Which of the published counters a producer or consumer puts in a [`super::CountersFile`].

/// The producer counters [`crate::SharedProducer::attach_counters_selected`] registers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ProducerCounterSelection {
    /// `events_published` ([`super::ids::EVENTS_PUBLISHED`]).
    pub events_published: bool,
    /// `producer_full_events` ([`super::ids::PRODUCER_FULL_EVENTS`]).
    pub producer_full_events: bool,
}

impl ProducerCounterSelection {
    /// Both counters.
    pub const FULL: Self = Self {
        events_published: true,
        producer_full_events: true,
    };
    /// `events_published` only.
    pub const LITE: Self = Self {
        events_published: true,
        producer_full_events: false,
    };
}

/// The consumer counters [`crate::SharedConsumer::attach_counters_selected`] registers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ConsumerCounterSelection {
    /// `events_consumed` ([`super::ids::EVENTS_CONSUMED`]).
    pub events_consumed: bool,
    /// `consumer_empty_spins` ([`super::ids::CONSUMER_EMPTY_SPINS`]).
    pub consumer_empty_spins: bool,
    /// `consumer_lag_max` ([`super::ids::CONSUMER_LAG_MAX`]).
    pub consumer_lag_max: bool,
}

impl ConsumerCounterSelection {
    /// All three counters.
    pub const FULL: Self = Self {
        events_consumed: true,
        consumer_empty_spins: true,
        consumer_lag_max: true,
    };
    /// `events_consumed` only.
    pub const LITE: Self = Self {
        events_consumed: true,
        consumer_empty_spins: false,
        consumer_lag_max: false,
    };
}

impl Default for ProducerCounterSelection {
    fn default() -> Self {
        Self::FULL
    }
}

impl Default for ConsumerCounterSelection {
    fn default() -> Self {
        Self::FULL
    }
}
