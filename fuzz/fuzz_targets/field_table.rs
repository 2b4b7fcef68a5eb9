//! The stored field records and event description, compared with local layouts to explain a
//! layout mismatch.
//!
//! See `disruptor_mp::__fuzz::field_table` for the input format and the properties checked.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| disruptor_mp::__fuzz::field_table(data));
