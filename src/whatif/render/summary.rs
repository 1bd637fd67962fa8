//! A summary for the client record: the household in brief, each benefit,
//! the total, the assumptions and unconfirmed values, and the rule set's
//! receipt — as plain text and Markdown to paste, and as one printable HTML
//! page. It holds only what the counsellor gave and what the rules computed.

use std::fmt::Write as _;

use etuus_engine::explain::explain;
use etuus_engine::output::format_value;
use etuus_engine::{Calculation, Month};

use super::super::ledger::{Ledger, Profile};
use super::super::words::word;
use super::super::WhatIfError;
use super::{money, month_label};

/// What a summary shows.
#[derive(Debug, Clone)]
pub struct Summary {
    /// Language code.
    pub language: String,
    /// The month.
    pub month: Month,
    /// The household file's own description, if it had one.
    pub description: Option<String>,
    /// The household's inputs: for the home, then per person (id, inputs).
    pub home: Vec<(String, String)>,
    /// Each person's inputs, by the id the counsellor gave.
    pub persons: Vec<(String, Vec<(String, String)>)>,
    /// The totals.
    pub ledger: Ledger,
    /// Results that could not be calculated, with why.
    pub failed: Vec<(String, String)>,
    /// Assumptions and points where the law is unclear: (about, text).
    pub notes: Vec<(String, String)>,
    /// Values not confirmed by a primary source: (label, status).
    pub unconfirmed: Vec<(String, String)>,
    /// The rule set's receipt.
    pub receipt: Vec<(String, String)>,
    /// The rule set's disclaimer.
    pub disclaimer: Option<String>,
}

impl Summary {
    /// Builds a summary from a calculation recorded with a trace (for the
    /// notes and the values used).
    pub fn of(
        calc: &Calculation<'_>,
        profile: &Profile,
        lang: usize,
    ) -> Result<Summary, WhatIfError> {
        let program = calc.program();
        let code = program.info.languages[lang].clone();
        let ledger = Ledger::of(calc, profile, lang)?;
        let e = explain(calc, lang);
        let household = calc.household();
        let show = |var: etuus_engine::compile::ids::VarId, value| {
            let def = &program.vars[var.index()];
            (
                def.labels.get(lang).to_string(),
                format_value(program, &def.ty, value, lang),
            )
        };
        let home = household.values.iter().map(|&(v, x)| show(v, x)).collect();
        let persons = household
            .members
            .iter()
            .map(|m| {
                (
                    m.id.clone(),
                    m.values.iter().map(|&(v, x)| show(v, x)).collect(),
                )
            })
            .collect();
        let failed = calc
            .failed_results()
            .iter()
            .map(|(r, err)| {
                (
                    program.results[r.index()].labels.get(lang).to_string(),
                    err.to_string(),
                )
            })
            .collect();
        let notes = e
            .notes
            .iter()
            .filter(|n| matches!(n.kind.as_str(), "ambiguous" | "gap" | "discretion"))
            .map(|n| (n.about.clone(), n.text.clone()))
            .collect();
        let mut unconfirmed: Vec<(String, String)> = Vec::new();
        for p in &e.parameters {
            if p.status != "confirmed" {
                let entry = (p.label.clone(), p.status.to_string());
                if !unconfirmed.contains(&entry) {
                    unconfirmed.push(entry);
                }
            }
        }
        Ok(Summary {
            language: code,
            month: calc.month(),
            description: household.description.clone(),
            home,
            persons,
            ledger,
            failed,
            notes,
            unconfirmed,
            receipt: e.receipt,
            disclaimer: e.disclaimer,
        })
    }

    fn benefit_rows(&self) -> Vec<(String, String)> {
        let lang = self.language.as_str();
        let mut rows = Vec::new();
        for b in &self.ledger.benefits {
            if b.gross.is_zero() {
                continue;
            }
            let amount = if b.tax.is_zero() {
                money(b.net, lang)
            } else {
                format!(
                    "{} ({} {}, {} {})",
                    money(b.net, lang),
                    word("gross", lang),
                    money(b.gross, lang),
                    word("tax", lang),
                    money(b.tax, lang)
                )
            };
            rows.push((b.label.clone(), amount));
        }
        rows
    }

    fn total_rows(&self) -> Vec<(String, String)> {
        let lang = self.language.as_str();
        let l = &self.ledger;
        let mut rows = vec![(
            word("benefits_net", lang).to_string(),
            money(l.benefits_net, lang),
        )];
        if !l.earnings.is_zero() {
            rows.push((
                word("earnings", lang).to_string(),
                format!(
                    "{} ({} {})",
                    money(l.earnings, lang),
                    word("earnings_tax", lang),
                    money(l.earnings_tax, lang)
                ),
            ));
        }
        if !l.other_net.is_zero() {
            rows.push((
                word("other_net", lang).to_string(),
                money(l.other_net, lang),
            ));
        }
        rows.push((
            word("disposable", lang).to_string(),
            money(l.disposable, lang),
        ));
        rows.push((word("housing", lang).to_string(), money(l.housing, lang)));
        rows.push((
            word("after_housing", lang).to_string(),
            money(l.after_housing, lang),
        ));
        rows
    }

