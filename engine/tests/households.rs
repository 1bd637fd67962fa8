//! Household input errors name the field and what is allowed, and never panic.

use etuus_engine::household::InputErrorKind;
use etuus_engine::{Month, RuleSet};
use proptest::prelude::*;

use crate::common::load;

const RULES: &str = r#"
variables:
  support:
    entity: household
    type: money
    unit: eur/month
    labels: {fi: tuki, en: support}
    reference: 938/2014 8 §
    formula: round(share * max(0, rent - sum(persons where age >= 18, wages)), cents, half_away_from_zero)
  adults:
    entity: household
    type: integer
    labels: {fi: aikuiset, en: adults}
    reference: 938/2014 16 §
    formula: count(persons where age >= 18)
results:
  support: {labels: {fi: tuki, en: support}, amount: support, lines: [adults]}
"#;

fn rules() -> RuleSet {
    load(RULES).unwrap_or_else(|d| panic!("{d}"))
}

fn error(yaml: &str) -> etuus_engine::InputError {
    rules()
        .household_from_yaml(yaml)
        .expect_err("the household should be rejected")
}

#[test]
fn calculates_with_aggregates_and_rounding() {
    let rules = rules();
    let household = rules
        .household_from_yaml(
            "rent: 1000.55\npersons:\n  a: {age: 40, wages: 300}\n  b: {age: 12, wages: 100}\n",
        )
        .unwrap();
    let month: Month = "2024-06".parse().unwrap();
    let calc = rules
        .calculate_with(
            &household,
            month,
            &etuus_engine::eval::Options {
                results: vec![rules.program().result_named("support").unwrap()],
                ..Default::default()
            },
        )
        .unwrap();
    // 0.8 × (1000.55 − 300) = 560.44
    assert_eq!(calc.number("support").unwrap(), "560.44".parse().unwrap());
    assert_eq!(calc.number("adults").unwrap(), 1.into());
}

#[test]
fn wrong_type_names_the_field() {
    let e = error("rent: lots\npersons:\n  a: {age: 30}\n");
    assert_eq!(e.kind, InputErrorKind::InvalidValue);
    assert_eq!(e.path, "rent");
    assert!(
        e.message.contains("`lots` is not a number"),
        "{}",
        e.message
    );
}

#[test]
fn negative_age_is_out_of_range() {
    let e = error("persons:\n  a: {age: -3}\n");
    assert_eq!(e.kind, InputErrorKind::OutOfRange);
    assert_eq!(e.path, "persons.a.age");
    assert_eq!(e.message, "-3 is outside the allowed range 0 … 120");
}

#[test]
fn fractional_age_is_not_an_integer() {
    let e = error("persons:\n  a: {age: 30.5}\n");
    assert_eq!(e.path, "persons.a.age");
    assert!(e.message.contains("not a whole number"), "{}", e.message);
}

#[test]
fn unknown_field_suggests_the_input() {
    let e = error("rnet: 500\npersons:\n  a: {age: 30}\n");
    assert_eq!(e.kind, InputErrorKind::UnknownField);
    assert!(e.message.contains("did you mean `rent`?"), "{}", e.message);
}

#[test]
fn unknown_enum_value_lists_close_matches() {
    let e = error("tenure: rnet\npersons:\n  a: {age: 30}\n");
    assert_eq!(e.path, "tenure");
    assert!(
        e.message.contains("expected one of rent, own"),
        "{}",
        e.message
    );
}

#[test]
fn computed_variable_is_not_an_input() {
    let e = error("support: 5\npersons:\n  a: {age: 30}\n");
    assert!(e.message.contains("computed by the rules"), "{}", e.message);
}

#[test]
fn a_household_needs_a_person() {
    let e = error("rent: 500\n");
    assert_eq!(e.kind, InputErrorKind::Missing);
    assert_eq!(e.path, "persons");
}

#[test]
fn malformed_yaml_is_a_syntax_error() {
    let e = error("rent: [500\n");
    assert_eq!(e.kind, InputErrorKind::Syntax);
}

#[test]
fn month_outside_the_rules() {
    let rules = rules();
    let household = rules
        .household_from_yaml("persons:\n  a: {age: 30}\n")
        .unwrap();
    let e = rules
        .calculate(&household, "2027-01".parse().unwrap())
        .unwrap_err();
    assert!(
        e.to_string().contains("the rules cover 2021-01 … 2026-12"),
        "{e}"
    );
}

#[test]
fn missing_optional_input_names_the_member() {
    let rules = rules();
    let household = rules
        .household_from_yaml("persons:\n  anna: {wages: 100}\n")
        .unwrap();
    let options = etuus_engine::eval::Options {
        results: vec![rules.program().result_named("support").unwrap()],
        ..Default::default()
    };
    let e = rules
        .calculate_with(&household, "2024-01".parse().unwrap(), &options)
        .unwrap_err();
    assert!(
        e.to_string()
            .starts_with("persons.anna.age: needed for this calculation"),
        "{e}"
    );
}

#[test]
fn json_households_read_the_same() {
    let rules = rules();
    let yaml = rules
        .household_from_yaml("rent: 742.10\npersons:\n  a: {age: 30}\n")
        .unwrap();
    let json = rules
        .household_from_json(r#"{"rent": 742.10, "persons": {"a": {"age": 30}}}"#)
        .unwrap();
    assert_eq!(yaml, json);
}

#[test]
fn set_changes_one_input() {
    let rules = rules();
    let program = rules.program();
    let mut household = rules
        .household_from_yaml("persons:\n  a: {age: 30}\n")
        .unwrap();
    household.set(program, "a.wages", "250").unwrap();
    household.set(program, "rent", "700").unwrap();
    let e = household.set(program, "a.wagez", "1").unwrap_err();
    assert!(e.message.contains("did you mean `wages`?"), "{}", e.message);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Whatever text arrives, reading it is an answer or an error, never a panic.
    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,200}") {
        let rules = rules();
        let _ = rules.household_from_yaml(&text);
        let _ = rules.household_from_json(&text);
    }

    /// Structurally plausible households with arbitrary values never panic either.
    #[test]
    fn arbitrary_values_never_panic(rent in "[-0-9a-z.,]{0,12}", age in "[-0-9.]{0,6}", wages in proptest::num::f64::ANY) {
        let rules = rules();
        let yaml = format!("rent: {rent}\npersons:\n  a: {{age: {age}, wages: {wages}}}\n");
        if let Ok(household) = rules.household_from_yaml(&yaml) {
            let _ = rules.calculate(&household, "2024-06".parse().unwrap());
        }
    }
}
