//! Household values are typed: numbers as numbers, truth values as true or
//! false, keys once. Every refusal names the field, says how to write the
//! value and, where it is known, what the field allows.

use etuus_engine::household::InputErrorKind;
use etuus_engine::{InputError, Month, RuleSet, SourceFile, Value};

use crate::common::MANIFEST;

const RULES: &str = r#"
enums:
  place:
    labels: {fi: kunta, en: municipality}
    values:
      "091": {labels: {fi: Helsinki, en: Helsinki}}
      "837": {labels: {fi: Tampere, en: Tampere}}
variables:
  place:
    entity: household
    type: place
    labels: {fi: kunta, en: municipality}
    input: {default: "091"}
  tax_rate:
    entity: person
    type: rate
    labels: {fi: veroprosentti, en: tax rate}
    input: {min: 0, max: 1}
  student:
    entity: person
    type: bool
    labels: {fi: opiskelija, en: student}
    input: {default: "false"}
  born:
    entity: person
    type: date
    labels: {fi: syntymäaika, en: date of birth}
    input: {min: 1900-01-01, max: 2026-12-31}
"#;

const BENEFIT: &str = r#"
namespace: benefit
variables:
  flag:
    entity: person
    type: bool
    labels: {fi: lippu, en: flag}
    input: {default: "false"}
  days:
    entity: person
    type: number
    unit: day/month
    labels: {fi: päivät, en: days}
    input: {default: 0, min: 0, max: 23}
  water:
    entity: household
    type: money
    unit: eur/month
    labels: {fi: vesi, en: water}
    input: {default: 0, min: 0, max: 10000}
"#;

fn rules() -> RuleSet {
    RuleSet::from_sources(vec![
        SourceFile::new("manifest.yaml", MANIFEST),
        SourceFile::new("rules.yaml", RULES),
        SourceFile::new("benefit.yaml", BENEFIT),
    ])
    .unwrap_or_else(|d| panic!("{d}"))
}

fn yaml_error(text: &str) -> InputError {
    rules()
        .household_from_yaml(text)
        .expect_err("the household should be rejected")
}

fn json_error(text: &str) -> InputError {
    rules()
        .household_from_json(text)
        .expect_err("the household should be rejected")
}

fn assert_contains(error: &InputError, wanted: &str) {
    assert!(error.message.contains(wanted), "{wanted:?} not in {error}");
}

