//! The output tree and its JSON and YAML writers.

use std::fmt::Write as _;

use rust_decimal::Decimal;

/// A JSON-like document node.
#[derive(Debug, Clone, PartialEq)]
pub enum Out {
    /// `null`
    Null,
    /// `true` / `false`
    Bool(bool),
    /// An exact decimal, written as a number.
    Num(Decimal),
    /// A text.
    Str(String),
    /// An ordered list.
    List(Vec<Out>),
    /// An ordered mapping.
    Map(Vec<(String, Out)>),
}

impl Out {
    /// A text node.
    pub fn str(text: impl Into<String>) -> Out {
        Out::Str(text.into())
    }

    /// An entry of a mapping, if this is one.
    pub fn get(&self, key: &str) -> Option<&Out> {
        match self {
            Out::Map(entries) => entries.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// Inserts into a mapping by a dotted path, creating nested mappings.
    pub fn insert_path(&mut self, path: &str, value: Out) {
        let Out::Map(entries) = self else { return };
        match path.split_once('.') {
            None => match entries.iter_mut().find(|(k, _)| k == path) {
                Some(entry) => entry.1 = value,
                None => entries.push((path.to_string(), value)),
            },
            Some((head, rest)) => {
                let index = match entries.iter().position(|(k, _)| k == head) {
                    Some(i) => i,
                    None => {
                        entries.push((head.to_string(), Out::Map(Vec::new())));
                        entries.len() - 1
                    }
                };
                entries[index].1.insert_path(rest, value);
            }
        }
    }

    /// Pretty JSON with two-space indentation.
    pub fn to_json(&self) -> String {
        let mut out = String::new();
        self.write_json(&mut out, 0);
        out.push('\n');
        out
    }

    /// One-line JSON (for JSON Lines).
    pub fn to_json_line(&self) -> String {
        let mut out = String::new();
        self.write_json_compact(&mut out);
        out
    }

    fn write_json(&self, out: &mut String, indent: usize) {
        let pad = "  ".repeat(indent + 1);
        match self {
            Out::List(items) if !items.is_empty() => {
                out.push_str("[\n");
                for (i, item) in items.iter().enumerate() {
                    out.push_str(&pad);
                    item.write_json(out, indent + 1);
                    out.push_str(if i + 1 < items.len() { ",\n" } else { "\n" });
                }
                out.push_str(&"  ".repeat(indent));
                out.push(']');
            }
            Out::Map(entries) if !entries.is_empty() => {
                out.push_str("{\n");
                for (i, (key, value)) in entries.iter().enumerate() {
                    out.push_str(&pad);
                    out.push_str(&json_string(key));
                    out.push_str(": ");
                    value.write_json(out, indent + 1);
                    out.push_str(if i + 1 < entries.len() { ",\n" } else { "\n" });
                }
                out.push_str(&"  ".repeat(indent));
                out.push('}');
            }
            other => other.write_json_compact(out),
        }
    }

    fn write_json_compact(&self, out: &mut String) {
        match self {
            Out::Null => out.push_str("null"),
            Out::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Out::Num(d) => out.push_str(&d.to_string()),
            Out::Str(s) => out.push_str(&json_string(s)),
            Out::List(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    item.write_json_compact(out);
                }
                out.push(']');
            }
            Out::Map(entries) => {
                out.push('{');
                for (i, (key, value)) in entries.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    out.push_str(&json_string(key));
                    out.push(':');
                    value.write_json_compact(out);
                }
                out.push('}');
            }
        }
    }

    /// Block-style YAML.
    pub fn to_yaml(&self) -> String {
        let mut out = String::new();
        match self {
            Out::Map(entries) if !entries.is_empty() => write_yaml_map(entries, &mut out, 0),
            Out::List(items) if !items.is_empty() => write_yaml_list(items, &mut out, 0),
            scalar => {
                out.push_str(&yaml_scalar(scalar));
                out.push('\n');
            }
        }
        out
    }
}

