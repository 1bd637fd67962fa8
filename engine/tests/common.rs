//! A minimal rule set to which each test adds what it is about.

use etuus_engine::{Diagnostics, RuleSet, SourceFile};

/// The manifest every test rule set shares.
pub const MANIFEST: &str = r#"
ruleset:
  name: test
  version: "1"
  covers_from: 2021-01
  covers_until: 2026-12
  languages: [fi, en]
  root_entity: household
  default_results: []
entities:
  household: {plural: households, labels: {fi: kotitalous, en: household}}
  person: {plural: persons, member_of: household, min_members: 1, labels: {fi: henkilö, en: person}}
units:
  eur: {labels: {fi: "€", en: "€"}}
  month: {labels: {fi: kk, en: month}}
  day: {labels: {fi: pv, en: day}}
enums:
  tenure:
    labels: {fi: asumismuoto, en: tenure}
    values:
      rent: {labels: {fi: vuokra, en: rent}}
      own: {labels: {fi: omistus, en: owned}}
parameters:
  share:
    type: rate
    labels: {fi: osuus, en: share}
    values:
      - {since: 2015-01-01, value: 0.8, reference: "938/2014 8 §"}
variables:
  rent:
    entity: household
    type: money
    unit: eur/month
    labels: {fi: vuokra, en: rent}
    input: {default: 0, min: 0}
  tenure:
    entity: household
    type: tenure
    labels: {fi: asumismuoto, en: tenure}
    input: {default: rent}
  age:
    entity: person
    type: integer
    labels: {fi: ikä, en: age}
    input: {min: 0, max: 120}
  wages:
    entity: person
    type: money
    unit: eur/month
    labels: {fi: palkka, en: wages}
    input: {default: 0, min: 0}
"#;

/// Loads the manifest plus `rules` (as a second file named `rules.yaml`).
pub fn load(rules: &str) -> Result<RuleSet, Diagnostics> {
    RuleSet::from_sources(vec![
        SourceFile::new("manifest.yaml", MANIFEST),
        SourceFile::new("rules.yaml", rules),
    ])
}

/// Loads a rule set that must fail, returning its diagnostics.
pub fn errors(rules: &str) -> Diagnostics {
    match load(rules) {
        Ok(_) => panic!("expected rule errors, but the rules loaded"),
        Err(d) => d,
    }
}
