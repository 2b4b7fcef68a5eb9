//! latency.svg: one panel per latency group (ping-pong per payload, fixed rate), each with every
//! engine's percentile curve — latency (log scale) against the percentile on a "nines" axis
//! (0 = p0, 1 = p90, 2 = p99, 3 = p99.9, …), from each engine's run with the median p99.9.

use crate::results::Group;
use hdrhistogram::Histogram;
use plotters::prelude::*;
use std::path::Path;

const COLORS: [RGBColor; 6] = [
    RGBColor(200, 30, 30),
    RGBColor(30, 90, 200),
    RGBColor(20, 150, 60),
    RGBColor(150, 60, 170),
    RGBColor(230, 140, 20),
    RGBColor(90, 90, 90),
];

/// Points (nines, ns) of `h`'s percentile curve up to its maximum.
pub fn curve(h: &Histogram<u64>) -> Vec<(f64, f64)> {
    let top = (h.len() as f64).log10().clamp(1.0, 7.0);
    let steps = 240;
    let mut points: Vec<(f64, f64)> = (0..=steps)
        .map(|i| {
            let nines = top * i as f64 / steps as f64;
            let q = 1.0 - 10f64.powf(-nines);
            (nines, h.value_at_quantile(q).max(1) as f64)
        })
        .collect();
    points.push((top, h.max().max(1) as f64));
    points
}

fn nines_label(x: &f64) -> String {
    match x.round() as i32 {
        0 => "p0".into(),
        1 => "p90".into(),
        2 => "p99".into(),
        n => format!("p99.{}", "9".repeat((n - 2) as usize)),
    }
}

fn ns_label(v: &f64) -> String {
    let v = *v;
    if v >= 1e6 {
        format!("{} ms", v / 1e6)
    } else if v >= 1e3 {
        format!("{} µs", v / 1e3)
    } else {
        format!("{v} ns")
    }
}

/// Writes the plot of every latency group to `path`. Returns how many panels it drew.
pub fn write(groups: &[Group], path: &Path) -> Result<usize, String> {
    let panels: Vec<&Group> = groups
        .iter()
        .filter(|g| g.engines.iter().any(|e| e.plotted.is_some()))
        .collect();
    if panels.is_empty() {
        return Ok(0);
    }
    let columns = panels.len().min(3);
    let rows = panels.len().div_ceil(columns);
    let size = (560 * columns as u32, 420 * rows as u32);
    let root = SVGBackend::new(path, size).into_drawing_area();
    root.fill(&WHITE).map_err(|e| e.to_string())?;
    let areas = root.split_evenly((rows, columns));
    for (group, area) in panels.iter().zip(areas.iter()) {
        draw_panel(group, area).map_err(|e| e.to_string())?;
    }
    root.present().map_err(|e| e.to_string())?;
    Ok(panels.len())
}

fn draw_panel(
    group: &Group,
    area: &DrawingArea<SVGBackend<'_>, plotters::coord::Shift>,
) -> Result<(), Box<dyn std::error::Error>> {
    let curves: Vec<(&str, Vec<(f64, f64)>)> = group
        .engines
        .iter()
        .filter_map(|e| e.plotted.as_ref().map(|h| (e.engine.as_str(), curve(h))))
        .collect();
    let x_max = curves
        .iter()
        .flat_map(|(_, c)| c.iter().map(|p| p.0))
        .fold(1.0f64, f64::max);
    let (lo, hi) = curves
        .iter()
        .flat_map(|(_, c)| c.iter().map(|p| p.1))
        .fold((f64::MAX, 1.0f64), |(lo, hi), y| (lo.min(y), hi.max(y)));
    let title = match group.scenario.as_str() {
        "ping-pong" => format!("ping-pong round trip, {} B", group.payload),
        other => format!(
            "{other} {}, {} B (from intended time)",
            group.case, group.payload
        ),
    };
    let mut chart = ChartBuilder::on(area)
        .caption(title, ("sans-serif", 18))
        .margin(12)
        .x_label_area_size(36)
        .y_label_area_size(64)
        .build_cartesian_2d(
            0f64..x_max.ceil(),
            ((lo * 0.8).max(1.0)..hi * 1.5).log_scale(),
        )?;
    chart
        .configure_mesh()
        .x_labels(x_max.ceil() as usize + 1)
        .x_label_formatter(&nines_label)
        .y_label_formatter(&ns_label)
        .y_desc("latency (log scale)")
        .x_desc("percentile")
        .draw()?;
    for (i, (engine, points)) in curves.iter().enumerate() {
        let color = COLORS[i % COLORS.len()];
        let width = if *engine == "ours" { 3 } else { 2 };
        chart
            .draw_series(LineSeries::new(
                points.iter().copied(),
                color.stroke_width(width),
            ))?
            .label(*engine)
            .legend(move |(x, y)| {
                PathElement::new(vec![(x, y), (x + 18, y)], color.stroke_width(3))
            });
    }
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperLeft)
        .label_font(("sans-serif", 14))
        .background_style(WHITE.mix(0.85))
        .border_style(BLACK)
        .draw()?;
    Ok(())
}
