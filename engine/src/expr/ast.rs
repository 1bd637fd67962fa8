//! The syntax tree of a formula.

use rust_decimal::Decimal;

use crate::source::Span;

/// A name as written, with its place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Name {
    /// The text, possibly qualified: `asumistuki.tukiprosentti`.
    pub text: String,
    /// Where it was written.
    pub span: Span,
}

/// A formula expression node.
#[derive(Debug, Clone, PartialEq)]
pub struct Expr {
    /// What the node is.
    pub kind: ExprKind,
    /// The text the node covers.
    pub span: Span,
    /// The height of the tree below and including this node (a leaf is 1);
    /// the parser keeps it under a limit so that the passes that walk the
    /// tree recursively cannot run out of stack.
    pub(crate) depth: u32,
}

impl Expr {
    /// The height of the tree below and including this node (a leaf is 1).
    pub fn depth(&self) -> u32 {
        self.depth
    }
}

/// Unary operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnOp {
    /// `-x`
    Neg,
    /// `not x`
    Not,
}

/// Binary operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum BinOp {
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `*`
    Mul,
    /// `/`
    Div,
    /// `==`
    Eq,
    /// `!=`
    Ne,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
    /// `and`
    And,
    /// `or`
    Or,
}

impl BinOp {
    /// The operator as written.
    pub fn symbol(self) -> &'static str {
        match self {
            BinOp::Add => "+",
            BinOp::Sub => "-",
            BinOp::Mul => "*",
            BinOp::Div => "/",
            BinOp::Eq => "==",
            BinOp::Ne => "!=",
            BinOp::Lt => "<",
            BinOp::Le => "<=",
            BinOp::Gt => ">",
            BinOp::Ge => ">=",
            BinOp::And => "and",
            BinOp::Or => "or",
        }
    }

    /// Binding strength: higher binds tighter.
    pub fn precedence(self) -> u8 {
        match self {
            BinOp::Or => 1,
            BinOp::And => 2,
            BinOp::Eq | BinOp::Ne | BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge => 4,
            BinOp::Add | BinOp::Sub => 5,
            BinOp::Mul | BinOp::Div => 6,
        }
    }

    /// Whether the operator compares its operands.
    pub fn is_comparison(self) -> bool {
        matches!(
            self,
            BinOp::Eq | BinOp::Ne | BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge
        )
    }
}

/// Aggregate functions over the members of an entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum AggFunc {
    /// `sum(henkilot where c, x)`: the sum of `x` over members for whom `c` holds.
    Sum,
    /// `count(henkilot where c)`: how many members satisfy `c`.
    Count,
    /// `any(henkilot where c)`: whether some member satisfies `c`.
    Any,
    /// `all(henkilot, c)`: whether every member satisfies `c`.
    All,
}

impl AggFunc {
    /// The function with the given name, if it is an aggregate.
    pub fn from_name(name: &str) -> Option<AggFunc> {
        Some(match name {
            "sum" => AggFunc::Sum,
            "count" => AggFunc::Count,
            "any" => AggFunc::Any,
            "all" => AggFunc::All,
            _ => return None,
        })
    }

    /// The function's name.
    pub fn name(self) -> &'static str {
        match self {
            AggFunc::Sum => "sum",
            AggFunc::Count => "count",
            AggFunc::Any => "any",
            AggFunc::All => "all",
        }
    }
}

/// The kinds of expression node.
#[derive(Debug, Clone, PartialEq)]
pub enum ExprKind {
    /// A number, optionally with a unit: `0.42`, `12[month/year]`.
    Number {
        /// The value.
        value: Decimal,
        /// The unit written in brackets, as factors with exponents.
        unit: Option<Vec<(Name, i32)>>,
    },
    /// A date literal: `2024-04-01`.
    Date(chrono::NaiveDate),
    /// A quoted enum variant: `'vuokra'`.
    Str(String),
    /// `true` or `false`.
    Bool(bool),
    /// A reference to a variable, parameter or built-in value.
    Name(Name),
    /// A function call: `max(0, x)`.
    Call {
        /// The function.
        name: Name,
        /// Its arguments.
        args: Vec<Expr>,
    },
    /// An aggregate over an entity's members: `sum(henkilot where ika >= 18, tulot)`.
    Aggregate {
        /// Which aggregate.
        func: AggFunc,
        /// The entity whose members are visited, by its plural name.
        entity: Name,
        /// The `where` condition.
        filter: Option<Box<Expr>>,
        /// The value summed, or the condition of `all`.
        body: Option<Box<Expr>>,
    },
    /// A table lookup: `enimmaisasumismenot[kuntaryhma, henkiloluku]`.
    Index {
        /// The table.
        target: Box<Expr>,
        /// One key per dimension.
        keys: Vec<Expr>,
    },
    /// A parameter at a given date instead of the evaluated month: `tukiprosentti @ 2024-03-31`.
    At {
        /// The parameter.
        target: Box<Expr>,
        /// The date.
        date: Box<Expr>,
    },
    /// `-x`, `not x`.
    Unary {
        /// The operator.
        op: UnOp,
        /// The operand.
        expr: Box<Expr>,
    },
    /// `a + b`, `a and b`, `a < b`.
    Binary {
        /// The operator.
        op: BinOp,
        /// The left operand.
        lhs: Box<Expr>,
        /// The right operand.
        rhs: Box<Expr>,
    },
    /// `if c then a else b`.
    If {
        /// The condition.
        cond: Box<Expr>,
        /// Value when the condition holds.
        then: Box<Expr>,
        /// Value otherwise.
        otherwise: Box<Expr>,
    },
    /// `x in ['a', 'b']`, or `x not in [...]` when `negated`.
    In {
        /// The value tested.
        expr: Box<Expr>,
        /// The list it is tested against.
        list: Vec<Expr>,
        /// `not in`.
        negated: bool,
    },
}
