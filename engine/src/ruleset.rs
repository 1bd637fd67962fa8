//! The front door: a checked rule set that calculates households.

#[cfg(feature = "loader")]
use std::sync::Arc;

use crate::compile::{Month, Program};
#[cfg(feature = "loader")]
use crate::diagnostic::{DiagnosticKind, Diagnostics, RuleDiagnostic};
use crate::eval::{Calculation, EvalError, Options};
use crate::household::{Household, InputError, InputErrorKind};
use crate::limits::{MAX_HOUSEHOLD_BYTES, MAX_MEMBERS};
#[cfg(feature = "loader")]
use crate::limits::{MAX_RULE_FILES, MAX_RULE_FILE_BYTES};
#[cfg(feature = "loader")]
use crate::source::{SourceFile, SourceMap, Span};

/// A loaded, checked and compiled rule set.
#[derive(Debug, Clone)]
pub struct RuleSet {
    program: Program,
    #[cfg(feature = "loader")]
    warnings: Diagnostics,
}

impl RuleSet {
    /// Checks and compiles rule files. Fails with every error found.
    ///
    /// A rule set of more than [`MAX_RULE_FILES`] files, or a file longer
    /// than [`MAX_RULE_FILE_BYTES`], is refused before it is read.
    #[cfg(feature = "loader")]
    pub fn from_sources(files: Vec<SourceFile>) -> Result<RuleSet, Diagnostics> {
        let count = files.len();
        let mut sources = SourceMap::default();
        let mut too_large = Vec::new();
        for file in files {
            let len = file.text.len();
            let id = sources.add(file);
            if len > MAX_RULE_FILE_BYTES {
                too_large.push(RuleDiagnostic::error(
                    DiagnosticKind::Yaml,
                    Span::new(id, 0, 0),
                    format!(
                        "this rule file is {len} bytes; a rule file may be at most {MAX_RULE_FILE_BYTES} bytes — split it"
                    ),
                ));
            }
        }
        if count > MAX_RULE_FILES {
            too_large.push(RuleDiagnostic::global(
                DiagnosticKind::Yaml,
                format!("the rule set has {count} files; at most {MAX_RULE_FILES} are read"),
            ));
        }
        if !too_large.is_empty() {
            return Err(Diagnostics::new(Arc::new(sources), too_large));
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

    /// Has the flat evaluator run `natives` — the formulas generated as Rust
    /// for this very rule set at build time — in place of its closures.
    /// Refused, the rule set unchanged, if they were generated from other
    /// rules (another hash).
    pub fn use_natives(
        &mut self,
        natives: &'static crate::vm::native::Natives,
    ) -> Result<(), crate::vm::native::ForeignNatives> {
        if natives.rules_sha256 != self.program.info.hash {
            return Err(crate::vm::native::ForeignNatives);
        }
        self.program.natives = Some(natives);
        self.program.code_cache = crate::vm::CodeCache::new(self.program.months.len());
        Ok(())
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

    /// Reads a household from YAML. A text longer than
    /// [`MAX_HOUSEHOLD_BYTES`] or a household of more than [`MAX_MEMBERS`]
    /// members is refused.
    #[cfg(feature = "loader")]
    pub fn household_from_yaml(&self, text: &str) -> Result<Household, InputError> {
        check_length(text)?;
        let household = Household::from_yaml(&self.program, text)?;
        self.check_members(&household)?;
        Ok(household)
    }

    /// Reads a household from JSON, with the limits of [`RuleSet::household_from_yaml`].
    pub fn household_from_json(&self, text: &str) -> Result<Household, InputError> {
        check_length(text)?;
        let household = Household::from_json(&self.program, text)?;
        self.check_members(&household)?;
        Ok(household)
    }

    /// Calculates the default results for a household in a month.
    pub fn calculate(
        &self,
        household: &Household,
        month: Month,
    ) -> Result<Calculation<'_>, EvalError> {
        self.calculate_with(household, month, &Options::default())
    }

    /// Calculates with options: chosen results, a trace, parameter overrides.
    /// A household of more than [`MAX_MEMBERS`] members is refused, however
    /// it was built.
    pub fn calculate_with(
        &self,
        household: &Household,
        month: Month,
        options: &Options,
    ) -> Result<Calculation<'_>, EvalError> {
        self.check_members(household).map_err(EvalError::input)?;
        Calculation::run(&self.program, household, month, options)
    }

    fn check_members(&self, household: &Household) -> Result<(), InputError> {
        let count = household.members.len();
        if count <= MAX_MEMBERS {
            return Ok(());
        }
        // Name the member entities' keys, e.g. `henkilot`.
        let plurals: Vec<&str> = self
            .program
            .entities
            .iter()
            .filter(|e| e.is_listed())
            .map(|e| e.plural.as_str())
            .collect();
        Err(crate::limits::too_many_members(
            &plurals.join(", "),
            Some(count),
        ))
    }
}

fn check_length(text: &str) -> Result<(), InputError> {
    if text.len() > MAX_HOUSEHOLD_BYTES {
        return Err(InputError::new(
            InputErrorKind::OutOfRange,
            "",
            format!(
                "the household text is {} bytes; a household may be at most {MAX_HOUSEHOLD_BYTES} bytes (for many households, calculate each one separately)",
                text.len()
            ),
        ));
    }
    Ok(())
}
