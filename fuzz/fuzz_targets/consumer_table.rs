//! A live ring whose consumer table and producer cursor a lying peer overwrites while honest
//! consumers join, read and leave and the producer publishes.
//!
//! See `disruptor_mp::__fuzz::consumer_table` for the input format and the properties checked.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| disruptor_mp::__fuzz::consumer_table(data));
