//! Calculating the corpus on both sides and comparing the results.

use etuus_engine::{Month, RuleSet};
use rust_decimal::{Decimal, RoundingStrategy};

use super::movers::explain_mover;
use super::report::{
    Cell, DiffError, DiffOptions, LineChange, MonthSummary, Report, ResultInfo, ResultSummary, Row,
    Side, SideInfo, Summary,
};
use super::rule_files::rule_file_changes;
use super::DEFAULT_TOTAL;
use crate::corpus::Corpus;
use crate::summary::{result_rows, ResultRows};

/// Compares every household of `corpus` between side A in the first month of
/// each pair and side B in the second: two months with the same rules
/// (`[(2024-03, 2024-04)]`), or two rule sets in the same months
/// (`[(m, m), …]`).
pub fn diff(
    a: Side<'_>,
    b: Side<'_>,
    months: &[(Month, Month)],
    corpus: &Corpus,
    options: &DiffOptions,
) -> Result<Report, DiffError> {
    if months.is_empty() {
        return Err(DiffError::NoMonths);
    }
    if corpus.households.is_empty() {
        return Err(DiffError::EmptyCorpus);
    }
    let program = b.rules.program();
    let language =
        program
            .language(&options.language)
            .ok_or_else(|| DiffError::UnknownLanguage {
                code: options.language.clone(),
                known: program.info.languages.clone(),
            })?;
    let language_a = a.rules.program().language(&options.language).unwrap_or(0);
    let results = chosen_results(a.rules, b.rules, options, language)?;
    let total = match &options.total {
        Some(name) => results
            .iter()
            .position(|r| r.name == *name)
            .ok_or_else(|| unknown_result(name, &results))?,
        None => results
            .iter()
            .position(|r| r.name == DEFAULT_TOTAL)
            .unwrap_or(0),
    };
    let names: Vec<&str> = results.iter().map(|r| r.name.as_str()).collect();

    let mut rows = Vec::new();
    for household in &corpus.households {
        for &(month_a, month_b) in months {
            rows.push(compare_one(
                a.rules,
                b.rules,
                household,
                (month_a, month_b),
                &names,
            ));
        }
    }
    // The largest change in the total first; among equal totals, the
    // largest shift between results (a housing allowance that toimeentulotuki
    // makes up for); rows that could not be compared last.
    let key = |r: &Row| {
        let total = r.total_change(total).map(|d| std::cmp::Reverse(d.abs()));
        let shift: Decimal = r
            .cells
            .iter()
            .filter_map(|c| c.change())
            .map(|d| d.abs())
            .sum();
        (total.is_none(), total, std::cmp::Reverse(shift))
    };
    rows.sort_by(|x, y| (key(x), &x.id, x.month_b).cmp(&(key(y), &y.id, y.month_b)));
    let summary = summarise(&rows, &results, total);
    // The largest movers: rows whose amounts moved, in the order above, one
    // per household (its largest).
    let mut explained: Vec<&str> = Vec::new();
    let movers = rows
        .iter()
        .enumerate()
        .filter(|(_, r)| {
            r.cells
                .iter()
                .any(|c| c.change().is_some_and(|d| !d.is_zero()))
        })
        .filter(|(_, r)| {
            let first = !explained.contains(&r.id.as_str());
            explained.push(&r.id);
            first
        })
        .take(options.movers)
        .filter_map(|(index, row)| {
            let household = corpus.households.iter().find(|h| h.id == row.id)?;
            explain_mover(
                (a.rules, language_a),
                (b.rules, language),
                household,
                row,
                index,
                &names,
            )
        })
        .collect();
    let rule_changes = options
        .rule_files
        .as_ref()
        .map(|(files_a, files_b)| rule_file_changes(files_a, files_b))
        .unwrap_or_default();
    Ok(Report {
        a: side_info(a),
        b: side_info(b),
        language: options.language.clone(),
        results,
        total,
        rows,
        summary,
        movers,
        rule_changes,
    })
}

fn side_info(side: Side<'_>) -> SideInfo {
    let info = &side.rules.program().info;
    SideInfo {
        label: side.label.to_string(),
        rules: format!("{} {}", info.name, info.version),
        rules_sha256: info.hash.clone(),
    }
}

fn unknown_result(name: &str, results: &[ResultInfo]) -> DiffError {
    DiffError::UnknownResult {
        name: name.to_string(),
        known: results.iter().map(|r| r.name.clone()).collect(),
    }
}

