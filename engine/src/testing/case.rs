//! The test-case file format.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_saphyr::Spanned;

/// A file of test cases.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CaseFile {
    /// What the cases in this file have in common.
    pub description: Option<String>,
    /// The cases.
    pub cases: Vec<Case>,
}

/// One test case.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Case {
    /// A short name.
    pub name: Spanned<String>,
    /// URL (or citation) of the official example or decision the expectation comes from.
    pub source: String,
    /// The month to calculate, `YYYY-MM`.
    pub month: String,
    /// The household, inline.
    pub household: Option<serde_json::Value>,
    /// Or the path of a household file, relative to the case file.
    pub household_file: Option<String>,
    /// What-if changes applied to the household: `path: value`.
    #[serde(default)]
    pub set: BTreeMap<String, String>,
    /// Expected values by path: `asumistuki.perusomavastuu`, `henkilot.hakija.x`.
    #[serde(default)]
    pub expect: BTreeMap<String, serde_json::Value>,
    /// Text the error message must contain, for cases where the calculation must fail.
    pub expect_error: Option<String>,
    /// Largest allowed difference for numbers; 0 unless `tolerance_reason` says why.
    pub tolerance: Option<String>,
    /// Why a tolerance is needed (e.g. the source rounds to whole euros).
    pub tolerance_reason: Option<String>,
    /// Parameter values replacing the rule set's (e.g. an example's own year).
    #[serde(default)]
    pub parameters: BTreeMap<String, String>,
    /// Anything a reader of the case should know.
    pub note: Option<String>,
    /// The expected values are not printed in the source but derived from
    /// its sourced values (`note` says how); used where no official example
    /// exists yet, e.g. for next year's law.
    #[serde(default)]
    pub derived: bool,
    /// A month after the rules' coverage is calculated with the law of their
    /// last month carried forward (as `etuus calc --assume-latest`).
    #[serde(default)]
    pub assume_latest: bool,
}

/// Parses a test-case file; the error names the line and column.
pub fn parse_cases(text: &str) -> Result<CaseFile, String> {
    serde_saphyr::from_str::<CaseFile>(text).map_err(|e| e.without_snippet().to_string())
}
