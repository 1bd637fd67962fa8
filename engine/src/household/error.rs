//! What is wrong with a household input, as data a program can act on.

use std::fmt;

/// What is wrong with a household input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum InputErrorKind {
    /// The text is not valid YAML or JSON.
    Syntax,
    /// A key the rule set does not know.
    UnknownField,
    /// A value of the wrong type or format.
    InvalidValue,
    /// A value outside its allowed range.
    OutOfRange,
    /// A required value is missing.
    Missing,
    /// A value the rules refuse (e.g. an Åland municipality).
    Rejected,
    /// A month the rule set does not cover.
    MonthNotCovered,
    /// A key or a member id given twice.
    Duplicate,
}

/// A problem with a household or a calculation's inputs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputError {
    /// What kind of problem.
    pub kind: InputErrorKind,
    /// The field's path, e.g. `henkilot.hakija.ika`; empty for the whole file.
    pub path: String,
    /// What is wrong and what is allowed.
    pub message: String,
    /// What the field accepts, where it is known: `a whole number 0 … 120`,
    /// `one of vuokra, asumisoikeus, …`, `true or false`. For programs that
    /// show it next to the field; the message already says it in words.
    pub allowed: Option<String>,
}

impl InputError {
    pub(crate) fn new(
        kind: InputErrorKind,
        path: impl Into<String>,
        message: impl Into<String>,
    ) -> InputError {
        InputError {
            kind,
            path: path.into(),
            message: message.into(),
            allowed: None,
        }
    }

    /// The same error with what the field accepts.
    pub(crate) fn allowing(mut self, allowed: impl Into<String>) -> InputError {
        self.allowed = Some(allowed.into());
        self
    }

    /// Puts `prefix` (a member or a namespace) in front of the path.
    pub(crate) fn under(mut self, prefix: &str) -> InputError {
        self.path = if self.path.is_empty() {
            prefix.to_string()
        } else {
            format!("{prefix}.{}", self.path)
        };
        self
    }
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

impl std::error::Error for InputError {}

pub(crate) use crate::literal::quoted;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_values_are_cut() {
        assert_eq!(quoted("lots"), "`lots`");
        let long = "a".repeat(100);
        assert_eq!(quoted(&long), format!("`{}…`", "a".repeat(40)));
        // Cut at a character, not a byte.
        let finnish = "ä".repeat(41);
        assert_eq!(quoted(&finnish), format!("`{}…`", "ä".repeat(40)));
    }
}
