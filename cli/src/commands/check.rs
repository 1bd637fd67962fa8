//! `etuus check`: load a rule set and report every problem.

use std::io::Write;
use std::path::Path;

use crate::failure::{report_diagnostics, Failure};
use crate::rules::Rules;

pub fn run(dir: Option<&Path>, out: &mut dyn Write) -> Result<u8, Failure> {
    let rules = Rules::load_checked(dir)?;
    let rules = rules.get();
    let warnings = rules.warnings();
    if !warnings.items().is_empty() {
        report_diagnostics(warnings);
    }
    let program = rules.program();
    if let Some(warning) = crate::coverage::staleness_warning(program) {
        eprintln!("warning: {warning}");
    }
    writeln!(
        out,
        "{} {}: {} parameters, {} variables, {} results; covers {} … {}; no errors",
        program.info.name,
        program.info.version,
        program.params.len(),
        program.vars.len(),
        program.results.len(),
        program.info.first_month,
        program.info.last_month
    )?;
    Ok(0)
}
