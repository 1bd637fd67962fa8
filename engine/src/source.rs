//! Rule-file text and byte spans into it.
//!
//! Every diagnostic points into a [`SourceFile`] by a [`Span`] of bytes, so an
//! error can always quote the offending text and give its line and column.
//! The engine never reads files itself: the CLI or the build embeds the text.

use std::sync::Arc;

/// Index of a file in a [`SourceMap`].
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub struct FileId(pub u32);

/// A byte range in one source file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct Span {
    /// The file the span points into.
    pub file: FileId,
    /// Byte offset of the first byte.
    pub start: u32,
    /// Length in bytes.
    pub len: u32,
}

impl Span {
    /// A span of `len` bytes at `start` in `file`.
    pub fn new(file: FileId, start: usize, len: usize) -> Span {
        Span {
            file,
            start: start as u32,
            len: len as u32,
        }
    }

    /// The byte offset one past the end.
    pub fn end(&self) -> usize {
        (self.start + self.len) as usize
    }

    /// The smallest span that covers both spans (which must be in the same file).
    pub fn to(self, other: Span) -> Span {
        let start = self.start.min(other.start);
        let end = (self.end()).max(other.end()) as u32;
        Span {
            file: self.file,
            start,
            len: end - start,
        }
    }
}

#[cfg(feature = "loader")]
impl From<Span> for miette::SourceSpan {
    fn from(span: Span) -> Self {
        (span.start as usize, span.len as usize).into()
    }
}

/// One rule file: its path as given by the caller and its text.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The name shown in diagnostics, e.g. `rules/asumistuki/parametrit.yaml`.
    pub name: Arc<str>,
    /// The whole text of the file.
    pub text: Arc<str>,
}

impl SourceFile {
    /// A source file with the given name and text.
    pub fn new(name: impl Into<Arc<str>>, text: impl Into<Arc<str>>) -> SourceFile {
        SourceFile {
            name: name.into(),
            text: text.into(),
        }
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let before = &self.text[..floor_char_boundary(&self.text, offset)];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = before[line_start..].chars().count() + 1;
        (line, column)
    }
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while offset > 0 && !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// All rule files of a rule set, indexed by [`FileId`].
#[derive(Debug, Clone, Default)]
pub struct SourceMap {
    files: Vec<SourceFile>,
}

impl SourceMap {
    /// Adds a file and returns its id.
    pub fn add(&mut self, file: SourceFile) -> FileId {
        self.files.push(file);
        FileId(self.files.len() as u32 - 1)
    }

    /// The file with the given id.
    pub fn file(&self, id: FileId) -> &SourceFile {
        &self.files[id.0 as usize]
    }

    /// All files in the order they were added.
    pub fn files(&self) -> &[SourceFile] {
        &self.files
    }

    /// The text a span covers.
    pub fn text(&self, span: Span) -> &str {
        let text = &self.file(span.file).text;
        let start = floor_char_boundary(text, span.start as usize);
        let end = floor_char_boundary(text, span.end().min(text.len()));
        &text[start..end]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters_not_bytes() {
        let file = SourceFile::new("a.yaml", "äö: 1\nbå: x + y\n");
        assert_eq!(file.line_col(0), (1, 1));
        // "bå: " is 5 bytes but 4 characters; 'x' is the 5th column.
        let x = file.text.find('x').unwrap();
        assert_eq!(file.line_col(x), (2, 5));
    }
}
