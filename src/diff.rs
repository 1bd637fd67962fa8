//! Who gains and who loses: the results of a corpus of households compared
//! between two months, or between two rule sets, for a rule author's review.
//!
//! [`diff`] calculates every household on both sides and reports, per
//! household, the change in each result and in the total, sorted by size; a
//! summary (how many gain, lose or stay, the total and median change); the
//! largest movers with the laskelma lines and parameter values that moved
//! them; and, for two rule sets, the lines of the rule files that differ.
//! [`render`] writes the report as text, CSV, JSON or Markdown.
//!
//! The comparison is the same code for the CLI (`etuus diff`), the WASM build
//! and the Python package: nothing here reads files or runs programs.

mod compare;
mod movers;
pub mod render;
mod report;
mod rule_files;

pub use compare::diff;
pub use report::{
    Cell, DiffError, DiffOptions, LineChange, MonthSummary, Mover, MoverLine, ParamChange, Report,
    ResultInfo, ResultSummary, Row, Side, SideInfo, Summary,
};
pub use rule_files::{rule_file_changes, ChangedLine, FileChange, FileChangeKind};

/// The result a diff totals when none is named: the household's benefits in
/// total after tax, if the rule set has it.
pub const DEFAULT_TOTAL: &str = "etuudet_yhteensa";

/// How many of the largest movers a report explains by default.
pub const DEFAULT_MOVERS: usize = 5;