fn write_yaml_map(entries: &[(String, Out)], out: &mut String, indent: usize) {
    for (key, value) in entries {
        let _ = write!(out, "{}{}:", "  ".repeat(indent), yaml_key(key));
        write_yaml_value(value, out, indent);
    }
}

fn write_yaml_list(items: &[Out], out: &mut String, indent: usize) {
    for item in items {
        let _ = write!(out, "{}-", "  ".repeat(indent));
        match item {
            Out::Map(entries) if !entries.is_empty() => {
                // The first entry goes on the dash's line.
                let mut nested = String::new();
                write_yaml_map(entries, &mut nested, indent + 1);
                out.push(' ');
                out.push_str(nested.trim_start());
            }
            other => write_yaml_value(other, out, indent),
        }
    }
}

fn write_yaml_value(value: &Out, out: &mut String, indent: usize) {
    match value {
        Out::Map(entries) if !entries.is_empty() => {
            out.push('\n');
            write_yaml_map(entries, out, indent + 1);
        }
        Out::List(items) if !items.is_empty() => {
            out.push('\n');
            write_yaml_list(items, out, indent + 1);
        }
        scalar => {
            out.push(' ');
            out.push_str(&yaml_scalar(scalar));
            out.push('\n');
        }
    }
}

fn yaml_key(key: &str) -> String {
    if key
        .chars()
        .all(|c| c.is_alphanumeric() || c == '_' || c == '.' || c == '-')
        && !key.is_empty()
    {
        key.to_string()
    } else {
        json_string(key)
    }
}

fn yaml_scalar(value: &Out) -> String {
    match value {
        Out::Null => "null".into(),
        Out::Bool(b) => b.to_string(),
        Out::Num(d) => d.to_string(),
        Out::Str(s) => {
            let plain = !s.is_empty()
                && s.chars()
                    .all(|c| c.is_alphanumeric() || " _-./()§€%,".contains(c))
                && !s.starts_with([' ', '-'])
                && !s.ends_with(' ')
                && !matches!(s.as_str(), "true" | "false" | "null" | "yes" | "no" | "~")
                && s.parse::<f64>().is_err()
                && crate::literal::parse_date(s).is_none();
            if plain {
                s.clone()
            } else {
                json_string(s)
            }
        }
        Out::List(_) => "[]".into(),
        Out::Map(_) => "{}".into(),
    }
}

/// A JSON string literal.
pub(crate) fn json_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_keeps_exact_decimals_and_escapes() {
        let mut doc = Out::Map(Vec::new());
        doc.insert_path("a.b", Out::Num("330.40".parse().unwrap()));
        doc.insert_path("c", Out::str("x\"y"));
        assert_eq!(doc.to_json_line(), r#"{"a":{"b":330.40},"c":"x\"y"}"#);
        let parsed: serde_json::Value = serde_json::from_str(&doc.to_json()).unwrap();
        assert_eq!(parsed["a"]["b"], serde_json::json!(330.4));
    }

    #[test]
    #[cfg(feature = "loader")]
    fn yaml_round_trips_through_a_parser() {
        let doc = Out::Map(vec![
            ("month".into(), Out::str("2024-06")),
            ("amount".into(), Out::Num("312.90".parse().unwrap())),
            (
                "lines".into(),
                Out::List(vec![Out::Map(vec![
                    ("name".into(), Out::str("a: b")),
                    ("ok".into(), Out::Bool(true)),
                ])]),
            ),
        ]);
        let text = doc.to_yaml();
        let parsed: serde_json::Value = serde_saphyr::from_str(&text).unwrap();
        assert_eq!(parsed["month"], "2024-06");
        assert_eq!(parsed["lines"][0]["name"], "a: b");
        assert_eq!(parsed["amount"], serde_json::json!(312.9));
    }
}
