//! Writing a document as a stream of events: straight into a JSON text
//! ([`JsonWriter`], no tree and no string per key) or into an [`Out`] tree
//! ([`OutBuilder`], for YAML and for programs that inspect it).

use std::fmt::{self, Write as _};

use rust_decimal::Decimal;

use super::tree::Out;

/// Receives a document in order: mappings, lists, keys and scalars.
pub trait Emit {
    /// Starts a mapping.
    fn begin_map(&mut self);
    /// Ends the innermost mapping.
    fn end_map(&mut self);
    /// Starts a list.
    fn begin_list(&mut self);
    /// Ends the innermost list.
    fn end_list(&mut self);
    /// The key of the next entry of the innermost mapping.
    fn key(&mut self, key: &str);
    /// `null`
    fn null(&mut self);
    /// A truth value.
    fn bool(&mut self, value: bool);
    /// An exact decimal.
    fn num(&mut self, value: Decimal);
    /// A text.
    fn str(&mut self, value: &str);
    /// A text written by a `Display` value (a date, a month), without an
    /// intermediate string where the emitter can avoid it.
    fn display(&mut self, value: &dyn fmt::Display) {
        self.str(&value.to_string());
    }
}

/// Writes JSON text: pretty with two-space indentation (as [`Out::to_json`])
/// or compact on one line (as [`Out::to_json_line`]).
pub struct JsonWriter<'a> {
    out: &'a mut String,
    pretty: bool,
    /// Per open container: whether it has an item yet.
    open: Vec<bool>,
    /// A key was just written; the next value follows it on the same line.
    after_key: bool,
}

impl<'a> JsonWriter<'a> {
    /// A writer appending to `out`.
    pub fn new(out: &'a mut String, pretty: bool) -> JsonWriter<'a> {
        JsonWriter {
            out,
            pretty,
            open: Vec::with_capacity(8),
            after_key: false,
        }
    }

    /// Before a value or a key: the separator and, pretty, the indentation.
    fn item(&mut self) {
        if self.after_key {
            self.after_key = false;
            return;
        }
        let Some(has_item) = self.open.last_mut() else {
            return;
        };
        if *has_item {
            self.out.push(',');
        }
        *has_item = true;
        if self.pretty {
            self.out.push('\n');
            for _ in 0..self.open.len() {
                self.out.push_str("  ");
            }
        }
    }

    fn close(&mut self, bracket: char) {
        let had_items = self.open.pop().unwrap_or(false);
        if had_items && self.pretty {
            self.out.push('\n');
            for _ in 0..self.open.len() {
                self.out.push_str("  ");
            }
        }
        self.out.push(bracket);
    }
}

impl Emit for JsonWriter<'_> {
    fn begin_map(&mut self) {
        self.item();
        self.out.push('{');
        self.open.push(false);
    }

    fn end_map(&mut self) {
        self.close('}');
    }

    fn begin_list(&mut self) {
        self.item();
        self.out.push('[');
        self.open.push(false);
    }

    fn end_list(&mut self) {
        self.close(']');
    }

    fn key(&mut self, key: &str) {
        self.item();
        write_json_string(self.out, key);
        self.out.push_str(if self.pretty { ": " } else { ":" });
        self.after_key = true;
    }

    fn null(&mut self) {
        self.item();
        self.out.push_str("null");
    }

    fn bool(&mut self, value: bool) {
        self.item();
        self.out.push_str(if value { "true" } else { "false" });
    }

    fn num(&mut self, value: Decimal) {
        self.item();
        write_decimal(self.out, value);
    }

    fn str(&mut self, value: &str) {
        self.item();
        write_json_string(self.out, value);
    }

    fn display(&mut self, value: &dyn fmt::Display) {
        self.item();
        // Dates and months need no escaping.
        let _ = write!(self.out, "\"{value}\"");
    }
}

/// Appends a JSON string literal. Only ASCII bytes need escaping; most
/// texts (names, labels, codes) need none and are copied whole.
pub(crate) fn write_json_string(out: &mut String, text: &str) {
    let needs = |b: u8| b < 0x20 || b == b'"' || b == b'\\';
    // No early exit, so that the check runs over the bytes in wide steps.
    let clean = !text.bytes().fold(false, |any, b| any | needs(b));
    out.push('"');
    if clean {
        out.push_str(text);
    } else {
        let mut start = 0;
        for (i, b) in text.bytes().enumerate() {
            if !needs(b) {
                continue;
            }
            out.push_str(&text[start..i]);
            match b {
                b'"' => out.push_str("\\\""),
                b'\\' => out.push_str("\\\\"),
                b'\n' => out.push_str("\\n"),
                b'\r' => out.push_str("\\r"),
                b'\t' => out.push_str("\\t"),
                _ => {
                    let _ = write!(out, "\\u{b:04x}");
                }
            }
            start = i + 1;
        }
        out.push_str(&text[start..]);
    }
    out.push('"');
}

