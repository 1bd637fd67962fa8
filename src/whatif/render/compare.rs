//! A comparison as text, Markdown and JSON.

use etuus_engine::output::{NumberStyle, Out};
use rust_decimal::Decimal;

use super::super::compare::{Comparison, Difference};
use super::super::ledger::Ledger;
use super::super::why::{lower_first, signed_eur, Reason};
use super::super::words::word;
use super::table::{self, Row};
use super::{money, month_label};

fn title(c: &Comparison) -> String {
    let head = match c.language.as_str() {
        "fi" => "Vertailu",
        "sv" => "Jämförelse",
        _ => "Comparison",
    };
    format!("{head} {}", month_label(c.month, &c.language))
}

/// The rows of the side-by-side table.
fn rows(c: &Comparison) -> (Vec<String>, Vec<Row>) {
    let lang = c.language.as_str();
    let mut headings = vec![c.base.name.clone()];
    for o in &c.options {
        headings.push(o.column.name.clone());
        headings.push(format!("{} ({})", word("change", lang), o.column.name));
    }
    let ledgers: Vec<&Ledger> = std::iter::once(&c.base.ledger)
        .chain(c.options.iter().map(|o| &o.column.ledger))
        .collect();
    let mut rows = Vec::new();
    let mut push = |label: String, get: &dyn Fn(&Ledger) -> Decimal, negate: bool| {
        let base = get(ledgers[0]);
        let mut cells = vec![money(shown(base, negate), lang)];
        let mut highlight = false;
        for l in &ledgers[1..] {
            let v = get(l);
            cells.push(money(shown(v, negate), lang));
            let d = v - base;
            highlight |= !d.is_zero();
            cells.push(if d.is_zero() {
                String::new()
            } else {
                signed(shown(d, negate), lang)
            });
        }
        rows.push(Row {
            label,
            cells,
            highlight,
        });
    };
    for (i, b) in c.base.ledger.benefits.iter().enumerate() {
        let any = ledgers.iter().any(|l| !l.benefits[i].gross.is_zero());
        if !any {
            continue;
        }
        let taxed = ledgers.iter().any(|l| !l.benefits[i].tax.is_zero());
        if taxed {
            push(
                format!("{} ({})", b.label, word("gross", lang)),
                &|l: &Ledger| l.benefits[i].gross,
                false,
            );
            push(
                format!("  {}", word("tax", lang)),
                &|l: &Ledger| l.benefits[i].tax,
                true,
            );
            push(
                format!("  {}", word("net", lang)),
                &|l: &Ledger| l.benefits[i].net,
                false,
            );
        } else {
            push(b.label.clone(), &|l: &Ledger| l.benefits[i].net, false);
        }
    }
    push(
        word("benefits_net", lang).to_string(),
        &|l: &Ledger| l.benefits_net,
        false,
    );
    if ledgers.iter().any(|l| !l.earnings.is_zero()) {
        push(
            word("earnings", lang).to_string(),
            &|l: &Ledger| l.earnings,
            false,
        );
        push(
            format!("  {}", word("earnings_tax", lang)),
            &|l: &Ledger| l.earnings_tax,
            true,
        );
    }
    if ledgers.iter().any(|l| !l.other_net.is_zero()) {
        push(
            word("other_net", lang).to_string(),
            &|l: &Ledger| l.other_net,
            false,
        );
    }
    push(
        word("disposable", lang).to_string(),
        &|l: &Ledger| l.disposable,
        false,
    );
    push(
        word("housing", lang).to_string(),
        &|l: &Ledger| l.housing,
        true,
    );
    push(
        format!("= {}", word("after_housing", lang)),
        &|l: &Ledger| l.after_housing,
        false,
    );
    (headings, rows)
}

/// Taxes and costs are shown as negative amounts.
fn shown(d: Decimal, negate: bool) -> Decimal {
    if negate {
        -d
    } else {
        d
    }
}

fn signed(d: Decimal, lang: &str) -> String {
    signed_eur(d, NumberStyle::for_language(lang))
        .trim_end_matches(" €")
        .to_string()
}

fn reason_text(r: &Reason) -> String {
    let who = r
        .member
        .as_ref()
        .map(|m| format!(" ({m})"))
        .unwrap_or_default();
    let reference = r
        .reference
        .as_ref()
        .map(|x| format!("   {x}"))
        .unwrap_or_default();
    format!("{}{who}: {} → {}{reference}", r.label, r.before, r.after)
}

fn difference_head(d: &Difference, lang: &str) -> String {
    let style = NumberStyle::for_language(lang);
    format!("{} {}", d.label, signed_eur(d.net, style))
}

/// The comparison as text: the table, then for each option "does work pay?"
/// and each difference with the lines that moved it.
pub fn compare_text(c: &Comparison) -> String {
    let lang = c.language.as_str();
    let (headings, rows) = rows(c);
    let mut out = format!("{}\n\n", title(c));
    out.push_str(&table::text(&headings, &rows));
    for o in &c.options {
        out.push('\n');
        if o.column.name == o.column.description {
            out.push_str(&format!("{}\n", o.column.name));
        } else {
            out.push_str(&format!("{}: {}\n", o.column.name, o.column.description));
        }
        if let Some(i) = &o.incentive {
            out.push_str(&format!("  {}\n", i.sentence(lang)));
        }
        if o.differences.is_empty() {
            out.push_str(&format!("  {}\n", word("no_change", lang)));
        }
        for d in &o.differences {
            if d.reasons.is_empty() && !d.key.starts_with("benefit:") {
                continue;
            }
            out.push_str(&format!("  {}\n", difference_head(d, lang)));
            for r in &d.reasons {
                out.push_str(&format!("      {}\n", reason_text(r)));
            }
            for n in &d.notes {
                out.push_str(&format!("      → {n}\n"));
            }
        }
        out.push_str(&format!(
            "  = {} {}\n",
            lower_first(word("after_housing", lang)),
            signed_eur(o.after_housing, NumberStyle::for_language(lang))
        ));
    }
    out
}

