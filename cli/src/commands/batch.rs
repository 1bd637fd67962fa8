//! `etuus batch`: many households, one row per household and month.

use std::io::{IsTerminal as _, Write};
use std::path::PathBuf;

use etuus_batch::{Batch, BatchOptions, FileJob, Format, MonthSpec, Progress, Selection};

use crate::failure::Failure;
use crate::rules::Rules;

/// Calculate many households: JSON lines, CSV or Parquet in, one row per
/// household and month out (JSON lines, CSV or Parquet), on every core.
///
/// A JSON line is a household as `etuus calc` reads it, with `id` and
/// `month` keys beside the inputs, or `{"id", "month", "etuus": household}`.
/// CSV and Parquet use the columns `etuus schema --columns` lists. A row
/// that cannot be read or calculated gets an error record (row, field,
/// message) and the run goes on; a summary goes to standard error.
#[derive(Debug, clap::Args)]
pub struct BatchArgs {
    /// The households (`.jsonl`, `.csv` or `.parquet`); standard input if
    /// omitted or `-` (JSON lines unless --from says otherwise).
    pub input: Option<PathBuf>,
    /// Where to write the rows (`.jsonl`, `.csv` or `.parquet`); standard
    /// output (JSON lines unless --to says otherwise) if omitted.
    #[arg(long, short)]
    pub output: Option<PathBuf>,
    /// The input's format: jsonl, csv or parquet (default: by extension).
    #[arg(long, value_name = "FORMAT")]
    pub from: Option<String>,
    /// The output's format: jsonl, csv or parquet (default: by extension).
    #[arg(long, value_name = "FORMAT")]
    pub to: Option<String>,
    /// The month of rows without a `month` column, YYYY-MM.
    #[arg(long, short)]
    pub month: Option<String>,
    /// A panel: every month FROM..TO (e.g. 2024-01..2026-12) for each row
    /// without its own month.
    #[arg(long, value_name = "FROM..TO")]
    pub months: Option<String>,
    /// Only these results (default: the rule set's default results).
    #[arg(long = "result", value_name = "NAME")]
    pub results: Vec<String>,
    /// Also this variable's value (household or per person), e.g.
    /// `--value asumistuki.tulot_yhteensa`.
    #[arg(long = "value", value_name = "NAME")]
    pub values: Vec<String>,
    /// Also every line of each result's explanation.
    #[arg(long)]
    pub all_lines: bool,
    /// Replace a parameter or a table cell: `NAME=VALUE`,
    /// `TABLE[KEY, …]=VALUE`; a range `NAME=FROM..TO:STEP` or the same name
    /// again makes a grid, every household calculated for each combination.
    #[arg(long = "set", value_name = "PARAM=VALUE")]
    pub set: Vec<String>,
    /// Worker threads (default: every core).
    #[arg(long, short)]
    pub jobs: Option<usize>,
    /// For a month after the rules, carry the law of their last month
    /// forward (every value then unconfirmed) instead of an error row.
    #[arg(long)]
    pub assume_latest: bool,
    /// Skip this input column (CSV and Parquet; repeatable).
    #[arg(long = "ignore", value_name = "COLUMN")]
    pub ignore: Vec<String>,
    /// Person columns in CSV output when the input is not CSV.
    #[arg(long, value_name = "N", default_value_t = 8)]
    pub members: usize,
    /// No progress bar and no summary.
    #[arg(long, short)]
    pub quiet: bool,
}

fn format(
    named: Option<&str>,
    path: Option<&std::path::Path>,
    what: &str,
) -> Result<Format, Failure> {
    match named {
        Some(name) => Format::named(name).ok_or_else(|| {
            Failure::Input(format!("--{what} {name}: choose jsonl, csv or parquet"))
        }),
        None => match path {
            None => Ok(Format::Jsonl),
            Some(p) => Format::of_path(p).ok_or_else(|| {
                Failure::Input(format!(
                    "{}: name the format with --{what} jsonl|csv|parquet (or use the extension .jsonl, .csv or .parquet)",
                    p.display()
                ))
            }),
        },
    }
}

pub fn run(rules_dir: Option<&std::path::Path>, args: &BatchArgs) -> Result<u8, Failure> {
    let rules = Rules::load(rules_dir)?;
    let rules = rules.get();
    let input = args.input.clone().filter(|p| p.as_os_str() != "-");
    let output = args.output.clone().filter(|p| p.as_os_str() != "-");
    let job = FileJob {
        input_format: format(args.from.as_deref(), input.as_deref(), "from")?,
        output_format: format(args.to.as_deref(), output.as_deref(), "to")?,
        input,
        output,
        jobs: args
            .jobs
            .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
            .max(1),
        ignore: args.ignore.clone(),
        members: args.members,
    };
    let options = BatchOptions {
        selection: Selection {
            results: args.results.clone(),
            values: args.values.clone(),
            all_lines: args.all_lines,
        },
        sets: args.set.clone(),
        months: MonthSpec::parse(args.month.as_deref(), args.months.as_deref())
            .map_err(|e| Failure::Input(e.to_string()))?,
        assume_latest: args.assume_latest,
    };
    let batch = Batch::new(rules, &options).map_err(|e| Failure::Input(e.to_string()))?;
    let bar = (!args.quiet && std::io::stderr().is_terminal()).then(|| {
        let bar = indicatif::ProgressBar::new(0);
        bar.set_style(
            indicatif::ProgressStyle::with_template(
                "{spinner} {bar:40} {percent:>3}% {msg} ({elapsed}, {eta} left)",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        bar
    });
    let progress = |p: &Progress| {
        if let Some(bar) = &bar {
            match p.total {
                Some(etuus_batch::input::Total::Bytes(total)) => {
                    bar.set_length(total);
                    bar.set_position(p.bytes);
                }
                Some(etuus_batch::input::Total::Rows(total)) => {
                    bar.set_length(total);
                    bar.set_position(p.rows);
                }
                None => bar.set_position(0),
            }
            bar.set_message(format!("{} households, {} errors", p.rows, p.errors));
        }
    };
    let result = etuus_batch::run_files(&batch, &job, &progress);
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    let summary = match result {
        Ok(s) => s,
        Err(etuus_batch::BatchError::BrokenPipe) => return Err(Failure::BrokenPipe),
        Err(e @ etuus_batch::BatchError::Io { .. }) => return Err(Failure::Io(e.to_string())),
        Err(e) => return Err(Failure::Input(e.to_string())),
    };
    if !args.quiet {
        let mut err = std::io::stderr().lock();
        let _ = writeln!(
            err,
            "{} households, {} rows written, {} with an error, {:.2} s, {:.0} households/s",
            summary.rows,
            summary.outputs,
            summary.errors,
            summary.seconds,
            summary.households_per_second()
        );
        for (row, error) in &summary.first_errors {
            let _ = writeln!(err, "  row {row}: {error}");
        }
        if summary.errors > summary.first_errors.len() as u64 {
            let _ = writeln!(err, "  … every error is in the output's `error` column");
        }
    }
    // Every row failed: most likely the wrong file or the wrong columns.
    if summary.outputs > 0 && summary.failed == summary.outputs {
        return Ok(crate::failure::BAD_INPUT);
    }
    Ok(0)
}
