//! Porting checks: code written for the published `disruptor-mp` 0.1.0-alpha.2 that must compile
//! against this crate with only `SharedEvent` added to the event's derive list (and its `use`
//! line). `src/bin/published_quickstart.rs` is the published quick start; [`names`] names every
//! published item that exists here (see `docs/porting.md` for the rest).

pub mod names;
