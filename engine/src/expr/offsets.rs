//! Mapping from byte offsets in a formula string to byte offsets in its rule file.
//!
//! YAML hands a formula over as a string without its quotes or block
//! indentation, so offsets in the string and in the file differ. A wrong caret
//! is worse than a wide one: when the mapping cannot be established exactly,
//! every offset maps to the whole scalar.

use crate::source::{FileId, Span};

/// How offsets in a formula string relate to the rule file.
#[derive(Debug, Clone)]
pub enum OffsetMap {
    /// The string appears verbatim at `base` (plain or simple quoted scalars).
    Direct {
        /// File of the scalar.
        file: FileId,
        /// Byte offset of the string's first byte in the file.
        base: usize,
    },
    /// A block scalar: line `i` of the string starts at `line_starts[i]` in the file.
    Lines {
        /// File of the scalar.
        file: FileId,
        /// Byte offset in the string where each line starts.
        value_starts: Vec<usize>,
        /// Byte offset in the file where the same line's content starts.
        source_starts: Vec<usize>,
    },
    /// No exact mapping: every token is reported at the whole scalar.
    Whole(Span),
}

impl OffsetMap {
    /// Works out how `value` (the scalar's content) sits in `source` at `span`.
    pub fn new(source: &str, span: Span, value: &str) -> OffsetMap {
        let start = span.start as usize;
        let end = span.end().min(source.len());
        let raw = source.get(start..end).unwrap_or("");
        if raw.starts_with(value) && !raw.starts_with(['"', '\'']) {
            return OffsetMap::Direct {
                file: span.file,
                base: start,
            };
        }
        if raw.starts_with(['"', '\''])
            && raw.len() >= value.len() + 2
            && &raw[1..1 + value.len()] == value
        {
            return OffsetMap::Direct {
                file: span.file,
                base: start + 1,
            };
        }
        if let Some(map) = Self::block(source, span, value) {
            return map;
        }
        OffsetMap::Whole(span)
    }

    /// A literal block scalar (`|`): each line of the value is a line of the
    /// file with the block's indentation removed.
    fn block(source: &str, span: Span, value: &str) -> Option<OffsetMap> {
        let mut value_starts = Vec::new();
        let mut source_starts = Vec::new();
        let mut pos = span.start as usize;
        let mut value_pos = 0;
        for line in value.split_inclusive('\n') {
            let content = line.trim_end_matches('\n');
            if content.is_empty() {
                // A blank line: skip the file's line, whatever spaces it has.
                let rest = source.get(pos..)?;
                let next = rest.find('\n')? + 1;
                pos += next;
                value_pos += line.len();
                continue;
            }
            let rest = source.get(pos..)?;
            let found = rest.find(content)?;
            // The text before the line's content may only be indentation.
            if !rest[..found].chars().all(|c| c == ' ' || c == '\n') {
                return None;
            }
            value_starts.push(value_pos);
            source_starts.push(pos + found);
            pos += found + content.len();
            value_pos += line.len();
        }
        if value_starts.is_empty() {
            return None;
        }
        Some(OffsetMap::Lines {
            file: span.file,
            value_starts,
            source_starts,
        })
    }

    /// The file span of bytes `start..start + len` of the formula string.
    pub fn span(&self, start: usize, len: usize) -> Span {
        match self {
            OffsetMap::Direct { file, base } => Span::new(*file, base + start, len),
            OffsetMap::Lines {
                file,
                value_starts,
                source_starts,
            } => {
                let line = value_starts.partition_point(|&s| s <= start).max(1) - 1;
                let offset = source_starts[line] + (start - value_starts[line]);
                // A token never spans lines, so its length carries over.
                Span::new(*file, offset, len)
            }
            OffsetMap::Whole(span) => *span,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::FileId;

    fn span_of(source: &str, needle: &str) -> Span {
        let start = source.find(needle).unwrap();
        Span::new(FileId(0), start, needle.len())
    }

    #[test]
    fn plain_scalar_maps_directly() {
        let source = "formula: a + b\n";
        let map = OffsetMap::new(source, span_of(source, "a + b"), "a + b");
        let s = map.span(4, 1);
        assert_eq!(&source[s.start as usize..s.end()], "b");
    }

    #[test]
    fn quoted_scalar_skips_the_quote() {
        let source = "formula: \"a + b\"\n";
        let map = OffsetMap::new(source, span_of(source, "\"a + b\""), "a + b");
        let s = map.span(4, 1);
        assert_eq!(&source[s.start as usize..s.end()], "b");
    }

    #[test]
    fn literal_block_maps_each_line() {
        let source = "formula: |\n  a +\n\n    bb * 2\nnext: 1\n";
        let value = "a +\n\n  bb * 2\n";
        let start = source.find("a +").unwrap();
        let map = OffsetMap::new(source, Span::new(FileId(0), start, 20), value);
        let bb = value.find("bb").unwrap();
        let s = map.span(bb, 2);
        assert_eq!(&source[s.start as usize..s.end()], "bb");
    }

    #[test]
    fn escaped_quoted_scalar_falls_back_to_whole() {
        let source = "formula: \"a \\u0041\"\n";
        let whole = span_of(source, "\"a \\u0041\"");
        let map = OffsetMap::new(source, whole, "a A");
        assert_eq!(map.span(2, 1), whole);
    }
}
