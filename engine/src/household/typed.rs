//! One input value: a scalar read from YAML or JSON, checked against the
//! input's declared type and range.
//!
//! Only typed values are accepted: a number is written as a number (`35`, not
//! `"35"`), a truth value as `true` or `false`. Text is accepted where text is
//! the value's form: dates (`2024-06-01`), enum values by code or name, and a
//! rate written as a percentage (`"18.5 %"`). Nothing is coerced silently;
//! each refusal says how to write the value.

use rust_decimal::Decimal;

use super::error::{quoted, InputError, InputErrorKind};
use super::index::{InputIndex, Quick};
use crate::compile::ids::VarId;
use crate::compile::{Program, VarDef};
use crate::literal::{find_variant, parse_date, parse_decimal, LiteralError};
use crate::types::{DeclaredType, NumKind};
use crate::value::Value;

/// What a household file holds where an input's value is expected.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Found<'a> {
    Bool(bool),
    Unsigned(u64),
    Signed(i64),
    Float(f64),
    Text(&'a str),
    Mapping,
    List,
}

/// Reads `found` as a value of `var`, checked against its declaration. The
/// error's path is the input's name (its member's prefix is added above).
#[inline]
pub(crate) fn typed_value(
    program: &Program,
    index: &InputIndex,
    var: VarId,
    found: Found<'_>,
) -> Result<Value, InputError> {
    let quick = index.quick(var);
    // The common cases first: a whole number within range, a truth value.
    match (quick, found) {
        (Quick::Number { min, max } | Quick::Rate { min, max }, Found::Unsigned(n)) => {
            let number = Decimal::from(n);
            if !less(number, min) && !less(max, number) {
                return Ok(Value::Num(number));
            }
        }
        (Quick::Rate { min, max }, Found::Text(text)) => {
            if let Some(share) = percentage(text) {
                if !less(share, min) && !less(max, share) {
                    return Ok(Value::Num(share));
                }
            }
        }
        (Quick::Bool, Found::Bool(b)) => return Ok(Value::Bool(b)),
        (Quick::Enum(id), Found::Text(name)) => {
            if let Some(variant) = index.variant(id, name) {
                return Ok(Value::Enum(variant));
            }
        }
        _ => {}
    }
    typed_value_slow(program, &program.vars[var.index()], found)
}

/// A percentage written plainly, `18.5 %` or `20%`, as a share (0.185).
#[inline]
fn percentage(text: &str) -> Option<Decimal> {
    let number = text.trim().strip_suffix('%')?.trim_end();
    let mut share = number.parse::<Decimal>().ok()?;
    share.set_scale(share.scale() + 2).ok()?;
    Some(share.normalize())
}

#[inline(never)]
fn typed_value_slow(
    program: &Program,
    def: &VarDef,
    found: Found<'_>,
) -> Result<Value, InputError> {
    let fail = |kind: InputErrorKind, message: String| {
        InputError::new(kind, def.name.as_str(), message).allowing(allowed(program, def))
    };
    let value = match &def.ty {
        DeclaredType::Number(kind, _) => number(program, def, *kind, found),
        DeclaredType::Bool => boolean(program, def, found),
        DeclaredType::Date => date(program, def, found),
        DeclaredType::Enum(id) => {
            let enum_def = &program.enums[id.index()];
            match found {
                Found::Text(text) => find_variant(enum_def, text).map_err(literal),
                Found::Unsigned(n) => find_variant(enum_def, &n.to_string()).map_err(literal),
                Found::Float(f) => Err((
                    InputErrorKind::InvalidValue,
                    format!(
                        "{} is a decimal number, not a code of `{}`; write the code as a whole number or as text, e.g. {} or \"{}\"",
                        quoted(&float_text(f)),
                        enum_def.name,
                        f.trunc(),
                        f.trunc()
                    ),
                )),
                other => Err(wrong_type(program, def, other)),
            }
            .map(Value::Enum)
        }
    }
    .map_err(|(kind, message)| fail(kind, message))?;
    if let (Value::Enum(index), DeclaredType::Enum(id)) = (value, &def.ty) {
        let variant = &program.enums[id.index()].variants[index as usize];
        if let Some(rejected) = &variant.rejected {
            return Err(InputError::new(
                InputErrorKind::Rejected,
                def.name.as_str(),
                rejected.get(program.message_language()).to_string(),
            ));
        }
    }
    if in_range(def, value) {
        Ok(value)
    } else {
        Err(range_error(program, def, value))
    }
}

