//! The flat evaluator: the fast path of every calculation without a trace.
//!
//! For each month plan the formulas in force are compiled once into native
//! closures ([`Code`]), one per expression node, with the month's parameter
//! values folded in as constants and values passed in registers; a
//! [`Machine`] runs them lazily for one household after another, touching
//! only the values a requested result needs and allocating nothing once its
//! buffers have grown. (A register bytecode was measured first and executed
//! more instructions per household than the closures; see BENCHMARKS.md.)
//!
//! A crate that embeds a program can go one step further: [`codegen`]
//! writes each formula as a Rust function at build time, [`native`] is their
//! interface, and [`crate::RuleSet::use_natives`] has the flat evaluator run
//! them in place of the closures (about a third fewer instructions per
//! household). Closures remain for rules loaded at run time and for
//! overridden parameters.
//!
//! The tree-walking [`crate::eval::Evaluator`] stays as the traced path for
//! explanations; tests check that all three give the same values.

mod code;
#[cfg(feature = "loader")]
pub mod codegen;
mod compile;
mod kind;
mod machine;
#[doc(hidden)]
pub mod native;
mod state;

use std::sync::{Arc, OnceLock};

pub use code::Code;
pub use compile::{compile, Overrides};
pub use machine::Machine;

use crate::compile::{MonthPlan, Program};

/// Compiled code per month plan, filled on first use and shared by the
/// months whose plans are the same.
#[derive(Debug, Clone, Default)]
pub struct CodeCache {
    slots: Vec<OnceLock<Arc<Code>>>,
}

impl CodeCache {
    /// A cache for `months` month plans.
    pub fn new(months: usize) -> CodeCache {
        CodeCache {
            slots: (0..months).map(|_| OnceLock::new()).collect(),
        }
    }
}

impl Program {
    /// The compiled code of `plan` (one of this program's month plans),
    /// compiled on first use.
    pub fn code(&self, plan: &MonthPlan) -> Arc<Code> {
        let index = self.info.first_month.months_until(plan.month);
        let Some(slot) = usize::try_from(index)
            .ok()
            .and_then(|i| self.code_cache.slots.get(i))
        else {
            return Arc::new(compile(self, plan, &Overrides::default()));
        };
        Arc::clone(slot.get_or_init(|| {
            // A month whose formulas and parameter values are those of a
            // month already compiled shares its code.
            let same = self
                .months
                .iter()
                .zip(&self.code_cache.slots)
                .find(|(other, slot)| {
                    slot.get().is_some()
                        && other.formula == plan.formula
                        && other.param == plan.param
                });
            match same.and_then(|(_, slot)| slot.get()) {
                Some(code) => Arc::clone(code),
                None => Arc::new(compile(self, plan, &Overrides::default())),
            }
        }))
    }
}
