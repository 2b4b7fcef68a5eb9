//! Exporting a [`CountersFile`]'s slots through `metrics`, as the published aggregator did.

use super::AggregatorConfig;
use super::counters_file::{CounterSnapshot, CountersFile};
use super::export::AggregatorHandle;
use super::ids;
use std::sync::Arc;

impl AggregatorHandle {
    /// Exports every slot of `file` each interval, as `disruptor_mp_<label><suffix>`: a
    /// running total (`counter!(…).absolute`), or a gauge for the lag ids (the published
    /// aggregator made `consumer_lag_max` a counter). The published `unsafe spawn(&CountersFile)`
    /// carried a raw address; a `'static` file makes the same call safe (a leaked
    /// [`CountersFile::boxed`], or a region that lives as long as the process).
    pub fn spawn(file: &'static CountersFile, config: AggregatorConfig) -> std::io::Result<Self> {
        Self::spawn_arc(Arc::new(FileRef(file)), config)
    }

    /// Exports every slot of `file` each interval (see [`Self::spawn`]), keeping the file
    /// alive until the thread ends. Takes an `Arc` of the owned file
    /// ([`super::OwnedCountersFile`], which owns its memory), or, as published, of a
    /// `CountersFile` view.
    ///
    /// ```
    /// use disruptor_mp::observability::{AggregatorConfig, AggregatorHandle, CountersFile, ids};
    /// let file = std::sync::Arc::new(CountersFile::boxed());
    /// let orders = file.register(ids::APP_RESERVED_BASE, 0, "orders").expect("a free slot");
    /// let exporter = AggregatorHandle::spawn_arc(file.clone(), AggregatorConfig::default())?;
    /// orders.inc();
    /// drop(exporter); // one last export, then the thread ends
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn spawn_arc<F>(file: Arc<F>, config: AggregatorConfig) -> std::io::Result<Self>
    where
        F: AsRef<CountersFile> + Send + Sync + 'static,
    {
        let interval = config.interval;
        let suffix = config.metric_suffix.unwrap_or_default();
        Self::start(interval, move || {
            for slot in (*file).as_ref().snapshot() {
                record(&slot, &suffix);
            }
        })
    }
}

/// A `'static` borrow in the shape `spawn_arc` takes.
struct FileRef(&'static CountersFile);

impl AsRef<CountersFile> for FileRef {
    fn as_ref(&self) -> &CountersFile {
        self.0
    }
}

fn record(slot: &CounterSnapshot, suffix: &str) {
    let name = format!("disruptor_mp_{}{suffix}", slot.label);
    if matches!(slot.id, ids::CONSUMER_LAG | ids::CONSUMER_LAG_MAX) {
        metrics::gauge!(name).set(slot.value as f64);
    } else {
        metrics::counter!(name).absolute(slot.value);
    }
}
