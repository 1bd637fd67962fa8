//! JSON lines in: one household per line.
//!
//! A line is either a household as `etuus calc` reads it (a JSON object of
//! inputs, with `henkilot`), where the keys `id` and `month` are the row's
//! id and month rather than inputs; or an envelope `{"id": …, "month": …,
//! "etuus": {household}, …}` whose other keys are ignored (the format of
//! the bench households, with their expected amounts beside the household).

use std::borrow::Cow;
use std::fmt;

use etuus_engine::{Household, Month, RuleSet};
use serde::de::{Deserializer, MapAccess, Visitor};
use serde_json::value::RawValue;

use crate::error::RowError;
use crate::row::Id;

/// The envelope's key for the household.
pub const HOUSEHOLD_KEY: &str = "etuus";

/// One line read: its id and month as written, and the household.
#[derive(Debug)]
pub struct Line<'a> {
    /// The id as written.
    pub id: Id<'a>,
    /// Holds an id that had to be unescaped.
    pub id_text: Option<String>,
    /// The month, if the line has one.
    pub month: Result<Option<Month>, RowError>,
    /// The household, or why it could not be read.
    pub household: Result<Household, RowError>,
}

/// Reads one line (without its newline).
pub fn read_line<'a>(rules: &RuleSet, line: &'a str) -> Line<'a> {
    let mut de = serde_json::Deserializer::from_str(line);
    let parsed = de
        .deserialize_map(EntriesVisitor)
        .and_then(|e| de.end().map(|()| e));
    let entries = match parsed {
        Ok(e) => e,
        Err(e) => {
            let message = if line.trim_start().starts_with('{') {
                format!("not valid JSON: {e}")
            } else {
                "a line is a JSON object: a household, or {\"id\", \"month\", \"etuus\": household}"
                    .to_string()
            };
            return Line {
                id: Id::None,
                id_text: None,
                month: Ok(None),
                household: Err(RowError::new("", message)),
            };
        }
    };
    let mut id = Id::None;
    let mut id_text = None;
    let mut month = Ok(None);
    let mut inner = None;
    let mut special = false;
    for (key, value) in &entries {
        match key.as_ref() {
            "id" => {
                special = true;
                let raw = value.get();
                if raw.starts_with('"') {
                    match serde_json::from_str::<Text<'a>>(raw) {
                        Ok(Text(Cow::Borrowed(s))) => id = Id::Text(s),
                        Ok(Text(Cow::Owned(s))) => id_text = Some(s),
                        Err(_) => {}
                    }
                } else if raw != "null" {
                    id = Id::Json(raw);
                }
            }
            "month" => {
                special = true;
                month = read_month(value.get());
            }
            HOUSEHOLD_KEY => {
                special = true;
                inner = Some(*value);
            }
            _ => {}
        }
    }
    let household = match inner {
        // The envelope: the household is under `etuus`; other keys are the
        // user's own (expected values, weights) and ignored.
        Some(inner) => rules.household_from_json(inner.get()),
        None if !special => rules.household_from_json(line),
        None => {
            // A household with its id and month beside the inputs.
            let mut text = String::with_capacity(line.len());
            text.push('{');
            for (key, value) in &entries {
                if matches!(key.as_ref(), "id" | "month") {
                    continue;
                }
                if text.len() > 1 {
                    text.push(',');
                }
                text.push_str(&serde_json::to_string(key.as_ref()).unwrap_or_default());
                text.push(':');
                text.push_str(value.get());
            }
            text.push('}');
            rules.household_from_json(&text)
        }
    }
    .map_err(|e| RowError::new(e.path.clone(), e.message.clone()));
    Line {
        id,
        id_text,
        month,
        household,
    }
}

fn read_month(raw: &str) -> Result<Option<Month>, RowError> {
    if raw == "null" {
        return Ok(None);
    }
    let text: String = serde_json::from_str(raw).map_err(|_| {
        RowError::new(
            "month",
            format!("{raw} is not a month; write it as \"YYYY-MM\""),
        )
    })?;
    text.parse::<Month>()
        .map(Some)
        .map_err(|e| RowError::new("month", e.to_string()))
}

type Entries<'a> = Vec<(Cow<'a, str>, &'a RawValue)>;

/// Reads a JSON object's keys and raw values without parsing the values.
struct EntriesVisitor;

impl<'de> Visitor<'de> for EntriesVisitor {
    type Value = Entries<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut entries = Vec::with_capacity(8);
        while let Some(Text(key)) = map.next_key::<Text<'de>>()? {
            let value: &'de RawValue = map.next_value()?;
            entries.push((key, value));
        }
        Ok(entries)
    }
}

/// A JSON string, borrowed from the line unless it had escapes.
struct Text<'a>(Cow<'a, str>);

impl<'de> serde::Deserialize<'de> for Text<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TextVisitor;
        impl<'de> Visitor<'de> for TextVisitor {
            type Value = Text<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E: serde::de::Error>(self, v: &'de str) -> Result<Text<'de>, E> {
                Ok(Text(Cow::Borrowed(v)))
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Text<'de>, E> {
                Ok(Text(Cow::Owned(v.to_string())))
            }
        }
        deserializer.deserialize_str(TextVisitor)
    }
}
