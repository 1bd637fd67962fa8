//! Errors a calculation can meet.
//!
//! [`EvalError`] is one pointer wide: the evaluator returns `Result<Value,
//! EvalError>` from every node, and a small error keeps that path fast.

use std::fmt;

use crate::household::InputError;

/// Why a calculation could not finish; see [`EvalError::kind`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EvalError(Box<EvalErrorKind>);

/// The kinds of [`EvalError`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum EvalErrorKind {
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

impl EvalError {
    /// What went wrong.
    pub fn kind(&self) -> &EvalErrorKind {
        &self.0
    }

    /// The kind, by value.
    pub fn into_kind(self) -> EvalErrorKind {
        *self.0
    }

    /// An error of the given kind.
    pub fn from_kind(kind: EvalErrorKind) -> EvalError {
        EvalError(Box::new(kind))
    }

    /// A bad household or month.
    pub fn input(error: InputError) -> EvalError {
        EvalError(Box::new(EvalErrorKind::Input(error)))
    }

    /// A bug in etuus.
    pub fn internal(message: impl Into<String>) -> EvalError {
        EvalError(Box::new(EvalErrorKind::Internal(message.into())))
    }

    /// Failed arithmetic in a variable's formula.
    pub fn arithmetic(var: String, message: impl Into<String>) -> EvalError {
        EvalError(Box::new(EvalErrorKind::Arithmetic {
            var,
            message: message.into(),
        }))
    }

    /// A table without a row for a key.
    pub fn missing_table_row(var: String, param: String, key: String) -> EvalError {
        EvalError(Box::new(EvalErrorKind::MissingTableRow { var, param, key }))
    }

    /// The input error, if this is one.
    pub fn as_input(&self) -> Option<&InputError> {
        match &*self.0 {
            EvalErrorKind::Input(e) => Some(e),
            _ => None,
        }
    }

    /// Whether this is a bug in etuus rather than a problem with the input.
    pub fn is_internal(&self) -> bool {
        !matches!(&*self.0, EvalErrorKind::Input(_))
    }
}

impl fmt::Display for EvalError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &*self.0 {
            EvalErrorKind::Input(e) => e.fmt(f),
            EvalErrorKind::Arithmetic { var, message } => {
                write!(f, "cannot compute `{var}`: {message}")
            }
            EvalErrorKind::MissingTableRow { var, param, key } => write!(
                f,
                "cannot compute `{var}`: the table `{param}` has no value for {key}"
            ),
            EvalErrorKind::Internal(message) => write!(
                f,
                "internal error: {message}. This is a bug in etuus; please report it with the household and month"
            ),
        }
    }
}

impl std::error::Error for EvalError {}

impl From<InputError> for EvalError {
    fn from(e: InputError) -> Self {
        EvalError::input(e)
    }
}
