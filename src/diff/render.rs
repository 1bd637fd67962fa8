//! Writing a [`Report`]: text for the terminal, CSV for spreadsheets, JSON
//! for programs and Markdown for a pull-request comment.
//!
//! Amounts in text and Markdown are written for people in the report's
//! language (`−12,30` in Finnish); CSV and JSON carry exact decimals
//! (`-12.30`).

mod csv;
mod json;
mod markdown;
mod text;

use etuus_engine::output::{format_number, NumberStyle};
use rust_decimal::Decimal;

use super::report::{Report, Row};

/// The output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// A report for the terminal.
    Text,
    /// One row per household and pair of months.
    Csv,
    /// The whole report as data (see [`json::FORMAT_VERSION`]).
    Json,
    /// A pull-request comment.
    Markdown,
}

pub use json::FORMAT_VERSION;

/// Writes the report in a format.
pub fn render(report: &Report, format: Format) -> String {
    match format {
        Format::Text => text::render(report),
        Format::Csv => csv::render(report),
        Format::Json => json::render(report),
        Format::Markdown => markdown::render(report),
    }
}

fn style(report: &Report) -> NumberStyle {
    NumberStyle::for_language(&report.language)
}

/// An amount for people: `1 234,50`.
fn amount(report: &Report, value: Decimal) -> String {
    format_number(value, true, style(report))
}

/// A change for people, always signed: `+12,30`, `−4,00`, `0,00`.
fn change(report: &Report, value: Decimal) -> String {
    let text = format_number(value, true, style(report));
    if value.is_sign_positive() && !value.is_zero() {
        format!("+{text}")
    } else {
        text
    }
}

/// A change that may be missing (a side could not compute it).
fn maybe_change(report: &Report, value: Option<Decimal>) -> String {
    value.map_or_else(|| "–".to_string(), |v| change(report, v))
}

/// `2024-04`, or `2024-03 → 2024-04` when the months differ.
fn months(a: etuus_engine::Month, b: etuus_engine::Month) -> String {
    if a == b {
        b.to_string()
    } else {
        format!("{a} → {b}")
    }
}

/// The unit of the total for people, e.g. `€/month`, from `eur/month`.
fn unit_words(unit: Option<&str>) -> String {
    unit.map_or(String::new(), |u| u.replace("eur", "€"))
}

/// Whether any result's amount moved (the laskelma's lines may move without).
fn amounts_moved(row: &Row) -> bool {
    row.error.is_none()
        && row
            .cells
            .iter()
            .any(|c| c.change().is_some_and(|d| !d.is_zero()) || c.a.is_some() != c.b.is_some())
}

/// A household's rows with the same changes in several months, shown as one
/// line of a report.
struct Group<'r> {
    /// The first (largest) of the rows.
    row: &'r Row,
    /// The months, with runs of consecutive compared months as `A…B`.
    months: String,
}

/// The rows whose amounts moved, largest first; rows of one household with
/// identical changes are one group.
fn changed_groups(report: &Report) -> Vec<Group<'_>> {
    let mut pairs: Vec<(etuus_engine::Month, etuus_engine::Month)> =
        report.rows.iter().map(|r| (r.month_a, r.month_b)).collect();
    pairs.sort_by_key(|&(a, b)| (b, a));
    pairs.dedup();
    let mut groups: Vec<(&Row, Vec<usize>)> = Vec::new();
    for row in report.rows.iter().filter(|r| amounts_moved(r)) {
        let index = pairs
            .iter()
            .position(|&p| p == (row.month_a, row.month_b))
            .unwrap_or(0);
        let same = groups.iter_mut().find(|(first, _)| {
            first.id == row.id
                && first
                    .cells
                    .iter()
                    .zip(&row.cells)
                    .all(|(x, y)| x.change() == y.change())
        });
        match same {
            Some((_, indices)) => indices.push(index),
            None => groups.push((row, vec![index])),
        }
    }
    groups
        .into_iter()
        .map(|(row, mut indices)| {
            indices.sort_unstable();
            Group {
                row,
                months: month_runs(&pairs, &indices),
            }
        })
        .collect()
}

/// `2024-04…2025-01, 2026-03`: runs of three or more consecutive compared
/// months written as their ends.
fn month_runs(pairs: &[(etuus_engine::Month, etuus_engine::Month)], indices: &[usize]) -> String {
    let name = |i: usize| months(pairs[i].0, pairs[i].1);
    let mut parts = Vec::new();
    let mut start = 0;
    while start < indices.len() {
        let mut end = start;
        while end + 1 < indices.len() && indices[end + 1] == indices[end] + 1 {
            end += 1;
        }
        match end - start {
            0 => parts.push(name(indices[start])),
            1 => {
                parts.push(name(indices[start]));
                parts.push(name(indices[end]));
            }
            _ => parts.push(format!("{}…{}", name(indices[start]), name(indices[end]))),
        }
        start = end + 1;
    }
    parts.join(", ")
}

/// Households whose amounts moved in no month compared, each with whether
/// lines of its laskelma moved.
fn unchanged(report: &Report) -> Vec<(String, bool)> {
    let mut out: Vec<(String, bool)> = Vec::new();
    for row in &report.rows {
        let moved = report
            .rows
            .iter()
            .any(|r| r.id == row.id && (amounts_moved(r) || r.error.is_some()));
        if moved || out.iter().any(|(id, _)| *id == row.id) {
            continue;
        }
        let lines = report
            .rows
            .iter()
            .any(|r| r.id == row.id && !r.changed_lines.is_empty());
        out.push((row.id.clone(), lines));
    }
    out.sort();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use etuus_engine::Month;

    #[test]
    fn runs_of_consecutive_months_are_written_as_their_ends() {
        let pairs: Vec<(Month, Month)> = ["2024-03", "2024-04", "2024-09", "2025-01", "2026-05"]
            .iter()
            .map(|m| {
                let m: Month = m.parse().unwrap();
                (m, m)
            })
            .collect();
        assert_eq!(month_runs(&pairs, &[1, 2, 3]), "2024-04…2025-01");
        assert_eq!(month_runs(&pairs, &[0, 1, 4]), "2024-03, 2024-04, 2026-05");
        assert_eq!(month_runs(&pairs, &[4]), "2026-05");
        let two_months = [(pairs[0].0, pairs[1].0)];
        assert_eq!(month_runs(&two_months, &[0]), "2024-03 → 2024-04");
    }
}
