//! `dmp inspect NAME`: everything one ring's segment says.

use crate::cli::InspectArgs;
use crate::{Outcome, exit, json, location, print_json};
use disruptor_mp::inspect::{EventRecord, RingInspector, RingReport};
use std::io::Write;

/// Prints the report of one ring, and its last `--events` events.
pub fn run(args: &InspectArgs, out: &mut impl Write) -> Outcome {
    let ring = RingInspector::open(&location(&args.name, args.scope.dir.as_deref()))?;
    let report = ring.report();
    let events = args.events.map(|n| ring.last_events(n));
    if args.scope.json {
        let mut value = json::report(&report);
        if let Some(events) = &events {
            value["events"] = events.iter().map(json::event).collect();
        }
        print_json(out, &value)?;
        return Ok(exit::OK);
    }
    header(&report, out)?;
    fields(&report, out)?;
    consumers(&report, out)?;
    if let Some(events) = &events {
        print_events(events, args.events.unwrap_or(0), out)?;
    }
    Ok(exit::OK)
}

fn header(report: &RingReport, out: &mut impl Write) -> std::io::Result<()> {
    let event = &report.event;
    writeln!(out, "ring        {}", report.location.display_name())?;
    writeln!(
        out,
        "event       {} (size {}, align {}, fingerprint {:#018x})",
        event.name, event.size, event.align, event.fingerprint
    )?;
    writeln!(
        out,
        "capacity    {} slots, {} consumer places, {} bytes{}",
        report.capacity,
        report.max_consumers,
        report.total_size,
        match report.huge_page_size {
            0 => String::new(),
            size => format!(" on {} KiB huge pages", size / 1024),
        }
    )?;
    writeln!(
        out,
        "format      {} (crate abi {}), flags {:#x}, {} slots",
        report.format_version, report.crate_abi, report.flags, report.slot_layout
    )?;
    writeln!(
        out,
        "state       {}",
        if report.closed { "closed" } else { "open" }
    )?;
    writeln!(
        out,
        "producer    pid {} {}",
        report.producer.pid,
        report.producer.status.as_str()
    )?;
    writeln!(out, "published   {} (last sequence)", report.last_published)?;
    writeln!(
        out,
        "stale       {}",
        if report.is_stale() { "yes" } else { "no" }
    )
}

fn fields(report: &RingReport, out: &mut impl Write) -> std::io::Result<()> {
    writeln!(out, "\nfields ({} in the event)", report.event.field_count)?;
    writeln!(
        out,
        "  {:<20} {:<20} {:>6} {:>6}",
        "NAME", "TYPE", "OFFSET", "SIZE"
    )?;
    for field in &report.fields {
        writeln!(
            out,
            "  {:<20} {:<20} {:>6} {:>6}",
            field.name, field.type_name, field.offset, field.size
        )?;
    }
    Ok(())
}

fn consumers(report: &RingReport, out: &mut impl Write) -> std::io::Result<()> {
    writeln!(out, "\nconsumers ({})", report.consumers.len())?;
    writeln!(
        out,
        "  {:<20} {:<9} {:<9} {:>8} {:>10} {:>8}",
        "ID", "ROLE", "STATUS", "PID", "CURSOR", "LAG"
    )?;
    for consumer in &report.consumers {
        let pid = consumer
            .pid
            .map_or_else(|| "-".to_owned(), |pid| pid.to_string());
        writeln!(
            out,
            "  {:<20} {:<9} {:<9} {:>8} {:>10} {:>8}",
            consumer.id,
            format!("{:?}", consumer.role).to_lowercase(),
            format!("{:?}", consumer.status).to_lowercase(),
            pid,
            consumer.cursor,
            consumer.lag
        )?;
    }
    Ok(())
}

fn print_events(events: &[EventRecord], asked: usize, out: &mut impl Write) -> std::io::Result<()> {
    writeln!(
        out,
        "\nevents (last {asked}: {} still in the ring)",
        events.len()
    )?;
    for event in events {
        write!(out, "  #{}", event.sequence)?;
        for field in &event.fields {
            write!(out, "  {}={}", field.name, field.value)?;
        }
        writeln!(out)?;
    }
    Ok(())
}
