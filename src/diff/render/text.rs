//! The report for the terminal.

use std::fmt::Write as _;

use super::{amount, change, changed_groups, maybe_change, months, unchanged, unit_words};
use crate::diff::report::{Mover, Report};
use crate::diff::rule_files::FileChangeKind;

/// Households listed by name at most; the rest are counted.
const MAX_UNCHANGED_NAMES: usize = 60;

/// Lines of the table of changes at most; CSV and JSON list every row.
const MAX_ROWS: usize = 40;

pub(super) fn render(report: &Report) -> String {
    let mut out = String::new();
    header(report, &mut out);
    summary(report, &mut out);
    households(report, &mut out);
    movers(report, &mut out);
    rule_changes(report, &mut out);
    failures(report, &mut out);
    out
}

fn side_text(label: &str, rules: &str, months: &[String]) -> String {
    format!("{} — {label} ({rules})", months.join(", "))
}

fn header(report: &Report, out: &mut String) {
    let total = &report.results[report.total];
    let mut months_a: Vec<String> = Vec::new();
    let mut months_b: Vec<String> = Vec::new();
    for row in &report.rows {
        let (a, b) = (row.month_a.to_string(), row.month_b.to_string());
        if !months_a.contains(&a) {
            months_a.push(a);
        }
        if !months_b.contains(&b) {
            months_b.push(b);
        }
    }
    months_a.sort();
    months_b.sort();
    let households = {
        let mut ids: Vec<&str> = report.rows.iter().map(|r| r.id.as_str()).collect();
        ids.sort();
        ids.dedup();
        ids.len()
    };
    let _ = writeln!(out, "etuus diff");
    let _ = writeln!(
        out,
        "  A: {}",
        side_text(&report.a.label, &report.a.rules, &months_a)
    );
    let _ = writeln!(
        out,
        "  B: {}",
        side_text(&report.b.label, &report.b.rules, &months_b)
    );
    let _ = writeln!(
        out,
        "  {households} households; gain or loss measured on {} ({}), {}",
        total.label,
        total.name,
        unit_words(total.unit.as_deref())
    );
    out.push('\n');
}

fn summary(report: &Report, out: &mut String) {
    let s = &report.summary;
    let what = if report.several_months() {
        "household-months"
    } else {
        "households"
    };
    let _ = writeln!(out, "Summary");
    let _ = writeln!(
        out,
        "  {} gain, {} lose, {} stay the same, {} could not be compared ({} {what})",
        s.gain, s.lose, s.same, s.failed, s.compared
    );
    let _ = write!(
        out,
        "  total change {}; median {}",
        change(report, s.total_change),
        maybe_change(report, s.median_change)
    );
    match s.median_change_of_changed {
        Some(m) if s.gain + s.lose > 0 => {
            let _ = writeln!(
                out,
                "; median of the {} that changed {}",
                s.gain + s.lose,
                change(report, m)
            );
        }
        _ => out.push('\n'),
    }
    out.push('\n');
    let width = report
        .results
        .iter()
        .map(|r| r.label.chars().count())
        .max()
        .unwrap_or(0)
        .max(6);
    let _ = writeln!(
        out,
        "  {:width$}  {:>5}  {:>5}  {:>14}",
        "result", "gain", "lose", "total change"
    );
    for (info, r) in report.results.iter().zip(&s.by_result) {
        let marker = if info.name == report.results[report.total].name {
            " (total)"
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "  {:width$}  {:>5}  {:>5}  {:>14}{marker}",
            info.label,
            r.gain,
            r.lose,
            change(report, r.total_change)
        );
    }
    if !s.by_month.is_empty() {
        out.push('\n');
        let _ = writeln!(
            out,
            "  {:17}  {:>5}  {:>5}  {:>5}  {:>14}",
            "month", "gain", "lose", "same", "total change"
        );
        for m in &s.by_month {
            let _ = writeln!(
                out,
                "  {:17}  {:>5}  {:>5}  {:>5}  {:>14}",
                months(m.month_a, m.month_b),
                m.gain,
                m.lose,
                m.same,
                change(report, m.total_change)
            );
        }
    }
    out.push('\n');
}

