//! Small arithmetic the published crate exported.

/// Whether `value` is an exact multiple of `divisor`. Zero is a multiple of everything, and only
/// zero is a multiple of zero (the published crate's `value % divisor` would panic there).
///
/// ```
/// assert!(disruptor_mp::is_multiple_of_u64(4096, 64));
/// assert!(!disruptor_mp::is_multiple_of_u64(100, 64));
/// assert!(disruptor_mp::is_multiple_of_u64(0, 0));
/// ```
pub const fn is_multiple_of_u64(value: u64, divisor: u64) -> bool {
    value.is_multiple_of(divisor)
}
