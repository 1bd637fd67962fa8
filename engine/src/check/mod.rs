//! Checking a rule set and compiling it into a [`Program`](crate::compile::Program).
//!
//! The passes run in order — declare names, read parameter values, read
//! variable declarations, lower formulas, check the dependency graph and date
//! coverage — and each pass carries on after an error, so one run reports
//! every problem. After checking, every name in a formula is an id, every
//! formula has the type its variable declares, no variable depends on itself,
//! and every covered month has a formula for every variable and a value for
//! every parameter a formula uses in that month.

mod checker;
mod declare;
mod graph;
mod lower;
mod lower_call;
mod params;
mod plan;
mod suggest;
mod vars;

pub use checker::check;
