//! Group entities: instances derived from the members (persons with equal
//! keys form one family), formulas per group that aggregate over the group's
//! own members, members reading their group's values, and the household
//! aggregating over the groups — in linear time, with both evaluators.

use etuus_engine::eval::Options;
use etuus_engine::output::result_document;
use etuus_engine::trace::ROOT;
use etuus_engine::{DiagnosticKind, Month, RuleSet, Value};

use crate::common::{errors, load};

const RULES: &str = r#"
entities:
  family:
    plural: families
    member_of: household
    groups: person
    key: family_number
    labels: {fi: perhe, en: family}
variables:
  living_with_parents:
    entity: person
    type: bool
    labels: {fi: vanhempien luona, en: living with parents}
    input: {default: false}
  family_number:
    reference: 1412/1997 3 §
    entity: person
    type: integer
    labels: {fi: perheen numero, en: family number}
    formula: if living_with_parents then 100 + member_index else 1
  size:
    reference: 1412/1997 3 §
    entity: family
    type: integer
    labels: {fi: perheen koko, en: family size}
    formula: count(persons)
  family_wages:
    entity: family
    type: money
    unit: eur/month
    labels: {fi: perheen palkat, en: the family's wages}
    reference: 1412/1997 6 §
    formula: sum(persons, wages)
  share_of_family_wages:
    reference: 1412/1997 3 §
    entity: person
    type: money
    unit: eur/month
    labels: {fi: osuus perheen palkoista, en: share of the family's wages}
    formula: family_wages / size
  families_total:
    reference: 1412/1997 3 §
    entity: household
    type: money
    unit: eur/month
    labels: {fi: perheiden palkat, en: all families' wages}
    formula: sum(families, family_wages)
  family_count:
    reference: 1412/1997 3 §
    entity: household
    type: integer
    labels: {fi: perheitä, en: families}
    formula: count(families)
results:
  wages_by_family:
    labels: {fi: Palkat perheittäin, en: Wages by family}
    amount: families_total
    lines: [family_wages, share_of_family_wages]
"#;

const HOUSEHOLD: &str = "persons:\n  mother: {age: 45, wages: 2000}\n  son: {age: 20, wages: 900, living_with_parents: true}\n  daughter: {age: 12}\n";

fn month() -> Month {
    "2025-06".parse().unwrap()
}

fn calculated(rules: &RuleSet, trace: bool) -> etuus_engine::Calculation<'_> {
    let household = rules.household_from_yaml(HOUSEHOLD).unwrap();
    let result = rules.program().result_named("wages_by_family").unwrap();
    let count = rules.program().var_named("family_count").unwrap();
    rules
        .calculate_with(
            &household,
            month(),
            &Options {
                trace,
                results: vec![result],
                variables: vec![count],
                ..Options::default()
            },
        )
        .unwrap()
}

#[test]
fn families_are_formed_from_the_members_keys() {
    let rules = load(RULES).unwrap_or_else(|d| panic!("{}", d.render_plain()));
    for trace in [false, true] {
        let calc = calculated(&rules, trace);
        let program = rules.program();
        let family = etuus_engine::compile::ids::EntityId(
            program
                .entities
                .iter()
                .position(|e| e.name == "family")
                .unwrap() as u32,
        );
        assert_eq!(calc.instances(family), 2, "the mother's and the son's");
        assert_eq!(calc.instance_label(family, 0), "mother, daughter");
        assert_eq!(calc.instance_label(family, 1), "son");
        let wages = program.var_named("family_wages").unwrap();
        assert_eq!(calc.value(wages, 0), Some(Value::Num(2000.into())));
        assert_eq!(calc.value(wages, 1), Some(Value::Num(900.into())));
        assert_eq!(calc.number("families_total"), Some(2900.into()));
        assert_eq!(calc.number("family_count"), Some(2.into()));
        // A member reads the value of its own family.
        assert_eq!(
            calc.member_value_of("daughter", "share_of_family_wages"),
            Some(Value::Num(1000.into()))
        );
        // The result shows a family's line once per family.
        let lines = calc.shown_lines(calc.results()[0]);
        let family_lines: Vec<u32> = lines
            .iter()
            .filter(|l| l.var == wages)
            .map(|l| l.member)
            .collect();
        assert_eq!(family_lines, vec![0, 1], "trace {trace}");
        assert_ne!(lines[0].member, ROOT);
    }
}

#[test]
fn the_document_lists_each_family_with_its_members() {
    let rules = load(RULES).unwrap_or_else(|d| panic!("{}", d.render_plain()));
    let calc = calculated(&rules, false);
    let json: serde_json::Value =
        serde_json::from_str(&result_document(&calc, 1).to_json()).unwrap();
    let families = &json["members"]["families"];
    assert_eq!(
        families["1"]["persons"],
        serde_json::json!(["mother", "daughter"])
    );
    assert_eq!(families["2"]["persons"], serde_json::json!(["son"]));
    assert_eq!(families["1"]["family_wages"], serde_json::json!(2000.0));
    let lines = &json["results"]["wages_by_family"]["lines"][0]["value"];
    assert_eq!(lines["mother, daughter"], serde_json::json!(2000.0));
    assert_eq!(lines["son"], serde_json::json!(900.0));
}

#[test]
fn a_group_is_not_given_in_a_household_file() {
    let rules = load(RULES).unwrap();
    let error = rules
        .household_from_yaml("persons:\n  a: {age: 30}\nfamilies:\n  1: {}\n")
        .unwrap_err();
    assert!(error.to_string().contains("families"), "{error}");
}

#[test]
fn a_person_reads_its_family_only_through_its_own_group() {
    // A household formula must aggregate over the families.
    let d = errors(&RULES.replace(
        "formula: sum(families, family_wages)",
        "formula: family_wages",
    ));
    assert!(d
        .items()
        .iter()
        .any(|i| i.kind == DiagnosticKind::EntityMismatch));
}

#[test]
fn a_group_variable_is_not_an_input_and_the_key_cannot_depend_on_the_groups() {
    let d = errors(&RULES.replace("    formula: count(persons)\n", "    input: {default: 1}\n"));
    assert!(
        d.render_plain()
            .contains("its variables are computed, not inputs"),
        "{}",
        d.render_plain()
    );
    let d = errors(&RULES.replace(
        "formula: if living_with_parents then 100 + member_index else 1",
        "formula: if share_of_family_wages > 0 then 1 else 2",
    ));
    assert!(
        d.items()
            .iter()
            .any(|i| i.kind == DiagnosticKind::CircularDependency),
        "{}",
        d.render_plain()
    );
}

#[test]
fn a_group_needs_its_members_entity_and_a_key_of_theirs() {
    let d = errors(&RULES.replace("    key: family_number\n", ""));
    assert!(d.render_plain().contains("needs both `groups:` and `key:`"));
    let d = errors(&RULES.replace("key: family_number", "key: rent"));
    assert!(d
        .render_plain()
        .contains("`key:` must name a variable of `person`"));
}
