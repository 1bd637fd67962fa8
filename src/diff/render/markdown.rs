//! The report as a pull-request comment (GitHub-flavoured Markdown).

use std::fmt::Write as _;

use super::{amount, change, changed_groups, maybe_change, months, unchanged, unit_words};
use crate::diff::report::{Report, Row};
use crate::diff::rule_files::FileChangeKind;

/// Household rows shown before the rest fold into `<details>`.
const VISIBLE_ROWS: usize = 25;

/// Text safe inside a table cell.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

pub(super) fn render(report: &Report) -> String {
    let mut out = String::new();
    let s = &report.summary;
    let total = &report.results[report.total];
    let unit = unit_words(total.unit.as_deref());
    let several = report.several_months();
    let first = report.rows.first();
    let title = match first {
        Some(row) if !several && report.a.label == report.b.label => {
            months(row.month_a, row.month_b)
        }
        _ => format!("{} → {}", report.a.label, report.b.label),
    };
    let _ = writeln!(out, "### etuus diff: {title}\n");
    let month_list = |pick: fn(&Row) -> etuus_engine::Month| {
        let mut list: Vec<String> = report.rows.iter().map(|r| pick(r).to_string()).collect();
        list.sort();
        list.dedup();
        list.join(", ")
    };
    let _ = writeln!(
        out,
        "**A:** {} — `{}` ({})  \n**B:** {} — `{}` ({})\n",
        month_list(|r| r.month_a),
        report.a.label,
        report.a.rules,
        month_list(|r| r.month_b),
        report.b.label,
        report.b.rules
    );
    let what = if several {
        "household-months"
    } else {
        "households"
    };
    let _ = writeln!(
        out,
        "**{} {what}: {} gain, {} lose, {} stay the same{}.** Change in *{}*: {} {unit} in total; median {}{}.\n",
        s.compared,
        s.gain,
        s.lose,
        s.same,
        if s.failed > 0 {
            format!(", {} could not be compared", s.failed)
        } else {
            String::new()
        },
        total.label,
        change(report, s.total_change),
        maybe_change(report, s.median_change),
        match s.median_change_of_changed {
            Some(m) if s.gain + s.lose > 0 => format!(
                " (of the {} that changed: {})",
                s.gain + s.lose,
                change(report, m)
            ),
            _ => String::new(),
        }
    );
    let _ = writeln!(
        out,
        "| Result | gain | lose | total change |\n|---|--:|--:|--:|"
    );
    for (info, r) in report.results.iter().zip(&s.by_result) {
        let name = if info.name == total.name {
            format!("**{}** (total)", cell(&info.label))
        } else {
            cell(&info.label)
        };
        let _ = writeln!(
            out,
            "| {name} | {} | {} | {} |",
            r.gain,
            r.lose,
            change(report, r.total_change)
        );
    }
    out.push('\n');
    if !s.by_month.is_empty() {
        let _ = writeln!(
            out,
            "| Month | gain | lose | same | total change |\n|---|--:|--:|--:|--:|"
        );
        for m in &s.by_month {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} |",
                months(m.month_a, m.month_b),
                m.gain,
                m.lose,
                m.same,
                change(report, m.total_change)
            );
        }
        out.push('\n');
    }
    households(report, &mut out);
    movers(report, &mut out);
    rule_changes(report, &mut out);
    failures(report, &mut out);
    out
}

fn households(report: &Report, out: &mut String) {
    let several = report.several_months();
    let groups = changed_groups(report);
    let unit = unit_words(report.results[report.total].unit.as_deref());
    if groups.is_empty() {
        let _ = writeln!(out, "No household's results changed.\n");
    } else {
        let _ = writeln!(
            out,
            "#### Change per household, largest first ({unit}, B − A)\n"
        );
        let mut head = String::from("| Household |");
        let mut rule = String::from("|---|");
        if several {
            head.push_str(" Months |");
            rule.push_str("---|");
        }
        for r in &report.results {
            let _ = write!(head, " {} |", cell(&r.label));
            rule.push_str("--:|");
        }
        let table_head = format!("{head}\n{rule}\n");
        out.push_str(&table_head);
        for (i, group) in groups.iter().enumerate() {
            let row = group.row;
            if i == VISIBLE_ROWS {
                let _ = writeln!(
                    out,
                    "\n<details><summary>{} more</summary>\n\n{table_head}",
                    groups.len() - VISIBLE_ROWS
                );
            }
            let mut line = format!("| `{}` |", cell(&row.id));
            if several {
                let _ = write!(line, " {} |", group.months);
            }
            for (c, info) in row.cells.iter().zip(&report.results) {
                let text = match (&c.error, c.change()) {
                    (_, Some(d)) if info.name == report.results[report.total].name => {
                        format!("**{}**", change(report, d))
                    }
                    (_, Some(d)) => change(report, d),
                    (Some(_), None) => "error".into(),
                    (None, None) => "–".into(),
                };
                let _ = write!(line, " {text} |");
            }
            let _ = writeln!(out, "{line}");
        }
        if groups.len() > VISIBLE_ROWS {
            let _ = writeln!(out, "\n</details>");
        }
        if several {
            let _ = writeln!(out, "\nA…B: every month compared from A to B.");
        }
        out.push('\n');
    }
    let same = unchanged(report);
    if !same.is_empty() {
        let names: Vec<String> = same
            .iter()
            .map(|(id, lines)| {
                if *lines {
                    format!("`{id}`\\*")
                } else {
                    format!("`{id}`")
                }
            })
            .collect();
        let note = if same.iter().any(|(_, lines)| *lines) {
            "\n\n\\* lines of the laskelma changed, amounts did not"
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "<details><summary>Amounts unchanged{} ({})</summary>\n\n{}{note}\n\n</details>\n",
            if several { " in every month" } else { "" },
            same.len(),
            names.join(", ")
        );
    }
}

