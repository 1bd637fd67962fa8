//! Shared helpers: the rules, the bench households, fixtures as JSON.

use std::path::{Path, PathBuf};

use etuus::engine::RuleSet;

pub fn rules() -> &'static RuleSet {
    etuus::rules().unwrap_or_else(|d| panic!("{d}"))
}

pub fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the workspace")
        .to_path_buf()
}

/// The 1 000 bench households: `{"id", "month", "expected_asumistuki", "etuus"}` lines.
pub fn bench_lines() -> String {
    std::fs::read_to_string(repo().join("benches/data/households-1000.etuus.jsonl"))
        .expect("the bench households")
}

/// Every fixture as (name, household JSON text).
pub fn fixtures() -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut paths: Vec<_> = std::fs::read_dir(repo().join("fixtures"))
        .expect("fixtures")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    paths.sort();
    for path in paths {
        let text = std::fs::read_to_string(&path).expect("a fixture");
        let options = serde_saphyr::options! { leading_zero_numbers_as_strings: true };
        let tree: serde_json::Value =
            serde_saphyr::from_str_with_options(&text, options).expect("YAML");
        let name = path
            .file_stem()
            .and_then(|s| s.to_str())
            .expect("a name")
            .to_string();
        out.push((name, tree.to_string()));
    }
    out
}

/// Parses JSON lines output.
pub fn parse_output(text: &str) -> Vec<serde_json::Value> {
    text.lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}
