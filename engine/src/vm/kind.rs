//! How the flat evaluator holds values: numbers as decimals, everything else
//! (truth values, enum variants, dates) as integers.

use chrono::Datelike as _;
use rust_decimal::Decimal;

use crate::compile::TableDim;
use crate::types::DeclaredType;
use crate::value::Value;

/// The kind of a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// A decimal number.
    Num,
    /// A truth value: 0 or 1.
    Bool,
    /// A date: days from the common era.
    Date,
    /// An enum variant's index.
    Enum,
}

impl Kind {
    /// Whether values of this kind are decimals.
    #[inline]
    pub(crate) fn is_num(self) -> bool {
        self == Kind::Num
    }
}

/// The kind of values of a declared type.
pub(crate) fn kind_of(ty: &DeclaredType) -> Kind {
    match ty {
        DeclaredType::Number(..) => Kind::Num,
        DeclaredType::Bool => Kind::Bool,
        DeclaredType::Date => Kind::Date,
        DeclaredType::Enum(_) => Kind::Enum,
    }
}

/// The kind of a value.
pub(crate) fn kind_of_value(value: Value) -> Kind {
    match value {
        Value::Num(_) => Kind::Num,
        Value::Bool(_) => Kind::Bool,
        Value::Date(_) => Kind::Date,
        Value::Enum(_) => Kind::Enum,
    }
}

/// A non-number value as an integer.
#[inline]
pub(crate) fn int_of(value: Value) -> i64 {
    match value {
        Value::Bool(b) => i64::from(b),
        Value::Enum(v) => i64::from(v),
        Value::Date(d) => days(d),
        Value::Num(_) => 0,
    }
}

/// An integer back as a value of `kind`.
pub(crate) fn value_of_int(kind: Kind, v: i64) -> Value {
    match kind {
        Kind::Bool => Value::Bool(v != 0),
        Kind::Enum => Value::Enum(u32::try_from(v).unwrap_or(u32::MAX)),
        Kind::Date => Value::Date(to_date(v)),
        Kind::Num => Value::Num(Decimal::from(v)),
    }
}

/// A date as days from the common era.
#[inline]
pub(crate) fn days(date: chrono::NaiveDate) -> i64 {
    i64::from(date.num_days_from_ce())
}

/// Days from the common era as a date.
pub(crate) fn to_date(days: i64) -> chrono::NaiveDate {
    i32::try_from(days)
        .ok()
        .and_then(chrono::NaiveDate::from_num_days_from_ce_opt)
        .unwrap_or(chrono::NaiveDate::MIN)
}

/// The position of integer key `key` in a table dimension, if it has one.
#[inline]
pub(crate) fn key_position(dim: TableDim, key: i64) -> Option<usize> {
    match dim {
        TableDim::Enum { len } => (0..i64::from(len)).contains(&key).then_some(key as usize),
        TableDim::Integer { min, len } => {
            let pos = key.checked_sub(min)?;
            (0..i64::from(len)).contains(&pos).then_some(pos as usize)
        }
    }
}
