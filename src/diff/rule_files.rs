//! The lines of the rule files that differ between two rule sets.

use similar::{ChangeTag, TextDiff};

/// How a rule file differs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileChangeKind {
    /// Only side B has it.
    Added,
    /// Only side A has it.
    Removed,
    /// Both have it, with different lines.
    Modified,
}

/// A removed (`-`) or added (`+`) line, or an unchanged line of context (` `).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangedLine {
    /// `-`, `+` or ` `.
    pub sign: char,
    /// Line number in side A's file (for `-` and context).
    pub line_a: Option<usize>,
    /// Line number in side B's file (for `+` and context).
    pub line_b: Option<usize>,
    /// The line's text, without its line break.
    pub text: String,
}

/// One rule file that differs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileChange {
    /// Its path relative to the rules directory.
    pub path: String,
    /// Added, removed or modified.
    pub kind: FileChangeKind,
    /// Lines removed and added (added and removed files: none), with one
    /// line of context around each change; `None` separates hunks.
    pub lines: Vec<Option<ChangedLine>>,
}

/// The rule files that differ, `(path, text)` on each side; paths are
/// compared as given (relative to each side's rules directory).
pub fn rule_file_changes(a: &[(String, String)], b: &[(String, String)]) -> Vec<FileChange> {
    let mut paths: Vec<&String> = a.iter().chain(b).map(|(p, _)| p).collect();
    paths.sort();
    paths.dedup();
    fn find<'f>(files: &'f [(String, String)], path: &str) -> Option<&'f str> {
        files
            .iter()
            .find(|(p, _)| p == path)
            .map(|(_, t)| t.as_str())
    }
    let mut changes = Vec::new();
    for path in paths {
        match (find(a, path), find(b, path)) {
            (Some(_), None) => changes.push(FileChange {
                path: path.clone(),
                kind: FileChangeKind::Removed,
                lines: Vec::new(),
            }),
            (None, Some(_)) => changes.push(FileChange {
                path: path.clone(),
                kind: FileChangeKind::Added,
                lines: Vec::new(),
            }),
            (Some(old), Some(new)) if old != new => changes.push(FileChange {
                path: path.clone(),
                kind: FileChangeKind::Modified,
                lines: changed_lines(old, new),
            }),
            _ => {}
        }
    }
    changes
}

fn changed_lines(old: &str, new: &str) -> Vec<Option<ChangedLine>> {
    let diff = TextDiff::from_lines(old, new);
    let mut lines = Vec::new();
    for (i, group) in diff.grouped_ops(1).iter().enumerate() {
        if i > 0 {
            lines.push(None);
        }
        for op in group {
            for change in diff.iter_changes(op) {
                let sign = match change.tag() {
                    ChangeTag::Delete => '-',
                    ChangeTag::Insert => '+',
                    ChangeTag::Equal => ' ',
                };
                lines.push(Some(ChangedLine {
                    sign,
                    line_a: change.old_index().map(|i| i + 1),
                    line_b: change.new_index().map(|i| i + 1),
                    text: change.value().trim_end_matches(['\n', '\r']).to_string(),
                }));
            }
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(p, t)| (p.to_string(), t.to_string()))
            .collect()
    }

    #[test]
    fn a_changed_value_is_one_line_out_and_one_in() {
        let a = files(&[("x.yaml", "a: 1\nb: 0.70\nc: 3\n"), ("gone.yaml", "")]);
        let b = files(&[("x.yaml", "a: 1\nb: 0.80\nc: 3\n"), ("new.yaml", "")]);
        let changes = rule_file_changes(&a, &b);
        let kinds: Vec<_> = changes.iter().map(|c| (c.path.as_str(), c.kind)).collect();
        assert_eq!(
            kinds,
            [
                ("gone.yaml", FileChangeKind::Removed),
                ("new.yaml", FileChangeKind::Added),
                ("x.yaml", FileChangeKind::Modified)
            ]
        );
        let lines: Vec<String> = changes[2]
            .lines
            .iter()
            .flatten()
            .map(|l| format!("{}{:?}{:?} {}", l.sign, l.line_a, l.line_b, l.text))
            .collect();
        assert_eq!(
            lines,
            [
                " Some(1)Some(1) a: 1",
                "-Some(2)None b: 0.70",
                "+NoneSome(2) b: 0.80",
                " Some(3)Some(3) c: 3"
            ]
        );
    }
}
