//! One input cell as a value of its input variable, checked against the
//! rule set's declaration of the input (type, range, refused values) the way
//! a household file's values are.

use etuus_engine::compile::ids::VarId;
use etuus_engine::literal::{find_variant, parse_value};
use etuus_engine::types::{DeclaredType, NumKind};
use etuus_engine::{Program, Value};
use rust_decimal::Decimal;

/// A cell as the input holds it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Cell<'a> {
    /// Empty.
    Null,
    /// A truth value.
    Bool(bool),
    /// A whole number.
    Int(i64),
    /// A non-negative whole number too large for `Int`.
    UInt(u64),
    /// A 32-bit float.
    F32(f32),
    /// A 64-bit float.
    F64(f64),
    /// A decimal: its integer and scale.
    Decimal(i128, i8),
    /// Text.
    Text(&'a str),
    /// A date, days since 1970-01-01.
    Date(i32),
}

/// Reads `cell` as a value of the input `var`: `None` for an empty cell, an
/// error message saying what is allowed otherwise.
pub fn value_of(program: &Program, var: VarId, cell: Cell<'_>) -> Result<Option<Value>, String> {
    let def = &program.vars[var.index()];
    let value = match (&def.ty, cell) {
        (_, Cell::Null) => return Ok(None),
        (_, Cell::Text(text)) if text.trim().is_empty() => return Ok(None),
        (DeclaredType::Number(..), Cell::Int(n)) => Value::Num(Decimal::from(n)),
        (DeclaredType::Number(..), Cell::UInt(n)) => Value::Num(Decimal::from(n)),
        (DeclaredType::Number(..), Cell::Decimal(n, scale)) => {
            let d = if scale >= 0 {
                Decimal::try_from_i128_with_scale(n, scale as u32).ok()
            } else {
                10i128
                    .checked_pow(u32::from(scale.unsigned_abs()))
                    .and_then(|f| n.checked_mul(f))
                    .and_then(|n| Decimal::try_from_i128_with_scale(n, 0).ok())
            };
            Value::Num(
                d.ok_or_else(|| format!("{n}e-{scale} is too large a number"))?
                    .normalize(),
            )
        }
        (DeclaredType::Number(..), Cell::F64(f)) => float(f.to_string(), f.is_finite())?,
        (DeclaredType::Number(..), Cell::F32(f)) => float(f.to_string(), f.is_finite())?,
        (DeclaredType::Enum(id), Cell::Int(n)) => Value::Enum(
            find_variant(&program.enums[id.index()], &n.to_string()).map_err(|e| e.message)?,
        ),
        (DeclaredType::Enum(id), Cell::UInt(n)) => Value::Enum(
            find_variant(&program.enums[id.index()], &n.to_string()).map_err(|e| e.message)?,
        ),
        // A code column with a missing value reads as floats in pandas: 91.0.
        (DeclaredType::Enum(id), Cell::F64(f)) if f.fract() == 0.0 && f.abs() < 1e15 => {
            Value::Enum(
                find_variant(&program.enums[id.index()], &(f as i64).to_string())
                    .map_err(|e| e.message)?,
            )
        }
        (DeclaredType::Bool, Cell::Bool(b)) => Value::Bool(b),
        (DeclaredType::Date, Cell::Date(days)) => Value::Date(
            chrono::NaiveDate::from_num_days_from_ce_opt(days + 719_163)
                .ok_or_else(|| format!("day {days} is not a date"))?,
        ),
        (ty, Cell::Text(text)) => {
            parse_value(text, ty, &program.enums).map_err(|e| match e.suggestions.as_slice() {
                [] => format!("{}; expected {}", e.message, describe(program, ty)),
                list => format!("{}; did you mean {}?", e.message, list.join(" or ")),
            })?
        }
        (ty, other) => {
            return Err(format!(
                "expected {}, found {}",
                describe(program, ty),
                match other {
                    Cell::Bool(_) => "a truth value",
                    Cell::Date(_) => "a date",
                    _ => "a number",
                }
            ))
        }
    };
    check(program, var, value)?;
    Ok(Some(value))
}

/// A float's shortest text as a decimal, refused where a float cannot hold
/// the number exactly (as in JSON).
fn float(text: String, finite: bool) -> Result<Value, String> {
    if !finite {
        return Err(format!("{text} is not a number"));
    }
    let mantissa = text.split(['e', 'E']).next().unwrap_or(&text);
    let digits = mantissa
        .trim_start_matches(['-', '0', '.'])
        .chars()
        .filter(char::is_ascii_digit)
        .count();
    if digits > 15 {
        return Err(format!(
            "{text} has more digits than a float keeps exactly; give the column as a decimal or text"
        ));
    }
    etuus_engine::literal::parse_decimal(&text)
        .map(|d| Value::Num(d.normalize()))
        .ok_or_else(|| format!("{text} is not a number"))
}

/// Checks a value against the input's declaration: a whole number where one
/// is required, a variant the rules refuse, the range.
fn check(program: &Program, var: VarId, value: Value) -> Result<(), String> {
    let def = &program.vars[var.index()];
    match (&def.ty, value) {
        (DeclaredType::Number(NumKind::Integer, _), Value::Num(n)) if !n.fract().is_zero() => {
            return Err(format!("{n} is not a whole number"));
        }
        (DeclaredType::Enum(id), Value::Enum(index)) => {
            let variant = &program.enums[id.index()].variants[index as usize];
            if let Some(rejected) = &variant.rejected {
                return Err(rejected.get(program.message_language()).to_string());
            }
        }
        _ => {}
    }
    let Some(input) = &def.input else {
        return Ok(());
    };
    let below = |bound: Option<Value>| match (bound, value) {
        (Some(Value::Num(b)), Value::Num(x)) => x < b,
        (Some(Value::Date(b)), Value::Date(x)) => x < b,
        _ => false,
    };
    let above = |bound: Option<Value>| match (bound, value) {
        (Some(Value::Num(b)), Value::Num(x)) => x > b,
        (Some(Value::Date(b)), Value::Date(x)) => x > b,
        _ => false,
    };
    if below(input.min) || above(input.max) {
        let rate = matches!(def.ty, DeclaredType::Number(NumKind::Rate, _));
        let show = |v: Option<Value>| match v {
            Some(Value::Num(d)) if rate => format!("{} %", (d * Decimal::ONE_HUNDRED).normalize()),
            Some(Value::Num(d)) => d.to_string(),
            Some(Value::Date(d)) => d.to_string(),
            _ => String::new(),
        };
        let range = match (input.min, input.max) {
            (Some(_), Some(_)) => format!("{} … {}", show(input.min), show(input.max)),
            (Some(_), None) => format!("≥ {}", show(input.min)),
            (None, Some(_)) => format!("≤ {}", show(input.max)),
            (None, None) => String::new(),
        };
        return Err(format!(
            "{} is outside the allowed range {range}",
            show(Some(value))
        ));
    }
    Ok(())
}

/// Describes a declared type for messages.
pub fn describe(program: &Program, ty: &DeclaredType) -> String {
    match ty {
        DeclaredType::Number(kind, unit) if unit.is_one() => {
            let kind = kind.to_string();
            let article = if kind.starts_with(['a', 'e', 'i', 'o', 'u']) {
                "an"
            } else {
                "a"
            };
            format!("{article} {kind}")
        }
        DeclaredType::Number(kind, unit) => format!("{kind} in {}", program.unit_name(unit)),
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
