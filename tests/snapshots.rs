//! Snapshots of the fixture households: one compact document per fixture
//! with its results and their lines in every month of
//! [`etuus::REVIEW_MONTHS`], and the laskelma in each language. A rule change
//! shows up here as a snapshot diff of exactly the amounts it moved; review it
//! with `cargo insta review`. Every fixture is checked even when some fail.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use etuus::engine::eval::Options;
use etuus::engine::explain::{explain, render_text};
use etuus::engine::RuleSet;
use etuus::summary::snapshot_document;

fn rules() -> &'static RuleSet {
    etuus::rules().unwrap_or_else(|d| panic!("{d}"))
}

/// Every fixture, each as one snapshot `fixture@<file>.snap`. All of them
/// are checked, and every one that changed is written as a `.snap.new` for
/// `cargo insta review`, before the test fails with the list. (insta's own
/// `glob!` would do the same, but it counts the failures of snapshot tests
/// running on other threads as its own.)
#[test]
fn fixture() {
    let rules = rules();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("fixtures/ exists")
        .map(|e| e.expect("readable").path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    files.sort();
    let mut changed = Vec::new();
    for path in &files {
        let file = path.file_name().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(path).expect("readable fixture");
        let household = rules
            .household_from_yaml(&text)
            .unwrap_or_else(|e| panic!("{file}: {e}"));
        let document = snapshot_document(rules, &household, &etuus::REVIEW_MONTHS);
        let mut settings = insta::Settings::clone_current();
        settings.set_input_file(path);
        settings.set_prepend_module_to_snapshot(true);
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            settings.bind(|| insta::assert_snapshot!(format!("fixture@{file}"), document));
        }));
        if outcome.is_err() {
            changed.push(file);
        }
    }
    assert!(
        files.len() >= 40,
        "expected the fixture corpus, found {} files",
        files.len()
    );
    assert!(
        changed.is_empty(),
        "{} of {} fixture snapshots changed: {}\nreview them with `cargo insta review` (or accept with INSTA_UPDATE=always and read `git diff tests/snapshots`)",
        changed.len(),
        files.len(),
        changed.join(", ")
    );
}

/// What a snapshot document may name: each result and the lines its
/// laskelma can show.
fn shown_names(rules: &RuleSet) -> BTreeMap<String, BTreeSet<String>> {
    let program = rules.program();
    program
        .results
        .iter()
        .map(|r| {
            let names = std::iter::once(r.amount)
                .chain(r.lines.iter().copied())
                .map(|v| program.vars[v.index()].name.clone())
                .collect();
            (r.name.clone(), names)
        })
        .collect()
}

/// The committed fixture snapshots hold results and their lines only: no
/// intermediate value of the calculation, so that a rule change shows only
/// the amounts a reader of the laskelma sees move.
#[test]
fn fixture_snapshots_hold_no_intermediate_values() {
    let allowed = shown_names(rules());
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots");
    let mut checked = 0;
    for entry in std::fs::read_dir(dir).expect("tests/snapshots exists") {
        let path = entry.expect("readable").path();
        let file = path.file_name().unwrap().to_string_lossy().into_owned();
        if !file.starts_with("integration__snapshots__fixture@") || !file.ends_with(".snap") {
            continue;
        }
        checked += 1;
        let text = std::fs::read_to_string(&path).unwrap();
        // The insta header ends at the second `---` line.
        let body = text.split_once("\n---\n").map_or("", |(_, body)| body);
        let mut result = String::new();
        for line in body
            .lines()
            .filter(|l| !l.starts_with('#') && !l.is_empty())
        {
            let rest = line.get(9..).unwrap_or_default();
            assert!(
                !rest.starts_with("error") && !rest.contains(": not computed"),
                "{file}: a fixture must calculate in every review month: {line}"
            );
            let name = rest.split_whitespace().next().unwrap_or_default();
            if !rest.starts_with("  ") {
                assert!(
                    allowed.contains_key(name),
                    "{file}: `{name}` is not a result: {line}"
                );
                result = name.to_string();
            } else {
                assert!(
                    allowed[&result].contains(name),
                    "{file}: `{name}` is not a line of the result `{result}`: {line}"
                );
            }
        }
        assert!(
            body.lines().count() < 1500,
            "{file}: a snapshot document should stay compact"
        );
    }
    assert!(
        checked >= 40,
        "expected at least 40 fixture snapshots, found {checked}"
    );
}

#[test]
fn laskelma_in_each_language() {
    let rules = rules();
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/perhe_tampere.yaml"),
    )
    .unwrap();
    let household = rules.household_from_yaml(&text).unwrap();
    let options = Options {
        trace: true,
        ..Options::default()
    };
    let calc = rules
        .calculate_with(&household, "2026-06".parse().unwrap(), &options)
        .unwrap();
    for lang in ["fi", "sv", "en"] {
        let index = rules.program().language(lang).unwrap();
        let rendered = render_text(&explain(&calc, index));
        let rendered: String = rendered
            .lines()
            .map(|l| if l.contains("sha256") { "(receipt)" } else { l })
            .collect::<Vec<_>>()
            .join("\n");
        insta::assert_snapshot!(format!("laskelma_perhe_tampere_{lang}"), rendered);
    }
}

#[test]
fn old_grant_keeps_the_old_rules_in_the_laskelma() {
    let rules = rules();
    let household = rules
        .household_from_yaml(
            "kunta: Helsinki\nvuokra: 1400\nasumistuki: {paatospaiva: 2024-01-01}\nhenkilot:\n  a: {ika: 40, palkkatulo: 1900}\n  b: {ika: 40, palkkatulo: 1900}\n  c: {ika: 8}\n  d: {ika: 5}\n",
        )
        .unwrap();
    let options = Options {
        trace: true,
        ..Options::default()
    };
    let calc = rules
        .calculate_with(&household, "2024-06".parse().unwrap(), &options)
        .unwrap();
    let rendered = render_text(&explain(&calc, 0));
    assert!(
        rendered.contains("= 80 % × max(0; 1\u{a0}253,00 − 763,98)"),
        "{rendered}"
    );
    assert!(
        rendered.contains("tuen osuus: 80 % (alkaen 1.1.2015"),
        "{rendered}"
    );
}

/// The published household schema is the one the rules generate
/// (regenerate with `cargo run -q -p etuus-cli -- schema > schema/household.schema.json`).
#[test]
fn household_schema_is_up_to_date() {
    let rules = rules();
    let lang = rules.program().language("en").unwrap();
    let generated = etuus::engine::output::household_schema(rules.program(), lang).to_json();
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("schema/household.schema.json");
    let published = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        generated == published,
        "schema/household.schema.json is out of date; regenerate it with\n  cargo run -q -p etuus-cli -- schema > schema/household.schema.json"
    );
}
