//! `etuus test`: run YAML test cases.

use std::io::Write;
use std::path::{Path, PathBuf};

use etuus_engine::testing::{parse_cases, run_case};

use crate::failure::{Failure, TESTS_FAILED};
use crate::rules::Rules;

pub fn run(dir: Option<&Path>, paths: &[PathBuf], out: &mut dyn Write) -> Result<u8, Failure> {
    let rules = Rules::load(dir)?;
    let rules = rules.get();
    let paths = if paths.is_empty() {
        vec![PathBuf::from("tests/cases")]
    } else {
        paths.to_vec()
    };
    let mut files = Vec::new();
    for path in &paths {
        collect(path, &mut files)
            .map_err(|e| Failure::Input(format!("{}: {e}", path.display())))?;
    }
    files.sort();
    if files.is_empty() {
        return Err(Failure::Input("no test case files (*.yaml) found".into()));
    }
    let (mut passed, mut failed) = (0, 0);
    for file in &files {
        let text = std::fs::read_to_string(file)
            .map_err(|e| Failure::Io(format!("{}: {e}", file.display())))?;
        let cases = match parse_cases(&text) {
            Ok(c) => c,
            Err(e) => {
                writeln!(out, "{}: not a test case file: {e}", file.display())?;
                failed += 1;
                continue;
            }
        };
        let base = file.parent().unwrap_or(Path::new("."));
        let read = |relative: &str| {
            std::fs::read_to_string(base.join(relative)).map_err(|e| format!("{relative}: {e}"))
        };
        for case in &cases.cases {
            let outcome = run_case(rules, case, &read);
            if outcome.passed() {
                passed += 1;
                writeln!(
                    out,
                    "ok      {}:{} {}",
                    file.display(),
                    outcome.line,
                    outcome.name
                )?;
            } else {
                failed += 1;
                writeln!(
                    out,
                    "FAILED  {}:{} {}",
                    file.display(),
                    outcome.line,
                    outcome.name
                )?;
                if let Some(error) = &outcome.error {
                    writeln!(out, "        error: {error}")?;
                }
                for m in &outcome.mismatches {
                    writeln!(
                        out,
                        "        {}: expected {}, got {}",
                        m.path, m.expected, m.actual
                    )?;
                }
                writeln!(out, "        source: {}", case.source)?;
            }
        }
    }
    writeln!(out, "\n{passed} passed, {failed} failed")?;
    Ok(if failed > 0 { TESTS_FAILED } else { 0 })
}

fn collect(path: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    if path.is_dir() {
        for entry in std::fs::read_dir(path)? {
            collect(&entry?.path(), out)?;
        }
    } else if path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
        out.push(path.to_path_buf());
    } else if !path.exists() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::NotFound,
            "no such file or directory",
        ));
    }
    Ok(())
}
