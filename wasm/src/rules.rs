//! Where the rules come from: the program the `etuus` crate compiled from
//! `rules/` when it was built, the same one the command line uses. This crate
//! depends on `etuus` without its `loader` feature, so no YAML parser,
//! checker or diagnostics are in the browser build.

use etuus_engine::RuleSet;

use crate::error::ApiError;

/// The embedded rules, ready to calculate (loaded on first use).
pub fn rules() -> Result<&'static RuleSet, ApiError> {
    etuus::rules().map_err(|diagnostics| ApiError {
        kind: "internal",
        field: None,
        message: format!("the embedded rules did not load: {diagnostics}"),
        allowed: None,
    })
}
