//! `key=value` arguments after the role, and the settings several roles share.

use disruptor_mp::{
    AutoWaitStrategy, ConsumerBuilder, MmapTransportLayout, ProducerBuilder, SharedEvent,
    attach_mmap_consumer, attach_shared_consumer, build_mmap_single_producer,
    build_shared_single_producer,
};
use disruptor_mp_tests::event::EventKind;
use disruptor_mp_tests::wait::Deadline;
use std::collections::BTreeMap;
use std::str::FromStr;
use std::time::Duration;

/// A role's arguments.
pub struct Args {
    role: String,
    values: BTreeMap<String, String>,
    /// When the peer gives up on whatever it is waiting for.
    pub deadline: Deadline,
}

impl Args {
    /// Parses `ring-peer <role> key=value …`.
    pub fn parse() -> Result<Self, String> {
        let mut argv = std::env::args().skip(1);
        let role = argv.next().ok_or("usage: ring-peer <role> key=value …")?;
        let mut values = BTreeMap::new();
        for arg in argv {
            let (key, value) = arg
                .split_once('=')
                .ok_or_else(|| format!("argument {arg:?} is not key=value"))?;
            values.insert(key.to_owned(), value.to_owned());
        }
        let deadline_ms: u64 = match values.get("deadline-ms") {
            Some(ms) => ms.parse().map_err(|_| "deadline-ms is not a number")?,
            None => 60_000,
        };
        Ok(Self {
            role,
            values,
            deadline: Deadline::after(Duration::from_millis(deadline_ms)),
        })
    }

    /// The role (first argument).
    pub fn role(&self) -> &str {
        &self.role
    }

    /// The value of a required argument.
    pub fn str(&self, key: &str) -> Result<&str, String> {
        self.opt_str(key)
            .ok_or_else(|| format!("missing argument {key}="))
    }

    /// The value of an optional argument.
    pub fn opt_str(&self, key: &str) -> Option<&str> {
        self.values.get(key).map(String::as_str)
    }

    /// A required argument parsed as `T`.
    pub fn get<T: FromStr>(&self, key: &str) -> Result<T, String> {
        let raw = self.str(key)?;
        raw.parse()
            .map_err(|_| format!("argument {key}={raw:?} does not parse"))
    }

    /// An optional argument parsed as `T`, or `default`.
    pub fn get_or<T: FromStr>(&self, key: &str, default: T) -> Result<T, String> {
        match self.opt_str(key) {
            Some(_) => self.get(key),
            None => Ok(default),
        }
    }

    /// An optional duration given in milliseconds (`<key>-ms=`).
    pub fn millis_or(&self, key: &str, default: Duration) -> Result<Duration, String> {
        Ok(Duration::from_millis(self.get_or(
            &format!("{key}-ms"),
            default.as_millis() as u64,
        )?))
    }

    /// `wait=block|yield|sleep` (default `block`).
    pub fn wait_strategy(&self) -> Result<AutoWaitStrategy, String> {
        match self.opt_str("wait").unwrap_or("block") {
            "block" => Ok(AutoWaitStrategy::Block),
            "yield" => Ok(AutoWaitStrategy::SpinThenYield { spins: 100 }),
            "sleep" => Ok(AutoWaitStrategy::Sleep(Duration::from_micros(100))),
            other => Err(format!("unknown wait strategy {other:?}")),
        }
    }

    /// The ring file's layout when `dir=<path>` says the ring is a file in that directory (the
    /// file backend); `None` for POSIX shared memory.
    fn file_layout(&self, name: &str) -> Result<Option<MmapTransportLayout>, String> {
        self.opt_str("dir")
            .map(|dir| MmapTransportLayout::new(dir, name).map_err(|err| err.to_string()))
            .transpose()
    }

    /// The ring file of `name` when `dir=` picks the file backend; `None` for POSIX shared memory.
    pub fn ring_file(&self, name: &str) -> Result<Option<std::path::PathBuf>, String> {
        Ok(self.file_layout(name)?.map(|layout| layout.ring_path()))
    }

    /// The producer builder of ring `name` in the backend `dir=` picks; `keep-file=true` keeps
    /// the ring's object after a clean close, `lock=true` locks the mapping in memory,
    /// `layout=packed` packs the slots (default stamped).
    pub fn producer<E: SharedEvent>(
        &self,
        name: &str,
        capacity: usize,
    ) -> Result<ProducerBuilder<E>, String> {
        let builder = match self.file_layout(name)? {
            Some(layout) => build_mmap_single_producer(&layout, capacity),
            None => build_shared_single_producer(name, capacity),
        };
        let layout = match self.opt_str("layout").unwrap_or("stamped") {
            "stamped" => disruptor_mp::SlotLayout::Stamped,
            "packed" => disruptor_mp::SlotLayout::Packed,
            other => return Err(format!("unknown layout {other:?}")),
        };
        Ok(builder
            .keep_file(self.get_or("keep-file", false)?)
            .lock_in_memory(self.get_or("lock", false)?)
            .slot_layout(layout))
    }

    /// The consumer builder of ring `name` in the backend `dir=` picks; `lock=true` locks the
    /// mapping in memory.
    pub fn consumer<E: SharedEvent>(
        &self,
        name: &str,
        capacity: usize,
    ) -> Result<ConsumerBuilder<E>, String> {
        let builder = match self.file_layout(name)? {
            Some(layout) => attach_mmap_consumer(&layout, capacity),
            None => attach_shared_consumer(name, capacity),
        };
        Ok(builder.lock_in_memory(self.get_or("lock", false)?))
    }

    /// `type=peer|a|b|reading-v1|reading-v2` (default `peer`).
    pub fn event_kind(&self) -> Result<EventKind, String> {
        let raw = self.opt_str("type").unwrap_or("peer");
        EventKind::from_arg(raw).ok_or_else(|| format!("unknown event type {raw:?}"))
    }
}
