//! A sweep as a table (text, Markdown), CSV and JSON.

use etuus_engine::output::{NumberStyle, Out};
use rust_decimal::Decimal;

use super::super::sweep::{Sweep, Trap};
use super::super::why::{lower_first, percent, signed_eur};
use super::super::words::word;
use super::compare::{ledger_document, num};
use super::table::{self, Row};
use super::{money, month_label};

/// The benefits shown: those above zero somewhere in the range.
fn shown_benefits(s: &Sweep) -> Vec<usize> {
    let Some(first) = s.points.first() else {
        return Vec::new();
    };
    (0..first.ledger.benefits.len())
        .filter(|&i| {
            s.points
                .iter()
                .any(|p| !p.ledger.benefits[i].gross.is_zero())
        })
        .collect()
}

fn headings(s: &Sweep) -> Vec<String> {
    let lang = s.language.as_str();
    let mut h = Vec::new();
    if let Some(first) = s.points.first() {
        for i in shown_benefits(s) {
            h.push(first.ledger.benefits[i].label.clone());
        }
    }
    h.push(word("earnings_tax", lang).to_string());
    h.push(word("disposable", lang).to_string());
    h.push(word("after_housing", lang).to_string());
    h.push(word("rate_short", lang).to_string());
    h
}

fn rows(s: &Sweep) -> Vec<Row> {
    let lang = s.language.as_str();
    let style = NumberStyle::for_language(lang);
    let benefits = shown_benefits(s);
    s.points
        .iter()
        .map(|p| {
            let mut cells: Vec<String> = benefits
                .iter()
                .map(|&i| money(p.ledger.benefits[i].net, lang))
                .collect();
            cells.push(money(p.ledger.earnings_tax, lang));
            cells.push(money(p.ledger.disposable, lang));
            cells.push(money(p.ledger.after_housing, lang));
            cells.push(
                p.incentive
                    .as_ref()
                    .map(|i| percent(i.rate, style))
                    .unwrap_or_default(),
            );
            let trap = p
                .incentive
                .as_ref()
                .is_some_and(|i| i.earnings > Decimal::ZERO && i.rate >= s.threshold);
            Row {
                label: etuus_engine::output::format_number(p.value, false, style),
                cells,
                highlight: trap,
            }
        })
        .collect()
}

fn trap_lines(s: &Sweep) -> Vec<String> {
    let lang = s.language.as_str();
    let style = NumberStyle::for_language(lang);
    if s.traps.is_empty() {
        return vec![word("no_traps", lang).to_string()];
    }
    s.traps
        .iter()
        .map(|t| trap_line(t, lang, style, s.threshold))
        .collect()
}

fn trap_line(t: &Trap, lang: &str, style: NumberStyle, threshold: Decimal) -> String {
    let range = format!(
        "{}–{} €",
        etuus_engine::output::format_number(t.from, false, style),
        etuus_engine::output::format_number(t.to, false, style)
    );
    let what = if t.loses {
        word("loses", lang).to_string()
    } else if threshold >= Decimal::ONE {
        word("keeps_nothing", lang).to_string()
    } else {
        format!(
            "{} {} {}",
            word("keeps_little", lang),
            percent(Decimal::ONE - threshold, style),
            word("of_raise", lang)
        )
    };
    let responsible: Vec<String> = t
        .responsible
        .iter()
        .map(|(l, v)| format!("{} {}", lower_first(l), signed_eur(*v, style)))
        .collect();
    format!(
        "{range}: {what} ({} {}); {}: {}",
        word("rate", lang),
        percent(t.worst_rate, style),
        word("because", lang),
        responsible.join(", ")
    )
}

fn title(s: &Sweep) -> String {
    let lang = s.language.as_str();
    format!(
        "{} — {} {}",
        word("chart_title", lang),
        s.label,
        month_label(s.month, lang)
    )
}

/// The sweep as a text table, the traps below it.
pub fn sweep_text(s: &Sweep) -> String {
    let lang = s.language.as_str();
    let mut out = format!("{}\n\n", title(s));
    out.push_str(&table::text(&headings(s), &rows(s)));
    out.push_str(&format!("\n{}\n", word("traps", lang)));
    for line in trap_lines(s) {
        out.push_str(&format!("  {line}\n"));
    }
    out
}

