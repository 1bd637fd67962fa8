//! The front door: a checked rule set that calculates households.

use crate::compile::{Month, Program};
#[cfg(feature = "loader")]
use crate::diagnostic::Diagnostics;
use crate::eval::{Calculation, EvalError, Options};
use crate::household::{Household, InputError};
#[cfg(feature = "loader")]
use crate::source::{SourceFile, SourceMap};

/// A loaded, checked and compiled rule set.
#[derive(Debug, Clone)]
pub struct RuleSet {
    program: Program,
    #[cfg(feature = "loader")]
    warnings: Diagnostics,
}

impl RuleSet {
    /// Checks and compiles rule files. Fails with every error found.
    #[cfg(feature = "loader")]
    pub fn from_sources(files: Vec<SourceFile>) -> Result<RuleSet, Diagnostics> {
        let mut sources = SourceMap::default();
        for file in files {
            sources.add(file);
        }
        let (program, warnings) = crate::check::check(sources)?;
        Ok(RuleSet { program, warnings })
    }

    /// A rule set from a program checked and compiled before (see
    /// [`crate::serial`]).
    pub fn from_program(program: Program) -> RuleSet {
        RuleSet {
            program,
            #[cfg(feature = "loader")]
            warnings: Diagnostics::default(),
        }
    }

    /// A rule set from a serialised program; `rules_sha256`, if given, must
    /// be the hash of the rule files it was compiled from.
    pub fn from_bytes(
        bytes: &[u8],
        rules_sha256: Option<&str>,
    ) -> Result<RuleSet, crate::serial::ProgramError> {
        crate::serial::from_bytes(bytes, rules_sha256).map(RuleSet::from_program)
    }

    /// The compiled program.
    pub fn program(&self) -> &Program {
        &self.program
    }

    /// Warnings found while checking (unused items and the like).
    #[cfg(feature = "loader")]
    pub fn warnings(&self) -> &Diagnostics {
        &self.warnings
    }

    /// Reads a household from YAML.
    #[cfg(feature = "loader")]
    pub fn household_from_yaml(&self, text: &str) -> Result<Household, InputError> {
        Household::from_yaml(&self.program, text)
    }

    /// Reads a household from JSON.
    pub fn household_from_json(&self, text: &str) -> Result<Household, InputError> {
        Household::from_json(&self.program, text)
    }

    /// Calculates the default results for a household in a month.
    pub fn calculate(
        &self,
        household: &Household,
        month: Month,
    ) -> Result<Calculation<'_>, EvalError> {
        Calculation::run(&self.program, household, month, &Options::default())
    }

    /// Calculates with options: chosen results, a trace, parameter overrides.
    pub fn calculate_with(
        &self,
        household: &Household,
        month: Month,
        options: &Options,
    ) -> Result<Calculation<'_>, EvalError> {
        Calculation::run(&self.program, household, month, options)
    }
}
