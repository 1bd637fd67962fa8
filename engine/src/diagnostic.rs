//! Problems found in a rule set while it loads, each with a location.
//!
//! A [`RuleDiagnostic`] is plain data: a kind (with a stable code), a message,
//! the span it is about and a hint that says what to do. Rendering belongs to
//! the front ends: [`Diagnostics::render_plain`] gives a compact text form and
//! [`Diagnostics::reports`] gives miette reports for a fancy terminal.

use std::fmt;
use std::sync::Arc;

use crate::source::{SourceMap, Span};

/// How serious a diagnostic is. Only errors stop a rule set from loading.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The rule set cannot be used until this is fixed.
    Error,
    /// Worth fixing, but the rule set still loads.
    Warning,
}

/// What is wrong. Each variant's doc gives a minimal rule that triggers it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum DiagnosticKind {
    /// The file is not valid YAML, or a key is unknown or misspelt: `formla: x`.
    Yaml,
    /// A formula does not parse: `formula: a + * b`.
    Syntax,
    /// A formula or table names something that does not exist: `formula: vuokraa`.
    UnknownName,
    /// Two items share a name, or a table key appears twice.
    Duplicate,
    /// A value of the wrong type: `formula: if vuokra then 1 else 0` (money used as a condition).
    TypeMismatch,
    /// Quantities with different units are combined: `vuokra + tukiprosentti`.
    UnitMismatch,
    /// A person-level value is used where one value per household is needed.
    EntityMismatch,
    /// Variables that depend on each other: `a: b + 1`, `b: a`.
    CircularDependency,
    /// A date range the rule set claims to cover has no formula or parameter value.
    CoverageGap,
    /// Dated values or formulas are not in ascending order, or a date is malformed.
    DateOrder,
    /// A table lacks rows for some keys and has no `default`.
    IncompleteTable,
    /// A required label, reference or source is missing or malformed.
    MissingMetadata,
    /// A value does not fit its declaration (outside its range, not a variant of its enum).
    InvalidValue,
    /// A declared item is never used (a warning).
    Unused,
    /// The engine met a state its own checks should have ruled out: a bug in etuus.
    Internal,
}

impl DiagnosticKind {
    /// The stable code of this kind, e.g. `etuus::check::unknown_name`.
    pub fn code(self) -> &'static str {
        match self {
            DiagnosticKind::Yaml => "etuus::load::yaml",
            DiagnosticKind::Syntax => "etuus::parse::syntax",
            DiagnosticKind::UnknownName => "etuus::check::unknown_name",
            DiagnosticKind::Duplicate => "etuus::check::duplicate",
            DiagnosticKind::TypeMismatch => "etuus::check::type_mismatch",
            DiagnosticKind::UnitMismatch => "etuus::check::unit_mismatch",
            DiagnosticKind::EntityMismatch => "etuus::check::entity_mismatch",
            DiagnosticKind::CircularDependency => "etuus::check::circular_dependency",
            DiagnosticKind::CoverageGap => "etuus::check::coverage_gap",
            DiagnosticKind::DateOrder => "etuus::check::date_order",
            DiagnosticKind::IncompleteTable => "etuus::check::incomplete_table",
            DiagnosticKind::MissingMetadata => "etuus::check::missing_metadata",
            DiagnosticKind::InvalidValue => "etuus::check::invalid_value",
            DiagnosticKind::Unused => "etuus::check::unused",
            DiagnosticKind::Internal => "etuus::internal",
        }
    }
}

/// One problem in a rule set.
#[derive(Debug, Clone)]
pub struct RuleDiagnostic {
    /// What kind of problem this is.
    pub kind: DiagnosticKind,
    /// Error or warning.
    pub severity: Severity,
    /// One sentence saying what is wrong, naming things in backticks.
    pub message: String,
    /// Where the problem is; `None` only for problems of the rule set as a whole.
    pub span: Option<Span>,
    /// Short text shown under the offending text.
    pub label: String,
    /// Further places worth showing, such as where a clashing item was defined.
    pub related: Vec<(Span, String)>,
    /// What to do about it.
    pub help: Option<String>,
}

impl RuleDiagnostic {
    /// An error of `kind` at `span`.
    pub fn error(kind: DiagnosticKind, span: Span, message: impl Into<String>) -> RuleDiagnostic {
        RuleDiagnostic {
            kind,
            severity: Severity::Error,
            message: message.into(),
            span: Some(span),
            label: String::new(),
            related: Vec::new(),
            help: None,
        }
    }

    /// An error about the rule set as a whole, with no location.
    pub fn global(kind: DiagnosticKind, message: impl Into<String>) -> RuleDiagnostic {
        RuleDiagnostic {
            kind,
            severity: Severity::Error,
            message: message.into(),
            span: None,
            label: String::new(),
            related: Vec::new(),
            help: None,
        }
    }

    /// The same diagnostic as a warning.
    pub fn warning(mut self) -> RuleDiagnostic {
        self.severity = Severity::Warning;
        self
    }

    /// Sets the label shown under the offending text.
    pub fn label(mut self, label: impl Into<String>) -> RuleDiagnostic {
        self.label = label.into();
        self
    }

    /// Sets the hint that says what to do.
    pub fn help(mut self, help: impl Into<String>) -> RuleDiagnostic {
        self.help = Some(help.into());
        self
    }

    /// Adds a further labelled place.
    pub fn related(mut self, span: Span, label: impl Into<String>) -> RuleDiagnostic {
        self.related.push((span, label.into()));
        self
    }
}