/// The sweep as a Markdown table.
pub fn sweep_markdown(s: &Sweep) -> String {
    let lang = s.language.as_str();
    let mut out = format!("## {}\n\n", title(s));
    out.push_str(&table::markdown(&headings(s), &rows(s)));
    out.push_str(&format!("\n### {}\n\n", word("traps", lang)));
    for line in trap_lines(s) {
        out.push_str(&format!("- {}\n", table::md_escape(&line)));
    }
    out
}

/// The sweep as CSV: one row per step, exact decimals with a point, a header
/// of stable keys.
pub fn sweep_csv(s: &Sweep) -> String {
    let mut out = String::from("value");
    if let Some(first) = s.points.first() {
        for b in &first.ledger.benefits {
            out.push_str(&format!(",{k}_gross,{k}_tax,{k}_net", k = b.key));
        }
    }
    out.push_str(",earnings,earnings_tax,other_net,benefits_net,disposable,housing,after_housing,effective_marginal_tax_rate,trap\n");
    for p in &s.points {
        let l = &p.ledger;
        out.push_str(&p.value.normalize().to_string());
        for b in &l.benefits {
            out.push_str(&format!(",{},{},{}", b.gross, b.tax, b.net));
        }
        let rate = p
            .incentive
            .as_ref()
            .map(|i| i.rate.round_dp(4).normalize().to_string())
            .unwrap_or_default();
        let trap = p
            .incentive
            .as_ref()
            .is_some_and(|i| i.earnings > Decimal::ZERO && i.rate >= s.threshold);
        out.push_str(&format!(
            ",{},{},{},{},{},{},{},{rate},{trap}\n",
            l.earnings,
            l.earnings_tax,
            l.other_net,
            l.benefits_net,
            l.disposable,
            l.housing,
            l.after_housing
        ));
    }
    out
}

/// The sweep as a document for programs.
pub fn sweep_document(s: &Sweep) -> Out {
    let lang = s.language.as_str();
    Out::Map(vec![
        ("format_version".into(), Out::Num(Decimal::ONE)),
        ("month".into(), Out::str(s.month.to_string())),
        ("input".into(), Out::str(s.spec.path.clone())),
        ("label".into(), Out::str(s.label.clone())),
        ("threshold".into(), Out::Num(s.threshold)),
        (
            "points".into(),
            Out::List(
                s.points
                    .iter()
                    .map(|p| {
                        Out::Map(vec![
                            ("value".into(), Out::Num(p.value)),
                            ("totals".into(), ledger_document(&p.ledger)),
                            (
                                "effective_marginal_tax_rate".into(),
                                p.incentive
                                    .as_ref()
                                    .map_or(Out::Null, |i| Out::Num(i.rate.round_dp(4))),
                            ),
                            (
                                "parts".into(),
                                p.incentive.as_ref().map_or(Out::Null, |i| {
                                    Out::List(
                                        i.parts
                                            .iter()
                                            .map(|(l, v)| {
                                                Out::Map(vec![
                                                    ("label".into(), Out::str(l.clone())),
                                                    ("change".into(), num(*v)),
                                                ])
                                            })
                                            .collect(),
                                    )
                                }),
                            ),
                        ])
                    })
                    .collect(),
            ),
        ),
        (
            "traps".into(),
            Out::List(
                s.traps
                    .iter()
                    .map(|t| {
                        Out::Map(vec![
                            ("from".into(), Out::Num(t.from)),
                            ("to".into(), Out::Num(t.to)),
                            ("worst_rate".into(), Out::Num(t.worst_rate.round_dp(4))),
                            ("loses".into(), Out::Bool(t.loses)),
                            ("kept".into(), num(t.kept)),
                            ("earnings_change".into(), num(t.earnings)),
                            (
                                "responsible".into(),
                                Out::List(
                                    t.responsible
                                        .iter()
                                        .map(|(l, v)| {
                                            Out::Map(vec![
                                                ("label".into(), Out::str(l.clone())),
                                                ("change".into(), num(*v)),
                                            ])
                                        })
                                        .collect(),
                                ),
                            ),
                            (
                                "text".into(),
                                Out::str(trap_line(
                                    t,
                                    lang,
                                    NumberStyle::for_language(lang),
                                    s.threshold,
                                )),
                            ),
                        ])
                    })
                    .collect(),
            ),
        ),
    ])
}
