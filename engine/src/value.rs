//! Runtime values.

use chrono::NaiveDate;
use rust_decimal::Decimal;

/// A value computed or given as input. `Copy`, so evaluation never allocates for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Value {
    /// A decimal number (money, rate, count).
    Num(Decimal),
    /// A truth value.
    Bool(bool),
    /// A calendar date.
    Date(NaiveDate),
    /// A variant of an enumeration, by index.
    Enum(u32),
}

impl Value {
    /// The number, if this is one.
    #[inline]
    pub fn as_num(self) -> Option<Decimal> {
        match self {
            Value::Num(d) => Some(d),
            _ => None,
        }
    }

    /// The truth value, if this is one.
    #[inline]
    pub fn as_bool(self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(b),
            _ => None,
        }
    }

    /// The date, if this is one.
    #[inline]
    pub fn as_date(self) -> Option<NaiveDate> {
        match self {
            Value::Date(d) => Some(d),
            _ => None,
        }
    }

    /// The variant index, if this is an enum value.
    #[inline]
    pub fn as_enum(self) -> Option<u32> {
        match self {
            Value::Enum(v) => Some(v),
            _ => None,
        }
    }
}
