//! Reading a value of a declared type from text, as written in a rule file
//! or a household file.

use std::str::FromStr;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::compile::EnumDef;
use crate::types::{DeclaredType, NumKind};
use crate::value::Value;

/// Why a text is not a value of the expected type. The message says what is allowed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LiteralError {
    /// What is wrong and what would be accepted.
    pub message: String,
    /// Close matches, for enum variants.
    pub suggestions: Vec<String>,
}

impl LiteralError {
    fn new(message: impl Into<String>) -> LiteralError {
        LiteralError {
            message: message.into(),
            suggestions: Vec::new(),
        }
    }
}

/// The longest value a message quotes in full.
const SHOWN_CHARS: usize = 40;

/// A value as a message quotes it: in backticks, cut after 40 characters.
pub(crate) fn quoted(text: &str) -> String {
    match text.char_indices().nth(SHOWN_CHARS) {
        Some((cut, _)) => format!("`{}…`", &text[..cut]),
        None => format!("`{text}`"),
    }
}

/// Parses a decimal number. A single decimal comma is accepted (`742,10`).
pub fn parse_decimal(text: &str) -> Option<Decimal> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    let normalised;
    let text = if text.contains(',') && !text.contains('.') && text.matches(',').count() == 1 {
        normalised = text.replace(',', ".");
        normalised.as_str()
    } else {
        text
    };
    if text.contains(['e', 'E']) {
        return Decimal::from_scientific(text).ok();
    }
    Decimal::from_str(text).ok()
}

/// Parses a date written exactly `YYYY-MM-DD` (`2024-6-1` is refused).
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    let text = text.trim();
    let shape = text.len() == 10
        && text.bytes().enumerate().all(|(i, b)| match i {
            4 | 7 => b == b'-',
            _ => b.is_ascii_digit(),
        });
    if !shape {
        return None;
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()
}

/// Parses a truth value.
pub fn parse_bool(text: &str) -> Option<bool> {
    match text.trim() {
        "true" | "True" | "TRUE" | "yes" | "kyllä" => Some(true),
        "false" | "False" | "FALSE" | "no" | "ei" => Some(false),
        _ => None,
    }
}

/// Finds an enum variant by its key or any of its labels, ignoring case.
///
/// A number also matches a key that is the same number with leading zeros,
/// so municipality `91` finds `091` (YAML reads an unquoted `091` as 91).
pub fn find_variant(def: &EnumDef, text: &str) -> Result<u32, LiteralError> {
    let wanted = text.trim();
    if let Some(&index) = def.lookup.get(wanted) {
        return Ok(index);
    }
    // The lookup holds lowercase names; most names are ASCII and short
    // enough to fold on the stack.
    let mut buffer = [0u8; 64];
    if wanted.is_ascii() && wanted.len() <= buffer.len() {
        let folded = &mut buffer[..wanted.len()];
        folded.copy_from_slice(wanted.as_bytes());
        folded.make_ascii_lowercase();
        if let Some(&index) = std::str::from_utf8(folded)
            .ok()
            .and_then(|f| def.lookup.get(f))
        {
            return Ok(index);
        }
    }
    let folded = wanted.to_lowercase();
    if let Some(&index) = def.lookup.get(&folded) {
        return Ok(index);
    }
    // YAML reads an unquoted `091` as the number 91.
    if let Some(index) = def
        .variants
        .iter()
        .position(|v| same_number(&v.key, wanted))
    {
        return Ok(index as u32);
    }
    let mut candidates: Vec<(f64, String)> = def
        .variants
        .iter()
        .flat_map(|v| {
            std::iter::once(v.key.clone())
                .chain(v.labels.0.iter().cloned())
                .map(|name| (strsim::jaro_winkler(&name.to_lowercase(), &folded), name))
        })
        .filter(|(score, _)| *score > 0.8)
        .collect();
    candidates.sort_by(|a, b| b.0.total_cmp(&a.0));
    let mut suggestions: Vec<String> = Vec::new();
    for (_, name) in candidates {
        if !suggestions.contains(&name) {
            suggestions.push(name);
        }
        if suggestions.len() == 3 {
            break;
        }
    }
    let allowed = if def.variants.len() <= 12 {
        let keys: Vec<&str> = def.variants.iter().map(|v| v.key.as_str()).collect();
        format!("one of {}", keys.join(", "))
    } else {
        format!("one of the {} values of `{}`", def.variants.len(), def.name)
    };
    Err(LiteralError {
        message: format!(
            "{} is not a known value; expected {allowed}",
            quoted(wanted)
        ),
        suggestions,
    })
}

