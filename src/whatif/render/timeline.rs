//! A timeline as text, Markdown and JSON.

use etuus_engine::output::{format_number, NumberStyle, Out};
use rust_decimal::Decimal;

use super::super::compare::Difference;
use super::super::timeline::{Timeline, TimelineMonth};
use super::super::why::{lower_first, percent, signed_eur};
use super::super::words::word;
use super::compare::{difference_document, ledger_document, num};
use super::table::{self, Row};
use super::{money, month_label};

fn benefit_columns(t: &Timeline) -> Vec<usize> {
    let Some(first) = t.months.first() else {
        return Vec::new();
    };
    (0..first.ledger.benefits.len())
        .filter(|&i| {
            t.months
                .iter()
                .any(|m| !m.ledger.benefits[i].gross.is_zero())
        })
        .collect()
}

fn table_parts(t: &Timeline) -> (Vec<String>, Vec<Row>) {
    let lang = t.language.as_str();
    let style = NumberStyle::for_language(lang);
    let cols = benefit_columns(t);
    let mut headings: Vec<String> = cols
        .iter()
        .map(|&i| t.months[0].ledger.benefits[i].label.clone())
        .collect();
    headings.push(word("benefits_net", lang).to_string());
    headings.push(word("after_housing", lang).to_string());
    let with_days = t.months.iter().any(|m| !m.days.is_empty());
    if with_days {
        headings.push(word("paid_days", lang).to_string());
    }
    let rows = t
        .months
        .iter()
        .map(|m| {
            let mut cells: Vec<String> = cols
                .iter()
                .map(|&i| money(m.ledger.benefits[i].gross, lang))
                .collect();
            cells.push(money(m.ledger.benefits_net, lang));
            cells.push(money(m.ledger.after_housing, lang));
            if with_days {
                cells.push(
                    m.days
                        .iter()
                        .map(|(_, before, used)| {
                            format!(
                                "{}+{}",
                                format_number(*before, false, style),
                                format_number(*used, false, style)
                            )
                        })
                        .collect::<Vec<_>>()
                        .join(", "),
                );
            }
            Row {
                label: month_label(m.month, lang),
                cells,
                highlight: !m.changes.is_empty(),
            }
        })
        .collect();
    (headings, rows)
}

/// "In 3/2026 the unemployment benefit falls by 20 % (−…): …".
pub(crate) fn change_sentence(
    m: &TimelineMonth,
    d: &Difference,
    prev_gross: Decimal,
    lang: &str,
) -> String {
    let style = NumberStyle::for_language(lang);
    let direction = if d.gross < Decimal::ZERO {
        word("falls", lang)
    } else {
        word("rises", lang)
    };
    let ratio = if prev_gross.is_zero() {
        Decimal::ZERO
    } else {
        (d.gross / prev_gross).abs()
    };
    // A share of a small amount says little ("+2 818 %"); the euros say it.
    let share = if ratio.is_zero() || ratio > Decimal::ONE {
        String::new()
    } else {
        format!(" {}", percent(ratio, style))
    };
    let reasons: Vec<String> = d
        .reasons
        .iter()
        .take(3)
        .map(|r| {
            let who = r
                .member
                .as_ref()
                .map(|m| format!(" ({m})"))
                .unwrap_or_default();
            let reference = r
                .reference
                .as_ref()
                .map(|x| format!(", {x}"))
                .unwrap_or_default();
            format!("{}{who} {} → {}{reference}", r.label, r.before, r.after)
        })
        .collect();
    let mut reasons = reasons;
    reasons.extend(d.notes.iter().cloned());
    // The paid days that moved a stepped-down benefit.
    if d.reasons
        .iter()
        .any(|r| r.name.starts_with("tyottomyysturva."))
    {
        for (i, (id, before, _)) in m.days.iter().enumerate() {
            reasons.insert(
                i,
                format!(
                    "{} ({id}) {}",
                    word("paid_days", lang),
                    format_number(*before, false, style)
                ),
            );
        }
    }
    let because = if reasons.is_empty() {
        String::new()
    } else {
        format!("; {}: {}", word("because", lang), reasons.join("; "))
    };
    format!(
        "{}: {} {direction}{share} ({}){because}",
        month_label(m.month, lang),
        lower_first(&d.label),
        signed_eur(d.gross, style)
    )
}

