//! The diff report: plain data, rendered by [`super::render`].

use std::fmt;

use etuus_engine::{Month, RuleSet};
use rust_decimal::Decimal;

use super::rule_files::FileChange;

/// One side of a comparison: a rule set and a name for it in the report.
#[derive(Debug, Clone, Copy)]
pub struct Side<'r> {
    /// The rules.
    pub rules: &'r RuleSet,
    /// How the report names this side, e.g. `git:HEAD`, `rules/`, `built-in`.
    pub label: &'r str,
}

/// A rule set's files: `(path relative to the rules directory, text)`.
pub type RuleFiles = Vec<(String, String)>;

/// What to compare and how to report it.
#[derive(Debug, Clone)]
pub struct DiffOptions {
    /// The results to compare, by name; empty means the default results of
    /// side B's rule set (that side A has too).
    pub results: Vec<String>,
    /// The result whose change sorts the households and counts who gains and
    /// who loses; `None` means [`super::DEFAULT_TOTAL`] if both rule sets
    /// have it, else the first result compared.
    pub total: Option<String>,
    /// How many of the largest movers to explain line by line.
    pub movers: usize,
    /// Language of labels and explanations, e.g. `fi`.
    pub language: String,
    /// The rule files of each side, `(path, text)` with paths relative to
    /// the rules directory, to report the lines that differ; empty when both
    /// sides use the same rules.
    pub rule_files: Option<(RuleFiles, RuleFiles)>,
}

impl Default for DiffOptions {
    fn default() -> Self {
        DiffOptions {
            results: Vec::new(),
            total: None,
            movers: super::DEFAULT_MOVERS,
            language: "fi".into(),
            rule_files: None,
        }
    }
}

/// Why a diff cannot be made.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum DiffError {
    /// A result name that one of the rule sets does not have.
    UnknownResult {
        /// The name asked for.
        name: String,
        /// The results there are.
        known: Vec<String>,
    },
    /// A language the rules do not have.
    UnknownLanguage {
        /// The code asked for.
        code: String,
        /// The rules' languages.
        known: Vec<String>,
    },
    /// No months to compare.
    NoMonths,
    /// No households.
    EmptyCorpus,
}

impl fmt::Display for DiffError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DiffError::UnknownResult { name, known } => write!(
                f,
                "no result `{name}` in both rule sets; the results are {}",
                known.join(", ")
            ),
            DiffError::UnknownLanguage { code, known } => write!(
                f,
                "`{code}` is not a language of these rules; choose one of {}",
                known.join(", ")
            ),
            DiffError::NoMonths => f.write_str("no months to compare"),
            DiffError::EmptyCorpus => f.write_str("no households to compare"),
        }
    }
}

impl std::error::Error for DiffError {}

/// What one side of the report was.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SideInfo {
    /// The side's name given by the caller.
    pub label: String,
    /// Rule set name and version, e.g. `etuus-fi 2026.11.0`.
    pub rules: String,
    /// The rule set's SHA-256.
    pub rules_sha256: String,
}

/// A result compared.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResultInfo {
    /// Its name, e.g. `yleinen_asumistuki`.
    pub name: String,
    /// Its label in the report's language.
    pub label: String,
    /// The unit of its amount, e.g. `eur/month`.
    pub unit: Option<String>,
}

/// A result's amount on both sides.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Cell {
    /// On side A (`None` if not computed or not a number).
    pub a: Option<Decimal>,
    /// On side B.
    pub b: Option<Decimal>,
    /// Why the result was not computed on a side, if so.
    pub error: Option<String>,
}

impl Cell {
    /// B − A, when both are numbers.
    pub fn change(&self) -> Option<Decimal> {
        Some(self.b? - self.a?)
    }
}

/// A value of a result's laskelma that differs between the sides.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineChange {
    /// The result, e.g. `yleinen_asumistuki`.
    pub result: String,
    /// The variable, e.g. `asumistuki.sovellettu_tukiprosentti`.
    pub name: String,
    /// The member, for a person's value.
    pub member: Option<String>,
    /// The value on side A, as in the result document (`None`: not shown).
    pub a: Option<String>,
    /// The value on side B.
    pub b: Option<String>,
    /// Unit, e.g. `eur/month`.
    pub unit: Option<String>,
}

/// One household compared in one pair of months.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// The household's id in the corpus.
    pub id: String,
    /// Its one-line description, if it has one.
    pub description: Option<String>,
    /// The month calculated on side A.
    pub month_a: Month,
    /// The month calculated on side B.
    pub month_b: Month,
    /// One cell per result compared, in [`Report::results`] order.
    pub cells: Vec<Cell>,
    /// Why the household could not be calculated on a side, if so.
    pub error: Option<String>,
    /// The laskelma values that differ, in result order.
    pub changed_lines: Vec<LineChange>,
}

