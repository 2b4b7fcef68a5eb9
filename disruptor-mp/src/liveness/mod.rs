//! Required-consumer liveness: a stalled or dead consumer the producer cannot run without is
//! reported (once per stall, to a hook) and, after a grace period, fails the managed publish
//! calls, instead of freezing the producer silently. The checks run only while a managed
//! publish finds the ring full, so the steady-state publish is untouched.

mod alert;
mod config;
pub(crate) mod monitor;
#[cfg(test)]
mod tests;

pub use alert::{RequiredConsumerAlert, StallCause};
pub use config::{
    RequiredConsumerAlertHook, RequiredConsumerFailureAction, RequiredConsumerLivenessConfig,
};
