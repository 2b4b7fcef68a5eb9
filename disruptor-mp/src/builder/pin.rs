//! The building thread's CPU core: from the builder's `with_process_core`, else the role's
//! environment variable, else the process's (the published resolution order).

use crate::backend::affinity::pin_current_thread;
use crate::env::{CoreRole, Settings};
use crate::error::PinError;

/// Pins the calling thread to the core `explicit` (set with `with_process_core`) or, without
/// one, the core `settings` give for `role`; does nothing if neither names a core.
pub(super) fn pin_building_thread(
    explicit: Option<usize>,
    role: CoreRole,
    settings: &Settings,
) -> Result<(), PinError> {
    let (core, origin) = match explicit {
        Some(core) => (core, "with_process_core"),
        None => match settings.role_core(role) {
            Some(setting) => (setting.core, setting.variable),
            None => return Ok(()),
        },
    };
    pin_current_thread(core).map_err(|source| PinError {
        core,
        origin,
        source,
    })
}
