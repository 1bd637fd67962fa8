//! The interface of formulas generated as Rust at build time.
//!
//! `etuus`'s build script compiles the embedded rules' formulas into Rust
//! functions ([`crate::vm::codegen`]) that read and write the evaluation
//! [`State`] exactly as the closures of [`crate::vm::compile`] do; the
//! program carries them ([`crate::Program::natives`]) and the flat
//! evaluator runs them in place of the closures. The same property test
//! that holds the closures to the tree walk holds them.

pub use super::code::Code;
pub use super::state::{KeyValue, State, Visit};
pub use crate::compile::ids::{EntityId, ParamId, VarId};
pub use crate::trace::ROOT;
pub use crate::value::Value;
pub use rust_decimal::{Decimal, RoundingStrategy};

/// A generated formula.
#[derive(Clone, Copy)]
pub enum NativeFn {
    /// One with a number value.
    Num(fn(&Code, &mut State<'_>) -> Decimal),
    /// One with a truth value, enum variant or date, as an integer.
    Int(fn(&Code, &mut State<'_>) -> i64),
}

/// The formulas generated for one rule set.
pub struct Natives {
    /// The hash of the rule files they were generated from; they are used
    /// only with the program of the same hash.
    pub rules_sha256: &'static str,
    /// (variable, formula version, function), sorted by variable and version.
    pub formulas: &'static [(u32, u16, NativeFn)],
}

impl std::fmt::Debug for Natives {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Natives")
            .field("rules_sha256", &self.rules_sha256)
            .field("formulas", &self.formulas.len())
            .finish()
    }
}

impl Natives {
    /// The function of a variable's formula version, if generated.
    pub fn find(&self, var: u32, version: u16) -> Option<NativeFn> {
        self.formulas
            .binary_search_by_key(&(var, version), |(v, f, _)| (*v, *f))
            .ok()
            .map(|i| self.formulas[i].2)
    }
}

/// The error of an arithmetic overflow (a shared text for generated code).
pub const OVERFLOW: &str = "a number grew too large";
/// The error of a division by zero.
pub const DIVISION_BY_ZERO: &str = "division by zero";

/// Formulas generated from another rule set than the program's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ForeignNatives;

impl std::fmt::Display for ForeignNatives {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the generated formulas belong to another rule set (its hash differs)")
    }
}

impl std::error::Error for ForeignNatives {}