/// The results both rule sets have: those asked for, or B's defaults.
fn chosen_results(
    a: &RuleSet,
    b: &RuleSet,
    options: &DiffOptions,
    language: usize,
) -> Result<Vec<ResultInfo>, DiffError> {
    let (pa, pb) = (a.program(), b.program());
    let in_both = |name: &str| pa.result_named(name).is_some() && pb.result_named(name).is_some();
    let names: Vec<String> = if options.results.is_empty() {
        pb.default_results
            .iter()
            .map(|&r| pb.results[r.index()].name.clone())
            .filter(|n| in_both(n))
            .collect()
    } else {
        options.results.clone()
    };
    let known: Vec<String> = pb
        .results
        .iter()
        .map(|r| r.name.clone())
        .filter(|n| in_both(n))
        .collect();
    names
        .into_iter()
        .map(|name| {
            let id = pb
                .result_named(&name)
                .filter(|_| in_both(&name))
                .ok_or_else(|| DiffError::UnknownResult {
                    name: name.clone(),
                    known: known.clone(),
                })?;
            let def = &pb.results[id.index()];
            let unit = match &pb.vars[def.amount.index()].ty {
                etuus_engine::types::DeclaredType::Number(_, unit) if !unit.is_one() => {
                    Some(pb.unit_name(unit))
                }
                _ => None,
            };
            Ok(ResultInfo {
                name,
                label: def.labels.get(language).to_string(),
                unit,
            })
        })
        .collect()
}

/// Calculates one household on both sides.
fn compare_one(
    rules_a: &RuleSet,
    rules_b: &RuleSet,
    household: &crate::corpus::CorpusHousehold,
    (month_a, month_b): (Month, Month),
    names: &[&str],
) -> Row {
    let mut row = Row {
        id: household.id.clone(),
        description: None,
        month_a,
        month_b,
        cells: vec![Cell::default(); names.len()],
        error: None,
        changed_lines: Vec::new(),
    };
    let side =
        |rules: &RuleSet, month: Month| -> Result<(Option<String>, Vec<ResultRows>), String> {
            let parsed = household.read(rules).map_err(|e| e.to_string())?;
            let calc = rules.calculate(&parsed, month).map_err(|e| e.to_string())?;
            Ok((parsed.description.clone(), result_rows(&calc)))
        };
    let (a, b) = (side(rules_a, month_a), side(rules_b, month_b));
    let (rows_a, rows_b) = match (a, b) {
        (Ok((_, ra)), Ok((description, rb))) => {
            row.description = description;
            (ra, rb)
        }
        (Err(e), Ok((description, _))) => {
            row.description = description;
            row.error = Some(format!("A: {e}"));
            return row;
        }
        (Ok((description, _)), Err(e)) => {
            row.description = description;
            row.error = Some(format!("B: {e}"));
            return row;
        }
        (Err(ea), Err(eb)) if ea == eb => {
            row.error = Some(ea);
            return row;
        }
        (Err(ea), Err(eb)) => {
            row.error = Some(format!("A: {ea}; B: {eb}"));
            return row;
        }
    };
    for (cell, name) in row.cells.iter_mut().zip(names) {
        let find = |rows: &[ResultRows]| rows.iter().find(|r| r.name == *name).cloned();
        let (ra, rb) = (find(&rows_a), find(&rows_b));
        let amount = |r: &Option<ResultRows>| {
            r.as_ref()
                .and_then(|r| r.rows.first())
                .filter(|row| row.is_amount)
                .and_then(|row| match &row.value {
                    etuus_engine::output::Out::Num(d) => Some(*d),
                    _ => None,
                })
        };
        cell.a = amount(&ra);
        cell.b = amount(&rb);
        let error = |side: &str, r: &Option<ResultRows>| {
            r.as_ref()
                .and_then(|r| r.error.clone())
                .map(|e| format!("{side}: {e}"))
        };
        cell.error = match (error("A", &ra), error("B", &rb)) {
            (Some(x), Some(y)) => Some(format!("{x}; {y}")),
            (x, y) => x.or(y),
        };
        row.changed_lines
            .extend(changed_lines(name, ra.as_ref(), rb.as_ref()));
    }
    row
}

