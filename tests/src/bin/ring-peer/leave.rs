//! How a peer's consumer goes away, by its `leave=` argument: `drop` (the default; a reserved
//! place is kept for the same id) or `give-up` (the place is released for good).

use crate::args::Args;
use disruptor_mp::{SharedConsumer, SharedEvent};

pub fn leave<E: SharedEvent>(consumer: SharedConsumer<E>, args: &Args) -> Result<(), String> {
    match args.opt_str("leave").unwrap_or("drop") {
        "drop" => drop(consumer),
        "give-up" => consumer.give_up_place(),
        other => return Err(format!("leave={other:?}: expected drop or give-up")),
    }
    Ok(())
}