fn households(report: &Report, out: &mut String) {
    let several = report.several_months();
    let groups = changed_groups(report);
    let total_unit = unit_words(report.results[report.total].unit.as_deref());
    if groups.is_empty() {
        let _ = writeln!(out, "No household's results changed.\n");
    } else {
        let _ = writeln!(
            out,
            "Change per household, largest first ({total_unit}; B − A)"
        );
        let id_width = groups
            .iter()
            .map(|g| g.row.id.chars().count())
            .max()
            .unwrap_or(0)
            .clamp(9, 48);
        let month_width = groups
            .iter()
            .map(|g| g.months.chars().count())
            .max()
            .unwrap_or(0)
            .clamp(5, 40);
        let widths: Vec<usize> = report
            .results
            .iter()
            .map(|r| r.label.chars().count().max(10))
            .collect();
        let mut head = format!("  {:id_width$}", "household");
        if several {
            let _ = write!(head, "  {:month_width$}", "month");
        }
        for (r, w) in report.results.iter().zip(&widths) {
            let _ = write!(head, "  {:>w$}", r.label);
        }
        let _ = writeln!(out, "{}", head.trim_end());
        for group in groups.iter().take(MAX_ROWS) {
            let row = group.row;
            let mut line = format!("  {:id_width$}", row.id);
            if several {
                let _ = write!(line, "  {:month_width$}", group.months);
            }
            for (cell, w) in row.cells.iter().zip(&widths) {
                let text = match (&cell.error, cell.change()) {
                    (_, Some(d)) => change(report, d),
                    (Some(_), None) => "error".into(),
                    (None, None) => "–".into(),
                };
                let _ = write!(line, "  {text:>w$}");
            }
            let _ = writeln!(out, "{}", line.trim_end());
        }
        if groups.len() > MAX_ROWS {
            let _ = writeln!(
                out,
                "  … and {} more; `--format csv` lists every household and month",
                groups.len() - MAX_ROWS
            );
        }
        if several {
            let _ = writeln!(out, "  (A…B: every month compared from A to B)");
        }
        out.push('\n');
    }
    let same = unchanged(report);
    if !same.is_empty() {
        let names: Vec<String> = same
            .iter()
            .take(MAX_UNCHANGED_NAMES)
            .map(|(id, lines)| if *lines { format!("{id}*") } else { id.clone() })
            .collect();
        let more = same.len().saturating_sub(MAX_UNCHANGED_NAMES);
        let _ = writeln!(
            out,
            "Amounts unchanged{} ({}): {}{}",
            if several { " in every month" } else { "" },
            same.len(),
            names.join(", "),
            if more > 0 {
                format!(" and {more} more")
            } else {
                String::new()
            }
        );
        if same.iter().any(|(_, lines)| *lines) {
            let _ = writeln!(out, "  * lines of the laskelma changed, amounts did not");
        }
        out.push('\n');
    }
}

fn movers(report: &Report, out: &mut String) {
    if report.movers.is_empty() {
        return;
    }
    let _ = writeln!(out, "Largest movers, and the lines that moved them");
    for (n, mover) in report.movers.iter().enumerate() {
        mover_text(report, n + 1, mover, out);
    }
}

fn mover_text(report: &Report, n: usize, mover: &Mover, out: &mut String) {
    let row = &report.rows[mover.row];
    let total = &row.cells[report.total];
    let info = &report.results[report.total];
    let (Some(a), Some(b)) = (total.a, total.b) else {
        return;
    };
    let _ = writeln!(
        out,
        "  {n}. {} ({}): {} {} → {} ({})",
        row.id,
        months(row.month_a, row.month_b),
        info.label,
        amount(report, a),
        amount(report, b),
        change(report, b - a)
    );
    if let Some(description) = &row.description {
        let _ = writeln!(out, "     {description}");
    }
    for line in &mover.lines {
        let member = line
            .member
            .as_ref()
            .map_or(String::new(), |m| format!(" ({m})"));
        let reference = line
            .reference
            .as_ref()
            .map_or(String::new(), |r| format!("   {r}"));
        let _ = writeln!(
            out,
            "     {}: {}{member}: {} → {}{reference}",
            line.result,
            line.label,
            line.a.as_deref().unwrap_or("–"),
            line.b.as_deref().unwrap_or("–"),
        );
        if let Some((fa, fb)) = &line.formula {
            let _ = writeln!(out, "         formula A: {}", one_line(fa.as_deref()));
            let _ = writeln!(out, "         formula B: {}", one_line(fb.as_deref()));
        }
    }
    for p in &mover.parameters {
        let versions = |v: &[(String, String)]| {
            if v.is_empty() {
                "not read".to_string()
            } else {
                v.iter()
                    .map(|(value, since)| format!("{value} (since {since})"))
                    .collect::<Vec<_>>()
                    .join(", ")
            }
        };
        let _ = writeln!(
            out,
            "     parameter {} ({}): {} → {}   {}",
            p.label,
            p.name,
            versions(&p.a),
            versions(&p.b),
            p.reference
        );
    }
    out.push('\n');
}

/// A formula on one line; `–` for none.
pub(super) fn one_line(formula: Option<&str>) -> String {
    formula.map_or("–".to_string(), |f| {
        f.split_whitespace().collect::<Vec<_>>().join(" ")
    })
}

fn rule_changes(report: &Report, out: &mut String) {
    if report.rule_changes.is_empty() {
        return;
    }
    let _ = writeln!(out, "Rule files that differ (A → B)");
    for file in &report.rule_changes {
        match file.kind {
            FileChangeKind::Added => {
                let _ = writeln!(out, "  {} (only in B)", file.path);
            }
            FileChangeKind::Removed => {
                let _ = writeln!(out, "  {} (only in A)", file.path);
            }
            FileChangeKind::Modified => {
                let _ = writeln!(out, "  {}", file.path);
                for line in &file.lines {
                    match line {
                        None => {
                            let _ = writeln!(out, "      …");
                        }
                        Some(l) => {
                            let number = l.line_b.or(l.line_a).unwrap_or(0);
                            let _ = writeln!(out, "  {number:>5} {} {}", l.sign, l.text);
                        }
                    }
                }
            }
        }
    }
    out.push('\n');
}

fn failures(report: &Report, out: &mut String) {
    let mut lines = Vec::new();
    for row in &report.rows {
        let when = months(row.month_a, row.month_b);
        if let Some(error) = &row.error {
            lines.push(format!("  {} ({when}): {error}", row.id));
        }
        for (cell, info) in row.cells.iter().zip(&report.results) {
            if let Some(error) = &cell.error {
                lines.push(format!("  {} ({when}) {}: {error}", row.id, info.label));
            }
        }
    }
    if lines.is_empty() {
        return;
    }
    let _ = writeln!(out, "Could not be compared");
    for line in lines {
        let _ = writeln!(out, "{line}");
    }
    out.push('\n');
}
