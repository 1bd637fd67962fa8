//! A generic rules-as-code engine.
//!
//! Rules are YAML files: parameters with dated values and legal references,
//! variables computed by dated formulas in a small checked expression
//! language, and results that say how a calculation is explained. The engine
//! checks a rule set once (every error with file, line and column), compiles it
//! into a flat program, and evaluates households month by month with exact
//! decimal arithmetic. The engine knows no law of any country: everything
//! specific lives in the rule files.
//!
//! ```
//! use etuus_engine::{RuleSet, SourceFile, Month};
//!
//! let rules = RuleSet::from_sources(vec![SourceFile::new("rules.yaml", r#"
//! ruleset:
//!   name: example
//!   version: "1"
//!   covers_from: 2024-01
//!   covers_until: 2024-12
//!   languages: [en]
//!   root_entity: household
//!   default_results: [support]
//! entities:
//!   household: {plural: households, labels: {en: household}}
//!   person: {plural: persons, member_of: household, labels: {en: person}}
//! units:
//!   eur: {labels: {en: "€"}}
//!   month: {labels: {en: month}}
//! parameters:
//!   share:
//!     type: rate
//!     labels: {en: share of rent paid}
//!     values:
//!       - {since: 2024-01-01, value: 0.7, reference: "938/2014 8 §"}
//! variables:
//!   rent:
//!     entity: household
//!     type: money
//!     unit: eur/month
//!     labels: {en: rent}
//!     input: {default: 0, min: 0}
//!   support:
//!     entity: household
//!     type: money
//!     unit: eur/month
//!     labels: {en: support}
//!     reference: "938/2014 8 §"
//!     formula: round(share * rent, cents, half_away_from_zero)
//! results:
//!   support: {labels: {en: Support}, amount: support, lines: [rent]}
//! "#)]).unwrap();
//!
//! let household = rules.household_from_yaml("rent: 500.50\n").unwrap();
//! let month: Month = "2024-06".parse().unwrap();
//! let result = rules.calculate(&household, month).unwrap();
//! assert_eq!(result.number("support").unwrap(), "350.35".parse().unwrap());
//! ```

#![deny(missing_docs)]
#![deny(clippy::unwrap_used)]

#[cfg(feature = "loader")]
pub mod check;
pub mod compile;
#[cfg(feature = "loader")]
pub mod diagnostic;
pub mod eval;
pub mod explain;
pub mod expr;
pub mod household;
pub mod limits;
pub mod literal;
#[cfg(feature = "loader")]
pub mod load;
pub mod output;
mod ruleset;
pub mod serial;
pub mod source;
#[cfg(feature = "loader")]
pub mod testing;
pub mod trace;
pub mod types;
pub mod value;
pub mod vm;

pub use compile::{Month, Program};
#[cfg(feature = "loader")]
pub use diagnostic::{DiagnosticKind, Diagnostics, RuleDiagnostic, Severity};
pub use eval::{Calculation, EvalError};
pub use household::{Household, InputError};
pub use ruleset::RuleSet;
pub use source::{SourceFile, SourceMap};
pub use value::Value;
