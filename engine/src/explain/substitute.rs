//! Writes a formula with the values of the calculation put in:
//! `0,70 × (563,00 − 259,00)`. Of an `if`, only the branch taken is shown.

use crate::compile::ids::NodeId;
use crate::compile::{Node, Program};
use crate::eval::{Calculation, Evaluator};
use crate::expr::BinOp;
use crate::output::{format_number, NumberStyle};
use crate::trace::NoTrace;
use crate::types::NumKind;
use crate::value::Value;

/// Renders formulas with values, reusing one evaluator over the calculation's slots.
pub(super) struct Substituter<'c, 'p> {
    program: &'p Program,
    evaluator: Option<Evaluator<'p, NoTrace>>,
    lang: usize,
    style: NumberStyle,
    separator: &'static str,
    month: crate::compile::Month,
    _calc: std::marker::PhantomData<&'c ()>,
}

impl<'c, 'p> Substituter<'c, 'p> {
    pub(super) fn new(calc: &'c Calculation<'p>, lang: usize) -> Self {
        let program = calc.program();
        let code = program
            .info
            .languages
            .get(lang)
            .map_or("en", String::as_str);
        let style = NumberStyle::for_language(code);
        Substituter {
            program,
            evaluator: calc.evaluator(),
            lang,
            style,
            separator: "; ",
            month: calc.month(),
            _calc: std::marker::PhantomData,
        }
    }

    /// The formula rooted at `node`, for `member`, with values put in. A
    /// formula that only picks another variable is shown through that
    /// variable's own formula, so the line still shows a calculation.
    pub(super) fn render(&mut self, node: NodeId, member: u32) -> String {
        let text = self.node(node, member, 0);
        if is_calculation(&text) {
            return text;
        }
        match self.chosen(node, member) {
            Some(var) => {
                let def = &self.program.vars[var.index()];
                let version = self.program.plan_formula(var, self.month);
                match def.formulas.get(version) {
                    Some(f) if def.input.is_none() => self.node(f.root, member, 0),
                    _ => text,
                }
            }
            None => text,
        }
    }

    /// The variable an expression evaluates to directly (through `if` branches).
    fn chosen(&mut self, node: NodeId, member: u32) -> Option<crate::compile::ids::VarId> {
        match &self.program.nodes[node.index()] {
            Node::Var(v) => Some(*v),
            Node::If(c, t, e) => {
                let taken = if self.holds(*c, member) { *t } else { *e };
                self.chosen(taken, member)
            }
            _ => None,
        }
    }

    fn is_zero(&mut self, node: NodeId, member: u32) -> bool {
        matches!(self.value(node, member), Some(Value::Num(d)) if d.is_zero())
    }

    /// Whether a condition holds (false if it cannot be evaluated).
    pub(super) fn holds(&mut self, node: NodeId, member: u32) -> bool {
        self.value(node, member) == Some(Value::Bool(true))
    }

    fn value(&mut self, node: NodeId, member: u32) -> Option<Value> {
        self.evaluator.as_mut()?.eval(node, member).ok()
    }

    fn number(&self, value: Value, money: bool) -> String {
        match value {
            Value::Num(d) => format_number(d, money, self.style),
            Value::Bool(b) => b.to_string(),
            Value::Date(d) => d.to_string(),
            Value::Enum(v) => v.to_string(),
        }
    }

    /// Writes a leaf value by its declared type: money to cents, rates as per cent.
    fn typed(&self, ty: &crate::types::DeclaredType, value: Value) -> String {
        match (ty, value) {
            (crate::types::DeclaredType::Number(NumKind::Rate, _), Value::Num(d)) => {
                format!(
                    "{} %",
                    format_number(d * rust_decimal::Decimal::ONE_HUNDRED, false, self.style)
                )
            }
            (crate::types::DeclaredType::Number(kind, _), v) => {
                self.number(v, *kind == NumKind::Money)
            }
            (ty, v) => crate::output::format_value(self.program, ty, v, self.lang),
        }
    }

