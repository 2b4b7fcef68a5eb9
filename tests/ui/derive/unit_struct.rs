// A zero-sized event carries no data.
use disruptor_mp::SharedEvent;

#[derive(Clone, Copy, SharedEvent)]
#[repr(C)]
pub struct Heartbeat;

#[derive(Clone, Copy, SharedEvent)]
#[repr(C)]
pub struct Empty {}

fn main() {}
