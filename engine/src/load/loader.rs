//! Parses rule-file text into [`RawFile`]s, turning YAML errors into diagnostics.

use super::raw::RawFile;
use crate::diagnostic::{DiagnosticKind, RuleDiagnostic};
use crate::source::{FileId, SourceMap, Span};

/// A parsed rule file with its id in the source map.
#[derive(Debug)]
pub struct LoadedFile {
    /// The file's id.
    pub file: FileId,
    /// Its contents.
    pub raw: RawFile,
}

/// All parsed rule files, plus the problems met while parsing.
#[derive(Debug, Default)]
pub struct Loaded {
    /// Files that parsed.
    pub files: Vec<LoadedFile>,
    /// YAML errors, one per file that did not parse.
    pub diagnostics: Vec<RuleDiagnostic>,
}

/// Parses one rule file. A YAML or schema error becomes a diagnostic that
/// points at the line and column serde-saphyr reports.
pub fn load_file(sources: &SourceMap, file: FileId) -> Result<RawFile, RuleDiagnostic> {
    let text = &sources.file(file).text;
    serde_saphyr::from_str::<RawFile>(text).map_err(|error| yaml_diagnostic(sources, file, &error))
}

/// Converts a serde-saphyr error into a diagnostic at its location.
pub(crate) fn yaml_diagnostic(
    sources: &SourceMap,
    file: FileId,
    error: &serde_saphyr::Error,
) -> RuleDiagnostic {
    let message = strip_location(&error.without_snippet().to_string());
    let text = &sources.file(file).text;
    let span = error
        .location()
        .map(|loc| {
            let span = loc.span();
            match (span.byte_offset(), span.byte_len()) {
                (Some(offset), Some(len)) if (offset as usize) <= text.len() => {
                    Span::new(file, offset as usize, (len as usize).max(1))
                }
                _ => Span::new(
                    file,
                    byte_offset_of(text, loc.line() as usize, loc.column() as usize),
                    1,
                ),
            }
        })
        .unwrap_or(Span::new(file, 0, 0));
    let help = if message.contains("unknown field") {
        "check the spelling; rules/README.md lists the keys each item takes"
    } else if message.contains("null into string") {
        "inside `{…}` a comma ends a value: quote a text that contains one, e.g. `{fi: \"a, b\"}`"
    } else {
        "check the indentation and quoting; a formula containing `: ` or ` #` must be quoted"
    };
    RuleDiagnostic::error(DiagnosticKind::Yaml, span, message)
        .label("here")
        .help(help)
}

/// serde-saphyr appends " at line L, column C"; the diagnostic shows the place itself.
fn strip_location(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}

/// Byte offset of a 1-based line and character column.
fn byte_offset_of(text: &str, line: usize, column: usize) -> usize {
    let line_start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    let rest = &text[line_start.min(text.len())..];
    line_start
        + rest
            .char_indices()
            .nth(column.saturating_sub(1))
            .map_or(rest.len(), |(i, _)| i)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceFile;

    #[test]
    fn unknown_key_points_at_the_key() {
        let mut sources = SourceMap::default();
        let file = sources.add(SourceFile::new(
            "a.yaml",
            "variables:\n  x:\n    entity: henkilo\n    formla: a\n",
        ));
        let d = load_file(&sources, file).unwrap_err();
        assert!(
            d.message.starts_with("unknown field `formla`"),
            "{}",
            d.message
        );
        assert_eq!(sources.text(d.span.unwrap()), "formla");
    }

    #[test]
    fn byte_offset_counts_multibyte_characters() {
        assert_eq!(byte_offset_of("ää\nöx", 2, 2), "ää\nö".len());
    }
}
