//! The compiled rule set: names replaced by ids, formulas flattened into one
//! node arena, and for each covered month the formula version and parameter
//! value in force already chosen.
//!
//! After compilation nothing is looked up by name; a calculation indexes
//! vectors only.

pub mod ids;
mod month;
mod node;
mod program;

pub use month::{Month, MonthDates, MonthParseError, MonthPlan};
pub use node::{Args, Builtin, Node, RoundMode};
pub use program::*;