    fn node(&mut self, node: NodeId, member: u32, outer: u8) -> String {
        let program = self.program;
        match &program.nodes[node.index()] {
            Node::Const(v) => self.number(
                *v,
                self.program
                    .node_money
                    .get(node.index())
                    .copied()
                    .unwrap_or(false),
            ),
            Node::Var(var) => {
                let ty = &program.vars[var.index()].ty;
                match self.value(node, member) {
                    Some(v) => self.typed(ty, v),
                    None => program.vars[var.index()].name.clone(),
                }
            }
            Node::Param(p) | Node::ParamAt(p, _) | Node::Table { param: p, .. } => {
                let ty = &program.params[p.index()].ty;
                match self.value(node, member) {
                    Some(v) => self.typed(ty, v),
                    None => program.params[p.index()].name.clone(),
                }
            }
            Node::Neg(x) => format!("−{}", self.node(*x, member, 7)),
            // A zero addend tells a reader nothing: `2 300,00 + 0,00` reads as `2 300,00`.
            // A zero subtrahend stays when it was computed: `413,00 − 0,00` shows the
            // deductible was zero. An input left at zero (no subtenant) says nothing.
            Node::Binary(BinOp::Sub, a, b)
                if self.is_zero(*b, member)
                    && matches!(program.nodes[b.index()], Node::Var(v) if program.vars[v.index()].input.is_some()) =>
            {
                self.node(*a, member, outer)
            }
            Node::Binary(BinOp::Add, a, b) if self.is_zero(*b, member) => {
                self.node(*a, member, outer)
            }
            Node::Binary(BinOp::Add, a, b) if self.is_zero(*a, member) => {
                self.node(*b, member, outer)
            }
            Node::Binary(op @ (BinOp::Add | BinOp::Sub | BinOp::Mul | BinOp::Div), a, b) => {
                let prec = op.precedence();
                let left = self.node(*a, member, prec);
                // The right operand of − and / needs parentheses at equal precedence.
                let right = self.node(
                    *b,
                    member,
                    prec + u8::from(matches!(op, BinOp::Sub | BinOp::Div)),
                );
                let symbol = match op {
                    BinOp::Add => "+",
                    BinOp::Sub => "−",
                    BinOp::Mul => "×",
                    _ => "/",
                };
                let text = format!("{left} {symbol} {right}");
                if prec < outer {
                    format!("({text})")
                } else {
                    text
                }
            }
            Node::If(c, t, e) => {
                let taken = match self.value(*c, member) {
                    Some(Value::Bool(true)) => *t,
                    _ => *e,
                };
                self.node(taken, member, outer)
            }
            Node::Min(args) | Node::Max(args) => {
                let name = if matches!(program.nodes[node.index()], Node::Min(_)) {
                    "min"
                } else {
                    "max"
                };
                let parts: Vec<String> = program
                    .args(*args)
                    .to_vec()
                    .into_iter()
                    .map(|a| self.node(a, member, 0))
                    .collect();
                format!("{name}({})", parts.join(self.separator))
            }
            Node::Clamp(x, lo, hi) => {
                let parts = [
                    self.node(*x, member, 0),
                    self.node(*lo, member, 0),
                    self.node(*hi, member, 0),
                ];
                format!("clamp({})", parts.join(self.separator))
            }
            Node::Round { value, .. } => self.node(*value, member, outer),
            // Aggregates, comparisons and the rest are shown by their value.
            _ => match self.value(node, member) {
                Some(v) => self.plain(node, v),
                None => "?".into(),
            },
        }
    }

    fn plain(&self, node: NodeId, value: Value) -> String {
        let money = self
            .program
            .node_money
            .get(node.index())
            .copied()
            .unwrap_or(false);
        self.number(value, money)
    }
}

/// Whether a rendered formula shows a calculation rather than a single number.
pub(super) fn is_calculation(text: &str) -> bool {
    text.contains(['+', '−', '×', '/', '(', ';'])
}
