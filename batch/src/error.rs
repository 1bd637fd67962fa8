//! What can go wrong: with one row (the run goes on) or with the run.

use std::fmt;

/// Why one household row gave no (or an incomplete) result. The run goes on;
/// the row's output record carries this error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    /// The field at fault, as a column path (`henkilot.0.ika`, `month`);
    /// empty when the row as a whole is at fault (not valid JSON).
    pub field: String,
    /// What is wrong and what is allowed.
    pub message: String,
}

impl RowError {
    /// An error in `field`.
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> RowError {
        RowError {
            field: field.into(),
            message: message.into(),
        }
    }
}

impl fmt::Display for RowError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.field.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.field, self.message)
        }
    }
}

/// Why a batch could not start or had to stop: bad arguments, an input file
/// that cannot be read, a column the rules do not know, a failed write.
#[derive(Debug, thiserror::Error)]
pub enum BatchError {
    /// An argument or option is not usable (a result that does not exist,
    /// a malformed `--set`, a column the rules do not know).
    #[error("{0}")]
    Usage(String),
    /// Reading the input or writing the output failed.
    #[error("{context}: {source}")]
    Io {
        /// The file or stream.
        context: String,
        /// The failure.
        source: std::io::Error,
    },
    /// The input is not readable as its format (a Parquet file that is not
    /// one, a CSV line with a stray quote).
    #[error("{0}")]
    Format(String),
    /// A reader closed its stream early: output consumers went away
    /// (`etuus batch … | head`).
    #[error("the output was closed")]
    BrokenPipe,
}

impl BatchError {
    /// An I/O error with what was being read or written.
    pub fn io(context: impl Into<String>, source: std::io::Error) -> BatchError {
        if source.kind() == std::io::ErrorKind::BrokenPipe {
            return BatchError::BrokenPipe;
        }
        BatchError::Io {
            context: context.into(),
            source,
        }
    }
}