/// The comparison as Markdown, to paste into a client record.
pub fn compare_markdown(c: &Comparison) -> String {
    let lang = c.language.as_str();
    let (headings, rows) = rows(c);
    let mut out = format!("## {}\n\n", title(c));
    out.push_str(&table::markdown(&headings, &rows));
    for o in &c.options {
        out.push_str(&format!(
            "\n### {} ({})\n\n",
            table::md_escape(&o.column.name),
            table::md_escape(&o.column.description)
        ));
        if let Some(i) = &o.incentive {
            out.push_str(&format!("**{}**\n\n", i.sentence(lang)));
        }
        for d in &o.differences {
            if d.reasons.is_empty() && !d.key.starts_with("benefit:") {
                continue;
            }
            out.push_str(&format!(
                "- **{}**\n",
                table::md_escape(&difference_head(d, lang))
            ));
            for r in &d.reasons {
                out.push_str(&format!(
                    "  - {}\n",
                    table::md_escape(&reason_text(r).replace("   ", " — "))
                ));
            }
        }
        out.push_str(&format!(
            "\n{} **{}**\n",
            word("after_housing", lang),
            signed_eur(o.after_housing, NumberStyle::for_language(lang))
        ));
    }
    out
}

pub(crate) fn ledger_document(l: &Ledger) -> Out {
    Out::Map(vec![
        (
            "benefits".into(),
            Out::Map(
                l.benefits
                    .iter()
                    .map(|b| {
                        (
                            b.key.to_string(),
                            Out::Map(vec![
                                ("label".into(), Out::str(b.label.clone())),
                                ("gross".into(), num(b.gross)),
                                ("tax".into(), num(b.tax)),
                                ("net".into(), num(b.net)),
                            ]),
                        )
                    })
                    .collect(),
            ),
        ),
        ("benefits_gross".into(), num(l.benefits_gross)),
        ("benefits_tax".into(), num(l.benefits_tax)),
        ("benefits_net".into(), num(l.benefits_net)),
        ("earnings".into(), num(l.earnings)),
        ("earnings_tax".into(), num(l.earnings_tax)),
        ("other_net".into(), num(l.other_net)),
        ("disposable".into(), num(l.disposable)),
        ("housing".into(), num(l.housing)),
        ("after_housing".into(), num(l.after_housing)),
    ])
}

/// Money with two decimals, as the result document writes it.
pub(crate) fn num(d: Decimal) -> Out {
    let mut d = d;
    if d.scale() < 2 {
        d.rescale(2);
    }
    Out::Num(d)
}

pub(crate) fn reason_document(r: &Reason) -> Out {
    Out::Map(vec![
        ("name".into(), Out::str(r.name.clone())),
        ("label".into(), Out::str(r.label.clone())),
        (
            "member".into(),
            r.member.clone().map_or(Out::Null, Out::Str),
        ),
        ("before".into(), Out::str(r.before.clone())),
        ("after".into(), Out::str(r.after.clone())),
        (
            "change".into(),
            r.delta
                .map_or(Out::Null, |d| if r.money { num(d) } else { Out::Num(d) }),
        ),
        (
            "reference".into(),
            r.reference.clone().map_or(Out::Null, Out::Str),
        ),
    ])
}

pub(crate) fn difference_document(d: &Difference) -> Out {
    Out::Map(vec![
        ("key".into(), Out::str(d.key.clone())),
        ("label".into(), Out::str(d.label.clone())),
        ("gross".into(), num(d.gross)),
        ("tax".into(), num(d.tax)),
        ("net".into(), num(d.net)),
        (
            "reasons".into(),
            Out::List(d.reasons.iter().map(reason_document).collect()),
        ),
        (
            "notes".into(),
            Out::List(d.notes.iter().map(|n| Out::str(n.clone())).collect()),
        ),
    ])
}

/// The comparison as a document for programs.
pub fn compare_document(c: &Comparison) -> Out {
    let lang = c.language.as_str();
    Out::Map(vec![
        ("format_version".into(), Out::Num(Decimal::ONE)),
        ("month".into(), Out::str(c.month.to_string())),
        ("language".into(), Out::str(c.language.clone())),
        ("base".into(), ledger_document(&c.base.ledger)),
        (
            "options".into(),
            Out::List(
                c.options
                    .iter()
                    .map(|o| {
                        Out::Map(vec![
                            ("name".into(), Out::str(o.column.name.clone())),
                            ("changes".into(), Out::str(o.column.description.clone())),
                            ("totals".into(), ledger_document(&o.column.ledger)),
                            ("after_housing_change".into(), num(o.after_housing)),
                            (
                                "does_work_pay".into(),
                                o.incentive.as_ref().map_or(Out::Null, |i| {
                                    Out::Map(vec![
                                        ("earnings_change".into(), num(i.earnings)),
                                        ("kept".into(), num(i.kept)),
                                        (
                                            "effective_marginal_tax_rate".into(),
                                            Out::Num(i.rate.round_dp(4)),
                                        ),
                                        (
                                            "parts".into(),
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
                                            ),
                                        ),
                                        ("sentence".into(), Out::str(i.sentence(lang))),
                                    ])
                                }),
                            ),
                            (
                                "differences".into(),
                                Out::List(o.differences.iter().map(difference_document).collect()),
                            ),
                        ])
                    })
                    .collect(),
            ),
        ),
    ])
}
