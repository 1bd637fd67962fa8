//! The flat form of one month's law: every formula in force as a block of
//! register instructions, with the month's parameter values folded in as
//! constants.

use rust_decimal::Decimal;

use crate::compile::ids::{ParamId, VarId};
use crate::compile::{Builtin, RoundMode};
use crate::expr::AggFunc;

/// A register of a block's frame. Numbers and the other kinds (truth
/// values, enum variants, dates) live in two register files.
pub(crate) type Reg = u16;

/// Marks "none" in index fields.
pub(crate) const NONE: u32 = u32::MAX;

/// What kind of value a register or variable holds. Everything but numbers
/// is an integer: a truth value 0/1, an enum variant's index, a date as days
/// from the common era.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// A decimal number.
    Num,
    /// A truth value.
    Bool,
    /// A date.
    Date,
    /// An enum variant.
    Enum,
}

impl Kind {
    /// Whether values of this kind live in the number registers.
    #[inline]
    pub(crate) fn is_num(self) -> bool {
        self == Kind::Num
    }
}

/// Whose variable an instruction reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Who {
    /// The root entity's.
    Root,
    /// The member the block runs for.
    Current,
    /// The member the enclosing formula is for (`outer.` in a peer aggregate).
    Outer,
}

/// A comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Cmp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

impl Cmp {
    #[inline]
    pub(crate) fn holds(self, ordering: std::cmp::Ordering) -> bool {
        use std::cmp::Ordering::{Equal, Greater, Less};
        match self {
            Cmp::Eq => ordering == Equal,
            Cmp::Ne => ordering != Equal,
            Cmp::Lt => ordering == Less,
            Cmp::Le => ordering != Greater,
            Cmp::Gt => ordering == Greater,
            Cmp::Ge => ordering != Less,
        }
    }
}

/// Arithmetic on two numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Arith {
    Add,
    Sub,
    Mul,
    Div,
    Min,
    Max,
}

/// One instruction. Jump targets are positions within the block.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Instr {
    /// `n[dst] = nums[k]`
    NConst { dst: Reg, k: u32 },
    /// `i[dst] = v`
    IConst { dst: Reg, v: i64 },
    /// A number variable's value, computed if needed.
    NVar { dst: Reg, var: VarId, who: Who },
    /// A variable of another kind.
    IVar { dst: Reg, var: VarId, who: Who },
    /// Whether an optional input was given (for the current member).
    Given { dst: Reg, var: VarId, who: Who },
    /// `n[dst] = n[a] op n[b]`
    Arith { op: Arith, dst: Reg, a: Reg, b: Reg },
    /// `n[dst] = -n[a]`
    Neg { dst: Reg, a: Reg },
    /// `n[dst] = |n[a]|`
    Abs { dst: Reg, a: Reg },
    /// `n[dst] = round(n[a])`
    Round {
        dst: Reg,
        a: Reg,
        places: u8,
        mode: RoundMode,
    },
    /// `i[dst] = n[a] op n[b]`
    NCmp { op: Cmp, dst: Reg, a: Reg, b: Reg },
    /// `i[dst] = i[a] op i[b]`
    ICmp { op: Cmp, dst: Reg, a: Reg, b: Reg },
    /// `i[dst] = !i[a]`
    Not { dst: Reg, a: Reg },
    /// `n[dst] = n[a]`
    NMov { dst: Reg, a: Reg },
    /// `i[dst] = i[a]`
    IMov { dst: Reg, a: Reg },
    /// Continue at `to`.
    Jump { to: u32 },
    /// Continue at `to` if `i[cond]` is 0.
    JumpIfFalse { cond: Reg, to: u32 },
    /// Continue at `to` if `i[cond]` is not 0.
    JumpIfTrue { cond: Reg, to: u32 },
    /// A scalar parameter on the date in `i[date]`: `folded` (an index into
    /// the pools) when the date is the plan's first day, else looked up.
    ParamAt {
        dst: Reg,
        param: ParamId,
        date: Reg,
        folded: u32,
        kind: Kind,
    },
    /// The value version of a table on the date in `i[date]`, into `i[dst]`
    /// (looked up before the keys, as the law's date decides the table).
    TableVersion { dst: Reg, param: ParamId, date: Reg },
    /// A table cell; `tables[table]` says which table and keys.
    Table { dst: Reg, table: u32, kind: Kind },
    /// `i[dst] = i[a] in ints[start..start + len]`, negated if asked.
    InSet {
        dst: Reg,
        a: Reg,
        start: u32,
        len: u32,
        negated: bool,
    },
    /// An aggregate over the members of `entity`: runs the filter block and
    /// the body block (or `NONE`) for each member.
    Agg {
        func: AggFunc,
        filter: u32,
        body: u32,
        dst: Reg,
    },
    /// Whether a parameter has a value on the date in `i[date]` (`NONE`: the
    /// month's first day).
    InForce { dst: Reg, param: ParamId, date: u32 },
    /// Full years from the birth date in `i[birth]` to `i[at]` (`NONE`: the
    /// month's first day).
    Age { dst: Reg, birth: Reg, at: u32 },
    /// A value of the calculated month, or the member's position.
    Builtin { dst: Reg, which: Builtin },
    /// Ends the block; its value is in number register `reg`.
    NRet { reg: Reg },
    /// Ends the block; its value is in integer register `reg`.
    IRet { reg: Reg },
}

/// A table lookup's table and keys.
#[derive(Debug, Clone)]
pub(crate) struct TableRef {
    /// The table parameter.
    pub param: ParamId,
    /// The value version folded for the plan, or `NONE` when `date` decides.
    pub version: u32,
    /// Integer register holding the version found by [`Instr::TableVersion`]
    /// if `version` is `NONE`.
    pub date: Reg,
    /// Key registers: (register, whether it is a number register).
    pub keys: Vec<(Reg, bool)>,
    /// Whether a test's cell overrides may replace cells of this table.
    pub overridden: bool,
}

/// A compiled formula: a range of instructions with the sizes of its frame.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Block {
    /// First instruction.
    pub start: u32,
    /// Number registers its frame needs.
    pub n_regs: u16,
    /// Integer registers its frame needs.
    pub i_regs: u16,
}

/// Every formula in force under one month plan, compiled.
#[derive(Debug, Clone, Default)]
pub struct Code {
    pub(crate) instrs: Vec<Instr>,
    pub(crate) blocks: Vec<Block>,
    /// Per variable: its formula's block, or `NONE` (an input, or not in force).
    pub(crate) var_block: Vec<u32>,
    /// Per variable: the kind of its values.
    pub(crate) var_kind: Vec<Kind>,
    /// Per variable: its memo slot (see [`Code::slot`]).
    pub(crate) var_slot: Vec<u32>,
    /// Per check of the program: its condition's block.
    pub(crate) check_block: Vec<u32>,
    /// Number constants.
    pub(crate) nums: Vec<Decimal>,
    /// Integer constants (sets for `in`, folded non-number parameters).
    pub(crate) ints: Vec<i64>,
    /// Table lookups.
    pub(crate) tables: Vec<TableRef>,
}

/// Marks a member variable's slot in [`Code::var_slot`].
pub(crate) const MEMBER_SLOT: u32 = 1 << 31;

impl Code {
    /// Number of instructions, for diagnostics and benchmarks.
    pub fn len(&self) -> usize {
        self.instrs.len()
    }

    /// Whether there is no code at all.
    pub fn is_empty(&self) -> bool {
        self.instrs.is_empty()
    }
}