fn month_notes(t: &Timeline) -> Vec<(String, Vec<String>)> {
    let lang = t.language.as_str();
    let mut out = Vec::new();
    for (k, m) in t.months.iter().enumerate() {
        let mut lines = Vec::new();
        for e in &m.events {
            let reference = e
                .reference
                .as_ref()
                .map(|r| format!(" ({r})"))
                .unwrap_or_default();
            lines.push(format!("{}{reference}", e.text));
        }
        for d in &m.changes {
            let prev = k
                .checked_sub(1)
                .and_then(|p| {
                    t.months[p]
                        .ledger
                        .benefits
                        .iter()
                        .find(|b| format!("benefit:{}", b.key) == d.key)
                })
                .map_or(Decimal::ZERO, |b| b.gross);
            lines.push(change_sentence(m, d, prev, lang));
        }
        if !lines.is_empty() {
            out.push((month_label(m.month, lang), lines));
        }
    }
    out
}

fn title(t: &Timeline) -> String {
    let lang = t.language.as_str();
    let head = match lang {
        "fi" => "Kuukausi kuukaudelta",
        "sv" => "Månad för månad",
        _ => "Month by month",
    };
    match (t.months.first(), t.months.last()) {
        (Some(a), Some(b)) => format!(
            "{head} {}–{}",
            month_label(a.month, lang),
            month_label(b.month, lang)
        ),
        _ => head.to_string(),
    }
}

/// The timeline as text: a table of months, then what changed and why.
pub fn timeline_text(t: &Timeline) -> String {
    let (headings, rows) = table_parts(t);
    let mut out = format!("{}\n\n", title(t));
    out.push_str(&table::text(&headings, &rows));
    for (_, lines) in month_notes(t) {
        out.push('\n');
        for line in lines {
            out.push_str(&format!("  {line}\n"));
        }
    }
    for a in &t.assumptions {
        out.push_str(&format!("\n! {a}\n"));
    }
    out
}

/// The timeline as Markdown.
pub fn timeline_markdown(t: &Timeline) -> String {
    let (headings, rows) = table_parts(t);
    let mut out = format!("## {}\n\n", title(t));
    out.push_str(&table::markdown(&headings, &rows));
    for (month, lines) in month_notes(t) {
        out.push_str(&format!("\n**{month}**\n\n"));
        for line in lines {
            out.push_str(&format!("- {}\n", table::md_escape(&line)));
        }
    }
    for a in &t.assumptions {
        out.push_str(&format!("\n> {a}\n"));
    }
    out
}

/// The timeline as a document for programs.
pub fn timeline_document(t: &Timeline) -> Out {
    Out::Map(vec![
        ("format_version".into(), Out::Num(Decimal::ONE)),
        ("language".into(), Out::str(t.language.clone())),
        (
            "assumptions".into(),
            Out::List(t.assumptions.iter().map(|a| Out::str(a.clone())).collect()),
        ),
        (
            "months".into(),
            Out::List(
                t.months
                    .iter()
                    .map(|m| {
                        Out::Map(vec![
                            ("month".into(), Out::str(m.month.to_string())),
                            ("totals".into(), ledger_document(&m.ledger)),
                            (
                                "paid_days".into(),
                                Out::List(
                                    m.days
                                        .iter()
                                        .map(|(id, before, used)| {
                                            Out::Map(vec![
                                                ("person".into(), Out::str(id.clone())),
                                                ("before".into(), Out::Num(*before)),
                                                ("used".into(), Out::Num(*used)),
                                            ])
                                        })
                                        .collect(),
                                ),
                            ),
                            (
                                "events".into(),
                                Out::List(
                                    m.events
                                        .iter()
                                        .map(|e| {
                                            Out::Map(vec![
                                                ("kind".into(), Out::str(e.kind)),
                                                ("text".into(), Out::str(e.text.clone())),
                                                (
                                                    "reference".into(),
                                                    e.reference.clone().map_or(Out::Null, Out::Str),
                                                ),
                                            ])
                                        })
                                        .collect(),
                                ),
                            ),
                            (
                                "changes".into(),
                                Out::List(m.changes.iter().map(difference_document).collect()),
                            ),
                            ("benefits_net".into(), num(m.ledger.benefits_net)),
                        ])
                    })
                    .collect(),
            ),
        ),
    ])
}
