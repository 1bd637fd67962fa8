//! Why a command failed, and how that maps to an exit code.

use etuus_engine::{Diagnostics, EvalError, InputError};

/// Exit code for failed tests.
pub const TESTS_FAILED: u8 = 1;
/// Exit code for bad input.
pub const BAD_INPUT: u8 = 2;
/// Exit code for a rule set with errors.
pub const RULE_ERRORS: u8 = 3;
/// Exit code for a bug in etuus.
pub const INTERNAL: u8 = 4;

/// A failed command.
#[derive(Debug)]
pub enum Failure {
    /// The household, month or arguments are not acceptable.
    Input(String),
    /// The rule set does not load.
    Rules(Box<Diagnostics>),
    /// A bug in etuus.
    Internal(String),
    /// Output went to a closed pipe.
    BrokenPipe,
    /// An I/O error reading or writing.
    Io(String),
}

impl Failure {
    pub fn exit_code(&self) -> u8 {
        match self {
            Failure::Input(_) | Failure::Io(_) => BAD_INPUT,
            Failure::Rules(_) => RULE_ERRORS,
            Failure::Internal(_) => INTERNAL,
            Failure::BrokenPipe => 0,
        }
    }

    /// Prints the failure to standard error.
    pub fn report(&self) {
        match self {
            Failure::Input(message) | Failure::Io(message) => eprintln!("error: {message}"),
            Failure::Rules(diagnostics) => report_diagnostics(diagnostics),
            Failure::Internal(message) => eprintln!(
                "internal error: {message}\nThis is a bug in etuus; please report it with the command and the household file."
            ),
            Failure::BrokenPipe => {}
        }
    }
}

/// Prints rule diagnostics: graphical on a terminal, plain text otherwise.
pub fn report_diagnostics(diagnostics: &Diagnostics) {
    use std::io::IsTerminal as _;
    if std::io::stderr().is_terminal() {
        for report in diagnostics.reports() {
            eprintln!("{report:?}");
        }
    } else {
        eprint!("{}", diagnostics.render_plain());
    }
    let errors = diagnostics.error_count();
    let warnings = diagnostics.items().len() - errors;
    eprintln!("{errors} error(s), {warnings} warning(s)");
}

impl From<std::io::Error> for Failure {
    fn from(e: std::io::Error) -> Self {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            Failure::BrokenPipe
        } else {
            Failure::Io(e.to_string())
        }
    }
}

impl From<InputError> for Failure {
    fn from(e: InputError) -> Self {
        Failure::Input(e.to_string())
    }
}

impl From<EvalError> for Failure {
    fn from(e: EvalError) -> Self {
        match e.as_input() {
            Some(input) => Failure::Input(input.to_string()),
            None => Failure::Internal(e.to_string()),
        }
    }
}
