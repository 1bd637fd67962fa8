//! Language features that rule sets with families and changing laws need:
//! aggregates over one's peers (`outer.`), `member_index`, variables that are
//! not in force (`formula: ~`), per-line filters and zero-line omission in
//! results, table-cell overrides, and rates written as percentages.

use etuus_engine::eval::Options;
use etuus_engine::trace::ROOT;
use etuus_engine::{DiagnosticKind, Month, RuleSet, Value};

use crate::common::{errors, load};

const RULES: &str = r#"
parameters:
  limit:
    type: money
    unit: eur/month
    labels: {fi: raja, en: limit}
    values:
      - {since: 2024-04-01, value: 500, reference: "1412/1997 7 a §"}
  amount:
    type: money
    unit: eur/month
    keys: [integer]
    labels: {fi: määrä, en: amount}
    values:
      - {since: 2015-01-01, reference: "1412/1997 9 §", table: {1: 100, 2: 60}}
variables:
  family:
    entity: person
    type: integer
    labels: {fi: perhe, en: family}
    input: {default: 1, min: 1, max: 9}
  position:
    entity: person
    type: integer
    labels: {fi: järjestys, en: position}
    reference: 1412/1997 3 §
    formula: member_index
  family_size:
    entity: person
    type: integer
    labels: {fi: perheen koko, en: family size}
    reference: 1412/1997 3 §
    formula: count(persons where family == outer.family)
  head:
    entity: person
    type: bool
    labels: {fi: perheen ensimmäinen, en: first of the family}
    reference: 1412/1997 3 §
    formula: count(persons where family == outer.family and position < outer.position) == 0
  family_wages:
    entity: person
    type: money
    unit: eur/month
    labels: {fi: perheen palkat, en: family wages}
    reference: 1412/1997 11 §
    formula: sum(persons where family == outer.family, wages)
  capped_rent:
    entity: household
    type: money
    unit: eur/month
    labels: {fi: rajattu vuokra, en: capped rent}
    reference: 1412/1997 7 a §
    formulas:
      - since: 2021-01-01
        formula: ~
      - since: 2024-04-01
        formula: min(rent, limit)
  accepted_rent:
    entity: household
    type: money
    unit: eur/month
    labels: {fi: hyväksytty vuokra, en: accepted rent}
    reference: 1412/1997 7 a §
    formulas:
      - since: 2021-01-01
        formula: rent
      - since: 2024-04-01
        formula: capped_rent
  base:
    entity: person
    type: money
    unit: eur/month
    labels: {fi: perusmäärä, en: base}
    reference: 1412/1997 9 §
    formula: amount[min(family_size, 2)]
  total:
    entity: household
    type: money
    unit: eur/month
    labels: {fi: yhteensä, en: total}
    reference: 1412/1997 6 §
    formula: accepted_rent + sum(persons, base)
results:
  total:
    labels: {fi: yhteensä, en: total}
    amount: total
    omit_zero_lines: true
    lines:
      - capped_rent
      - family_wages where head
      - base
"#;

fn rules() -> RuleSet {
    load(RULES).unwrap_or_else(|d| panic!("{d}"))
}

fn month(text: &str) -> Month {
    text.parse().unwrap()
}

/// The `total` result for a month.
fn total<'r>(
    rules: &'r RuleSet,
    household: &etuus_engine::Household,
    month: Month,
) -> etuus_engine::Calculation<'r> {
    let options = Options {
        results: vec![rules.program().result_named("total").unwrap()],
        ..Options::default()
    };
    rules.calculate_with(household, month, &options).unwrap()
}

const HOUSEHOLD: &str =
    "rent: 700\npersons:\n  a: {wages: 100}\n  b: {wages: 200}\n  c: {family: 2, wages: 0}\n";

#[test]
fn aggregates_over_the_members_of_ones_own_family() {
    let rules = rules();
    let household = rules.household_from_yaml(HOUSEHOLD).unwrap();
    let calc = total(&rules, &household, month("2024-06"));
    let value = |member: &str, name: &str| calc.member_value_of(member, name).unwrap();
    assert_eq!(value("a", "family_size"), Value::Num(2.into()));
    assert_eq!(value("c", "family_size"), Value::Num(1.into()));
    assert_eq!(value("b", "family_wages"), Value::Num(300.into()));
    assert_eq!(value("a", "head"), Value::Bool(true));
    assert_eq!(value("b", "head"), Value::Bool(false));
    assert_eq!(value("c", "head"), Value::Bool(true));
    assert_eq!(value("c", "position"), Value::Num(2.into()));
    // 500 (capped) + 60 + 60 + 100
    assert_eq!(calc.number("total").unwrap(), 720.into());
}

