//! The subcommands.

pub mod batch;
mod bench;
mod calc;
mod check;
mod diff;
mod docs;
mod test;
mod whatif;

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
            add,
            remove,
            results,
            assume_latest,
            allow_partial,
            detail,
        } => calc::run(
            &calc::CalcArgs {
                rules: args.rules.as_deref(),
                household,
                month: month.as_deref(),
                explain: *explain,
                format: *format,
                lang,
                set,
                add,
                remove,
                results,
                assume_latest: *assume_latest,
                allow_partial: *allow_partial,
                detail: *detail,
            },
            out,
        ),
        Command::Compare {
            household,
            month,
            format,
            lang,
            ..
        } => whatif::compare(
            args.rules.as_deref(),
            household,
            month.as_deref(),
            *format,
            lang,
            out,
        ),
        Command::Sweep {
            household,
            vary,
            month,
            format,
            svg,
            keep_under,
            lang,
            set,
        } => whatif::sweep(
            &whatif::SweepArgs {
                rules: args.rules.as_deref(),
                household,
                vary,
                month: month.as_deref(),
                format: *format,
                svg: svg.as_deref(),
                keep_under: keep_under.as_deref(),
                lang,
                set,
            },
            out,
        ),
        Command::Timeline {
            household,
            from,
            to,
            enimmaisaika,
            format,
            lang,
            set,
        } => whatif::timeline(
            &whatif::TimelineArgs {
                rules: args.rules.as_deref(),
                household,
                from,
                to,
                max_days: *enimmaisaika,
                format: *format,
                lang,
                set,
            },
            out,
        ),
        Command::Params { name, at, lang } => docs::params(
            args.rules.as_deref(),
            name.as_deref(),
            at.as_deref(),
            lang,
            out,
        ),
        Command::Vars { name, lang } => {
            docs::vars(args.rules.as_deref(), name.as_deref(), lang, out)
        }
        Command::Bench {
            file,
            month,
            rounds,
            json,
        } => bench::run(
            &bench::BenchArgs {
                rules: args.rules.as_deref(),
                file,
                month: month.as_deref(),
                rounds: *rounds,
                json: *json,
            },
            out,
        ),
        Command::Check => check::run(args.rules.as_deref(), out),
        Command::Schema { lang, columns } => {
            let rules = crate::rules::Rules::load(args.rules.as_deref())?;
            let program = rules.get().program();
            let lang = program.language(lang).ok_or_else(|| {
                Failure::Input(format!(
                    "`{lang}` is not a language of these rules; choose one of {}",
                    program.info.languages.join(", ")
                ))
            })?;
            if *columns {
                out.write_all(etuus_batch::columns_doc::columns_text(program, lang).as_bytes())?;
                return Ok(0);
            }
            out.write_all(
                etuus_engine::output::household_schema(program, lang)
                    .to_json()
                    .as_bytes(),
            )?;
            Ok(0)
        }
        Command::Test {
            paths,
            quiet,
            filter,
            update,
        } => test::run(
            &test::TestArgs {
                rules: args.rules.as_deref(),
                paths,
                quiet: *quiet,
                filter,
                update: *update,
            },
            out,
        ),
        Command::Diff {
            households,
            month,
            vs,
            rules_a,
            rules_b,
            format,
            lang,
            results,
            total,
            movers,
            exit_code,
        } => diff::run(
            &diff::DiffArgs {
                rules: args.rules.as_deref(),
                households: Some(households),
                months: month,
                vs: vs.as_deref(),
                rules_a: rules_a.as_deref(),
                rules_b: rules_b.as_deref(),
                format: *format,
                lang,
                results,
                total: total.as_deref(),
                movers: *movers,
                exit_code: *exit_code,
            },
            out,
        ),
        Command::Batch(batch_args) => batch::run(args.rules.as_deref(), batch_args),
    }
}
