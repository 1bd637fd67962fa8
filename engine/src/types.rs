//! Types and units of values in the rule language.
//!
//! Units are products of base units with integer exponents, so `eur/day`
//! times `day/month` is `eur/month`, and adding `eur/month` to a rate is an
//! error the checker reports. Base units are declared by the rule set.

use std::fmt;

use crate::compile::ids::{EnumId, UnitId};

/// A unit: base units with non-zero exponents, sorted by id. Empty = dimensionless.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, serde::Serialize, serde::Deserialize)]
pub struct Unit(Vec<(UnitId, i32)>);

impl Unit {
    /// The dimensionless unit.
    pub fn one() -> Unit {
        Unit(Vec::new())
    }

    /// A unit from factors, merging repeated base units.
    pub fn from_factors(factors: impl IntoIterator<Item = (UnitId, i32)>) -> Unit {
        let mut unit = Unit::one();
        for (id, exp) in factors {
            unit = unit.times(&Unit(vec![(id, exp)]));
        }
        unit
    }

    /// Whether the unit is dimensionless.
    pub fn is_one(&self) -> bool {
        self.0.is_empty()
    }

    /// The base units and their exponents.
    pub fn factors(&self) -> &[(UnitId, i32)] {
        &self.0
    }

    /// The product of two units.
    pub fn times(&self, other: &Unit) -> Unit {
        let mut factors = self.0.clone();
        for &(id, exp) in &other.0 {
            match factors.iter_mut().find(|(f, _)| *f == id) {
                Some((_, e)) => *e += exp,
                None => factors.push((id, exp)),
            }
        }
        factors.retain(|&(_, e)| e != 0);
        factors.sort_by_key(|&(id, _)| id);
        Unit(factors)
    }

    /// The quotient of two units.
    pub fn divide(&self, other: &Unit) -> Unit {
        let inverse = Unit(other.0.iter().map(|&(id, e)| (id, -e)).collect());
        self.times(&inverse)
    }

    /// Renders the unit with the given base-unit names: `eur/month`, `1/day`.
    pub fn render(&self, name: impl Fn(UnitId) -> String) -> String {
        let power = |id: UnitId, e: i32| {
            if e == 1 {
                name(id)
            } else {
                format!("{}^{e}", name(id))
            }
        };
        let numerator: Vec<String> = self
            .0
            .iter()
            .filter(|(_, e)| *e > 0)
            .map(|&(id, e)| power(id, e))
            .collect();
        let denominator: Vec<String> = self
            .0
            .iter()
            .filter(|(_, e)| *e < 0)
            .map(|&(id, e)| power(id, -e))
            .collect();
        let top = if numerator.is_empty() {
            "1".to_string()
        } else {
            numerator.join("*")
        };
        if denominator.is_empty() {
            top
        } else {
            format!("{top}/{}", denominator.join("/"))
        }
    }
}

/// What kind of number a declared variable or parameter holds; decides
/// checks (integers) and display (money to cents, rates as per cent).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum NumKind {
    /// An amount of money.
    Money,
    /// A dimensionless share, shown as a percentage.
    Rate,
    /// A whole number.
    Integer,
    /// Any other number.
    Number,
}

/// The type of a value.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Type {
    /// A decimal number with a unit.
    Number {
        /// Its unit; `None` for the literal `0`, which fits any unit.
        unit: Option<Unit>,
        /// Whether the value is always a whole number.
        integral: bool,
    },
    /// `true` or `false`.
    Bool,
    /// A calendar date.
    Date,
    /// A variant of an enumeration.
    Enum(EnumId),
    /// The type of an expression that already has an error; it fits anything,
    /// so one mistake is reported once.
    Error,
}

impl Type {
    /// A number with a unit.
    pub fn number(unit: Unit, integral: bool) -> Type {
        Type::Number {
            unit: Some(unit),
            integral,
        }
    }

    /// A dimensionless number.
    pub fn scalar(integral: bool) -> Type {
        Type::number(Unit::one(), integral)
    }

    /// Whether this is a number (or an error, which fits anything).
    pub fn is_number(&self) -> bool {
        matches!(self, Type::Number { .. } | Type::Error)
    }
}

/// Declared type of a variable or parameter, as written in a rule file.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum DeclaredType {
    /// A number of the given kind and unit.
    Number(NumKind, Unit),
    /// `bool`
    Bool,
    /// `date`
    Date,
    /// An enum.
    Enum(EnumId),
}

impl DeclaredType {
    /// The expression type of a value of this declared type.
    pub fn ty(&self) -> Type {
        match self {
            DeclaredType::Number(kind, unit) => {
                Type::number(unit.clone(), *kind == NumKind::Integer)
            }
            DeclaredType::Bool => Type::Bool,
            DeclaredType::Date => Type::Date,
            DeclaredType::Enum(id) => Type::Enum(*id),
        }
    }

    /// The kind of number, if the type is numeric.
    pub fn num_kind(&self) -> Option<NumKind> {
        match self {
            DeclaredType::Number(kind, _) => Some(*kind),
            _ => None,
        }
    }
}

impl fmt::Display for NumKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            NumKind::Money => "money",
            NumKind::Rate => "rate",
            NumKind::Integer => "integer",
            NumKind::Number => "number",
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_multiply_and_cancel() {
        let eur = UnitId(0);
        let day = UnitId(1);
        let month = UnitId(2);
        let per_day = Unit::from_factors([(eur, 1), (day, -1)]);
        let days_per_month = Unit::from_factors([(day, 1), (month, -1)]);
        let product = per_day.times(&days_per_month);
        assert_eq!(product, Unit::from_factors([(eur, 1), (month, -1)]));
        let names = |id: UnitId| ["eur", "day", "month"][id.0 as usize].to_string();
        assert_eq!(product.render(names), "eur/month");
        assert!(per_day.divide(&per_day).is_one());
    }
}
