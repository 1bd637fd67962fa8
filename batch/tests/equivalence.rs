//! Batch rows equal `calc`: every fixture and every bench household, each
//! default result's amount and every shown line.

use etuus::engine::output::{result_document, Out};
use etuus::engine::Month;
use etuus_batch::{run_lines, Batch, BatchOptions, MonthSpec, Selection};
use rust_decimal::Decimal;

use crate::common::{bench_lines, fixtures, parse_output, rules};

/// The amount of each result in `calc`'s result document, by result name.
fn calc_amounts(household_json: &str, month: Month) -> Vec<(String, Option<Decimal>)> {
    let rules = rules();
    let household = rules.household_from_json(household_json).expect("valid");
    let calc = rules.calculate(&household, month).expect("calculates");
    let document = result_document(&calc, 0);
    let Some(Out::Map(results)) = document.get("results").cloned() else {
        panic!("results")
    };
    let mut out = Vec::new();
    for (name, result) in results {
        let amount = match result.get("amount") {
            Some(Out::Num(d)) => Some(*d),
            _ => None,
        };
        out.push((name, amount));
    }
    for (r, _) in calc.failed_results() {
        out.push((rules.program().results[r.index()].name.clone(), None));
    }
    out
}

fn number(v: &serde_json::Value) -> Option<Decimal> {
    match v {
        serde_json::Value::Number(n) => Some(n.to_string().parse().expect("a decimal")),
        serde_json::Value::Null => None,
        other => panic!("not a number: {other}"),
    }
}

fn batch(month: Option<&str>, selection: Selection) -> Batch<'static> {
    let options = BatchOptions {
        selection,
        months: match month {
            Some(m) => MonthSpec::One(m.parse().expect("a month")),
            None => MonthSpec::FromRows,
        },
        ..BatchOptions::default()
    };
    Batch::new(rules(), &options).expect("a batch")
}

#[test]
fn every_fixture_equals_calc_in_several_months() {
    for month in ["2021-03", "2024-06", "2025-06", "2026-06", "2027-12"] {
        let batch = batch(Some(month), Selection::default());
        let input: String = fixtures()
            .iter()
            .map(|(name, json)| {
                let mut v: serde_json::Value = serde_json::from_str(json).expect("json");
                v["id"] = serde_json::Value::String(name.clone());
                format!("{v}\n")
            })
            .collect();
        let (output, summary) = run_lines(&batch, &input).expect("runs");
        let rows = parse_output(&output);
        assert_eq!(rows.len(), fixtures().len());
        assert_eq!(summary.rows, fixtures().len() as u64);
        for ((name, json), row) in fixtures().iter().zip(&rows) {
            assert_eq!(row["id"], name.as_str());
            assert_eq!(row["month"], month);
            let expected = calc_amounts(json, month.parse().expect("month"));
            for (result, amount) in expected {
                assert_eq!(
                    number(&row[result.as_str()]),
                    amount,
                    "{name} {month} {result}: {row}"
                );
            }
        }
    }
}

#[test]
fn bench_households_equal_calc_and_the_expected_housing_allowance() {
    let batch = batch(None, Selection::default());
    let input = bench_lines();
    let (output, summary) = run_lines(&batch, &input).expect("runs");
    assert_eq!(summary.rows, 1000);
    assert_eq!(summary.errors, 0, "{:?}", summary.first_errors);
    let rows = parse_output(&output);
    for (line, row) in input.lines().zip(&rows) {
        let v: serde_json::Value = serde_json::from_str(line).expect("a line");
        assert_eq!(row["id"], v["id"]);
        let expected: Decimal = v["expected_asumistuki"]
            .as_str()
            .expect("text")
            .parse()
            .expect("a decimal");
        assert_eq!(number(&row["yleinen_asumistuki"]), Some(expected), "{row}");
        let month: Month = v["month"].as_str().expect("month").parse().expect("month");
        for (result, amount) in calc_amounts(&v["etuus"].to_string(), month) {
            assert_eq!(number(&row[result.as_str()]), amount, "{result}: {row}");
        }
    }
}

#[test]
fn all_lines_equal_the_lines_calc_shows() {
    let batch = batch(
        Some("2026-06"),
        Selection {
            all_lines: true,
            ..Selection::default()
        },
    );
    let rules = rules();
    let program = rules.program();
    for (name, json) in fixtures() {
        let (output, _) = run_lines(&batch, &format!("{json}\n")).expect("runs");
        let row = &parse_output(&output)[0];
        let household = rules.household_from_json(&json).expect("valid");
        let calc = rules
            .calculate(&household, "2026-06".parse().expect("month"))
            .expect("calculates");
        for &r in calc.results() {
            for line in calc.shown_lines(r) {
                if line.is_amount {
                    continue;
                }
                let var = &program.vars[line.var.index()];
                let value = calc.value(line.var, line.member).expect("shown");
                let shown = if line.member == etuus::engine::trace::ROOT {
                    row[var.name.as_str()].clone()
                } else {
                    // A person by id, a family by its members' ids.
                    let id = calc.member_label(line.var, line.member);
                    let plural = &program.entities[var.entity.index()].plural;
                    let member = row[plural.as_str()]
                        .as_array()
                        .expect("members")
                        .iter()
                        .find(|m| m["id"] == id.as_str())
                        .expect("the member")
                        .clone();
                    member[var.name.as_str()].clone()
                };
                let expected = etuus::engine::output::result::value_out(program, &var.ty, value)
                    .to_json_line();
                // Through f64 on both sides: JSON numbers here are read as floats.
                let expected: serde_json::Value =
                    serde_json::from_str(expected.trim()).expect("JSON");
                assert_eq!(shown, expected, "{name}: {} of {}", var.name, line.member);
            }
        }
    }
}
