//! `etuus test`: run YAML test cases, summarise the failures at the end, and
//! with `--update` rewrite the expected values a reviewed rule change moved.

use std::io::Write;
use std::path::{Path, PathBuf};

use etuus_engine::testing::{parse_cases, run_case, Case, CaseOutcome};

use crate::failure::{Failure, TESTS_FAILED};
use crate::rules::Rules;

mod update;

/// The arguments of `etuus test`.
pub struct TestArgs<'a> {
    pub rules: Option<&'a Path>,
    pub paths: &'a [PathBuf],
    pub quiet: bool,
    pub filter: &'a [String],
    pub update: bool,
}

/// A failed case, kept for the summary.
struct Failed {
    place: String,
    name: String,
    details: Vec<String>,
}

pub fn run(args: &TestArgs<'_>, out: &mut dyn Write) -> Result<u8, Failure> {
    let rules = Rules::load(args.rules)?;
    let rules = rules.get();
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from("tests/cases")]
    } else {
        args.paths.to_vec()
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
    let (mut passed, mut skipped, mut rewritten) = (0, 0, 0);
    let mut failed: Vec<Failed> = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file)
            .map_err(|e| Failure::Io(format!("{}: {e}", file.display())))?;
        let cases = match parse_cases(&text) {
            Ok(c) => c,
            Err(e) => {
                let failure = Failed {
                    place: file.display().to_string(),
                    name: "not a test case file".into(),
                    details: vec![e],
                };
                report_failure(&failure, args.quiet, out)?;
                failed.push(failure);
                continue;
            }
        };
        let base = file.parent().unwrap_or(Path::new("."));
        let read = |relative: &str| {
            std::fs::read_to_string(base.join(relative)).map_err(|e| format!("{relative}: {e}"))
        };
        let mut updated_text = text.clone();
        let lines: Vec<u64> = cases
            .cases
            .iter()
            .map(|c| c.name.referenced.line())
            .collect();
        for (index, case) in cases.cases.iter().enumerate() {
            if !selected(args.filter, file, case) {
                skipped += 1;
                continue;
            }
            let outcome = run_case(rules, case, &read);
            let place = format!("{}:{}", file.display(), outcome.line);
            if outcome.passed() {
                passed += 1;
                if !args.quiet {
                    writeln!(out, "ok      {place} {}", outcome.name)?;
                }
                continue;
            }
            if args.update && outcome.error.is_none() {
                let region = (lines[index], lines.get(index + 1).copied());
                let changes = update::rewrite(&mut updated_text, region, &outcome.mismatches);
                match changes {
                    Ok(changes) => {
                        writeln!(out, "updated {place} {}", outcome.name)?;
                        for change in &changes {
                            writeln!(out, "        {change}")?;
                        }
                        writeln!(out, "        source: {}", case.source)?;
                        rewritten += changes.len();
                        passed += 1;
                        continue;
                    }
                    Err(why) => {
                        let mut failure = failure_of(place, &outcome, case);
                        failure.details.push(format!("not updated: {why}"));
                        report_failure(&failure, args.quiet, out)?;
                        failed.push(failure);
                        continue;
                    }
                }
            }
            let mut failure = failure_of(place, &outcome, case);
            if args.update {
                failure
                    .details
                    .push("not updated: the case fails with an error, not a value".into());
            }
            report_failure(&failure, args.quiet, out)?;
            failed.push(failure);
        }
        if updated_text != text {
            std::fs::write(file, &updated_text)
                .map_err(|e| Failure::Io(format!("{}: {e}", file.display())))?;
        }
    }
    if passed + failed.len() == 0 && skipped > 0 {
        return Err(Failure::Input(format!(
            "no case matches the filter {}",
            args.filter
                .iter()
                .map(|f| format!("`{f}`"))
                .collect::<Vec<_>>()
                .join(", ")
        )));
    }
    if !failed.is_empty() {
        writeln!(out, "\nFailures ({}):", failed.len())?;
        for f in &failed {
            writeln!(out, "  {} {}", f.place, f.name)?;
            for detail in f.details.iter().filter(|d| !d.starts_with("source: ")) {
                writeln!(out, "      {detail}")?;
            }
        }
    }
    let mut summary = format!("\n{passed} passed, {} failed", failed.len());
    if skipped > 0 {
        summary.push_str(&format!(", {skipped} filtered out"));
    }
    if rewritten > 0 {
        summary.push_str(&format!(
            "; {rewritten} expected value(s) rewritten — review them with `git diff` before committing: the cases cite their sources"
        ));
    }
    writeln!(out, "{summary}")?;
    Ok(if failed.is_empty() { 0 } else { TESTS_FAILED })
}

/// Whether a case matches every `--filter` text (none: all cases): by its
/// name, its file or the names of the values it expects.
fn selected(filter: &[String], file: &Path, case: &Case) -> bool {
    if filter.is_empty() {
        return true;
    }
    let file = file.display().to_string().to_lowercase();
    let name = case.name.value.to_lowercase();
    filter.iter().any(|f| {
        let f = f.to_lowercase();
        name.contains(&f)
            || file.contains(&f)
            || case.expect.keys().any(|k| k.to_lowercase().contains(&f))
    })
}

fn failure_of(place: String, outcome: &CaseOutcome, case: &Case) -> Failed {
    let mut details = Vec::new();
    if let Some(error) = &outcome.error {
        details.push(format!("error: {error}"));
    }
    for m in &outcome.mismatches {
        details.push(format!(
            "{}: expected {}, got {}",
            m.path, m.expected, m.actual
        ));
    }
    details.push(format!("source: {}", case.source));
    Failed {
        place,
        name: outcome.name.clone(),
        details,
    }
}

/// Prints a failure where it happens, unless `--quiet` leaves it to the summary.
fn report_failure(failure: &Failed, quiet: bool, out: &mut dyn Write) -> Result<(), Failure> {
    if quiet {
        return Ok(());
    }
    writeln!(out, "FAILED  {} {}", failure.place, failure.name)?;
    for detail in &failure.details {
        writeln!(out, "        {detail}")?;
    }
    Ok(())
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