fn same_number(key: &str, text: &str) -> bool {
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let text = text.strip_suffix(".0").unwrap_or(text);
    digits(key) && digits(text) && key.trim_start_matches('0') == text.trim_start_matches('0')
}

/// Parses `text` as a value of type `ty`; `enums` resolves enum types.
pub fn parse_value(
    text: &str,
    ty: &DeclaredType,
    enums: &[EnumDef],
) -> Result<Value, LiteralError> {
    match ty {
        DeclaredType::Number(kind, _) => {
            // A rate may be written as a percentage: "20 %" or "20,5%".
            let percent = (*kind == NumKind::Rate)
                .then(|| text.trim().strip_suffix('%'))
                .flatten();
            let number = match percent {
                Some(number) => parse_decimal(number.trim()).map(|n| n / Decimal::ONE_HUNDRED),
                None => parse_decimal(text),
            }
            .ok_or_else(|| LiteralError::new(format!("`{text}` is not a number")))?;
            if *kind == NumKind::Integer && !number.fract().is_zero() {
                return Err(LiteralError::new(format!("`{text}` is not a whole number")));
            }
            Ok(Value::Num(number.normalize()))
        }
        DeclaredType::Bool => parse_bool(text)
            .map(Value::Bool)
            .ok_or_else(|| LiteralError::new(format!("`{text}` is not true or false"))),
        DeclaredType::Date => parse_date(text).map(Value::Date).ok_or_else(|| {
            LiteralError::new(format!("`{text}` is not a date; write it as YYYY-MM-DD"))
        }),
        DeclaredType::Enum(id) => find_variant(&enums[id.index()], text).map(Value::Enum),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compile::{Labels, VariantDef};

    fn kunta() -> EnumDef {
        let variant = |key: &str, fi: &str, sv: &str| VariantDef {
            key: key.into(),
            labels: Labels(vec![fi.into(), sv.into(), fi.into()]),
            rejected: None,
        };
        EnumDef::new(
            "kunta".into(),
            Labels::default(),
            vec![
                variant("091", "Helsinki", "Helsingfors"),
                variant("853", "Turku", "Åbo"),
                variant("905", "Vaasa", "Vasa"),
            ],
        )
    }

    #[test]
    fn variants_by_key_label_or_number() {
        let def = kunta();
        assert_eq!(find_variant(&def, "091").unwrap(), 0);
        assert_eq!(find_variant(&def, "91").unwrap(), 0);
        assert_eq!(find_variant(&def, "åbo").unwrap(), 1);
        assert_eq!(find_variant(&def, "VAASA").unwrap(), 2);
    }

    #[test]
    fn unknown_variant_suggests_close_matches() {
        let err = find_variant(&kunta(), "Turkku").unwrap_err();
        assert_eq!(err.suggestions.first().map(String::as_str), Some("Turku"));
        assert!(err.message.contains("`Turkku` is not a known value"));
    }

    #[test]
    fn dates_are_written_in_full() {
        assert!(parse_date("2024-06-01").is_some());
        assert!(parse_date("2024-6-1").is_none());
        assert!(parse_date("2024-06-1").is_none());
        assert!(parse_date("2024-02-30").is_none());
    }

    #[test]
    fn decimals_are_exact() {
        assert_eq!(parse_decimal("0.80").unwrap().to_string(), "0.80");
        assert_eq!(parse_decimal("742,10").unwrap().to_string(), "742.10");
        assert!(parse_decimal("7,42,1").is_none());
        assert!(parse_decimal("abc").is_none());
    }
}