/// The rows of one result that differ, by (name, member), in B's order with
/// A's extra rows after.
fn changed_lines(result: &str, a: Option<&ResultRows>, b: Option<&ResultRows>) -> Vec<LineChange> {
    let empty = Vec::new();
    let rows_a = a.map_or(&empty, |r| &r.rows);
    let rows_b = b.map_or(&empty, |r| &r.rows);
    let mut changes = Vec::new();
    let same_key =
        |x: &crate::summary::Row, y: &crate::summary::Row| x.name == y.name && x.member == y.member;
    for row_b in rows_b {
        let row_a = rows_a.iter().find(|r| same_key(r, row_b));
        let value_a = row_a.map(|r| r.value_text());
        let value_b = row_b.value_text();
        if value_a.as_deref() != Some(value_b.as_str()) {
            changes.push(LineChange {
                result: result.to_string(),
                name: row_b.name.clone(),
                member: row_b.member.clone(),
                a: value_a,
                b: Some(value_b),
                unit: row_b.unit.clone(),
            });
        }
    }
    for row_a in rows_a {
        if !rows_b.iter().any(|r| same_key(r, row_a)) {
            changes.push(LineChange {
                result: result.to_string(),
                name: row_a.name.clone(),
                member: row_a.member.clone(),
                a: Some(row_a.value_text()),
                b: None,
                unit: row_a.unit.clone(),
            });
        }
    }
    changes
}

fn summarise(rows: &[Row], results: &[ResultInfo], total: usize) -> Summary {
    let changes: Vec<Decimal> = rows.iter().filter_map(|r| r.total_change(total)).collect();
    let changed: Vec<Decimal> = changes.iter().copied().filter(|d| !d.is_zero()).collect();
    let by_result = results
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let deltas: Vec<Decimal> = rows
                .iter()
                .filter_map(|row| row.cells.get(i)?.change())
                .collect();
            ResultSummary {
                name: r.name.clone(),
                gain: deltas
                    .iter()
                    .filter(|d| d.is_sign_positive() && !d.is_zero())
                    .count(),
                lose: deltas
                    .iter()
                    .filter(|d| d.is_sign_negative() && !d.is_zero())
                    .count(),
                total_change: deltas.iter().sum(),
            }
        })
        .collect();
    let mut pairs: Vec<(Month, Month)> = Vec::new();
    for row in rows {
        if !pairs.contains(&(row.month_a, row.month_b)) {
            pairs.push((row.month_a, row.month_b));
        }
    }
    pairs.sort_by_key(|&(a, b)| (b, a));
    let by_month = if pairs.len() > 1 {
        pairs
            .into_iter()
            .map(|(month_a, month_b)| {
                let deltas: Vec<Decimal> = rows
                    .iter()
                    .filter(|r| (r.month_a, r.month_b) == (month_a, month_b))
                    .filter_map(|r| r.total_change(total))
                    .collect();
                MonthSummary {
                    month_a,
                    month_b,
                    gain: count_sign(&deltas, 1),
                    lose: count_sign(&deltas, -1),
                    same: count_sign(&deltas, 0),
                    total_change: deltas.iter().sum(),
                }
            })
            .collect()
    } else {
        Vec::new()
    };
    Summary {
        compared: rows.len(),
        gain: count_sign(&changes, 1),
        lose: count_sign(&changes, -1),
        same: count_sign(&changes, 0),
        failed: rows.len() - changes.len(),
        total_change: changes.iter().sum(),
        median_change: median(&changes),
        median_change_of_changed: median(&changed),
        by_result,
        by_month,
    }
}

fn count_sign(values: &[Decimal], sign: i32) -> usize {
    values
        .iter()
        .filter(|d| match sign {
            0 => d.is_zero(),
            s if s > 0 => !d.is_zero() && d.is_sign_positive(),
            _ => !d.is_zero() && d.is_sign_negative(),
        })
        .count()
}

/// The median; for an even count the mean of the middle two, to the cent.
pub(crate) fn median(values: &[Decimal]) -> Option<Decimal> {
    let mut sorted = values.to_vec();
    sorted.sort();
    let n = sorted.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(sorted[n / 2]),
        _ => Some(
            ((sorted[n / 2 - 1] + sorted[n / 2]) / Decimal::TWO)
                .round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> Decimal {
        text.parse().unwrap()
    }

    #[test]
    fn median_of_odd_and_even_counts() {
        assert_eq!(median(&[]), None);
        assert_eq!(median(&[d("3"), d("-1"), d("2")]), Some(d("2")));
        assert_eq!(median(&[d("0.01"), d("0.02")]), Some(d("0.02")));
        assert_eq!(median(&[d("-0.01"), d("-0.02")]), Some(d("-0.02")));
    }
}