/// Every problem found while loading a rule set, sorted by file and position.
#[derive(Debug, Clone, Default)]
pub struct Diagnostics {
    sources: Arc<SourceMap>,
    items: Vec<RuleDiagnostic>,
}

impl Diagnostics {
    /// Wraps diagnostics with the sources they point into, sorting them by place.
    pub fn new(sources: Arc<SourceMap>, mut items: Vec<RuleDiagnostic>) -> Diagnostics {
        items.sort_by_key(|d| {
            (
                d.span.map(|s| (s.file, s.start)),
                d.severity,
                d.message.clone(),
            )
        });
        items.dedup_by(|a, b| a.span == b.span && a.message == b.message);
        Diagnostics { sources, items }
    }

    /// All diagnostics.
    pub fn items(&self) -> &[RuleDiagnostic] {
        &self.items
    }

    /// The files the diagnostics point into.
    pub fn sources(&self) -> &SourceMap {
        &self.sources
    }

    /// Number of errors (warnings not counted).
    pub fn error_count(&self) -> usize {
        self.items
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
    }

    /// `file:line:column` of a span.
    pub fn location(&self, span: Span) -> String {
        let file = self.sources.file(span.file);
        let (line, col) = file.line_col(span.start as usize);
        format!("{}:{}:{}", file.name, line, col)
    }

    /// A compact plain-text rendering: one block per diagnostic with its
    /// location, the source line and a caret under the offending text.
    pub fn render_plain(&self) -> String {
        let mut out = String::new();
        for d in &self.items {
            render_one(&self.sources, d, &mut out);
        }
        out
    }

    /// One miette report per diagnostic, for graphical rendering.
    pub fn reports(&self) -> Vec<miette::Report> {
        self.items
            .iter()
            .map(|d| miette::Report::new(Rendered::new(&self.sources, d)))
            .collect()
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render_plain())
    }
}

impl std::error::Error for Diagnostics {}

fn render_one(sources: &SourceMap, d: &RuleDiagnostic, out: &mut String) {
    use std::fmt::Write as _;
    let severity = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let _ = writeln!(out, "{severity}[{}]: {}", d.kind.code(), d.message);
    if let Some(span) = d.span {
        render_snippet(sources, span, &d.label, out);
    }
    for (span, label) in &d.related {
        render_snippet(sources, *span, label, out);
    }
    if let Some(help) = &d.help {
        let _ = writeln!(out, "  = help: {help}");
    }
    out.push('\n');
}

fn render_snippet(sources: &SourceMap, span: Span, label: &str, out: &mut String) {
    use std::fmt::Write as _;
    let file = sources.file(span.file);
    let (line, col) = file.line_col(span.start as usize);
    let _ = writeln!(out, "  --> {}:{}:{}", file.name, line, col);
    let text = file.text.lines().nth(line - 1).unwrap_or("");
    let gutter = line.to_string();
    let _ = writeln!(out, "{:width$} |", "", width = gutter.len());
    let _ = writeln!(out, "{gutter} | {text}");
    let quoted = sources.text(span);
    let first_line = quoted.lines().next().unwrap_or("");
    let width = first_line.chars().count().max(1);
    let pad: String = text
        .chars()
        .take(col - 1)
        .map(|c| if c == '\t' { '\t' } else { ' ' })
        .collect();
    let _ = writeln!(
        out,
        "{:width$} | {pad}{} {label}",
        "",
        "^".repeat(width),
        width = gutter.len()
    );
}

/// A diagnostic together with its file, in the shape miette renders.
#[derive(Debug)]
struct Rendered {
    message: String,
    code: &'static str,
    severity: Severity,
    source: miette::NamedSource<Arc<str>>,
    labels: Vec<miette::LabeledSpan>,
    help: Option<String>,
}

impl Rendered {
    fn new(sources: &SourceMap, d: &RuleDiagnostic) -> Rendered {
        let (source, labels) = match d.span {
            Some(span) => {
                let file = sources.file(span.file);
                let mut labels = vec![miette::LabeledSpan::new_primary_with_span(
                    Some(d.label.clone()).filter(|l| !l.is_empty()),
                    span,
                )];
                for (related, label) in &d.related {
                    if related.file == span.file {
                        labels.push(miette::LabeledSpan::new_with_span(
                            Some(label.clone()),
                            *related,
                        ));
                    }
                }
                (
                    miette::NamedSource::new(&file.name, file.text.clone()),
                    labels,
                )
            }
            None => (
                miette::NamedSource::new("rule set", Arc::<str>::from("")),
                Vec::new(),
            ),
        };
        let mut help = d.help.clone();
        for (related, label) in &d.related {
            if Some(related.file) != d.span.map(|s| s.file) {
                let file = sources.file(related.file);
                let (line, col) = file.line_col(related.start as usize);
                let note = format!("{label} at {}:{line}:{col}", file.name);
                help = Some(match help {
                    Some(h) => format!("{h}\n{note}"),
                    None => note,
                });
            }
        }
        Rendered {
            message: d.message.clone(),
            code: d.kind.code(),
            severity: d.severity,
            source,
            labels,
            help,
        }
    }
}

impl fmt::Display for Rendered {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Rendered {}

impl miette::Diagnostic for Rendered {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(self.code))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
        })
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display + 'a>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        if self.labels.is_empty() {
            None
        } else {
            Some(&self.source)
        }
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = miette::LabeledSpan> + '_>> {
        if self.labels.is_empty() {
            None
        } else {
            Some(Box::new(self.labels.iter().cloned()))
        }
    }
}
