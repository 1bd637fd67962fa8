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
            allow_partial,
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
                allow_partial: *allow_partial,
            },
            out,
        ),
        Command::Check => check::run(args.rules.as_deref(), out),
        Command::Schema { lang } => {
            let rules = crate::rules::Rules::load(args.rules.as_deref())?;
            let program = rules.get().program();
            let lang = program.language(lang).ok_or_else(|| {
                Failure::Input(format!(
                    "`{lang}` is not a language of these rules; choose one of {}",
                    program.info.languages.join(", ")
                ))
            })?;
            out.write_all(
                etuus_engine::output::household_schema(program, lang)
                    .to_json()
                    .as_bytes(),
            )?;
            Ok(0)
        }
        Command::Test { paths } => test::run(args.rules.as_deref(), paths, out),
    }
}
