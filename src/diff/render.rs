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

use super::report::Report;

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
