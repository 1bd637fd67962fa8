//! What-if results for people and programs: plain text, Markdown, JSON
//! (the engine's exact-decimal document tree), CSV and a printable HTML page.

mod compare;
mod summary;
mod sweep;
mod table;
mod timeline;

pub use compare::{compare_document, compare_markdown, compare_text};
pub use summary::{summary_html, summary_markdown, summary_text, Summary};
pub use sweep::{sweep_csv, sweep_document, sweep_markdown, sweep_text};
pub use timeline::{timeline_document, timeline_markdown, timeline_text};

use etuus_engine::output::{format_number, NumberStyle};
use rust_decimal::Decimal;

/// `1 234,50` / `1,234.50`.
pub(crate) fn money(d: Decimal, lang: &str) -> String {
    format_number(d, true, NumberStyle::for_language(lang))
}

/// The month as people write it: `6/2026`, or `2026-06` in English.
pub(crate) fn month_label(m: etuus_engine::Month, lang: &str) -> String {
    if lang == "en" {
        m.to_string()
    } else {
        format!("{}/{}", m.month, m.year)
    }
}
