//! A sweep as an SVG chart a counsellor can open or print: the household's
//! income stacked by source over the range, the income left after housing
//! costs as a line, the effective marginal tax rate on a second axis, and
//! the incentive traps shaded. Patterns and line styles, not colour alone,
//! tell the series apart, so the chart reads in black-and-white print.
//!
//! Coordinates are floating point: they place pixels, they are not money.

use std::fmt::Write as _;

use etuus_engine::output::{format_number, NumberStyle};
use rust_decimal::prelude::ToPrimitive as _;
use rust_decimal::Decimal;

use super::sweep::Sweep;
use super::words::word;

const WIDTH: f64 = 960.0;
const HEIGHT: f64 = 560.0;
const LEFT: f64 = 80.0;
const RIGHT: f64 = 80.0;
const TOP: f64 = 70.0;
const BOTTOM: f64 = 135.0;

/// Fills for the stacked series: (pattern id, pattern body, base grey).
const FILLS: &[(&str, &str)] = &[
    (
        "p0",
        r##"<rect width="8" height="8" fill="#ffffff"/><path d="M0,8 L8,0" stroke="#222" stroke-width="1"/>"##,
    ),
    ("p1", r##"<rect width="8" height="8" fill="#d9d9d9"/>"##),
    (
        "p2",
        r##"<rect width="8" height="8" fill="#ffffff"/><circle cx="4" cy="4" r="1.4" fill="#222"/>"##,
    ),
    ("p3", r##"<rect width="8" height="8" fill="#9e9e9e"/>"##),
    (
        "p4",
        r##"<rect width="8" height="8" fill="#ffffff"/><path d="M0,4 L8,4" stroke="#222" stroke-width="1"/>"##,
    ),
    (
        "p5",
        r##"<rect width="8" height="8" fill="#ffffff"/><path d="M0,0 L8,8 M0,8 L8,0" stroke="#444" stroke-width="0.8"/>"##,
    ),
    (
        "p6",
        r##"<rect width="8" height="8" fill="#bdbdbd"/><path d="M4,0 L4,8" stroke="#222" stroke-width="1"/>"##,
    ),
    ("p7", r##"<rect width="8" height="8" fill="#efefef"/>"##),
];

/// The chart of a sweep as an SVG document.
pub fn svg(sweep: &Sweep) -> String {
    let lang = sweep.language.as_str();
    let style = NumberStyle::for_language(lang);
    let f = |d: Decimal| d.to_f64().unwrap_or(0.0);
    // The stacked series, bottom up: pay after tax, other income, then each
    // benefit after tax, as long as it is above zero somewhere.
    let mut series: Vec<(String, Vec<f64>)> = Vec::new();
    series.push((
        word("chart_earnings_net", lang).to_string(),
        sweep
            .points
            .iter()
            .map(|p| f(p.ledger.earnings - p.ledger.earnings_tax))
            .collect(),
    ));
    series.push((
        word("chart_other", lang).to_string(),
        sweep.points.iter().map(|p| f(p.ledger.other_net)).collect(),
    ));
    if let Some(first) = sweep.points.first() {
        for (i, b) in first.ledger.benefits.iter().enumerate() {
            series.push((
                format!("{} ({})", b.label, word("net", lang)),
                sweep
                    .points
                    .iter()
                    .map(|p| f(p.ledger.benefits[i].net))
                    .collect(),
            ));
        }
    }
    series.retain(|(_, v)| v.iter().any(|x| *x > 0.0));
    let after_housing: Vec<f64> = sweep
        .points
        .iter()
        .map(|p| f(p.ledger.after_housing))
        .collect();
    let xs: Vec<f64> = sweep.points.iter().map(|p| f(p.value)).collect();
    let (x0, x1) = (
        xs.first().copied().unwrap_or(0.0),
        xs.last().copied().unwrap_or(1.0),
    );
    let x1 = if x1 > x0 { x1 } else { x0 + 1.0 };
    let totals: Vec<f64> = (0..xs.len())
        .map(|i| series.iter().map(|(_, v)| v[i].max(0.0)).sum())
        .collect();
    let y_max = nice_ceiling(
        totals
            .iter()
            .chain(after_housing.iter())
            .fold(1.0_f64, |a, b| a.max(*b)),
    );
    let y_min = nice_floor(after_housing.iter().fold(0.0_f64, |a, b| a.min(*b)));
    let rates: Vec<Option<f64>> = sweep
        .points
        .iter()
        .map(|p| p.incentive.as_ref().map(|i| f(i.rate) * 100.0))
        .collect();
    let rate_max = rates
        .iter()
        .flatten()
        .fold(100.0_f64, |a, b| a.max(*b))
        .min(200.0);
    let rate_max = (rate_max / 25.0).ceil() * 25.0;
    let rate_min = rates
        .iter()
        .flatten()
        .fold(0.0_f64, |a, b| a.min(*b))
        .max(-100.0);
    let rate_min = (rate_min / 25.0).floor() * 25.0;

    let plot_w = WIDTH - LEFT - RIGHT;
    let plot_h = HEIGHT - TOP - BOTTOM;
    let px = |x: f64| LEFT + (x - x0) / (x1 - x0) * plot_w;
    let py = |y: f64| TOP + (y_max - y) / (y_max - y_min) * plot_h;
    let pr =
        |r: f64| TOP + (rate_max - r.clamp(rate_min, rate_max)) / (rate_max - rate_min) * plot_h;

    let mut out = String::new();
    let _ = writeln!(
        out,
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}" font-family="DejaVu Sans, Arial, sans-serif" font-size="13" role="img" aria-labelledby="title desc">"##
    );
    let title = format!("{} — {}", word("chart_title", lang), sweep.label);
    let _ = writeln!(out, "<title id=\"title\">{}</title>", esc(&title));
    let _ = writeln!(
        out,
        "<desc id=\"desc\">{} {}</desc>",
        esc(&month_text(sweep)),
        esc(&trap_text(sweep, style))
    );
    out.push_str("<defs>\n");
    for (id, body) in FILLS {
        let _ = writeln!(
            out,
            r#"<pattern id="{id}" width="8" height="8" patternUnits="userSpaceOnUse">{body}</pattern>"#
        );
    }
    out.push_str("</defs>\n");
    let _ = writeln!(
        out,
        r##"<rect width="{WIDTH}" height="{HEIGHT}" fill="#ffffff"/>"##
    );
    let _ = writeln!(
        out,
        r##"<text x="{LEFT}" y="28" font-size="18" font-weight="bold">{}</text>"##,
        esc(&title)
    );
    let _ = writeln!(
        out,
        r##"<text x="{LEFT}" y="50" font-size="13">{}</text>"##,
        esc(&month_text(sweep))
    );
    // Trap ranges, behind everything.
    for trap in &sweep.traps {
        let (a, b) = (px(f(trap.from)), px(f(trap.to)));
        let _ = writeln!(
            out,
            r##"<rect class="trap" x="{a:.1}" y="{TOP}" width="{:.1}" height="{plot_h}" fill="#000000" fill-opacity="0.08"/>"##,
            (b - a).max(1.0)
        );
    }
    // Grid and the money axis.
    let step = nice_step((y_max - y_min) / 6.0);
    let mut y = y_min;
    while y <= y_max + 0.001 {
        let _ = writeln!(
            out,
            r##"<line x1="{LEFT}" x2="{:.1}" y1="{:.1}" y2="{:.1}" stroke="#cccccc" stroke-width="0.6"/>"##,
            LEFT + plot_w,
            py(y),
            py(y)
        );
        let _ = writeln!(
            out,
            r##"<text x="{:.1}" y="{:.1}" text-anchor="end">{}</text>"##,
            LEFT - 6.0,
            py(y) + 4.0,
            format_number(
                Decimal::from_f64_retain(y).unwrap_or_default().round(),
                false,
                style
            )
        );
        y += step;
    }
    // Stacked areas.
    let mut base = vec![0.0_f64; xs.len()];
    for (i, (_, values)) in series.iter().enumerate() {
        let top: Vec<f64> = base
            .iter()
            .zip(values)
            .map(|(b, v)| b + v.max(0.0))
            .collect();
        let mut d = String::new();
        for (k, x) in xs.iter().enumerate() {
            let _ = write!(
                d,
                "{}{:.1},{:.1} ",
                if k == 0 { "M" } else { "L" },
                px(*x),
                py(top[k])
            );
        }
        for (k, x) in xs.iter().enumerate().rev() {
            let _ = write!(d, "L{:.1},{:.1} ", px(*x), py(base[k]));
        }
        d.push('Z');
        let _ = writeln!(
            out,
            r##"<path class="series" d="{d}" fill="url(#{})" stroke="#000000" stroke-width="0.7"/>"##,
            FILLS[i % FILLS.len()].0
        );
        base = top;
    }
    // Income after housing costs: a thick line.
    let mut d = String::new();
    for (k, x) in xs.iter().enumerate() {
        let _ = write!(
            d,
            "{}{:.1},{:.1} ",
            if k == 0 { "M" } else { "L" },
            px(*x),
            py(after_housing[k])
        );
    }
    let _ = writeln!(
        out,
        r##"<path class="after-housing" d="{d}" fill="none" stroke="#000000" stroke-width="3"/>"##
    );
    // The marginal rate: dashed, on the right axis, drawn as steps between points.
    let mut d = String::new();
    let mut pen = false;
    for k in 1..xs.len() {
        match rates[k] {
            Some(r) => {
                let _ = write!(
                    d,
                    "{}{:.1},{:.1} L{:.1},{:.1} ",
                    if pen { "L" } else { "M" },
                    px(xs[k - 1]),
                    pr(r),
                    px(xs[k]),
                    pr(r)
                );
                pen = true;
            }
            None => pen = false,
        }
    }
    let _ = writeln!(
        out,
        r##"<path class="marginal-rate" d="{d}" fill="none" stroke="#000000" stroke-width="1.8" stroke-dasharray="7,4"/>"##
    );
    // Axes.
    let _ = writeln!(
        out,
        r##"<rect x="{LEFT}" y="{TOP}" width="{plot_w}" height="{plot_h}" fill="none" stroke="#000000" stroke-width="1"/>"##
    );
    let xstep = nice_step((x1 - x0) / 8.0);
    let mut x = (x0 / xstep).ceil() * xstep;
    while x <= x1 + 0.001 {
        let _ = writeln!(
            out,
            r##"<line x1="{:.1}" x2="{:.1}" y1="{:.1}" y2="{:.1}" stroke="#000000"/><text x="{:.1}" y="{:.1}" text-anchor="middle">{}</text>"##,
            px(x),
            px(x),
            TOP + plot_h,
            TOP + plot_h + 5.0,
            px(x),
            TOP + plot_h + 20.0,
            format_number(
                Decimal::from_f64_retain(x).unwrap_or_default().round(),
                false,
                style
            )
        );
        x += xstep;
    }
    let mut r = rate_min;
    while r <= rate_max + 0.001 {
        let _ = writeln!(
            out,
            r##"<line x1="{:.1}" x2="{:.1}" y1="{:.1}" y2="{:.1}" stroke="#000000"/><text x="{:.1}" y="{:.1}">{} %</text>"##,
            LEFT + plot_w,
            LEFT + plot_w + 5.0,
            pr(r),
            pr(r),
            LEFT + plot_w + 8.0,
            pr(r) + 4.0,
            r
        );
        r += 25.0;
    }
    let _ = writeln!(
        out,
        r##"<text class="x-label" x="{:.1}" y="{:.1}" text-anchor="middle">{} (€/{})</text>"##,
        LEFT + plot_w / 2.0,
        TOP + plot_h + 40.0,
        esc(&sweep.label),
        month_unit(lang)
    );
    let _ = writeln!(
        out,
        r##"<text class="y-label" transform="translate(22,{:.1}) rotate(-90)" text-anchor="middle">{}</text>"##,
        TOP + plot_h / 2.0,
        esc(word("chart_money", lang))
    );
    let _ = writeln!(
        out,
        r##"<text class="rate-label" transform="translate({:.1},{:.1}) rotate(90)" text-anchor="middle">{}</text>"##,
        WIDTH - 18.0,
        TOP + plot_h / 2.0,
        esc(word("chart_rate", lang))
    );
    // Legend: swatches with the same fills, then the two lines and the traps.
    let mut items: Vec<(Swatch, String)> = series
        .iter()
        .enumerate()
        .map(|(i, (label, _))| (Swatch::Fill(FILLS[i % FILLS.len()].0), label.clone()))
        .collect();
    items.push((Swatch::Thick, word("chart_net", lang).to_string()));
    items.push((Swatch::Dashed, word("chart_rate", lang).to_string()));
    if !sweep.traps.is_empty() {
        items.push((Swatch::Trap, word("traps", lang).to_string()));
    }
    let (mut lx, mut ly) = (LEFT, TOP + plot_h + 62.0);
    for (swatch, label) in items {
        let width = 34.0 + label.chars().count() as f64 * 7.2;
        if lx + width > WIDTH - RIGHT {
            lx = LEFT;
            ly += 22.0;
        }
        let _ = writeln!(
            out,
            r##"<g class="legend">{}<text x="{:.1}" y="{:.1}">{}</text></g>"##,
            swatch.svg(lx, ly - 11.0),
            lx + 28.0,
            ly,
            esc(&label)
        );
        lx += width + 12.0;
    }
    out.push_str("</svg>\n");
    out
}

/// A legend swatch.
enum Swatch {
    Fill(&'static str),
    Thick,
    Dashed,
    Trap,
}

impl Swatch {
    fn svg(&self, x: f64, y: f64) -> String {
        match self {
            Swatch::Fill(id) => format!(
                r##"<rect x="{x:.1}" y="{y:.1}" width="22" height="14" fill="url(#{id})" stroke="#000000" stroke-width="0.7"/>"##
            ),
            Swatch::Thick => format!(
                r##"<line x1="{x:.1}" x2="{:.1}" y1="{:.1}" y2="{:.1}" stroke="#000000" stroke-width="3"/>"##,
                x + 22.0,
                y + 7.0,
                y + 7.0
            ),
            Swatch::Dashed => format!(
                r##"<line x1="{x:.1}" x2="{:.1}" y1="{:.1}" y2="{:.1}" stroke="#000000" stroke-width="1.8" stroke-dasharray="7,4"/>"##,
                x + 22.0,
                y + 7.0,
                y + 7.0
            ),
            Swatch::Trap => format!(
                r##"<rect x="{x:.1}" y="{y:.1}" width="22" height="14" fill="#000000" fill-opacity="0.08" stroke="#000000" stroke-width="0.5"/>"##
            ),
        }
    }
}

fn month_unit(lang: &str) -> &'static str {
    match lang {
        "fi" => "kk",
        "sv" => "mån",
        _ => "month",
    }
}

fn month_text(sweep: &Sweep) -> String {
    let m = sweep.month;
    match sweep.language.as_str() {
        "fi" => format!("Kuukausi {}/{}", m.month, m.year),
        "sv" => format!("Månad {}/{}", m.month, m.year),
        _ => format!("Month {m}"),
    }
}

fn trap_text(sweep: &Sweep, style: NumberStyle) -> String {
    let lang = sweep.language.as_str();
    if sweep.traps.is_empty() {
        return word("no_traps", lang).to_string();
    }
    let ranges: Vec<String> = sweep
        .traps
        .iter()
        .map(|t| {
            format!(
                "{}–{} €",
                format_number(t.from, false, style),
                format_number(t.to, false, style)
            )
        })
        .collect();
    format!("{}: {}", word("traps", lang), ranges.join(", "))
}

fn esc(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn nice_step(raw: f64) -> f64 {
    if raw <= 0.0 || !raw.is_finite() {
        return 1.0;
    }
    let magnitude = 10f64.powf(raw.log10().floor());
    let n = raw / magnitude;
    let nice = if n <= 1.0 {
        1.0
    } else if n <= 2.0 {
        2.0
    } else if n <= 2.5 {
        2.5
    } else if n <= 5.0 {
        5.0
    } else {
        10.0
    };
    nice * magnitude
}

fn nice_ceiling(v: f64) -> f64 {
    let step = nice_step(v / 6.0);
    (v / step).ceil() * step
}

fn nice_floor(v: f64) -> f64 {
    if v >= 0.0 {
        return 0.0;
    }
    let step = nice_step(-v / 3.0);
    (v / step).floor() * step
}
