//! Runs every YAML case under `tests/cases` (the same cases `etuus test` runs)
//! and reports every failure at once.

use std::path::{Path, PathBuf};

use etuus_engine::testing::{parse_cases, run_case};

fn case_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("tests/cases exists") {
        let path = entry.expect("readable directory").path();
        if path.is_dir() {
            case_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "yaml") {
            out.push(path);
        }
    }
}

#[test]
fn official_examples_and_input_errors() {
    let rules = etuus::rules().unwrap_or_else(|d| panic!("the embedded rules do not load:\n{d}"));
    let mut files = Vec::new();
    case_files(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases"),
        &mut files,
    );
    files.sort();
    let mut failures = Vec::new();
    let mut count = 0;
    for file in &files {
        let text = std::fs::read_to_string(file).expect("readable case file");
        let cases = parse_cases(&text).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let base = file
            .parent()
            .expect("a case file is in a directory")
            .to_path_buf();
        let read = move |relative: &str| {
            std::fs::read_to_string(base.join(relative)).map_err(|e| e.to_string())
        };
        for case in &cases.cases {
            count += 1;
            let outcome = run_case(rules, case, &read);
            if !outcome.passed() {
                let mut report = format!("{}:{} {}", file.display(), outcome.line, outcome.name);
                if let Some(error) = &outcome.error {
                    report.push_str(&format!("\n    error: {error}"));
                }
                for m in &outcome.mismatches {
                    report.push_str(&format!(
                        "\n    {}: expected {}, got {}",
                        m.path, m.expected, m.actual
                    ));
                }
                failures.push(report);
            }
        }
    }
    assert!(
        count >= 50,
        "expected the official cases to be found, found {count}"
    );
    assert!(
        failures.is_empty(),
        "{} of {count} cases failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