impl Row {
    /// The change in the total ([`Report::total`]), if computed on both sides.
    pub fn total_change(&self, total: usize) -> Option<Decimal> {
        self.cells.get(total)?.change()
    }
}

/// How one result moved over the corpus.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResultSummary {
    /// The result's name.
    pub name: String,
    /// Households (× months) whose amount rose.
    pub gain: usize,
    /// Households whose amount fell.
    pub lose: usize,
    /// The sum of the changes.
    pub total_change: Decimal,
}

/// How the total moved in one pair of months.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MonthSummary {
    /// Side A's month.
    pub month_a: Month,
    /// Side B's month.
    pub month_b: Month,
    /// Households whose total rose.
    pub gain: usize,
    /// Households whose total fell.
    pub lose: usize,
    /// Households whose total stayed.
    pub same: usize,
    /// The sum of the changes.
    pub total_change: Decimal,
}

/// The corpus at a glance, measured on the total.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    /// Rows compared (households × pairs of months), failures included.
    pub compared: usize,
    /// Rows whose total rose.
    pub gain: usize,
    /// Rows whose total fell.
    pub lose: usize,
    /// Rows whose total stayed the same.
    pub same: usize,
    /// Rows that could not be compared (an error on a side).
    pub failed: usize,
    /// The sum of the changes in the total.
    pub total_change: Decimal,
    /// The median change over the rows compared (the mean of the middle two
    /// for an even count, to the cent, half away from zero); `None` if none.
    pub median_change: Option<Decimal>,
    /// The median over the rows whose total changed.
    pub median_change_of_changed: Option<Decimal>,
    /// Per result, in [`Report::results`] order.
    pub by_result: Vec<ResultSummary>,
    /// Per pair of months, when more than one pair was compared.
    pub by_month: Vec<MonthSummary>,
}

/// A line of a mover's laskelma whose value differs between the sides.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MoverLine {
    /// The result's label.
    pub result: String,
    /// The line's label, e.g. `tuen osuus`.
    pub label: String,
    /// The member, for a person's line.
    pub member: Option<String>,
    /// The value on side A as people read it (`None`: not shown).
    pub a: Option<String>,
    /// The value on side B.
    pub b: Option<String>,
    /// The statute and section of the line (side B's, else A's).
    pub reference: Option<String>,
    /// The formula on each side, when it differs.
    pub formula: Option<(Option<String>, Option<String>)>,
}

/// A parameter value read on either side that differs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParamChange {
    /// The parameter's name.
    pub name: String,
    /// Its label.
    pub label: String,
    /// On side A: each value read and the date it is in force from (empty:
    /// not read; two values when a rule reads it on another date too).
    pub a: Vec<(String, String)>,
    /// On side B.
    pub b: Vec<(String, String)>,
    /// Its statute and section (side B's, else A's).
    pub reference: String,
}

/// One of the largest movers, explained.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mover {
    /// Index into [`Report::rows`].
    pub row: usize,
    /// The laskelma lines that differ.
    pub lines: Vec<MoverLine>,
    /// The parameter values that differ.
    pub parameters: Vec<ParamChange>,
}

/// The whole comparison.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    /// Side A.
    pub a: SideInfo,
    /// Side B.
    pub b: SideInfo,
    /// The language of labels.
    pub language: String,
    /// The results compared.
    pub results: Vec<ResultInfo>,
    /// Index into `results` of the total.
    pub total: usize,
    /// Every household × pair of months, largest change in the total first
    /// (then the largest shift between results); rows that could not be
    /// compared last.
    pub rows: Vec<Row>,
    /// The corpus at a glance.
    pub summary: Summary,
    /// The largest movers (the first rows in which an amount moved, one per
    /// household), explained.
    pub movers: Vec<Mover>,
    /// The rule-file lines that differ, when two rule sets were compared.
    pub rule_changes: Vec<FileChange>,
}

impl Report {
    /// Whether any household's results or laskelma lines differ.
    pub fn has_changes(&self) -> bool {
        self.rows.iter().any(|r| {
            !r.changed_lines.is_empty()
                || r.cells
                    .iter()
                    .any(|c| c.change().is_some_and(|d| !d.is_zero()))
        })
    }

    /// Whether more than one pair of months was compared.
    pub fn several_months(&self) -> bool {
        self.rows.first().is_some_and(|first| {
            self.rows
                .iter()
                .any(|r| (r.month_a, r.month_b) != (first.month_a, first.month_b))
        })
    }
}
