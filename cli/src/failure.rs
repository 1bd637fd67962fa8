//! Why a command failed, and how that maps to an exit code.

use etuus_engine::output::Out;
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
    /// The month or the arguments are not acceptable.
    Input(String),
    /// A field of the household (or of `--set`, `--month`) is not acceptable.
    Field(Box<FieldFailure>),
    /// The rule set does not load.
    Rules(Box<Diagnostics>),
    /// A bug in etuus.
    Internal(String),
    /// Output went to a closed pipe.
    BrokenPipe,
    /// An I/O error reading or writing.
    Io(String),
    /// The failure was already written as a document on standard output;
    /// only the exit code remains.
    Written(u8),
}

/// A bad input, with what a program needs to show it next to the field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldFailure {
    /// Where the input came from, for people: the household file's name or
    /// the `--set` argument. Left out of machine-readable errors.
    pub origin: Option<String>,
    /// The field's path, e.g. `henkilot.aino.ika`; `None` for the whole file.
    pub field: Option<String>,
    /// What is wrong and what is allowed.
    pub message: String,
    /// What the field accepts, where it is known.
    pub allowed: Option<String>,
}

impl FieldFailure {
    /// The failure of an input error, from `origin` if given.
    pub fn from_input(error: InputError, origin: Option<String>) -> FieldFailure {
        FieldFailure {
            origin,
            field: (!error.path.is_empty()).then_some(error.path),
            message: error.message,
            allowed: error.allowed,
        }
    }
}

impl Failure {
    pub fn exit_code(&self) -> u8 {
        match self {
            Failure::Input(_) | Failure::Field(_) | Failure::Io(_) => BAD_INPUT,
            Failure::Rules(_) => RULE_ERRORS,
            Failure::Internal(_) => INTERNAL,
            Failure::BrokenPipe => 0,
            Failure::Written(code) => *code,
        }
    }

    /// An input error from `origin` (a file name, a `--set` argument).
    pub fn field(error: InputError, origin: Option<String>) -> Failure {
        Failure::Field(Box::new(FieldFailure::from_input(error, origin)))
    }

    /// Prints the failure to standard error.
    pub fn report(&self) {
        match self {
            Failure::Input(message) | Failure::Io(message) => eprintln!("error: {message}"),
            Failure::Field(failure) => {
                let mut line = String::from("error: ");
                for part in [&failure.origin, &failure.field].into_iter().flatten() {
                    line.push_str(part);
                    line.push_str(": ");
                }
                line.push_str(&failure.message);
                eprintln!("{line}");
            }
            Failure::Rules(diagnostics) => report_diagnostics(diagnostics),
            Failure::Internal(message) => eprintln!(
                "internal error: {message}\nThis is a bug in etuus; please report it with the command and the household file."
            ),
            Failure::BrokenPipe | Failure::Written(_) => {}
        }
    }

    /// The failure as a document for `--format json` or `yaml`:
    /// `{"error": {"field", "message", "allowed"}}`. It never names a file,
    /// so a service that writes a household to a temporary file does not
    /// leak the file's path.
    pub fn document(&self) -> Out {
        let text = |t: &Option<String>| t.as_ref().map_or(Out::Null, |t| Out::str(t.as_str()));
        let (field, message, allowed) = match self {
            Failure::Field(failure) => (
                text(&failure.field),
                failure.message.clone(),
                text(&failure.allowed),
            ),
            Failure::Input(message) | Failure::Io(message) => {
                (Out::Null, message.clone(), Out::Null)
            }
            Failure::Rules(diagnostics) => (
                Out::Null,
                format!(
                    "the rule set has {} error(s):\n{}",
                    diagnostics.error_count(),
                    diagnostics.render_plain()
                ),
                Out::Null,
            ),
            Failure::Internal(message) => (
                Out::Null,
                format!("internal error: {message}. This is a bug in etuus; please report it"),
                Out::Null,
            ),
            Failure::BrokenPipe | Failure::Written(_) => (Out::Null, String::new(), Out::Null),
        };
        Out::Map(vec![(
            "error".into(),
            Out::Map(vec![
                ("field".into(), field),
                ("message".into(), Out::Str(message)),
                ("allowed".into(), allowed),
            ]),
        )])
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
        Failure::field(e, None)
    }
}

impl From<EvalError> for Failure {
    fn from(e: EvalError) -> Self {
        match e.as_input() {
            Some(input) => Failure::field(input.clone(), None),
            None => Failure::Internal(e.to_string()),
        }
    }
}
