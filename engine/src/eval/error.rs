//! Errors a calculation can meet.

use std::fmt;

use crate::household::InputError;

/// Why a calculation could not finish.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum EvalError {
    /// The household or the month is not acceptable.
    Input(InputError),
    /// Arithmetic failed, e.g. a division by zero, in a variable's formula.
    Arithmetic {
        /// The variable being computed.
        var: String,
        /// What went wrong.
        message: String,
    },
    /// A table has no row for a key the household leads to.
    MissingTableRow {
        /// The variable being computed.
        var: String,
        /// The table.
        param: String,
        /// The key looked up.
        key: String,
    },
    /// A state the checker should have ruled out: a bug in etuus.
    Internal(String),
}

impl fmt::Display for EvalError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EvalError::Input(e) => e.fmt(f),
            EvalError::Arithmetic { var, message } => {
                write!(f, "cannot compute `{var}`: {message}")
            }
            EvalError::MissingTableRow { var, param, key } => write!(
                f,
                "cannot compute `{var}`: the table `{param}` has no value for {key}"
            ),
            EvalError::Internal(message) => write!(
                f,
                "internal error: {message}. This is a bug in etuus; please report it with the household and month"
            ),
        }
    }
}

impl std::error::Error for EvalError {}

impl From<InputError> for EvalError {
    fn from(e: InputError) -> Self {
        EvalError::Input(e)
    }
}
