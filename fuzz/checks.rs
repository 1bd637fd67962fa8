// What each fuzz target checks, shared by the targets (`fuzz_targets/*.rs`)
// and by the regression test that replays `fuzz/seeds/` and
// `fuzz/regressions/` on stable (`tests/fuzz_regressions.rs`). Each function
// panics when the property fails; any other outcome is fine.

use etuus::engine::eval::{EvalErrorKind, Options};
use etuus::engine::{RuleSet, SourceFile};

/// A household file, read as YAML and as JSON with the Finnish rules and,
/// when accepted, calculated in a month before and after the big changes:
/// reading and calculating never panic and never end in anything but a
/// result or an input error.
pub fn household(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let rules = etuus::rules().expect("the embedded rules load");
    for household in [
        rules.household_from_yaml(text),
        rules.household_from_json(text),
    ] {
        let Ok(household) = household else { continue };
        for month in ["2024-03", "2026-05"] {
            let month = month.parse().expect("a month");
            if let Err(e) = rules.calculate(&household, month) {
                assert!(e.as_input().is_some(), "{e}");
            }
        }
    }
}

const MANIFEST: &str = r#"
ruleset:
  name: fuzz
  version: "1"
  covers_from: 2024-01
  covers_until: 2024-12
  languages: [fi, en]
  root_entity: household
  default_results: []
entities:
  household: {plural: households, labels: {fi: kotitalous, en: household}}
  person: {plural: persons, member_of: household, min_members: 1, labels: {fi: henkilö, en: person}}
units:
  eur: {labels: {fi: "€", en: "€"}}
  month: {labels: {fi: kk, en: month}}
"#;

/// A rule file loaded beside a minimal manifest: loading and checking never
/// panic, and a rule set that loads calculates a household of two without an
/// internal error.
pub fn rules(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(rules) = RuleSet::from_sources(vec![
        SourceFile::new("manifest.yaml", MANIFEST),
        SourceFile::new("rules.yaml", text),
    ]) else {
        return;
    };
    let Ok(household) = rules.household_from_yaml("persons:\n  a: {}\n  b: {}\n") else {
        return;
    };
    let program = rules.program();
    let options = Options {
        results: program
            .results
            .iter()
            .filter_map(|r| program.result_named(&r.name))
            .collect(),
        ..Options::default()
    };
    if let Err(e) = rules.calculate_with(&household, "2024-06".parse().expect("a month"), &options)
    {
        assert!(!matches!(e.kind(), EvalErrorKind::Internal(_)), "{e}");
    }
}

const FORMULA_RULES: &str = r#"
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
  day: {labels: {en: day}}
  year: {labels: {en: year}}
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

/// The formula's variable, by the first byte of the input.
const TARGETS: [(&str, &str); 4] = [
    ("household", "type: money\n    unit: eur/month"),
    ("household", "type: bool"),
    ("person", "type: money\n    unit: eur/month"),
    ("household", "type: rate"),
];

const FORMULA_HOUSEHOLD: &str =
    "rent: 650\ntenure: own\nmoved: 2023-05-01\npersons:\n  a: {age: 40, wages: 1200}\n  b: {age: 7}\n";

/// A formula (after a first byte choosing its variable's type) in a small
/// rule set with numbers, rates, dates, enums, a table and members: lexing,
/// parsing and checking never panic, and a formula that checks evaluates
/// without an internal error.
pub fn formula(data: &[u8]) {
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
    let amount = if entity == "household" {
        "out"
    } else {
        "total"
    };
    let mut out = format!(
        "variables:\n  out:\n    entity: {entity}\n    {ty}\n    labels: {{en: out}}\n    reference: \"4 §\"\n    formula: |\n{indented}"
    );
    if entity == "person" {
        out.push_str("  total:\n    entity: household\n    type: money\n    unit: eur/month\n    labels: {en: total}\n    reference: \"5 §\"\n    formula: sum(persons, out)\n");
    }
    out.push_str(&format!(
        "results:\n  out: {{labels: {{en: out}}, amount: {amount}, lines: [out]}}\n"
    ));
    let Ok(rules) = RuleSet::from_sources(vec![
        SourceFile::new("rules.yaml", FORMULA_RULES),
        SourceFile::new("out.yaml", out),
    ]) else {
        return;
    };
    let household = rules
        .household_from_yaml(FORMULA_HOUSEHOLD)
        .expect("the household fits the rules");
    for month in ["2024-01", "2024-12"] {
        if let Err(e) = rules.calculate(&household, month.parse().expect("a month")) {
            assert!(!matches!(e.kind(), EvalErrorKind::Internal(_)), "{e}");
        }
    }
}
