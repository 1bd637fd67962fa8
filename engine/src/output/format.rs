//! Formatting values for people: decimal comma in Finnish and Swedish, money to cents.

use rust_decimal::Decimal;

use crate::compile::Program;
use crate::types::{DeclaredType, NumKind};
use crate::value::Value;

/// How numbers are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NumberStyle {
    /// `1 279,50` (Finnish, Swedish).
    Nordic,
    /// `1,279.50` (English).
    English,
}

impl NumberStyle {
    /// The style for a language code.
    pub fn for_language(code: &str) -> NumberStyle {
        if code == "en" {
            NumberStyle::English
        } else {
            NumberStyle::Nordic
        }
    }
}

/// Writes a number for people, with grouped thousands. Money is shown to the
/// cent (an unrounded intermediate such as a daily wage is rounded for display
/// only; the calculation keeps every digit); other numbers drop trailing zeros
/// and show at most four decimals.
pub fn format_number(value: Decimal, money: bool, style: NumberStyle) -> String {
    let value = if money {
        let mut v =
            value.round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
        v.rescale(2);
        v
    } else {
        value
            .round_dp_with_strategy(4, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
            .normalize()
    };
    let text = value.abs().to_string();
    let (whole, fraction) = match text.split_once('.') {
        Some((w, f)) => (w.to_string(), Some(f.to_string())),
        None => (text, None),
    };
    let (group, point) = match style {
        NumberStyle::Nordic => ('\u{a0}', ','),
        NumberStyle::English => (',', '.'),
    };
    let mut grouped = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 && whole.len() >= 4 {
            grouped.push(group);
        }
        grouped.push(c);
    }
    let sign = if value.is_sign_negative() && !value.is_zero() {
        "−"
    } else {
        ""
    };
    match fraction {
        Some(f) => format!("{sign}{grouped}{point}{f}"),
        None => format!("{sign}{grouped}"),
    }
}

/// Writes a value of a declared type for people, in language `lang`.
pub fn format_value(program: &Program, ty: &DeclaredType, value: Value, lang: usize) -> String {
    let style = NumberStyle::for_language(
        program
            .info
            .languages
            .get(lang)
            .map_or("fi", String::as_str),
    );
    match (ty, value) {
        (DeclaredType::Number(NumKind::Rate, _), Value::Num(d)) => {
            let percent = d * Decimal::ONE_HUNDRED;
            format!("{} %", format_number(percent, false, style))
        }
        (DeclaredType::Number(kind, unit), Value::Num(d)) => {
            let number = format_number(d, *kind == NumKind::Money, style);
            let unit = program.unit_label(unit, lang);
            if unit.is_empty() {
                number
            } else {
                format!("{number} {unit}")
            }
        }
        (DeclaredType::Enum(id), Value::Enum(v)) => program.enums[id.index()]
            .variants
            .get(v as usize)
            .map_or_else(String::new, |variant| variant.labels.get(lang).to_string()),
        (_, Value::Bool(b)) => match (program.info.languages.get(lang).map(String::as_str), b) {
            (Some("fi"), true) => "kyllä".into(),
            (Some("fi"), false) => "ei".into(),
            (Some("sv"), true) => "ja".into(),
            (Some("sv"), false) => "nej".into(),
            (_, true) => "yes".into(),
            (_, false) => "no".into(),
        },
        (_, Value::Date(d)) => match style {
            NumberStyle::Nordic => d.format("%-d.%-m.%Y").to_string(),
            NumberStyle::English => d.format("%-d %B %Y").to_string(),
        },
        (_, Value::Num(d)) => format_number(d, false, style),
        (_, Value::Enum(v)) => v.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_and_groups() {
        let d = |s: &str| s.parse::<Decimal>().unwrap();
        assert_eq!(
            format_number(d("330.4"), true, NumberStyle::Nordic),
            "330,40"
        );
        assert_eq!(
            format_number(d("1279"), true, NumberStyle::English),
            "1,279.00"
        );
        assert_eq!(
            format_number(d("12345.5"), true, NumberStyle::Nordic),
            "12\u{a0}345,50"
        );
        assert_eq!(
            format_number(d("0.420"), false, NumberStyle::English),
            "0.42"
        );
        assert_eq!(format_number(d("-5"), true, NumberStyle::English), "−5.00");
        assert_eq!(
            format_number(d("1000"), false, NumberStyle::Nordic),
            "1\u{a0}000"
        );
    }
}
