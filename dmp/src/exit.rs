//! Exit codes: one per thing a script would do differently.

use disruptor_mp::inspect::InspectError;

/// Success.
pub const OK: u8 = 0;
/// A failure with no code of its own (writing the output failed).
pub const OTHER: u8 = 1;
/// A bad command line (clap's own code).
pub const USAGE: u8 = 2;
/// No ring at the name.
pub const NOT_FOUND: u8 = 3;
/// Something is at the name, but not a disruptor-mp ring.
pub const NOT_A_RING: u8 = 4;
/// A ring whose bytes contradict the format.
pub const CORRUPT: u8 = 5;
/// A ring of another format version, crate version or platform.
pub const INCOMPATIBLE: u8 = 6;
/// This user may not read (or remove) the ring.
pub const PERMISSION: u8 = 7;
/// The ring is still being created.
pub const NOT_READY: u8 = 8;
/// Any other OS error, or a directory refused as unsafe.
pub const OS: u8 = 9;

/// The exit code for `err`.
pub fn code(err: &InspectError) -> u8 {
    match err {
        InspectError::NotFound { .. } => NOT_FOUND,
        InspectError::NotARing { .. } => NOT_A_RING,
        InspectError::Corrupt { .. } => CORRUPT,
        InspectError::Incompatible { .. } => INCOMPATIBLE,
        InspectError::PermissionDenied { .. } => PERMISSION,
        InspectError::NotReady { .. } => NOT_READY,
        InspectError::InvalidName { .. } => USAGE,
        _ => OS,
    }
}
