//! The explanation as text for people: a laskelma.

use std::fmt::Write as _;

use super::model::Explanation;
use super::words::word;

/// Narrowest label column; longer labels widen it.
const LABEL_WIDTH: usize = 40;

/// Renders an explanation as plain text, line by line with legal references.
pub fn render_text(e: &Explanation) -> String {
    let lang = e.language.as_str();
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} {}",
        word("calculation", lang),
        month_label(&e.month, lang)
    );
    for warning in &e.warnings {
        let _ = writeln!(out, "\n! {warning}");
    }
    for result in &e.results {
        out.push('\n');
        let heading = result.label.to_uppercase();
        match &result.reference {
            Some(r) => {
                let _ = writeln!(out, "{heading}  ({r})");
            }
            None => {
                let _ = writeln!(out, "{heading}");
            }
        }
        let label_width = result
            .lines
            .iter()
            .map(|l| {
                l.label.chars().count() + l.member.as_ref().map_or(0, |m| m.chars().count() + 3) + 4
            })
            .max()
            .unwrap_or(0)
            .max(LABEL_WIDTH);
        if let Some(error) = &result.error {
            let _ = writeln!(out, "  ! {}: {error}", word("not_calculated", lang));
            continue;
        }
        // Numbers line up in one column; a text value (an enum) follows its label.
        let value_width = result
            .lines
            .iter()
            .filter(|l| matches!(l.raw, Some(crate::value::Value::Num(_))))
            .map(|l| l.value.chars().count())
            .max()
            .unwrap_or(0);
        for line in &result.lines {
            // A member's zero line (no child increase, no deduction) is noise in
            // a laskelma; the JSON explanation keeps it.
            if line.member.is_some()
                && !line.is_amount
                && matches!(line.raw, Some(crate::value::Value::Num(d)) if d.is_zero())
                && !line.flags.iter().any(|(kind, _)| kind == "reason")
            {
                continue;
            }
            let label = match &line.member {
                Some(id) => format!("{} ({id})", line.label),
                None => line.label.clone(),
            };
            let marker = if line.is_amount { "= " } else { "  " };
            let label = format!("{marker}{label}");
            let dots = label_width.saturating_sub(label.chars().count());
            let filler = if dots > 1 {
                format!(" {}", ".".repeat(dots - 1))
            } else {
                " ".into()
            };
            if matches!(line.raw, Some(crate::value::Value::Num(_))) {
                let _ = write!(out, "{label}{filler} {:>value_width$}", line.value);
            } else {
                let _ = write!(out, "{label}{filler} {}", line.value);
            }
            if let Some(r) = &line.reference {
                let _ = write!(out, "   {r}");
            }
            out.push('\n');
            if let Some(sub) = &line.substituted {
                if super::substitute::is_calculation(sub) {
                    let _ = writeln!(out, "      = {sub}");
                }
            }
            for (kind, text) in &line.flags {
                if kind == "reason" {
                    let _ = writeln!(out, "      → {text}");
                    continue;
                }
                let kind_text = word(kind, lang);
                if text.is_empty() {
                    let _ = writeln!(out, "      ! {kind_text}");
                } else {
                    let _ = writeln!(out, "      ! {text}: {kind_text}");
                }
            }
        }
    }
    if !e.parameters.is_empty() {
        let _ = writeln!(out, "\n{}", word("bases", lang));
        for p in &e.parameters {
            let since = format!("{} {}", word("since", lang), date_label(&p.since, lang));
            let _ = write!(out, "  {}: {} ({since}; {})", p.label, p.value, p.reference);
            if p.status != "confirmed" {
                match &p.note {
                    // Carried past the rules: the note says from which month.
                    Some(note) if !e.warnings.is_empty() => {
                        let _ = write!(out, " [{}: {note}]", word(p.status, lang));
                    }
                    _ => {
                        let _ = write!(out, " [{}]", word(p.status, lang));
                    }
                }
            }
            out.push('\n');
            if let Some(source) = &p.source {
                let _ = writeln!(out, "      {}: {source}", word("source", lang));
            }
        }
    }
    // Background notes stay in the JSON; the text shows what needs attention.
    let notes: Vec<_> = e.notes.iter().filter(|n| n.kind != "info").collect();
    if !notes.is_empty() {
        let _ = writeln!(out, "\n{}", word("notes", lang));
        for n in notes {
            if n.kind == "unconfirmed" || n.kind == "derived" {
                let _ = writeln!(out, "  ! {}: {}", n.about, n.text);
            } else {
                let _ = writeln!(out, "  [{}] {}: {}", word(&n.kind, lang), n.about, n.text);
            }
        }
    }
    if !e.inputs.is_empty() {
        let _ = writeln!(out, "\n{}", word("inputs", lang));
        for (label, value) in &e.inputs {
            let _ = writeln!(out, "  {label}: {value}");
        }
    }
    if let Some(d) = &e.disclaimer {
        let _ = writeln!(out, "\n{d}");
    }
    let receipt: Vec<String> = e
        .receipt
        .iter()
        .map(|(k, v)| {
            if k == "rules_sha256" {
                format!("sha256 {}", &v[..v.len().min(12)])
            } else {
                v.clone()
            }
        })
        .collect();
    let _ = writeln!(out, "{}: {}", word("receipt", lang), receipt.join(", "));
    out
}

fn month_label(month: &str, lang: &str) -> String {
    match (lang, month.split_once('-')) {
        ("en", _) | (_, None) => month.to_string(),
        (_, Some((y, m))) => format!("{}/{y}", m.trim_start_matches('0')),
    }
}

fn date_label(date: &str, lang: &str) -> String {
    let parts: Vec<&str> = date.split('-').collect();
    match (lang, parts.as_slice()) {
        ("en", _) => date.to_string(),
        (_, [y, m, d]) => format!(
            "{}.{}.{y}",
            d.trim_start_matches('0'),
            m.trim_start_matches('0')
        ),
        _ => date.to_string(),
    }
}