#[test]
fn a_code_with_a_fractional_part_is_refused() {
    let e = yaml_error("place: 837.0\npersons:\n  a: {age: 30}\n");
    assert_eq!(e.kind, InputErrorKind::InvalidValue);
    assert_eq!(e.path, "place");
    assert_contains(&e, "`837.0` is a decimal number, not a code of `place`");
    assert_contains(&e, "837 or \"837\"");
    let e = json_error(r#"{"place": 837.0, "persons": {"a": {"age": 30}}}"#);
    assert_eq!(e.path, "place");
    // A whole number, a quoted code and a name all find the municipality.
    let rules = rules();
    for text in [
        r#"{"place": 837, "persons": {"a": {}}}"#,
        r#"{"place": "837", "persons": {"a": {}}}"#,
        r#"{"place": "tampere", "persons": {"a": {}}}"#,
    ] {
        let household = rules.household_from_json(text).unwrap();
        assert_eq!(household.values[0].1, Value::Enum(1), "{text}");
    }
    // YAML reads `091` as written; `91` finds it too.
    for text in [
        "place: 091\npersons: {a: {}}\n",
        "place: 91\npersons: {a: {}}\n",
    ] {
        let household = rules.household_from_yaml(text).unwrap();
        assert_eq!(household.values[0].1, Value::Enum(0), "{text}");
    }
}

#[test]
fn json_refuses_duplicate_keys_at_every_level() {
    let e = json_error(r#"{"persons": {"a": {"age": 30}, "a": {"age": 40}}}"#);
    assert_eq!(e.kind, InputErrorKind::Duplicate);
    assert_eq!(e.path, "persons.a");
    assert_contains(&e, "the id `a` is given twice");

    let e = json_error(r#"{"rent": 500, "rent": 600, "persons": {"a": {}}}"#);
    assert_eq!(
        (e.kind, e.path.as_str()),
        (InputErrorKind::Duplicate, "rent")
    );

    let e = json_error(r#"{"persons": {"a": {"age": 30, "age": 31}}}"#);
    assert_eq!(e.path, "persons.a.age");

    let e =
        json_error(r#"{"persons": {"a": {"benefit": {"flag": true}, "benefit": {"days": 3}}}}"#);
    assert_eq!(e.path, "persons.a.benefit");

    // Once dotted, once nested: the same input twice.
    let e = json_error(r#"{"persons": {"a": {"benefit.days": 2, "benefit": {"days": 3}}}}"#);
    assert_eq!(e.path, "persons.a.benefit.days");

    let e = json_error(r#"{"persons": {"a": {}}, "persons": {"b": {}}}"#);
    assert_eq!(e.path, "persons");

    // A key given as null counts too.
    let e = json_error(r#"{"persons": {"a": {"age": null, "age": 3}}}"#);
    assert_eq!(e.path, "persons.a.age");
}

#[test]
fn yaml_refuses_duplicate_keys_the_same_way() {
    let e = yaml_error("persons:\n  a: {age: 30}\n  a: {age: 40}\n");
    assert_eq!(
        (e.kind, e.path.as_str()),
        (InputErrorKind::Duplicate, "persons.a")
    );
    let e = yaml_error("rent: 1\nrent: 2\npersons: {a: {}}\n");
    assert_eq!(e.path, "rent");
}

#[test]
fn numbers_are_written_as_numbers() {
    let e = json_error(r#"{"persons": {"a": {"age": "35"}}}"#);
    assert_eq!(
        (e.kind, e.path.as_str()),
        (InputErrorKind::InvalidValue, "persons.a.age")
    );
    assert_contains(
        &e,
        "`35` is text; expected a number: write 35 without quotes",
    );
    let e = yaml_error("persons:\n  a: {age: \"35\"}\n");
    assert_contains(&e, "write 35 without quotes");
    let e = yaml_error("rent: \"742,10\"\npersons: {a: {}}\n");
    assert_contains(
        &e,
        "write the number without quotes and with a decimal point: 742.10",
    );
    let e = yaml_error("rent: 1_000\npersons: {a: {}}\n");
    assert_contains(&e, "`1_000` is not a number");
    let e = yaml_error("rent: lots\npersons: {a: {}}\n");
    assert_contains(&e, "`lots` is not a number; expected money in eur/month");
    assert_eq!(e.allowed.as_deref(), Some("money in eur/month, ≥ 0"));
}

#[test]
fn truth_values_are_true_or_false() {
    // YAML 1.2 reads `yes` as text; the message says what to write.
    let e = yaml_error("persons:\n  a: {student: yes}\n");
    assert_eq!(
        (e.kind, e.path.as_str()),
        (InputErrorKind::InvalidValue, "persons.a.student")
    );
    assert_contains(
        &e,
        "`yes` is text, not true or false (YAML 1.2 reads `yes` as text); write true",
    );
    assert_eq!(e.allowed.as_deref(), Some("true or false"));
    let e = json_error(r#"{"persons": {"a": {"student": "no"}}}"#);
    assert_contains(&e, "write false");
    let e = json_error(r#"{"persons": {"a": {"student": "true"}}}"#);
    assert_contains(&e, "`true` is text in quotes; write true without quotes");
    let e = json_error(r#"{"persons": {"a": {"student": 1}}}"#);
    assert_contains(&e, "expected true or false, found the number 1");
    // YAML 1.2's own spellings are truth values.
    let rules = rules();
    let household = rules
        .household_from_yaml("persons:\n  a: {student: True}\n")
        .unwrap();
    assert_eq!(household.members[0].values[0].1, Value::Bool(true));
}

#[test]
fn member_ids_are_not_empty() {
    let e = yaml_error("persons:\n  \"\": {age: 30}\n");
    assert_eq!(
        (e.kind, e.path.as_str()),
        (InputErrorKind::InvalidValue, "persons")
    );
    assert_contains(&e, "a member's id is empty");
    let e = json_error(r#"{"persons": {" ": {"age": 30}}}"#);
    assert_eq!(e.path, "persons");
    let e = json_error(r#"{"persons": {"a.b": {"age": 30}}}"#);
    assert_contains(&e, "may not contain `.`");
}

#[test]
fn messages_name_the_problem() {
    // A number too large for any input is out of range, not "not a number".
    let e = yaml_error("rent: 1e40\npersons: {a: {}}\n");
    assert_eq!(
        (e.kind, e.path.as_str()),
        (InputErrorKind::OutOfRange, "rent")
    );
    assert_contains(&e, "is out of range");
    assert!(!e.message.contains("not a number"), "{e}");
    let e = json_error(r#"{"persons": {"a": {"age": 99999999999999999999}}}"#);
    assert_eq!(e.kind, InputErrorKind::OutOfRange);
    assert_contains(&e, "outside the allowed range 0 … 120");

    // A scalar where a namespace's mapping belongs.
    let e = yaml_error("persons:\n  a: {benefit: true}\n");
    assert_eq!(e.path, "persons.a.benefit");
    assert_contains(
        &e,
        "expected a mapping of `benefit` inputs, e.g. `benefit: {days: …}`; found true",
    );
    // A mapping where a value belongs.
    let e = yaml_error("rent: {amount: 5}\npersons: {a: {}}\n");
    assert_contains(&e, "expected money in eur/month, found a mapping");
    // A member that is not a mapping.
    let e = yaml_error("persons:\n  a: 35\n");
    assert_eq!(e.path, "persons.a");
    assert_contains(&e, "a member is a mapping of inputs");

    // A long value is cut in the message.
    let long = "x".repeat(200);
    let e = yaml_error(&format!("rent: {long}\npersons: {{a: {{}}}}\n"));
    assert_contains(&e, &format!("`{}…`", "x".repeat(40)));
    assert!(!e.message.contains(&"x".repeat(41)), "{e}");

    // A rate written as a percentage without its sign.
    let e = yaml_error("persons:\n  a: {tax_rate: 25}\n");
    assert_eq!(
        (e.kind, e.path.as_str()),
        (InputErrorKind::OutOfRange, "persons.a.tax_rate")
    );
    assert_contains(
        &e,
        "25 is outside the allowed range 0 % … 100 %; for 25 percent write \"25 %\" or 0.25",
    );
    assert_eq!(
        e.allowed.as_deref(),
        Some("a rate (0.25 or \"25 %\"), 0 % … 100 %")
    );
    let e = json_error(r#"{"persons": {"a": {"tax_rate": "25"}}}"#);
    assert_contains(
        &e,
        "write the rate as a number, e.g. 0.25, or as a percentage with a % sign, \"25 %\"",
    );

    // Too many digits for a float to carry.
    let e = json_error(r#"{"rent": 0.12345678901234567, "persons": {"a": {}}}"#);
    assert_contains(&e, "round it to at most 15 significant digits");

    // Dates in full.
    let e = yaml_error("persons:\n  a: {born: 1990-6-1}\n");
    assert_contains(&e, "`1990-6-1` is not a date; write it as YYYY-MM-DD");
    let e = json_error(r#"{"persons": {"a": {"born": 19900601}}}"#);
    assert_contains(&e, "expected a date YYYY-MM-DD, found the number 19900601");
}

#[test]
fn the_allowed_values_travel_with_the_error() {
    let e = yaml_error("persons:\n  a: {age: -3}\n");
    assert_eq!(e.allowed.as_deref(), Some("a whole number, 0 … 120"));
    let e = yaml_error("tenure: rnet\npersons: {a: {}}\n");
    assert_eq!(e.allowed.as_deref(), Some("one of rent, own"));
    let e = yaml_error("persons:\n  a: {born: 1800-01-01}\n");
    assert_eq!(
        e.allowed.as_deref(),
        Some("a date YYYY-MM-DD, 1900-01-01 … 2026-12-31")
    );
}

#[test]
fn keys_are_checked_in_their_namespace_and_entity() {
    let e = yaml_error("persons:\n  a: {benefit: {flagg: true}}\n");
    assert_eq!(
        (e.kind, e.path.as_str()),
        (InputErrorKind::UnknownField, "persons.a.benefit.flagg")
    );
    assert_contains(&e, "did you mean `benefit.flag`?");
    let e = yaml_error("persons:\n  a: {rent: 5}\n");
    assert_contains(&e, "`rent` is an input of a household, not of a person");
    // Dotted and nested forms read the same.
    let rules = rules();
    let dotted = rules
        .household_from_yaml("benefit.water: 5\npersons:\n  a: {benefit.days: 3}\n")
        .unwrap();
    let nested = rules
        .household_from_yaml("benefit: {water: 5}\npersons:\n  a: {benefit: {days: 3}}\n")
        .unwrap();
    assert_eq!(dotted, nested);
}

#[test]
fn rates_are_shares_or_percentages() {
    let rules = rules();
    for (text, share) in [
        ("0.185", "0.185"),
        ("18.5 %", "0.185"),
        ("\"18,5 %\"", "0.185"),
        ("20%", "0.2"),
    ] {
        let household = rules
            .household_from_yaml(&format!("persons:\n  a: {{tax_rate: {text}}}\n"))
            .unwrap_or_else(|e| panic!("{text}: {e}"));
        assert_eq!(
            household.members[0].values[0].1,
            Value::Num(share.parse().unwrap()),
            "{text}"
        );
    }
}

#[test]
fn a_syntax_error_is_reported_as_such() {
    // The reader stops at the bad value, but the file's syntax error wins.
    let e = yaml_error("rent: lots\npersons: {a: [\n");
    assert_eq!(e.kind, InputErrorKind::Syntax, "{e}");
    let e = json_error(r#"{"rent": "lots", "persons": {"a": {}"#);
    assert_eq!(e.kind, InputErrorKind::Syntax, "{e}");
    let e = json_error(r#"{"persons": {"a": {}}} trailing"#);
    assert_eq!(e.kind, InputErrorKind::Syntax, "{e}");
}

#[test]
fn the_three_readers_agree() {
    let rules = rules();
    let json = r#"{"place": "Tampere", "rent": 742.10, "benefit": {"water": 20},
        "persons": {"a": {"age": 30, "tax_rate": "20 %", "benefit": {"flag": true}}, "b": null}}"#;
    let from_json = rules.household_from_json(json).unwrap();
    let tree: serde_json::Value = serde_json::from_str(json).unwrap();
    let from_tree = etuus_engine::Household::from_tree(rules.program(), &tree).unwrap();
    let from_yaml = rules
        .household_from_yaml(
            "place: Tampere\nrent: 742.10\nbenefit: {water: 20}\npersons:\n  a: {age: 30, tax_rate: 20 %, benefit: {flag: true}}\n  b:\n",
        )
        .unwrap();
    assert_eq!(from_json, from_tree);
    assert_eq!(from_json, from_yaml);
    // Members listed without ids are numbered from 1.
    let listed = rules
        .household_from_json(r#"{"persons": [{"age": 30}, {"age": 5}]}"#)
        .unwrap();
    let ids: Vec<&str> = listed.members.iter().map(|m| m.id.as_str()).collect();
    assert_eq!(ids, ["1", "2"]);
}

#[test]
fn set_reads_its_value_like_a_file() {
    let rules = rules();
    let program = rules.program();
    let mut household = rules
        .household_from_yaml("persons:\n  a: {age: 30}\n")
        .unwrap();
    household.set(program, "a.tax_rate", "18.5 %").unwrap();
    household.set(program, "persons.a.student", "true").unwrap();
    household.set(program, "place", "837").unwrap();
    let e = household.set(program, "a.student", "yes").unwrap_err();
    assert_eq!(e.path, "persons.a.student");
    assert_contains(&e, "write true");
    let e = household.set(program, "a.age", "").unwrap_err();
    assert_eq!(
        (e.kind, e.path.as_str()),
        (InputErrorKind::Missing, "persons.a.age")
    );
    let e = household.set(program, "a.age", "[1").unwrap_err();
    assert_eq!(e.path, "persons.a.age");
    let e = household.set(program, "a.age", "300").unwrap_err();
    assert_contains(&e, "outside the allowed range 0 … 120");
}

#[test]
fn a_month_is_written_in_full() {
    let e = "2024-6".parse::<Month>().unwrap_err();
    assert!(
        e.to_string()
            .contains("write it as YYYY-MM with two digits"),
        "{e}"
    );
    assert!("2024-06".parse::<Month>().is_ok());
}
