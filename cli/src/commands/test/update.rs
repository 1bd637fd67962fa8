//! `etuus test --update`: rewriting a case's expected values in its file,
//! leaving every other character — comments, quoting, layout — as it was.

use etuus_engine::testing::Mismatch;

/// Rewrites the expected values of `mismatches` in the case that starts on
/// line `region.0` (1-based) and ends before line `region.1`; returns one
/// `path: old → new` per value rewritten, or why nothing could be.
pub fn rewrite(
    text: &mut String,
    region: (u64, Option<u64>),
    mismatches: &[Mismatch],
) -> Result<Vec<String>, String> {
    let start = line_offset(text, region.0).ok_or("the case's line is not in the file")?;
    let end = region
        .1
        .and_then(|line| line_offset(text, line))
        .unwrap_or(text.len());
    let case = &text[start..end];
    let expect = find_key(case, "expect", 0).ok_or("the case has no `expect:`")?;
    let mut edits = Vec::new();
    let mut changes = Vec::new();
    for m in mismatches {
        if m.actual == "(not computed)" {
            return Err(format!("`{}` is not computed", m.path));
        }
        let value = find_key(case, &m.path, expect.1)
            .ok_or_else(|| format!("`{}` is not written as a key of `expect:`", m.path))?;
        let old = &case[value.1..value.2];
        let quoted = old.starts_with('"') || old.starts_with('\'');
        let new = if quoted {
            format!(
                "\"{}\"",
                m.actual.replace('\\', "\\\\").replace('"', "\\\"")
            )
        } else if needs_quotes(&m.actual) {
            format!("\"{}\"", m.actual)
        } else {
            m.actual.clone()
        };
        changes.push(format!("{}: {} → {}", m.path, old, new));
        edits.push((start + value.1, start + value.2, new));
    }
    edits.sort_by_key(|edit| std::cmp::Reverse(edit.0));
    for (from, to, new) in edits {
        text.replace_range(from..to, &new);
    }
    Ok(changes)
}

/// Byte offset of the start of a 1-based line.
fn line_offset(text: &str, line: u64) -> Option<usize> {
    if line <= 1 {
        return Some(0);
    }
    text.match_indices('\n')
        .nth(line as usize - 2)
        .map(|(i, _)| i + 1)
}

/// A plain YAML scalar that would not read back as the same text.
fn needs_quotes(value: &str) -> bool {
    value.is_empty()
        || value.contains(": ")
        || value.contains(" #")
        || value.starts_with(['{', '[', '&', '*', '!', '|', '>', '%', '@', '`', '"', '\''])
}

/// Finds `key:` at or after `from` (the key possibly quoted, as a whole
/// word); returns (start of the key, end of the colon, end of the value).
fn find_key(text: &str, key: &str, from: usize) -> Option<(usize, usize, usize)> {
    let mut search = from;
    while let Some(found) = text[search..].find(key) {
        let at = search + found;
        search = at + key.len();
        let before = text[..at].chars().next_back();
        if before.is_some_and(|c| !matches!(c, ' ' | '\t' | '\n' | '{' | ',' | '"' | '\'')) {
            continue;
        }
        let mut rest = &text[at + key.len()..];
        let mut offset = at + key.len();
        if let Some(stripped) = rest.strip_prefix(['"', '\'']) {
            rest = stripped;
            offset += 1;
        }
        let trimmed = rest.trim_start_matches([' ', '\t']);
        offset += rest.len() - trimmed.len();
        let Some(after_colon) = trimmed.strip_prefix(':') else {
            continue;
        };
        offset += 1;
        let value = after_colon.trim_start_matches([' ', '\t']);
        let value_start = offset + after_colon.len() - value.len();
        let value_len = scalar_len(value);
        if value_len == 0 {
            // `expect:` itself: a block mapping follows on the next lines.
            return Some((at, value_start, value_start));
        }
        return Some((at, value_start, value_start + value_len));
    }
    None
}

/// The length of the scalar at the start of `text`: a quoted string, or a
/// plain scalar up to the end of the line, a comment, or a flow separator.
fn scalar_len(text: &str) -> usize {
    let bytes = text.as_bytes();
    match bytes.first() {
        Some(&q @ (b'"' | b'\'')) => {
            let mut i = 1;
            while i < bytes.len() {
                if bytes[i] == b'\\' && q == b'"' {
                    i += 2;
                    continue;
                }
                if bytes[i] == q {
                    return i + 1;
                }
                i += 1;
            }
            bytes.len()
        }
        _ => {
            let mut end = text.find(['\n', '\r', ',', '}']).unwrap_or(text.len());
            if let Some(comment) = text[..end].find(" #") {
                end = comment;
            }
            text[..end].trim_end().len()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mismatch(path: &str, expected: &str, actual: &str) -> Mismatch {
        Mismatch {
            path: path.into(),
            expected: expected.into(),
            actual: actual.into(),
        }
    }

    const CASES: &str = "cases:
  - name: first
    source: https://example.invalid/a
    month: 2024-06
    household: {kunta: Turku, vuokra: 600}
    expect:
      asumistuki.yleinen_asumistuki: 100.00   # Kela's figure
      \"henkilot.a.x\": \"2.50\"
  - name: second
    source: https://example.invalid/b
    month: 2024-06
    household: {kunta: Turku}
    expect: {asumistuki.yleinen_asumistuki: 5, other: 1}
";

    #[test]
    fn rewrites_only_the_values_and_keeps_comments_and_quotes() {
        let mut text = CASES.to_string();
        let changes = rewrite(
            &mut text,
            (2, Some(9)),
            &[
                mismatch("asumistuki.yleinen_asumistuki", "100.00", "120.50"),
                mismatch("henkilot.a.x", "2.50", "3.00"),
            ],
        )
        .unwrap();
        assert_eq!(
            changes,
            [
                "asumistuki.yleinen_asumistuki: 100.00 → 120.50",
                "henkilot.a.x: \"2.50\" → \"3.00\""
            ]
        );
        assert!(text.contains("      asumistuki.yleinen_asumistuki: 120.50   # Kela's figure\n"));
        assert!(text.contains("      \"henkilot.a.x\": \"3.00\"\n"));
        // The second case is untouched.
        assert!(text.contains("expect: {asumistuki.yleinen_asumistuki: 5, other: 1}"));
    }

    #[test]
    fn rewrites_a_flow_mapping_in_the_right_case() {
        let mut text = CASES.to_string();
        rewrite(
            &mut text,
            (9, None),
            &[mismatch("asumistuki.yleinen_asumistuki", "5", "7.25")],
        )
        .unwrap();
        assert!(text.contains("expect: {asumistuki.yleinen_asumistuki: 7.25, other: 1}"));
        assert!(text.contains("asumistuki.yleinen_asumistuki: 100.00"));
    }

    #[test]
    fn a_value_not_computed_is_not_rewritten() {
        let mut text = CASES.to_string();
        let error = rewrite(
            &mut text,
            (2, Some(9)),
            &[mismatch(
                "asumistuki.yleinen_asumistuki",
                "1",
                "(not computed)",
            )],
        )
        .unwrap_err();
        assert!(error.contains("not computed"));
        assert_eq!(text, CASES);
    }
}
