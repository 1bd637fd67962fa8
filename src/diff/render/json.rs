//! The report as JSON, with exact decimals.
//!
//! Format (version 1):
//!
//! ```text
//! format_version  1
//! a, b            {label, rules, rules_sha256}
//! language        "fi"
//! results         [{name, label, unit}]
//! total           name of the result gain and loss are measured on
//! summary         {compared, gain, lose, same, failed, total_change, median_change,
//!                  median_change_of_changed, by_result: [{name, gain, lose, total_change}],
//!                  by_month: [{month_a, month_b, gain, lose, same, total_change}]}
//! rows            [{id, description, month_a, month_b, total_change, error,
//!                   results: {<name>: {a, b, change, error}},
//!                   changed_lines: [{result, name, member, a, b, unit}]}]
//!                 largest change in the total first
//! movers          [{id, month_a, month_b, lines: [{result, label, member, a, b, reference,
//!                   formula_a, formula_b}], parameters: [{name, label, reference,
//!                   a: [{value, since}], b: [{value, since}]}]}]
//! rule_changes    [{path, kind: added|removed|modified, lines: [{sign, line_a, line_b, text}]}]
//! ```

use etuus_engine::output::Out;
use rust_decimal::Decimal;

use crate::diff::report::{Report, SideInfo};
use crate::diff::rule_files::FileChangeKind;

/// Version of the JSON report; bumped on any incompatible change.
pub const FORMAT_VERSION: u32 = 1;

fn num(value: Option<Decimal>) -> Out {
    value.map_or(Out::Null, |mut d| {
        if d.scale() < 2 {
            d.rescale(2);
        }
        Out::Num(d)
    })
}

fn text(value: Option<&str>) -> Out {
    value.map_or(Out::Null, Out::str)
}

fn count(n: usize) -> Out {
    Out::Num(Decimal::from(n as u64))
}

fn map(entries: Vec<(&str, Out)>) -> Out {
    Out::Map(
        entries
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect(),
    )
}

fn side(info: &SideInfo) -> Out {
    map(vec![
        ("label", Out::str(&info.label)),
        ("rules", Out::str(&info.rules)),
        ("rules_sha256", Out::str(&info.rules_sha256)),
    ])
}

