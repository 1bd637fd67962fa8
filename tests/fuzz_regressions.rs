//! Replays the fuzz targets' seeds and every input a fuzzing run found
//! troublesome (`fuzz/seeds/<target>/`, `fuzz/regressions/<target>/`) with
//! the targets' own checks, on stable and on every `cargo test`.

use std::path::Path;

#[allow(dead_code)]
mod checks {
    include!("../fuzz/checks.rs");
}

fn replay(target: &str, check: fn(&[u8])) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let mut count = 0;
    for dir in ["seeds", "regressions"] {
        let Ok(entries) = std::fs::read_dir(root.join(dir).join(target)) else {
            continue;
        };
        let mut files: Vec<_> = entries.map(|e| e.expect("readable").path()).collect();
        files.sort();
        for file in files {
            let data = std::fs::read(&file).expect("readable input");
            let outcome = std::panic::catch_unwind(|| check(&data));
            assert!(outcome.is_ok(), "{target}: {} fails", file.display());
            count += 1;
        }
    }
    assert!(count > 0, "no inputs for {target}");
}

#[test]
fn household_inputs() {
    replay("household", checks::household);
}

#[test]
fn rule_file_inputs() {
    replay("rules", checks::rules);
}

#[test]
fn formula_inputs() {
    replay("formula", checks::formula);
}