/// Appends a decimal as JSON writes it: its exact digits and scale
/// (`312.90`, `-0.5`), like its `Display`, without the formatter.
pub(crate) fn write_decimal(out: &mut String, value: Decimal) {
    let mantissa = value.mantissa();
    let scale = value.scale() as usize;
    let mut digits = itoa::Buffer::new();
    let text = digits.format(mantissa.unsigned_abs());
    if mantissa < 0 {
        out.push('-');
    }
    if scale == 0 {
        out.push_str(text);
    } else if text.len() > scale {
        let (whole, fraction) = text.split_at(text.len() - scale);
        out.push_str(whole);
        out.push('.');
        out.push_str(fraction);
    } else {
        out.push_str("0.");
        for _ in text.len()..scale {
            out.push('0');
        }
        out.push_str(text);
    }
}

/// Builds an [`Out`] tree.
#[derive(Default)]
pub struct OutBuilder {
    /// Open containers, with the key each will be stored under in its parent.
    stack: Vec<(Option<String>, Out)>,
    key: Option<String>,
    done: Option<Out>,
}

impl OutBuilder {
    /// A builder for one document.
    pub fn new() -> OutBuilder {
        OutBuilder::default()
    }

    /// The document built.
    pub fn finish(self) -> Out {
        self.done.unwrap_or(Out::Null)
    }

    fn push(&mut self, value: Out) {
        match self.stack.last_mut() {
            Some((_, Out::Map(entries))) => {
                entries.push((self.key.take().unwrap_or_default(), value));
            }
            Some((_, Out::List(items))) => items.push(value),
            _ => self.done = Some(value),
        }
    }

    fn close(&mut self) {
        if let Some((key, value)) = self.stack.pop() {
            self.key = key;
            self.push(value);
        }
    }
}

impl Emit for OutBuilder {
    fn begin_map(&mut self) {
        let key = self.key.take();
        self.stack.push((key, Out::Map(Vec::new())));
    }

    fn end_map(&mut self) {
        self.close();
    }

    fn begin_list(&mut self) {
        let key = self.key.take();
        self.stack.push((key, Out::List(Vec::new())));
    }

    fn end_list(&mut self) {
        self.close();
    }

    fn key(&mut self, key: &str) {
        self.key = Some(key.to_string());
    }

    fn null(&mut self) {
        self.push(Out::Null);
    }

    fn bool(&mut self, value: bool) {
        self.push(Out::Bool(value));
    }

    fn num(&mut self, value: Decimal) {
        self.push(Out::Num(value));
    }

    fn str(&mut self, value: &str) {
        self.push(Out::Str(value.to_string()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(e: &mut dyn Emit) {
        e.begin_map();
        e.key("a");
        e.num(Decimal::new(31290, 2));
        e.key("empty");
        e.begin_map();
        e.end_map();
        e.key("list");
        e.begin_list();
        e.str("x\"y\n");
        e.bool(true);
        e.null();
        e.end_list();
        e.key("none");
        e.begin_list();
        e.end_list();
        e.end_map();
    }

    #[test]
    fn decimals_are_written_as_their_display() {
        for text in [
            "0", "0.00", "312.90", "-0.5", "-12.345", "0.001", "1000000", "-7",
        ] {
            let d: Decimal = text.parse().unwrap();
            let mut out = String::new();
            write_decimal(&mut out, d);
            assert_eq!(out, d.to_string(), "{text}");
        }
        let mut out = String::new();
        write_json_string(&mut out, "a\"b\\c\nd\u{1}é");
        assert_eq!(out, "\"a\\\"b\\\\c\\nd\\u0001é\"");
    }

    #[test]
    fn the_writer_and_the_tree_write_the_same_json() {
        let mut built = OutBuilder::new();
        sample(&mut built);
        let tree = built.finish();
        for pretty in [true, false] {
            let mut text = String::new();
            sample(&mut JsonWriter::new(&mut text, pretty));
            let expected = if pretty {
                tree.to_json().trim_end().to_string()
            } else {
                tree.to_json_line()
            };
            assert_eq!(text, expected);
        }
    }
}
