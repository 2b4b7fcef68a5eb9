//! disruptor-mp: LMAX-Disruptor rings between OS processes (placeholder, filled in below).

pub mod event;
#[doc(hidden)]
pub mod __private;

pub use disruptor_mp_derive::SharedEvent;
pub use event::SharedEvent;
