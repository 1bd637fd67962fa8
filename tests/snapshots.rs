//! Snapshots of the fixture households: the result document for several
//! months, and the laskelma in each language. A rule change shows up here as a
//! snapshot diff to review (`cargo insta review`).

use std::path::Path;

use etuus::engine::eval::Options;
use etuus::engine::explain::{explain, render_text};
use etuus::engine::output::result_document;
use etuus::engine::{Month, RuleSet};

const MONTHS: &[&str] = &[
    "2021-06", "2022-09", "2023-06", "2024-03", "2024-06", "2025-06", "2026-02", "2026-06",
];

fn rules() -> &'static RuleSet {
    etuus::rules().unwrap_or_else(|d| panic!("{d}"))
}

fn fixtures() -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .expect("fixtures/ exists")
        .map(|e| e.expect("readable").path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let name = p
                .file_stem()
                .expect("a file name")
                .to_string_lossy()
                .into_owned();
            (name, std::fs::read_to_string(&p).expect("readable fixture"))
        })
        .collect()
}

/// Without the engine version and rule hash, which change with every release.
fn stable(document: &etuus::engine::output::Out) -> String {
    let text = document.to_yaml();
    text.lines()
        .filter(|l| {
            !l.trim_start().starts_with("rules_sha256:")
                && !l.trim_start().starts_with("engine_version:")
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn fixture_results_across_the_law_changes() {
    let rules = rules();
    for (name, text) in fixtures() {
        let household = rules
            .household_from_yaml(&text)
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        let mut summary = String::new();
        for month in MONTHS {
            let month: Month = month.parse().unwrap();
            let calc = rules
                .calculate(&household, month)
                .unwrap_or_else(|e| panic!("{name} {month}: {e}"));
            summary.push_str(&format!(
                "# {month}\n{}\n",
                stable(&result_document(&calc, 0))
            ));
        }
        insta::assert_snapshot!(format!("result_{name}"), summary);
    }
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