fn movers(report: &Report, out: &mut String) {
    if report.movers.is_empty() {
        return;
    }
    let _ = writeln!(out, "#### Largest movers\n");
    let info = &report.results[report.total];
    for (n, mover) in report.movers.iter().enumerate() {
        let row = &report.rows[mover.row];
        let total = &row.cells[report.total];
        let (Some(a), Some(b)) = (total.a, total.b) else {
            continue;
        };
        let _ = writeln!(
            out,
            "**{}. `{}`** ({}) — {} {} → {} (**{}**)  ",
            n + 1,
            row.id,
            months(row.month_a, row.month_b),
            info.label,
            amount(report, a),
            amount(report, b),
            change(report, b - a)
        );
        if let Some(description) = &row.description {
            let _ = writeln!(out, "_{}_", cell(description));
        }
        out.push('\n');
        if !mover.lines.is_empty() {
            let _ = writeln!(out, "| Line | A | B | Section |\n|---|--:|--:|---|");
            for line in &mover.lines {
                let member = line
                    .member
                    .as_ref()
                    .map_or(String::new(), |m| format!(" ({m})"));
                let _ = writeln!(
                    out,
                    "| {}: {}{member} | {} | {} | {} |",
                    cell(&line.result),
                    cell(&line.label),
                    cell(line.a.as_deref().unwrap_or("–")),
                    cell(line.b.as_deref().unwrap_or("–")),
                    cell(line.reference.as_deref().unwrap_or(""))
                );
            }
            out.push('\n');
        }
        let formulas: Vec<_> = mover
            .lines
            .iter()
            .filter_map(|l| l.formula.as_ref().map(|f| (l, f)))
            .collect();
        let any_formula = !formulas.is_empty();
        for (line, (fa, fb)) in formulas {
            let _ = writeln!(
                out,
                "Formula of *{}*: `{}` → `{}`  ",
                line.label,
                super::text::one_line(fa.as_deref()),
                super::text::one_line(fb.as_deref())
            );
        }
        if any_formula {
            out.push('\n');
        }
        if !mover.parameters.is_empty() {
            let _ = writeln!(out, "| Parameter | A | B | Section |\n|---|---|---|---|");
            let versions = |v: &[(String, String)]| {
                if v.is_empty() {
                    "not read".to_string()
                } else {
                    v.iter()
                        .map(|(value, since)| format!("{} (since {since})", cell(value)))
                        .collect::<Vec<_>>()
                        .join("<br>")
                }
            };
            for p in &mover.parameters {
                let _ = writeln!(
                    out,
                    "| {} (`{}`) | {} | {} | {} |",
                    cell(&p.label),
                    p.name,
                    versions(&p.a),
                    versions(&p.b),
                    cell(&p.reference)
                );
            }
            out.push('\n');
        }
    }
}

fn rule_changes(report: &Report, out: &mut String) {
    if report.rule_changes.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "<details><summary>Rule files that differ ({})</summary>\n\n```diff",
        report.rule_changes.len()
    );
    for file in &report.rule_changes {
        match file.kind {
            FileChangeKind::Added => {
                let _ = writeln!(out, "+++ {} (only in B)", file.path);
            }
            FileChangeKind::Removed => {
                let _ = writeln!(out, "--- {} (only in A)", file.path);
            }
            FileChangeKind::Modified => {
                let _ = writeln!(out, "@@ {}", file.path);
                for line in &file.lines {
                    match line {
                        None => out.push_str("@@\n"),
                        Some(l) => {
                            let number = l.line_b.or(l.line_a).unwrap_or(0);
                            let _ = writeln!(out, "{}{number:>5}: {}", l.sign, l.text);
                        }
                    }
                }
            }
        }
    }
    let _ = writeln!(out, "```\n\n</details>\n");
}

fn failures(report: &Report, out: &mut String) {
    let mut lines = Vec::new();
    for row in &report.rows {
        let when = months(row.month_a, row.month_b);
        if let Some(error) = &row.error {
            lines.push(format!("- `{}` ({when}): {}", row.id, cell(error)));
        }
        for (c, info) in row.cells.iter().zip(&report.results) {
            if let Some(error) = &c.error {
                lines.push(format!(
                    "- `{}` ({when}) {}: {}",
                    row.id,
                    info.label,
                    cell(error)
                ));
            }
        }
    }
    if !lines.is_empty() {
        let _ = writeln!(out, "#### Could not be compared\n\n{}\n", lines.join("\n"));
    }
}
