//! Size limits: a household or rule file too large to be real is refused with
//! a clear error before it can exhaust time or memory.

use etuus_engine::household::{Household, InputErrorKind};
use etuus_engine::limits::{MAX_HOUSEHOLD_BYTES, MAX_MEMBERS, MAX_RULE_FILE_BYTES};
use etuus_engine::{RuleSet, SourceFile};

use crate::common::{load, MANIFEST};

const RULES: &str = r#"
variables:
  household_wages:
    entity: household
    type: money
    unit: eur/month
    labels: {fi: palkat, en: wages}
    reference: 938/2014 12 §
    formula: sum(persons, wages)
results:
  wages: {labels: {fi: palkat, en: wages}, amount: household_wages, lines: []}
"#;

fn rules() -> RuleSet {
    load(RULES).unwrap_or_else(|d| panic!("{d}"))
}

fn persons_yaml(count: usize) -> String {
    let mut text = String::from("rent: 500\npersons:\n");
    for i in 0..count {
        text.push_str(&format!("  p{i}: {{age: 30, wages: 100}}\n"));
    }
    text
}

#[test]
fn a_household_of_the_largest_size_is_calculated() {
    let rules = rules();
    let household = rules
        .household_from_yaml(&persons_yaml(MAX_MEMBERS))
        .unwrap();
    let options = etuus_engine::eval::Options {
        results: vec![rules.program().result_named("wages").unwrap()],
        ..Default::default()
    };
    let calc = rules
        .calculate_with(&household, "2024-06".parse().unwrap(), &options)
        .unwrap();
    assert_eq!(
        calc.number("household_wages"),
        Some(rust_decimal::Decimal::from(100 * MAX_MEMBERS as i64))
    );
}

#[test]
fn one_member_too_many_is_refused_and_the_message_names_the_limit() {
    let error = rules()
        .household_from_yaml(&persons_yaml(MAX_MEMBERS + 1))
        .unwrap_err();
    assert_eq!(error.kind, InputErrorKind::OutOfRange);
    assert_eq!(error.path, "persons");
    assert_eq!(
        error.to_string(),
        format!(
            "persons: a household may have at most {MAX_MEMBERS} members; this one has more than {MAX_MEMBERS} (for many households, calculate each one separately)"
        )
    );
}

#[test]
fn json_households_have_the_same_limit() {
    let members: Vec<String> = (0..MAX_MEMBERS + 1)
        .map(|i| format!("\"p{i}\": {{\"age\": 30}}"))
        .collect();
    let text = format!("{{\"persons\": {{{}}}}}", members.join(", "));
    let error = rules().household_from_json(&text).unwrap_err();
    assert_eq!(error.kind, InputErrorKind::OutOfRange);
}

/// 130 000 members fit in 1 MiB of JSON: they are refused after one linear
/// read, not calculated.
#[test]
fn a_huge_json_household_is_refused_without_being_calculated() {
    let mut text = String::from("{\"persons\": {");
    let mut i = 0;
    while text.len() < MAX_HOUSEHOLD_BYTES - 20 {
        if i > 0 {
            text.push(',');
        }
        text.push_str(&format!("\"{i}\":{{}}"));
        i += 1;
    }
    text.push_str("}}");
    let started = std::time::Instant::now();
    let error = rules().household_from_json(&text).unwrap_err();
    assert_eq!(error.kind, InputErrorKind::OutOfRange, "{error}");
    assert!(error.message.contains("at most 50 members"), "{error}");
    // Generous even for a debug build on a busy machine; the quadratic
    // evaluation this guards against took minutes.
    assert!(started.elapsed().as_secs() < 60);
}

#[test]
fn a_text_over_the_byte_limit_is_refused_before_it_is_parsed() {
    let text = format!("rent: 500\n#{}\n", "x".repeat(MAX_HOUSEHOLD_BYTES));
    let error = rules().household_from_yaml(&text).unwrap_err();
    assert_eq!(error.kind, InputErrorKind::OutOfRange);
    assert!(
        error
            .message
            .contains(&format!("at most {MAX_HOUSEHOLD_BYTES} bytes")),
        "{error}"
    );
    assert!(rules().household_from_json(&text).is_err());
}

/// A household assembled in code, not read from text, meets the same limit
/// when it is calculated.
#[test]
fn a_household_built_in_code_is_checked_when_calculated() {
    let rules = rules();
    let one = Household::from_tree(
        rules.program(),
        &serde_json::json!({"persons": {"p": {"age": 30}}}),
    )
    .unwrap();
    let mut household = one.clone();
    for i in 0..MAX_MEMBERS + 10 {
        let mut member = one.members[0].clone();
        member.id = format!("p{i}");
        household.members.push(member);
    }
    let error = rules
        .calculate(&household, "2024-06".parse().unwrap())
        .unwrap_err();
    let input = error.as_input().expect("an input error");
    assert!(input.message.contains("at most 50 members"), "{input}");
}

#[test]
fn a_rule_file_over_the_limit_is_refused_with_its_name() {
    let huge = format!("# {}\n", "x".repeat(MAX_RULE_FILE_BYTES));
    let diagnostics = RuleSet::from_sources(vec![
        SourceFile::new("manifest.yaml", MANIFEST),
        SourceFile::new("huge.yaml", huge),
    ])
    .unwrap_err();
    let text = diagnostics.render_plain();
    assert!(text.contains("huge.yaml"), "{text}");
    assert!(
        text.contains(&format!("at most {MAX_RULE_FILE_BYTES} bytes")),
        "{text}"
    );
}

/// A 5 000-term sum overflowed the stack of the checker; now it is a syntax
/// error at the formula, like any other.
#[test]
fn a_formula_too_long_to_check_is_refused_with_its_place() {
    let terms = vec!["wages"; 5000].join(" + ");
    let rules = format!(
        "variables:\n  total:\n    entity: person\n    type: money\n    unit: eur/month\n    labels: {{fi: yhteensä, en: total}}\n    reference: 938/2014 12 §\n    formula: {terms}\n"
    );
    let diagnostics = crate::common::errors(&rules);
    let text = diagnostics.render_plain();
    assert!(
        text.contains(&format!(
            "more than {} operations deep",
            etuus_engine::expr::MAX_TREE_DEPTH
        )),
        "{text}"
    );
    assert!(text.contains("rules.yaml:8"), "{text}");
}
