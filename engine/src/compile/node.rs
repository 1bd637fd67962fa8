//! Nodes of the compiled expression graph.

use super::ids::{EntityId, NodeId, ParamId, VarId};
use crate::expr::{AggFunc, BinOp};
use crate::value::Value;

/// How to round; the law says which.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum RoundMode {
    /// Halves away from zero: 0.125 → 0.13 (Kela's and SISU's usual rounding).
    HalfAwayFromZero,
    /// Halves to the even neighbour: 0.125 → 0.12.
    HalfEven,
    /// Towards zero (truncation).
    TowardZero,
    /// Away from zero.
    AwayFromZero,
    /// Towards minus infinity.
    Floor,
    /// Towards plus infinity.
    Ceiling,
}

impl RoundMode {
    /// The mode with the given name in formulas.
    pub fn from_name(name: &str) -> Option<RoundMode> {
        Some(match name {
            "half_away_from_zero" => RoundMode::HalfAwayFromZero,
            "half_even" => RoundMode::HalfEven,
            "toward_zero" => RoundMode::TowardZero,
            "away_from_zero" => RoundMode::AwayFromZero,
            "floor" => RoundMode::Floor,
            "ceiling" => RoundMode::Ceiling,
            _ => return None,
        })
    }

    /// All names, for "expected one of" messages.
    pub const NAMES: &'static [&'static str] = &[
        "half_away_from_zero",
        "half_even",
        "toward_zero",
        "away_from_zero",
        "floor",
        "ceiling",
    ];

    /// The name used in formulas.
    pub fn name(self) -> &'static str {
        match self {
            RoundMode::HalfAwayFromZero => "half_away_from_zero",
            RoundMode::HalfEven => "half_even",
            RoundMode::TowardZero => "toward_zero",
            RoundMode::AwayFromZero => "away_from_zero",
            RoundMode::Floor => "floor",
            RoundMode::Ceiling => "ceiling",
        }
    }

    /// The `rust_decimal` strategy.
    pub fn strategy(self) -> rust_decimal::RoundingStrategy {
        use rust_decimal::RoundingStrategy as S;
        match self {
            RoundMode::HalfAwayFromZero => S::MidpointAwayFromZero,
            RoundMode::HalfEven => S::MidpointNearestEven,
            RoundMode::TowardZero => S::ToZero,
            RoundMode::AwayFromZero => S::AwayFromZero,
            RoundMode::Floor => S::ToNegativeInfinity,
            RoundMode::Ceiling => S::ToPositiveInfinity,
        }
    }
}

/// Values that depend only on the evaluated month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Builtin {
    /// First day of the month.
    MonthStart,
    /// Last day of the month.
    MonthEnd,
    /// Number of days in the month.
    DaysInMonth,
    /// Number of weekdays (Monday–Friday) in the month.
    WeekdaysInMonth,
    /// The member's position in the household (0 for the first listed).
    MemberIndex,
}

impl Builtin {
    /// The builtin with the given name.
    pub fn from_name(name: &str) -> Option<Builtin> {
        Some(match name {
            "month_start" => Builtin::MonthStart,
            "month_end" => Builtin::MonthEnd,
            "days_in_month" => Builtin::DaysInMonth,
            "weekdays_in_month" => Builtin::WeekdaysInMonth,
            "member_index" => Builtin::MemberIndex,
            _ => return None,
        })
    }

    /// The name used in formulas.
    pub fn name(self) -> &'static str {
        match self {
            Builtin::MonthStart => "month_start",
            Builtin::MonthEnd => "month_end",
            Builtin::DaysInMonth => "days_in_month",
            Builtin::WeekdaysInMonth => "weekdays_in_month",
            Builtin::MemberIndex => "member_index",
        }
    }
}

/// A range of node ids in the program's argument pool.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Args {
    /// Index of the first argument in the pool.
    pub start: u32,
    /// Number of arguments.
    pub len: u32,
}

/// One node of a compiled formula. Children are referred to by id.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum Node {
    /// A literal.
    Const(Value),
    /// A variable of the current member, or of the root entity.
    Var(VarId),
    /// Inside an aggregate over peers: a variable of the member the enclosing formula is for.
    Outer(VarId),
    /// A scalar parameter in force in the evaluated month.
    Param(ParamId),
    /// A scalar parameter at the date the child evaluates to.
    ParamAt(ParamId, NodeId),
    /// A table cell; `at` gives a date other than the month's.
    Table {
        /// The table parameter.
        param: ParamId,
        /// One key per dimension.
        keys: Args,
        /// Date to look the table up at, if not the evaluated month.
        at: Option<NodeId>,
    },
    /// `-x`
    Neg(NodeId),
    /// `not x`
    Not(NodeId),
    /// A binary operation; `and`/`or` short-circuit.
    Binary(BinOp, NodeId, NodeId),
    /// `if c then a else b`
    If(NodeId, NodeId, NodeId),
    /// Smallest of the arguments.
    Min(Args),
    /// Largest of the arguments.
    Max(Args),
    /// `clamp(x, lo, hi)`
    Clamp(NodeId, NodeId, NodeId),
    /// `abs(x)`
    Abs(NodeId),
    /// `round(x, places, mode)`
    Round {
        /// The value.
        value: NodeId,
        /// Decimal places kept: 2 for cents, 0 for euros.
        places: u32,
        /// How.
        mode: RoundMode,
    },
    /// An aggregate over the members of an entity.
    Aggregate {
        /// Which.
        func: AggFunc,
        /// The member entity visited.
        entity: EntityId,
        /// Members for whom this is false are skipped.
        filter: Option<NodeId>,
        /// Value summed, or condition of `all`.
        body: Option<NodeId>,
    },
    /// `x in [..]`
    In {
        /// The value.
        value: NodeId,
        /// The list.
        list: Args,
        /// `not in`
        negated: bool,
    },
    /// Whether an optional input was given.
    Given(VarId),
    /// Whether a parameter has a value (is not abolished) on a date (the month's first day if `None`).
    InForce {
        /// The parameter.
        param: ParamId,
        /// The date.
        at: Option<NodeId>,
    },
    /// Full years from a birth date to a date (the month's first day if `at` is `None`).
    Age {
        /// The birth date.
        birth: NodeId,
        /// The date the age is taken at.
        at: Option<NodeId>,
    },
    /// A value of the evaluated month.
    Builtin(Builtin),
}
