//! The flat form of one month's law: every formula in force compiled into
//! native closures, with the month's parameter values folded in as
//! constants.

use rust_decimal::Decimal;

use super::kind::Kind;
use super::state::State;

/// A compiled expression with a number value.
pub(crate) type NumFn = Box<dyn for<'s> Fn(&Code, &mut State<'s>) -> Decimal + Send + Sync>;

/// A compiled expression with a truth value, enum variant or date, as an
/// integer (see [`Kind`]).
pub(crate) type IntFn = Box<dyn for<'s> Fn(&Code, &mut State<'s>) -> i64 + Send + Sync>;

/// A compiled expression of either kind.
pub(crate) enum Expr {
    /// A number.
    Num(NumFn),
    /// Anything else.
    Int(IntFn, Kind),
}

/// Marks a member variable's slot in [`Code::var_slot`].
pub(crate) const MEMBER_SLOT: u32 = 1 << 31;

/// Every formula and check in force under one month plan, compiled.
pub struct Code {
    /// Per variable: its formula, or `None` (an input, or not in force).
    pub(crate) var_expr: Vec<Option<Expr>>,
    /// Per variable: the kind of its values.
    pub(crate) var_kind: Vec<Kind>,
    /// Per variable: its memo slot; member variables carry [`MEMBER_SLOT`]
    /// and count per member.
    pub(crate) var_slot: Vec<u32>,
    /// Per check of the program: its condition.
    pub(crate) check_expr: Vec<IntFn>,
    /// Number of closures, for diagnostics.
    pub(crate) nodes: usize,
    /// Per parameter: the value version in force under the plan (for tables).
    #[doc(hidden)]
    pub plan_param: Vec<u16>,
    /// Per parameter: its number value under the plan (an override first), if a scalar number.
    #[doc(hidden)]
    pub folded_num: Vec<Option<Decimal>>,
    /// Per parameter: its other scalar value as an integer, if one.
    #[doc(hidden)]
    pub folded_int: Vec<Option<i64>>,
    /// How many formulas run as Rust generated at build time.
    pub(crate) natives: usize,
}

impl std::fmt::Debug for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Code")
            .field(
                "formulas",
                &self.var_expr.iter().filter(|e| e.is_some()).count(),
            )
            .field("checks", &self.check_expr.len())
            .field("nodes", &self.nodes)
            .finish()
    }
}

impl Code {
    /// Number of compiled expression nodes, for diagnostics and benchmarks.
    pub fn len(&self) -> usize {
        self.nodes
    }

    /// How many formulas run as Rust generated at build time.
    pub fn natives(&self) -> usize {
        self.natives
    }

    /// Whether nothing was compiled.
    pub fn is_empty(&self) -> bool {
        self.nodes == 0
    }
}
