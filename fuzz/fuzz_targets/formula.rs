//! A formula placed in a small rule set with numbers, rates, dates, enums,
//! tables and members: lexing, parsing, checking and — when it checks —
//! evaluating must never panic, and evaluation must never meet an internal
//! error.
#![no_main]

use etuus_engine::{RuleSet, SourceFile};
use libfuzzer_sys::fuzz_target;

const RULES: &str = r#"
ruleset:
  name: fuzz
  version: "1"
  covers_from: 2024-01
  covers_until: 2024-12
  languages: [en]
  root_entity: household
  default_results: [out]
entities:
  household: {plural: households, labels: {en: household}}
  person: {plural: persons, member_of: household, min_members: 1, labels: {en: person}}
units:
  eur: {labels: {en: "€"}}
  month: {labels: {en: month}}
enums:
  tenure:
    labels: {en: tenure}
    values:
      rent: {labels: {en: rent}}
      own: {labels: {en: owned}}
parameters:
  share:
    type: rate
    labels: {en: share}
    values:
      - {since: 2024-01-01, value: 0.7, reference: "1 §"}
  limit:
    type: money
    unit: eur/month
    keys: [tenure, integer]
    labels: {en: limit}
    reference: "2 §"
    values:
      - since: 2024-01-01
        table:
          rent: {1: 500, 2: 700}
          own: {1: 400, 2: 600}
variables:
  rent:
    entity: household
    type: money
    unit: eur/month
    labels: {en: rent}
    input: {default: 0, min: 0}
  tenure:
    entity: household
    type: tenure
    labels: {en: tenure}
    input: {default: rent}
  moved:
    entity: household
    type: date
    labels: {en: moved}
    input: {}
  age:
    entity: person
    type: integer
    labels: {en: age}
    input: {default: 30, min: 0, max: 120}
  wages:
    entity: person
    type: money
    unit: eur/month
    labels: {en: wages}
    input: {default: 0, min: 0}
  adult:
    entity: person
    type: bool
    labels: {en: adult}
    reference: "3 §"
    formula: age >= 18
"#;

/// The formula's variable, for each type the fuzzer may aim at.
const TARGETS: [(&str, &str); 4] = [
    ("household", "type: money\n    unit: eur/month"),
    ("household", "type: bool"),
    ("person", "type: money\n    unit: eur/month"),
    ("household", "type: rate"),
];

const HOUSEHOLD: &str =
    "rent: 650\ntenure: own\nmoved: 2023-05-01\npersons:\n  a: {age: 40, wages: 1200}\n  b: {age: 7}\n";

fuzz_target!(|data: &[u8]| {
    let Some((&selector, formula)) = data.split_first() else {
        return;
    };
    let Ok(formula) = std::str::from_utf8(formula) else {
        return;
    };
    let (entity, ty) = TARGETS[selector as usize % TARGETS.len()];
    // A block scalar takes the formula as it is, whatever characters it holds.
    let mut indented = String::new();
    for line in formula.lines() {
        indented.push_str("      ");
        indented.push_str(line);
        indented.push('\n');
    }
    let out = format!(
        "variables:\n  out:\n    entity: {entity}\n    {ty}\n    labels: {{en: out}}\n    reference: \"4 §\"\n    formula: |\n{indented}results:\n  out: {{labels: {{en: out}}, amount: {amount}, lines: [out]}}\n",
        amount = if entity == "household" { "out" } else { "total" },
    );
    let extra = if entity == "person" {
        "variables:\n  total:\n    entity: household\n    type: money\n    unit: eur/month\n    labels: {en: total}\n    reference: \"5 §\"\n    formula: sum(persons, out)\n"
    } else {
        ""
    };
    let mut files = vec![
        SourceFile::new("rules.yaml", RULES),
        SourceFile::new("out.yaml", out),
    ];
    if !extra.is_empty() {
        files.push(SourceFile::new("total.yaml", extra));
    }
    let Ok(rules) = RuleSet::from_sources(files) else {
        return;
    };
    let household = rules.household_from_yaml(HOUSEHOLD).expect("the household fits the rules");
    for month in ["2024-01", "2024-12"] {
        if let Err(e) = rules.calculate(&household, month.parse().expect("a month")) {
            assert!(
                !matches!(e.kind(), etuus_engine::eval::EvalErrorKind::Internal(_)),
                "{e}"
            );
        }
    }
});
