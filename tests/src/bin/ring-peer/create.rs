//! Role `create name= capacity= [mode=<octal>]`: tries once to create the ring (of
//! `PeerEvent`s, with permission bits `mode`, default the library's) and prints
//! `RESULT outcome=ok` or `RESULT outcome=err kind=<variant> msg=<Display>`, then closes it.
//! Either outcome exits 0: the test judges it.

use crate::args::Args;
use crate::hold::describe_error;
use disruptor_mp_tests::event::PeerEvent;
use disruptor_mp_tests::report::Report;

pub fn run(args: &Args) -> Result<(), String> {
    let name = args.str("name")?;
    let mut builder = args.producer::<PeerEvent>(name, args.get("capacity")?)?;
    if let Some(mode) = args.opt_str("mode") {
        let mode =
            u32::from_str_radix(mode, 8).map_err(|_| format!("mode={mode:?} is not octal"))?;
        builder = builder.with_mode(mode);
    }
    let report = match builder.build_producer(PeerEvent::default) {
        Ok(producer) => {
            drop(producer);
            Report::new("RESULT").with("outcome", "ok")
        }
        Err(err) => describe_error(Report::new("RESULT").with("outcome", "err"), &err),
    };
    report.print();
    Ok(())
}
