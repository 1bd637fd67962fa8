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

/// The serialised form of a value: a decimal as its 16-byte representation,
/// a date as days from the common era.
#[derive(serde::Serialize, serde::Deserialize)]
enum ValueRepr {
    Num([u8; 16]),
    Bool(bool),
    Date(i32),
    Enum(u32),
}

impl serde::Serialize for Value {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use chrono::Datelike as _;
        let repr = match *self {
            Value::Num(n) => ValueRepr::Num(n.serialize()),
            Value::Bool(b) => ValueRepr::Bool(b),
            Value::Date(d) => ValueRepr::Date(d.num_days_from_ce()),
            Value::Enum(v) => ValueRepr::Enum(v),
        };
        repr.serialize(serializer)
    }
}

impl<'de> serde::Deserialize<'de> for Value {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Value, D::Error> {
        Ok(match ValueRepr::deserialize(deserializer)? {
            ValueRepr::Num(bytes) => Value::Num(Decimal::deserialize(bytes)),
            ValueRepr::Bool(b) => Value::Bool(b),
            ValueRepr::Date(days) => Value::Date(
                NaiveDate::from_num_days_from_ce_opt(days)
                    .ok_or_else(|| serde::de::Error::custom("a date out of range"))?,
            ),
            ValueRepr::Enum(v) => Value::Enum(v),
        })
    }
}