pub(super) fn render(report: &Report) -> String {
    let s = &report.summary;
    let summary = map(vec![
        ("compared", count(s.compared)),
        ("gain", count(s.gain)),
        ("lose", count(s.lose)),
        ("same", count(s.same)),
        ("failed", count(s.failed)),
        ("total_change", num(Some(s.total_change))),
        ("median_change", num(s.median_change)),
        ("median_change_of_changed", num(s.median_change_of_changed)),
        (
            "by_result",
            Out::List(
                s.by_result
                    .iter()
                    .map(|r| {
                        map(vec![
                            ("name", Out::str(&r.name)),
                            ("gain", count(r.gain)),
                            ("lose", count(r.lose)),
                            ("total_change", num(Some(r.total_change))),
                        ])
                    })
                    .collect(),
            ),
        ),
        (
            "by_month",
            Out::List(
                s.by_month
                    .iter()
                    .map(|m| {
                        map(vec![
                            ("month_a", Out::str(m.month_a.to_string())),
                            ("month_b", Out::str(m.month_b.to_string())),
                            ("gain", count(m.gain)),
                            ("lose", count(m.lose)),
                            ("same", count(m.same)),
                            ("total_change", num(Some(m.total_change))),
                        ])
                    })
                    .collect(),
            ),
        ),
    ]);
    let rows = report
        .rows
        .iter()
        .map(|row| {
            let results = Out::Map(
                row.cells
                    .iter()
                    .zip(&report.results)
                    .map(|(cell, info)| {
                        (
                            info.name.clone(),
                            map(vec![
                                ("a", num(cell.a)),
                                ("b", num(cell.b)),
                                ("change", num(cell.change())),
                                ("error", text(cell.error.as_deref())),
                            ]),
                        )
                    })
                    .collect(),
            );
            let lines = row
                .changed_lines
                .iter()
                .map(|l| {
                    map(vec![
                        ("result", Out::str(&l.result)),
                        ("name", Out::str(&l.name)),
                        ("member", text(l.member.as_deref())),
                        ("a", text(l.a.as_deref())),
                        ("b", text(l.b.as_deref())),
                        ("unit", text(l.unit.as_deref())),
                    ])
                })
                .collect();
            map(vec![
                ("id", Out::str(&row.id)),
                ("description", text(row.description.as_deref())),
                ("month_a", Out::str(row.month_a.to_string())),
                ("month_b", Out::str(row.month_b.to_string())),
                ("total_change", num(row.total_change(report.total))),
                ("error", text(row.error.as_deref())),
                ("results", results),
                ("changed_lines", Out::List(lines)),
            ])
        })
        .collect();
    let movers = report
        .movers
        .iter()
        .map(|m| {
            let row = &report.rows[m.row];
            let versions = |v: &[(String, String)]| {
                Out::List(
                    v.iter()
                        .map(|(value, since)| {
                            map(vec![("value", Out::str(value)), ("since", Out::str(since))])
                        })
                        .collect(),
                )
            };
            map(vec![
                ("id", Out::str(&row.id)),
                ("month_a", Out::str(row.month_a.to_string())),
                ("month_b", Out::str(row.month_b.to_string())),
                (
                    "lines",
                    Out::List(
                        m.lines
                            .iter()
                            .map(|l| {
                                let (fa, fb) = l.formula.clone().unwrap_or_default();
                                map(vec![
                                    ("result", Out::str(&l.result)),
                                    ("label", Out::str(&l.label)),
                                    ("member", text(l.member.as_deref())),
                                    ("a", text(l.a.as_deref())),
                                    ("b", text(l.b.as_deref())),
                                    ("reference", text(l.reference.as_deref())),
                                    ("formula_a", text(fa.as_deref())),
                                    ("formula_b", text(fb.as_deref())),
                                ])
                            })
                            .collect(),
                    ),
                ),
                (
                    "parameters",
                    Out::List(
                        m.parameters
                            .iter()
                            .map(|p| {
                                map(vec![
                                    ("name", Out::str(&p.name)),
                                    ("label", Out::str(&p.label)),
                                    ("reference", Out::str(&p.reference)),
                                    ("a", versions(&p.a)),
                                    ("b", versions(&p.b)),
                                ])
                            })
                            .collect(),
                    ),
                ),
            ])
        })
        .collect();
    let rule_changes = report
        .rule_changes
        .iter()
        .map(|f| {
            let kind = match f.kind {
                FileChangeKind::Added => "added",
                FileChangeKind::Removed => "removed",
                FileChangeKind::Modified => "modified",
            };
            let lines = f
                .lines
                .iter()
                .flatten()
                .map(|l| {
                    map(vec![
                        ("sign", Out::str(l.sign.to_string())),
                        ("line_a", l.line_a.map_or(Out::Null, count)),
                        ("line_b", l.line_b.map_or(Out::Null, count)),
                        ("text", Out::str(&l.text)),
                    ])
                })
                .collect();
            map(vec![
                ("path", Out::str(&f.path)),
                ("kind", Out::str(kind)),
                ("lines", Out::List(lines)),
            ])
        })
        .collect();
    map(vec![
        ("format_version", count(FORMAT_VERSION as usize)),
        ("a", side(&report.a)),
        ("b", side(&report.b)),
        ("language", Out::str(&report.language)),
        (
            "results",
            Out::List(
                report
                    .results
                    .iter()
                    .map(|r| {
                        map(vec![
                            ("name", Out::str(&r.name)),
                            ("label", Out::str(&r.label)),
                            ("unit", text(r.unit.as_deref())),
                        ])
                    })
                    .collect(),
            ),
        ),
        ("total", Out::str(&report.results[report.total].name)),
        ("summary", summary),
        ("rows", Out::List(rows)),
        ("movers", Out::List(movers)),
        ("rule_changes", Out::List(rule_changes)),
    ])
    .to_json()
}
