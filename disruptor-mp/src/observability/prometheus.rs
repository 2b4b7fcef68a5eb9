//! A ready Prometheus scrape endpoint (feature `metrics-prometheus`): installs
//! `metrics-exporter-prometheus` as the process's `metrics` recorder with an HTTP listener, so
//! what an [`super::AggregatorHandle`] records can be scraped at `http://ADDR/metrics`.

use std::net::SocketAddr;

/// Why the endpoint could not be installed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PrometheusError {
    /// The exporter refused: the address is taken, or another recorder is installed already.
    #[error("cannot install the Prometheus endpoint on {addr}: {reason}")]
    Install {
        /// The address asked for.
        addr: SocketAddr,
        /// What the exporter said.
        reason: String,
    },
}

/// Installs the process-wide `metrics` recorder with a scrape endpoint listening on `addr`
/// (serving on a thread of its own). Call it once, before starting aggregators.
pub fn install(addr: SocketAddr) -> Result<(), PrometheusError> {
    metrics_exporter_prometheus::PrometheusBuilder::new()
        .with_http_listener(addr)
        .install()
        .map_err(|err| PrometheusError::Install {
            addr,
            reason: err.to_string(),
        })
}
