//! Integration tests of the engine: rule-file errors with their locations,
//! household input errors, and evaluation of a small rule set.

mod common;
mod features;
mod households;
mod limits;
mod rule_errors;
mod typed_input;