type Refusal = (InputErrorKind, String);

fn literal(error: LiteralError) -> Refusal {
    let message = match error.suggestions.as_slice() {
        [] => error.message,
        list => format!(
            "{}; did you mean {}?",
            error.message,
            list.iter()
                .map(|s| format!("`{s}`"))
                .collect::<Vec<_>>()
                .join(" or ")
        ),
    };
    (InputErrorKind::InvalidValue, message)
}

fn number(
    program: &Program,
    def: &VarDef,
    kind: NumKind,
    found: Found<'_>,
) -> Result<Value, Refusal> {
    let invalid = |message: String| (InputErrorKind::InvalidValue, message);
    let number = match found {
        Found::Unsigned(n) => Decimal::from(n),
        Found::Signed(n) => Decimal::from(n),
        Found::Float(f) => float_decimal(f).map_err(|problem| match problem {
            FloatProblem::NotFinite => invalid(format!("{} is not a finite number", quoted(&float_text(f)))),
            FloatProblem::TooPrecise(text) => invalid(format!(
                "{} has more digits than a number in a YAML or JSON file keeps exactly; round it to at most 15 significant digits",
                quoted(&text)
            )),
            FloatProblem::TooLarge => (
                InputErrorKind::OutOfRange,
                format!(
                    "{} is out of range{}",
                    quoted(&float_text(f)),
                    range_suffix(def)
                ),
            ),
        })?,
        Found::Text(text) => return number_text(program, def, kind, text),
        other => return Err(wrong_type(program, def, other)),
    };
    whole(kind, number, || float_or_int_text(found))?;
    Ok(Value::Num(number.normalize()))
}

/// A number written as text: a rate's percentage (`"18.5 %"`) is the only
/// accepted form; anything else says how to write it.
fn number_text(
    program: &Program,
    def: &VarDef,
    kind: NumKind,
    text: &str,
) -> Result<Value, Refusal> {
    let invalid = |message: String| (InputErrorKind::InvalidValue, message);
    let trimmed = text.trim();
    if kind == NumKind::Rate {
        if let Some(number) = trimmed.strip_suffix('%') {
            // Dividing by 100 is moving the decimal point.
            let share = parse_decimal(number.trim())
                .and_then(|mut n| n.set_scale(n.scale() + 2).ok().map(|()| n))
                .ok_or_else(|| {
                    invalid(format!(
                        "{} is not a percentage; write it as \"18.5 %\" or as a share, 0.185",
                        quoted(text)
                    ))
                })?;
            return Ok(Value::Num(share.normalize()));
        }
    }
    if trimmed.contains('_') {
        return Err(invalid(format!(
            "{} is not a number; write it without `_`, e.g. {}",
            quoted(text),
            quoted(&trimmed.replace('_', ""))
        )));
    }
    match parse_decimal(trimmed) {
        Some(_) if kind == NumKind::Rate => Err(invalid(format!(
            "{} is text; write the rate as a number, e.g. 0.25, or as a percentage with a % sign, \"25 %\"",
            quoted(text)
        ))),
        Some(n) if trimmed.contains(',') => Err(invalid(format!(
            "{} is text; write the number without quotes and with a decimal point: {}",
            quoted(text),
            n
        ))),
        Some(_) => Err(invalid(format!(
            "{} is text; expected a number: write {} without quotes",
            quoted(text),
            trimmed
        ))),
        None => Err(invalid(format!(
            "{} is not a number; expected {}",
            quoted(text),
            describe(program, &def.ty)
        ))),
    }
}

fn whole(kind: NumKind, number: Decimal, text: impl Fn() -> String) -> Result<(), Refusal> {
    if kind == NumKind::Integer && !number.fract().is_zero() {
        return Err((
            InputErrorKind::InvalidValue,
            format!("{} is not a whole number", quoted(&text())),
        ));
    }
    Ok(())
}

fn boolean(program: &Program, def: &VarDef, found: Found<'_>) -> Result<Value, Refusal> {
    let invalid = |message: String| (InputErrorKind::InvalidValue, message);
    match found {
        Found::Bool(b) => Ok(Value::Bool(b)),
        Found::Text(text) => {
            let word = text.trim();
            let lower = word.to_lowercase();
            let (meant, quoted_literal) = match lower.as_str() {
                "true" => (Some(true), true),
                "false" => (Some(false), true),
                "yes" | "y" | "on" | "kyllä" | "ja" => (Some(true), false),
                "no" | "n" | "off" | "ei" | "nej" => (Some(false), false),
                _ => (None, false),
            };
            Err(invalid(match meant {
                Some(b) if quoted_literal => {
                    format!(
                        "{} is text in quotes; write {b} without quotes",
                        quoted(text)
                    )
                }
                Some(b) => format!(
                    "{} is text, not true or false (YAML 1.2 reads `{word}` as text); write {b}",
                    quoted(text)
                ),
                None => format!("{} is not true or false", quoted(text)),
            }))
        }
        other => Err(wrong_type(program, def, other)),
    }
}

