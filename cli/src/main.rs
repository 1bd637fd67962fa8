//! `etuus`: Finnish benefit calculations from the command line.
//!
//! Exit codes: 0 success; 1 tests failed; 2 bad input (household file,
//! month, arguments); 3 the rule set has errors; 4 an internal error (a bug
//! in etuus). A closed pipe (`etuus … | head`) counts as success.

mod args;
mod commands;
mod coverage;
mod failure;
mod rule_source;
mod rules;

use std::io::Write as _;
use std::process::ExitCode;

use clap::Parser as _;

use crate::failure::Failure;

fn main() -> ExitCode {
    let args = args::Args::parse();
    let mut out = std::io::stdout().lock();
    let result = commands::run(&args, &mut out);
    let flushed = out.flush();
    match result.and_then(|code| flushed.map(|()| code).map_err(Failure::from)) {
        Ok(code) => ExitCode::from(code),
        Err(Failure::BrokenPipe) => ExitCode::SUCCESS,
        Err(failure) => {
            let code = failure.exit_code();
            failure.report();
            ExitCode::from(code)
        }
    }
}