#[test]
fn a_variable_not_in_force_is_left_out_of_the_result() {
    let rules = rules();
    let household = rules.household_from_yaml(HOUSEHOLD).unwrap();
    let program = rules.program();
    let capped = program.var_named("capped_rent").unwrap();
    let result = program.result_named("total").unwrap();

    let before = total(&rules, &household, month("2024-03"));
    assert_eq!(before.value(capped, ROOT), None);
    assert_eq!(before.number("total").unwrap(), 920.into());
    assert!(before.shown_lines(result).iter().all(|l| l.var != capped));

    let after = total(&rules, &household, month("2024-04"));
    assert_eq!(after.value(capped, ROOT), Some(Value::Num(500.into())));
    assert!(after.shown_lines(result).iter().any(|l| l.var == capped));
}

#[test]
fn line_filters_and_zero_lines() {
    let rules = rules();
    let household = rules.household_from_yaml(HOUSEHOLD).unwrap();
    let program = rules.program();
    let calc = total(&rules, &household, month("2024-06"));
    let result = program.result_named("total").unwrap();
    let wages = program.var_named("family_wages").unwrap();
    let shown: Vec<u32> = calc
        .shown_lines(result)
        .iter()
        .filter(|l| l.var == wages)
        .map(|l| l.member)
        .collect();
    // Only the heads of the families, and not family 2, whose wages are zero.
    assert_eq!(shown, vec![0]);
}

#[test]
fn reading_a_variable_where_it_is_not_in_force_is_an_error() {
    let rules = RULES.replace(
        "      - since: 2021-01-01\n        formula: rent\n      - since: 2024-04-01\n        formula: capped_rent",
        "      - since: 2021-01-01\n        formula: capped_rent",
    );
    let diagnostics = errors(&rules);
    let found = diagnostics
        .items()
        .iter()
        .find(|d| d.kind == DiagnosticKind::CoverageGap)
        .unwrap_or_else(|| panic!("{}", diagnostics.render_plain()));
    assert!(
        found
            .message
            .contains("`accepted_rent` reads `capped_rent` in 2021-01 … 2024-03, when `capped_rent` is not in force"),
        "{}",
        found.message
    );
}

#[test]
fn outer_needs_an_aggregate_over_ones_peers() {
    let rules = RULES.replace(
        "formula: sum(persons where family == outer.family, wages)",
        "formula: wages + outer.wages",
    );
    let diagnostics = errors(&rules);
    assert!(
        diagnostics.items().iter().any(|d| d
            .message
            .contains("`outer.` is only available inside an aggregate")),
        "{}",
        diagnostics.render_plain()
    );
}

#[test]
fn a_table_cell_can_be_overridden() {
    let rules = rules();
    let household = rules.household_from_yaml(HOUSEHOLD).unwrap();
    let amount = rules.program().param_named("amount").unwrap();
    let options = Options {
        cell_overrides: vec![(amount, vec![Value::Num(2.into())], Value::Num(70.into()))],
        variables: vec![rules.program().var_named("total").unwrap()],
        ..Options::default()
    };
    let calc = rules
        .calculate_with(&household, month("2024-06"), &options)
        .unwrap();
    assert_eq!(calc.number("total").unwrap(), 740.into());
}

#[test]
fn rates_can_be_written_as_percentages() {
    let rules = load(
        "variables:\n  tax:\n    entity: person\n    type: rate\n    labels: {fi: vero, en: tax}\n    input: {min: 0, max: 1}\n",
    )
    .unwrap_or_else(|d| panic!("{d}"));
    let household = rules
        .household_from_yaml("persons:\n  a: {tax: \"20,5 %\"}\n  b: {tax: 0.3}\n")
        .unwrap();
    let tax = rules.program().var_named("tax").unwrap();
    let given = |m: usize| {
        household.members[m]
            .values
            .iter()
            .find(|(v, _)| *v == tax)
            .map(|(_, x)| *x)
    };
    assert_eq!(given(0), Some(Value::Num("0.205".parse().unwrap())));
    assert_eq!(given(1), Some(Value::Num("0.3".parse().unwrap())));
    let error = rules
        .household_from_yaml("persons:\n  a: {tax: 120 %}\n")
        .unwrap_err();
    assert!(error.to_string().contains("persons.a.tax"), "{error}");
}

#[test]
fn a_line_filter_must_be_true_or_false() {
    let rules = RULES.replace(
        "- family_wages where head",
        "- family_wages where family_size",
    );
    let diagnostics = errors(&rules);
    assert!(
        diagnostics
            .items()
            .iter()
            .any(|d| d.kind == DiagnosticKind::TypeMismatch
                && d.message.contains(
                    "a line filter needs a true-or-false variable, and `family_size` is not one"
                )),
        "{}",
        diagnostics.render_plain()
    );
}