fn date(program: &Program, def: &VarDef, found: Found<'_>) -> Result<Value, Refusal> {
    match found {
        Found::Text(text) => parse_date(text).map(Value::Date).ok_or_else(|| {
            (
                InputErrorKind::InvalidValue,
                format!(
                    "{} is not a date; write it as YYYY-MM-DD, e.g. 2024-06-01",
                    quoted(text)
                ),
            )
        }),
        other => Err(wrong_type(program, def, other)),
    }
}

/// A value of the wrong kind: a number where a date is expected, a mapping
/// where a number is, and so on.
fn wrong_type(program: &Program, def: &VarDef, found: Found<'_>) -> Refusal {
    let what = match found {
        Found::Bool(b) => format!("found {b}"),
        Found::Unsigned(_) | Found::Signed(_) | Found::Float(_) => {
            format!("found the number {}", float_or_int_text(found))
        }
        Found::Text(text) => format!("found the text {}", quoted(text)),
        Found::Mapping => "found a mapping".into(),
        Found::List => "found a list".into(),
    };
    (
        InputErrorKind::InvalidValue,
        format!("expected {}, {what}", describe(program, &def.ty)),
    )
}

fn float_or_int_text(found: Found<'_>) -> String {
    match found {
        Found::Unsigned(n) => n.to_string(),
        Found::Signed(n) => n.to_string(),
        Found::Float(f) => float_text(f),
        Found::Text(t) => t.to_string(),
        _ => String::new(),
    }
}

/// A float as written: `837.0` stays `837.0` (Rust would print `837`).
fn float_text(f: f64) -> String {
    if f.is_finite() && f.fract() == 0.0 && f.abs() < 1e16 {
        format!("{f:.1}")
    } else {
        f.to_string()
    }
}

enum FloatProblem {
    NotFinite,
    TooPrecise(String),
    TooLarge,
}

/// The exact decimal a float was written as. YAML and JSON parsers hand over
/// an `f64`; its shortest round-trip form is the text the user wrote as long
/// as that text had at most 15 significant digits.
fn float_decimal(f: f64) -> Result<Decimal, FloatProblem> {
    if !f.is_finite() {
        return Err(FloatProblem::NotFinite);
    }
    if f.fract() == 0.0 && f.abs() < 1e15 {
        return Ok(Decimal::from(f as i64));
    }
    let scientific = format!("{f:e}");
    if significant_digits(&scientific) > 15 {
        return Err(FloatProblem::TooPrecise(f.to_string()));
    }
    Decimal::from_scientific(&scientific).map_err(|_| FloatProblem::TooLarge)
}

fn significant_digits(text: &str) -> usize {
    let mantissa = text.split(['e', 'E']).next().unwrap_or(text);
    mantissa
        .trim_start_matches(['-', '0', '.'])
        .chars()
        .filter(char::is_ascii_digit)
        .count()
}

/// Whether a value lies within its input's `min` and `max`.
#[inline]
fn in_range(def: &VarDef, value: Value) -> bool {
    let Some(input) = &def.input else {
        return true;
    };
    let below = match (input.min, value) {
        (Some(Value::Num(b)), Value::Num(x)) => less(x, b),
        (Some(Value::Date(b)), Value::Date(x)) => x < b,
        _ => false,
    };
    let above = match (input.max, value) {
        (Some(Value::Num(b)), Value::Num(x)) => less(b, x),
        (Some(Value::Date(b)), Value::Date(x)) => b < x,
        _ => false,
    };
    !below && !above
}

/// `a < b`, without rescaling when both have the same scale (whole numbers).
#[inline]
fn less(a: Decimal, b: Decimal) -> bool {
    if a.scale() == b.scale() {
        a.mantissa() < b.mantissa()
    } else {
        a < b
    }
}

