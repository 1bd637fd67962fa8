//! The program embedded at build time is the one the rule files compile to
//! now: a rule edit cannot ship with a stale program.

use etuus::engine::serial;
use etuus::RuleSet;

#[test]
fn the_embedded_program_is_compiled_from_the_rule_files() {
    let fresh = RuleSet::from_sources(etuus::sources()).unwrap_or_else(|d| panic!("{d}"));
    assert_eq!(fresh.program().info.hash, etuus::rules_sha256());
    assert!(
        serial::to_bytes(fresh.program()) == etuus::program_bytes(),
        "the embedded program differs from the one compiled from rules/ now; rebuild"
    );
    let embedded = etuus::rules().unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(embedded.program().info.hash, fresh.program().info.hash);
}

#[cfg(feature = "native")]
#[test]
fn the_generated_formulas_are_those_of_the_rule_files_now() {
    let fresh = RuleSet::from_sources(etuus::sources()).unwrap_or_else(|d| panic!("{d}"));
    let generated = etuus::engine::vm::codegen::generate(fresh.program());
    assert!(
        generated == include_str!(concat!(env!("OUT_DIR"), "/native_rules.rs")),
        "the formulas generated at build time differ from those of rules/ now; rebuild"
    );
}

#[cfg(feature = "native")]
#[test]
fn the_embedded_rules_run_their_generated_formulas() {
    let rules = etuus::rules().unwrap_or_else(|e| panic!("{e}"));
    let program = rules.program();
    assert!(program.natives.is_some());
    for month in ["2021-01", "2024-04", "2026-06"] {
        let plan = program
            .plan(month.parse().expect("a month"))
            .expect("covered");
        let code = program.code(plan);
        assert!(
            code.natives() > 100,
            "{month}: only {} formulas generated",
            code.natives()
        );
    }
    // Formulas generated from other rules are refused.
    let mut plain = RuleSet::from_bytes(etuus::program_bytes(), None).expect("loads");
    let foreign = Box::leak(Box::new(etuus::engine::vm::native::Natives {
        rules_sha256: "0000",
        formulas: &[],
    }));
    assert!(plain.use_natives(foreign).is_err());
    assert!(plain.program().natives.is_none());
}

#[test]
fn a_damaged_or_foreign_program_is_refused() {
    let bytes = etuus::program_bytes();
    assert!(RuleSet::from_bytes(b"not a program", None).is_err());
    let mut damaged = bytes.to_vec();
    damaged.truncate(bytes.len() / 2);
    let error = RuleSet::from_bytes(&damaged, None).expect_err("a truncated program");
    assert!(error.to_string().contains("damaged"), "{error}");
    let error = RuleSet::from_bytes(bytes, Some("0000")).expect_err("another rule set's hash");
    assert!(error.to_string().contains("hash"), "{error}");
    let mut other = bytes.to_vec();
    // The version tag follows the 8-byte magic and its 4-byte length.
    other[12] ^= 1;
    let error = RuleSet::from_bytes(&other, None).expect_err("another format");
    assert!(error.to_string().contains("rebuild"), "{error}");
}
