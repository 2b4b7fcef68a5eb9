//! Attaching to a mapping whose bytes another process wrote: the state word, header
//! validation, the segment plan, the field-table explanation of a mismatch, then joining and
//! reading.
//!
//! See `disruptor_mp::__fuzz::header` for the input format and the properties checked.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| disruptor_mp::__fuzz::header(data));
