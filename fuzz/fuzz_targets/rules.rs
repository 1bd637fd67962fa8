//! A rule file loaded beside a minimal manifest: loading and checking must
//! never panic, and a rule set that loads must calculate a household without
//! an internal error.
#![no_main]

use etuus_engine::{RuleSet, SourceFile};
use libfuzzer_sys::fuzz_target;

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

const HOUSEHOLD: &str = "persons:\n  a: {}\n  b: {}\n";

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(rules) = RuleSet::from_sources(vec![
        SourceFile::new("manifest.yaml", MANIFEST),
        SourceFile::new("rules.yaml", text),
    ]) else {
        return;
    };
    let Ok(household) = rules.household_from_yaml(HOUSEHOLD) else {
        return;
    };
    let program = rules.program();
    let options = etuus_engine::eval::Options {
        results: program
            .results
            .iter()
            .filter_map(|r| program.result_named(&r.name))
            .collect(),
        ..Default::default()
    };
    if let Err(e) = rules.calculate_with(&household, "2024-06".parse().expect("a month"), &options) {
        assert!(
            !matches!(e.kind(), etuus_engine::eval::EvalErrorKind::Internal(_)),
            "{e}"
        );
    }
});