    fn receipt_line(&self) -> String {
        self.receipt
            .iter()
            .map(|(k, v)| {
                if k == "rules_sha256" {
                    format!("sha256 {}", &v[..v.len().min(16)])
                } else {
                    v.clone()
                }
            })
            .collect::<Vec<_>>()
            .join(", ")
    }

    fn title(&self) -> String {
        format!(
            "{} {}",
            word("summary_title", &self.language),
            month_label(self.month, &self.language)
        )
    }
}

fn status_word(status: &str, lang: &str) -> &'static str {
    match (status, lang) {
        ("unconfirmed", "fi") => "vahvistamaton",
        ("unconfirmed", "sv") => "obekräftat",
        ("unconfirmed", _) => "unconfirmed",
        ("derived", "fi") => "johdettu",
        ("derived", "sv") => "härlett",
        (_, _) => "derived",
    }
}

fn inputs_line(inputs: &[(String, String)]) -> String {
    inputs
        .iter()
        .map(|(l, v)| format!("{l} {v}"))
        .collect::<Vec<_>>()
        .join("; ")
}

/// The summary as plain text, to paste into a client record.
pub fn summary_text(s: &Summary) -> String {
    let lang = s.language.as_str();
    let unit = word("per_month", lang);
    let mut out = format!("{}\n", s.title());
    if let Some(d) = &s.description {
        let _ = writeln!(out, "{d}");
    }
    let _ = writeln!(out, "\n{}", word("household", lang));
    if !s.home.is_empty() {
        let _ = writeln!(out, "  {}", inputs_line(&s.home));
    }
    for (id, inputs) in &s.persons {
        let _ = writeln!(out, "  {id}: {}", inputs_line(inputs));
    }
    let _ = writeln!(out, "\n{} ({unit})", word("benefits", lang));
    let rows: Vec<(String, String)> = s.benefit_rows().into_iter().chain(s.total_rows()).collect();
    let width = rows
        .iter()
        .map(|(l, _)| l.chars().count())
        .max()
        .unwrap_or(0);
    let last = rows.len().saturating_sub(1);
    for (i, (label, value)) in rows.iter().enumerate() {
        let marker = if i == last { "= " } else { "  " };
        let pad = width - label.chars().count();
        let _ = writeln!(out, "{marker}{label}{} {value}", " ".repeat(pad));
    }
    for (label, why) in &s.failed {
        let _ = writeln!(out, "  ! {label}: {why}");
    }
    if !s.notes.is_empty() {
        let _ = writeln!(out, "\n{}", word("assumptions", lang));
        for (about, text) in &s.notes {
            let _ = writeln!(out, "  - {about}: {text}");
        }
    }
    if !s.unconfirmed.is_empty() {
        let _ = writeln!(out, "\n{}", word("unconfirmed", lang));
        for (label, status) in &s.unconfirmed {
            let _ = writeln!(out, "  - {label} ({})", status_word(status, lang));
        }
    }
    if let Some(d) = &s.disclaimer {
        let _ = writeln!(out, "\n{d}");
    }
    let _ = writeln!(out, "{}: {}", word("receipt", lang), s.receipt_line());
    out
}

/// The summary as Markdown.
pub fn summary_markdown(s: &Summary) -> String {
    let lang = s.language.as_str();
    let esc = |t: &str| t.replace('|', "\\|");
    let mut out = format!("## {}\n\n", s.title());
    if let Some(d) = &s.description {
        let _ = writeln!(out, "{}\n", esc(d));
    }
    let _ = writeln!(out, "**{}**\n", word("household", lang));
    if !s.home.is_empty() {
        let _ = writeln!(out, "- {}", esc(&inputs_line(&s.home)));
    }
    for (id, inputs) in &s.persons {
        let _ = writeln!(out, "- {}: {}", esc(id), esc(&inputs_line(inputs)));
    }
    let _ = writeln!(
        out,
        "\n| {} | {} |\n|---|---:|",
        word("benefits", lang),
        word("per_month", lang)
    );
    let rows: Vec<(String, String)> = s.benefit_rows().into_iter().chain(s.total_rows()).collect();
    let last = rows.len().saturating_sub(1);
    for (i, (label, value)) in rows.iter().enumerate() {
        if i == last {
            let _ = writeln!(out, "| **{}** | **{}** |", esc(label), esc(value));
        } else {
            let _ = writeln!(out, "| {} | {} |", esc(label), esc(value));
        }
    }
    for (label, why) in &s.failed {
        let _ = writeln!(out, "\n> {}: {}", esc(label), esc(why));
    }
    if !s.notes.is_empty() {
        let _ = writeln!(out, "\n**{}**\n", word("assumptions", lang));
        for (about, text) in &s.notes {
            let _ = writeln!(out, "- {}: {}", esc(about), esc(text));
        }
    }
    if !s.unconfirmed.is_empty() {
        let _ = writeln!(out, "\n**{}**\n", word("unconfirmed", lang));
        for (label, status) in &s.unconfirmed {
            let _ = writeln!(out, "- {} ({})", esc(label), status_word(status, lang));
        }
    }
    if let Some(d) = &s.disclaimer {
        let _ = writeln!(out, "\n_{}_", esc(d));
    }
    let _ = writeln!(out, "\n{}: `{}`", word("receipt", lang), s.receipt_line());
    out
}

