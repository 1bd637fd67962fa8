//! Command-line arguments.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

/// Finnish benefit rules as code: yleinen asumistuki (and, as they are
/// written, työttömyysturva and perustoimeentulotuki) for a household and a
/// month, explained line by line with the legal section of each step.
///
/// Nothing is sent anywhere; the rules are built into this program.
#[derive(Debug, Parser)]
#[command(name = "etuus", version, about, long_about)]
pub struct Args {
    /// Use the rule files in this directory instead of the built-in rules.
    #[arg(long, global = true, value_name = "DIR")]
    pub rules: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Command,
}

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// For people.
    Text,
    /// The documented result document (see README).
    Json,
    /// The same document as YAML.
    Yaml,
    /// A summary for the client record, plain text to paste.
    Summary,
    /// Markdown, to paste into a record or a document.
    Markdown,
    /// One printable HTML page.
    Html,
    /// Comma-separated values (sweeps).
    Csv,
    /// An SVG chart (sweeps).
    Svg,
}

/// Output formats of `etuus diff`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    /// A report for the terminal.
    Text,
    /// One row per household (and month), exact decimals.
    Csv,
    /// The whole report as data.
    Json,
    /// A pull-request comment.
    Markdown,
}

/// How much a result document holds (`--detail`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Detail {
    /// Each result's label, amount, unit and legal reference.
    Amounts,
    /// And the lines of each result's explanation.
    Lines,
    /// And every value computed or given.
    All,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Calculate the benefits of a household for a month.
    Calc {
        /// The household file (YAML or JSON; `-` reads standard input).
        household: PathBuf,
        /// The month, YYYY-MM (default: the current month).
        #[arg(long, short)]
        month: Option<String>,
        /// Show the calculation line by line, with legal sections (a laskelma).
        #[arg(long, short)]
        explain: bool,
        /// Output format.
        #[arg(long, short, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Language of labels and explanations.
        #[arg(long, short, default_value = "fi")]
        lang: String,
        /// Change an input first, e.g. `--set vuokra=700` or `--set hakija.palkkatulo=600`.
        #[arg(long = "set", value_name = "PATH=VALUE")]
        set: Vec<String>,
        /// Add a person or give a person an input first, e.g. `--add puoliso.ika=37`.
        #[arg(long = "add", value_name = "PERSON.FIELD=VALUE")]
        add: Vec<String>,
        /// Remove a person first.
        #[arg(long = "remove", value_name = "PERSON")]
        remove: Vec<String>,
        /// Calculate only these results (default: the rule set's defaults).
        #[arg(long = "result", value_name = "NAME")]
        results: Vec<String>,
        /// For a month after the rules, carry the law of their last month
        /// forward (every value then marked unconfirmed) instead of failing.
        #[arg(long)]
        assume_latest: bool,
        /// Give the results that could be calculated even when others lack an
        /// input (exit 0; the output says which are missing and why).
        #[arg(long)]
        allow_partial: bool,
        /// How much the JSON or YAML result holds: each result's amount, its
        /// lines too, or every value computed (the default).
        #[arg(long, value_enum, default_value_t = Detail::All)]
        detail: Detail,
    },
    /// Compare a household with one or more options, side by side.
    ///
    /// Each option is `--option NAME` followed by its changes: `--set
    /// PATH=VALUE`, `--add PERSON.FIELD=VALUE` (adds the person if new),
    /// `--remove PERSON`, or `--vs OTHER.yaml`. Without `--option`, all the
    /// changes make one option.
    Compare {
        /// The household file (YAML or JSON; `-` reads standard input).
        household: PathBuf,
        /// The month, YYYY-MM (default: the current month).
        #[arg(long, short)]
        month: Option<String>,
        /// Output format: text, json, yaml or markdown.
        #[arg(long, short, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Language of labels and explanations.
        #[arg(long, short, default_value = "fi")]
        lang: String,
        /// Starts a new named option; the changes after it belong to it.
        #[arg(long = "option", value_name = "NAME")]
        option: Vec<String>,
        /// Change an input, e.g. `--set vuokra=650` or `--set hakija.palkkatulo=600`.
        #[arg(long = "set", value_name = "PATH=VALUE")]
        set: Vec<String>,
        /// Add a person or give a person an input, e.g. `--add puoliso.ika=37`.
        #[arg(long = "add", value_name = "PERSON.FIELD=VALUE")]
        add: Vec<String>,
        /// Remove a person.
        #[arg(long = "remove", value_name = "PERSON")]
        remove: Vec<String>,
        /// Another household file as the option.
        #[arg(long = "vs", value_name = "FILE")]
        vs: Vec<PathBuf>,
    },
    /// Vary one input over a range: each benefit, tax, net income and the
    /// effective marginal tax rate at every step, with the incentive traps.
    Sweep {
        /// The household file.
        household: PathBuf,
        /// What to vary, PATH=FROM..TO:STEP, e.g. `hakija.palkkatulo=0..3000:50`.
        #[arg(long, value_name = "PATH=FROM..TO:STEP")]
        vary: String,
        /// The month, YYYY-MM (default: the current month).
        #[arg(long, short)]
        month: Option<String>,
        /// Output format: text, csv, json, yaml, markdown or svg.
        #[arg(long, short, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Also write the chart as SVG to this file.
        #[arg(long, value_name = "FILE")]
        svg: Option<PathBuf>,
        /// Mark as traps the ranges where the household keeps less than this
        /// share of a raise, in percent (default 0: where it keeps nothing or less).
        #[arg(long, value_name = "PERCENT")]
        keep_under: Option<String>,
        /// Language of labels.
        #[arg(long, short, default_value = "fi")]
        lang: String,
        /// Change an input first, e.g. `--set vuokra=650`.
        #[arg(long = "set", value_name = "PATH=VALUE")]
        set: Vec<String>,
    },
    /// The household month by month: each benefit and the total across law
    /// changes and as the unemployment benefit's days run.
    Timeline {
        /// The household file.
        household: PathBuf,
        /// First month, YYYY-MM.
        #[arg(long)]
        from: String,
        /// Last month, YYYY-MM.
        #[arg(long)]
        to: String,
        /// The maximum period of the unemployment benefit in days (300, 400 or 500; default 400).
        #[arg(long, value_name = "DAYS")]
        enimmaisaika: Option<u32>,
        /// Output format: text, json, yaml or markdown.
        #[arg(long, short, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Language of labels.
        #[arg(long, short, default_value = "fi")]
        lang: String,
        /// Change an input first.
        #[arg(long = "set", value_name = "PATH=VALUE")]
        set: Vec<String>,
    },
    /// A parameter's values through time with their sources (all parameters without NAME).
    Params {
        /// A parameter's name, or part of a name or label.
        name: Option<String>,
        /// The value in force on this date (YYYY-MM-DD); a table is listed in full.
        #[arg(long, value_name = "DATE")]
        at: Option<String>,
        /// Language of labels.
        #[arg(long, short, default_value = "fi")]
        lang: String,
    },
    /// A variable's formulas, what it reads, the inputs it depends on and its legal reference.
    Vars {
        /// A variable's name, or part of a name or label.
        name: Option<String>,
        /// Language of labels.
        #[arg(long, short, default_value = "fi")]
        lang: String,
    },
    /// Time the calculation on your own households, stage by stage: rules
    /// ready, parsing, each result, all results, the JSON document, the
    /// laskelma. One JSON household per line, or lines of
    /// `{"month": "2025-06", "etuus": {…}}`.
    Bench {
        /// The households (JSON Lines; `-` reads standard input).
        file: PathBuf,
        /// The month for every household (default: each line's `month`, or the current month).
        #[arg(long, short)]
        month: Option<String>,
        /// How many times each stage runs; the report gives the median.
        #[arg(long, default_value_t = 5)]
        rounds: u32,
        /// Write the report as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Check a rule set and print every problem found.
    Check,
    /// Print the JSON Schema of household files (every input, its type, unit and range).
    Schema {
        /// Language of the descriptions.
        #[arg(long, short, default_value = "en")]
        lang: String,
        /// Instead: the columns of `etuus batch` (CSV, Parquet) in and out.
        #[arg(long)]
        columns: bool,
    },
    /// Calculate many households (JSON lines, CSV or Parquet), one row per household and month.
    Batch(crate::commands::batch::BatchArgs),
    /// Run YAML test cases (default: tests/cases) and report each difference.
    Test {
        /// Case files or directories.
        paths: Vec<PathBuf>,
        /// Print only the failures and the summary.
        #[arg(long, short)]
        quiet: bool,
        /// Run only cases whose name, file or expected values contain this
        /// text (e.g. `asumistuki`, `Kela`); repeat to widen.
        #[arg(long, short, value_name = "TEXT")]
        filter: Vec<String>,
        /// Rewrite the expected values of failing cases to what the rules now
        /// compute, and list each value rewritten (after a reviewed rule change).
        #[arg(long)]
        update: bool,
    },
    /// Compare a corpus of households between two months or two rule sets:
    /// who gains, who loses, by how much, and the lines that moved them.
    ///
    /// Two months: `etuus diff --month 2024-03 --vs 2024-04`. Two rule sets:
    /// `etuus diff --rules-a git:HEAD --rules-b rules` (each side a directory,
    /// `git:REV` for the rules/ directory of a git revision, or, if not given,
    /// `--rules` or the built-in rules), in the months given with `--month`
    /// (default: the months around every change in the law).
    Diff {
        /// The households: a directory of household files, a JSON Lines file
        /// (`.jsonl`, one household per line, an optional "id" key), or one
        /// household file.
        #[arg(default_value = "fixtures")]
        households: PathBuf,
        /// The month to calculate, YYYY-MM; repeat for several. With `--vs`,
        /// side A's month.
        #[arg(long, short)]
        month: Vec<String>,
        /// Side B's month, to compare two months with the same rules.
        #[arg(long, value_name = "MONTH")]
        vs: Option<String>,
        /// Side A's rules: a directory, or `git:REV` (e.g. `git:HEAD`,
        /// `git:main`, `git:HEAD~1:rules`).
        #[arg(long, value_name = "DIR|git:REV")]
        rules_a: Option<String>,
        /// Side B's rules, as `--rules-a`.
        #[arg(long, value_name = "DIR|git:REV")]
        rules_b: Option<String>,
        /// Output format.
        #[arg(long, short, value_enum, default_value_t = DiffFormat::Text)]
        format: DiffFormat,
        /// Language of labels.
        #[arg(long, short, default_value = "fi")]
        lang: String,
        /// Compare only these results (default: the rule set's defaults).
        #[arg(long = "result", value_name = "NAME")]
        results: Vec<String>,
        /// The result gain and loss are measured on (default: etuudet_yhteensa,
        /// the benefits in total after tax).
        #[arg(long, value_name = "NAME")]
        total: Option<String>,
        /// How many of the largest movers to explain line by line.
        #[arg(long, default_value_t = etuus::diff::DEFAULT_MOVERS)]
        movers: usize,
        /// Exit with 1 if any household's results changed (for CI).
        #[arg(long)]
        exit_code: bool,
    },
}
