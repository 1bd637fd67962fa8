//! The subcommands.

mod calc;
mod check;
mod test;

use std::io::Write;

use crate::args::{Args, Command};
use crate::failure::Failure;

/// Runs the command; returns the exit code for a completed command.
pub fn run(args: &Args, out: &mut dyn Write) -> Result<u8, Failure> {
    match &args.command {
        Command::Calc {
            household,
            month,
            explain,
            format,
            lang,
            set,
            results,
        } => calc::run(
            &calc::CalcArgs {
                rules: args.rules.as_deref(),
                household,
                month: month.as_deref(),
                explain: *explain,
                format: *format,
                lang,
                set,
                results,
            },
            out,
        ),
        Command::Check => check::run(args.rules.as_deref(), out),
        Command::Test { paths } => test::run(args.rules.as_deref(), paths, out),
    }
}