/// The range message, with a hint when a rate was written as a percentage
/// without its % sign (`25` for 25 %).
#[cold]
fn range_error(program: &Program, def: &VarDef, value: Value) -> InputError {
    let (min, max) = def.input.as_ref().map_or((None, None), |i| (i.min, i.max));
    let shown = match value {
        Value::Num(n) => n.to_string(),
        Value::Date(d) => d.to_string(),
        _ => String::new(),
    };
    let mut message = format!(
        "{shown} is outside the allowed range {}",
        range_text(min, max, &def.ty)
    );
    if let (DeclaredType::Number(NumKind::Rate, _), Value::Num(n), Some(Value::Num(max))) =
        (&def.ty, value, max)
    {
        if n > max && max <= Decimal::ONE && n <= Decimal::ONE_HUNDRED {
            let share = (n / Decimal::ONE_HUNDRED).normalize();
            message.push_str(&format!(
                "; for {shown} percent write \"{shown} %\" or {share}"
            ));
        }
    }
    InputError::new(InputErrorKind::OutOfRange, def.name.as_str(), message)
        .allowing(allowed(program, def))
}

fn range_suffix(def: &VarDef) -> String {
    match &def.input {
        Some(input) if input.min.is_some() || input.max.is_some() => format!(
            "; the allowed range is {}",
            range_text(input.min, input.max, &def.ty)
        ),
        _ => String::new(),
    }
}

/// `0 … 120`, `≥ 0`, `0 % … 100 %`.
pub(crate) fn range_text(min: Option<Value>, max: Option<Value>, ty: &DeclaredType) -> String {
    let rate = matches!(ty, DeclaredType::Number(NumKind::Rate, _));
    let show = |v: Option<Value>| match v {
        Some(Value::Num(d)) if rate => format!("{} %", (d * Decimal::ONE_HUNDRED).normalize()),
        Some(Value::Num(d)) => d.to_string(),
        Some(Value::Date(d)) => d.to_string(),
        _ => String::new(),
    };
    match (min, max) {
        (Some(_), Some(_)) => format!("{} … {}", show(min), show(max)),
        (Some(_), None) => format!("≥ {}", show(min)),
        (None, Some(_)) => format!("≤ {}", show(max)),
        (None, None) => "(none)".into(),
    }
}

/// What an input accepts, for [`InputError::allowed`]: its type and range.
pub(crate) fn allowed(program: &Program, def: &VarDef) -> String {
    let kind = describe(program, &def.ty);
    match &def.input {
        Some(input) if input.min.is_some() || input.max.is_some() => {
            format!("{kind}, {}", range_text(input.min, input.max, &def.ty))
        }
        _ => kind,
    }
}

/// Describes a declared type for input messages.
pub(crate) fn describe(program: &Program, ty: &DeclaredType) -> String {
    match ty {
        DeclaredType::Number(kind, unit) => {
            let base = match kind {
                NumKind::Money => "money",
                NumKind::Rate => return "a rate (0.25 or \"25 %\")".into(),
                NumKind::Integer => "a whole number",
                NumKind::Number => "a number",
            };
            if unit.is_one() {
                base.to_string()
            } else {
                format!("{base} in {}", program.unit_name(unit))
            }
        }
        DeclaredType::Bool => "true or false".into(),
        DeclaredType::Date => "a date YYYY-MM-DD".into(),
        DeclaredType::Enum(id) => {
            let def = &program.enums[id.index()];
            if def.variants.len() <= 12 {
                let keys: Vec<&str> = def.variants.iter().map(|v| v.key.as_str()).collect();
                format!("one of {}", keys.join(", "))
            } else {
                format!("a {} (code or name)", def.name)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_are_read_as_written() {
        let exact = |f: f64| float_decimal(f).ok().map(|d| d.normalize().to_string());
        assert_eq!(exact(189.76).as_deref(), Some("189.76"));
        assert_eq!(exact(0.1).as_deref(), Some("0.1"));
        assert_eq!(exact(1e-7).as_deref(), Some("0.0000001"));
        assert_eq!(exact(2300.0).as_deref(), Some("2300"));
        assert_eq!(exact(1e20).as_deref(), Some("100000000000000000000"));
        assert!(matches!(float_decimal(1e40), Err(FloatProblem::TooLarge)));
        assert!(matches!(
            float_decimal(0.123_456_789_012_345_67),
            Err(FloatProblem::TooPrecise(_))
        ));
        assert!(matches!(
            float_decimal(f64::NAN),
            Err(FloatProblem::NotFinite)
        ));
    }

    #[test]
    fn floats_are_shown_as_written() {
        assert_eq!(float_text(837.0), "837.0");
        assert_eq!(float_text(30.5), "30.5");
    }
}
