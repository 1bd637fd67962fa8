//! Arithmetic and comparisons on runtime values.

use std::cmp::Ordering;

use rust_decimal::Decimal;

use crate::expr::BinOp;
use crate::value::Value;

/// Why an operation failed (the caller adds which variable).
pub(super) enum OpError {
    /// Division by zero.
    DivisionByZero,
    /// A result too large for a decimal.
    Overflow,
    /// Operand types the checker should have rejected.
    Type,
}

/// Applies an arithmetic or comparison operator (not `and`/`or`).
#[inline]
pub(super) fn binary(op: BinOp, a: Value, b: Value) -> Result<Value, OpError> {
    match (a, b) {
        (Value::Num(x), Value::Num(y)) => numeric(op, x, y),
        _ => compare(op, a, b),
    }
}

#[inline]
fn numeric(op: BinOp, x: Decimal, y: Decimal) -> Result<Value, OpError> {
    let num = |r: Option<Decimal>| r.map(Value::Num).ok_or(OpError::Overflow);
    match op {
        BinOp::Add => num(x.checked_add(y)),
        BinOp::Sub => num(x.checked_sub(y)),
        BinOp::Mul => num(x.checked_mul(y)),
        BinOp::Div => {
            if y.is_zero() {
                Err(OpError::DivisionByZero)
            } else {
                num(x.checked_div(y))
            }
        }
        _ => Ok(Value::Bool(ordered(op, x.cmp(&y)))),
    }
}

#[inline]
fn compare(op: BinOp, a: Value, b: Value) -> Result<Value, OpError> {
    let ordering = match (a, b) {
        (Value::Date(x), Value::Date(y)) => x.cmp(&y),
        (Value::Enum(x), Value::Enum(y)) => x.cmp(&y),
        (Value::Bool(x), Value::Bool(y)) => x.cmp(&y),
        _ => return Err(OpError::Type),
    };
    Ok(Value::Bool(ordered(op, ordering)))
}

#[inline]
fn ordered(op: BinOp, ordering: Ordering) -> bool {
    match op {
        BinOp::Eq => ordering == Ordering::Equal,
        BinOp::Ne => ordering != Ordering::Equal,
        BinOp::Lt => ordering == Ordering::Less,
        BinOp::Le => ordering != Ordering::Greater,
        BinOp::Gt => ordering == Ordering::Greater,
        BinOp::Ge => ordering != Ordering::Less,
        _ => false,
    }
}

/// Whole years from `birth` to `at`.
pub(crate) fn age(birth: chrono::NaiveDate, at: chrono::NaiveDate) -> i64 {
    use chrono::Datelike;
    let mut years = i64::from(at.year() - birth.year());
    if (at.month(), at.day()) < (birth.month(), birth.day()) {
        years -= 1;
    }
    years
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    #[test]
    fn age_counts_birthdays() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        assert_eq!(age(d(2008, 6, 1), d(2026, 6, 1)), 18);
        assert_eq!(age(d(2008, 6, 2), d(2026, 6, 1)), 17);
        assert_eq!(age(d(2004, 2, 29), d(2022, 2, 28)), 17);
    }
}
