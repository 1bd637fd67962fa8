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
        /// Calculate only these results (default: the rule set's defaults).
        #[arg(long = "result", value_name = "NAME")]
        results: Vec<String>,
        /// Give the results that could be calculated even when others lack an
        /// input (exit 0; the output says which are missing and why).
        #[arg(long)]
        allow_partial: bool,
    },
    /// Check a rule set and print every problem found.
    Check,
    /// Print the JSON Schema of household files (every input, its type, unit and range).
    Schema {
        /// Language of the descriptions.
        #[arg(long, short, default_value = "en")]
        lang: String,
    },
    /// Run YAML test cases (default: tests/cases) and report each difference.
    Test {
        /// Case files or directories.
        paths: Vec<PathBuf>,
    },
}