fn html_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The summary as one printable HTML page (A4, black on white, a print
/// stylesheet; no scripts, nothing loaded from elsewhere).
pub fn summary_html(s: &Summary) -> String {
    let lang = s.language.as_str();
    let h = html_escape;
    let mut out = String::new();
    let _ = write!(
        out,
        r#"<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
  body {{ font-family: "DejaVu Sans", Arial, sans-serif; color: #000; background: #fff; max-width: 46em; margin: 2em auto; padding: 0 1em; line-height: 1.4; }}
  h1 {{ font-size: 1.5em; margin-bottom: 0.2em; }}
  h2 {{ font-size: 1.1em; border-bottom: 1px solid #000; margin-top: 1.4em; }}
  table {{ border-collapse: collapse; width: 100%; }}
  td, th {{ padding: 0.25em 0.4em; border-bottom: 1px solid #bbb; vertical-align: top; }}
  td.amount {{ text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }}
  tr.total td {{ font-weight: bold; border-top: 2px solid #000; border-bottom: 2px solid #000; }}
  .note {{ font-size: 0.92em; }}
  .receipt {{ font-size: 0.8em; color: #333; margin-top: 2em; word-break: break-all; }}
  @media print {{
    @page {{ size: A4; margin: 18mm; }}
    body {{ margin: 0; max-width: none; font-size: 10.5pt; }}
    h2 {{ break-after: avoid; }}
    table, li {{ break-inside: avoid; }}
  }}
</style>
</head>
<body>
<h1>{title}</h1>
"#,
        title = h(&s.title())
    );
    if let Some(d) = &s.description {
        let _ = writeln!(out, "<p>{}</p>", h(d));
    }
    let _ = writeln!(out, "<h2>{}</h2>\n<ul>", h(word("household", lang)));
    if !s.home.is_empty() {
        let _ = writeln!(out, "<li>{}</li>", h(&inputs_line(&s.home)));
    }
    for (id, inputs) in &s.persons {
        let _ = writeln!(
            out,
            "<li><strong>{}</strong>: {}</li>",
            h(id),
            h(&inputs_line(inputs))
        );
    }
    out.push_str("</ul>\n");
    let _ = writeln!(
        out,
        "<h2>{} ({})</h2>\n<table>",
        h(word("benefits", lang)),
        h(word("per_month", lang))
    );
    let rows: Vec<(String, String)> = s.benefit_rows().into_iter().chain(s.total_rows()).collect();
    let last = rows.len().saturating_sub(1);
    for (i, (label, value)) in rows.iter().enumerate() {
        let class = if i == last { " class=\"total\"" } else { "" };
        let _ = writeln!(
            out,
            "<tr{class}><td>{}</td><td class=\"amount\">{}</td></tr>",
            h(label),
            h(value)
        );
    }
    out.push_str("</table>\n");
    for (label, why) in &s.failed {
        let _ = writeln!(out, "<p class=\"note\">{}: {}</p>", h(label), h(why));
    }
    if !s.notes.is_empty() {
        let _ = writeln!(
            out,
            "<h2>{}</h2>\n<ul class=\"note\">",
            h(word("assumptions", lang))
        );
        for (about, text) in &s.notes {
            let _ = writeln!(out, "<li><strong>{}</strong>: {}</li>", h(about), h(text));
        }
        out.push_str("</ul>\n");
    }
    if !s.unconfirmed.is_empty() {
        let _ = writeln!(
            out,
            "<h2>{}</h2>\n<ul class=\"note\">",
            h(word("unconfirmed", lang))
        );
        for (label, status) in &s.unconfirmed {
            let _ = writeln!(
                out,
                "<li>{} ({})</li>",
                h(label),
                h(status_word(status, lang))
            );
        }
        out.push_str("</ul>\n");
    }
    if let Some(d) = &s.disclaimer {
        let _ = writeln!(out, "<p class=\"note\">{}</p>", h(d));
    }
    let _ = writeln!(
        out,
        "<p class=\"receipt\">{}: {}</p>\n</body>\n</html>",
        h(word("receipt", lang)),
        h(&s.receipt_line())
    );
    out
}
