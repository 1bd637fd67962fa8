//! Where the rules come from: the rule set embedded in the `etuus` crate,
//! the same one the command line uses. This is the one place that changes
//! when the facade hands over a precompiled program instead of checking the
//! YAML at start-up.

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
