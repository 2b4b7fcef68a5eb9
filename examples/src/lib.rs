//! Helpers the example programs share. Nothing here is about disruptor-mp itself: it is the
//! plumbing of running one program as several processes.

pub mod children;
