//! Compiles the formulas in force under one month plan into [`Code`]:
//! straight-line register instructions per formula, the plan's parameter
//! values folded to constants.

use rust_decimal::Decimal;

use super::code::{Arith, Block, Cmp, Code, Instr, Kind, Reg, TableRef, Who, MEMBER_SLOT, NONE};
use crate::compile::ids::{NodeId, ParamId, VarId};
use crate::compile::{Builtin, MonthPlan, Node, ParamValue, Program, TableDim};
use crate::expr::{AggFunc, BinOp};
use crate::types::DeclaredType;
use crate::value::Value;

/// Parameter values and table cells that replace the rule set's (test cases
/// of older examples, reform studies).
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    /// Whole parameters.
    pub params: Vec<(ParamId, Value)>,
    /// Single table cells: the table, its keys, the value.
    pub cells: Vec<(ParamId, Vec<Value>, Value)>,
}

impl Overrides {
    /// Whether nothing is overridden.
    pub fn is_empty(&self) -> bool {
        self.params.is_empty() && self.cells.is_empty()
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

/// A value as an integer register holds it (non-numbers only).
pub(crate) fn int_of(value: Value) -> i64 {
    match value {
        Value::Bool(b) => i64::from(b),
        Value::Enum(v) => i64::from(v),
        Value::Date(d) => i64::from(chrono::Datelike::num_days_from_ce(&d)),
        Value::Num(_) => 0,
    }
}

/// A register's integer back as a value of `kind`.
pub(crate) fn value_of_int(kind: Kind, v: i64) -> Value {
    match kind {
        Kind::Bool => Value::Bool(v != 0),
        Kind::Enum => Value::Enum(v as u32),
        Kind::Date => Value::Date(
            i32::try_from(v)
                .ok()
                .and_then(chrono::NaiveDate::from_num_days_from_ce_opt)
                .unwrap_or(chrono::NaiveDate::MIN),
        ),
        Kind::Num => Value::Num(Decimal::from(v)),
    }
}

/// Compiles every formula and check in force under `plan`.
pub fn compile(program: &Program, plan: &MonthPlan, overrides: &Overrides) -> Code {
    let mut compiler = Compiler {
        program,
        plan,
        overrides,
        code: Code::default(),
        body: Vec::new(),
        n_next: 0,
        i_next: 0,
    };
    compiler.code.var_kind = program.vars.iter().map(|v| kind_of(&v.ty)).collect();
    compiler.code.var_block = vec![NONE; program.vars.len()];
    compiler.code.var_slot = program
        .vars
        .iter()
        .map(|v| {
            if v.entity.index() == 0 {
                v.slot
            } else {
                v.slot | MEMBER_SLOT
            }
        })
        .collect();
    for (index, var) in program.vars.iter().enumerate() {
        let version = plan.formula[index];
        if var.input.is_some() || version == MonthPlan::NONE {
            continue;
        }
        let Some(formula) = var.formulas.get(version as usize) else {
            continue;
        };
        if !formula.in_force {
            continue;
        }
        let block = compiler.block(formula.root);
        compiler.code.var_block[index] = block;
    }
    for check in &program.checks {
        let block = compiler.block(check.root);
        compiler.code.check_block.push(block);
    }
    compiler.code
}

struct Compiler<'a> {
    program: &'a Program,
    plan: &'a MonthPlan,
    overrides: &'a Overrides,
    code: Code,
    /// Instructions of the block being compiled; blocks nest (aggregates).
    body: Vec<Instr>,
    n_next: u16,
    i_next: u16,
}

impl Compiler<'_> {
    /// Compiles `root` into a block of its own and returns the block's index.
    fn block(&mut self, root: NodeId) -> u32 {
        let saved = (
            std::mem::take(&mut self.body),
            std::mem::replace(&mut self.n_next, 0),
            std::mem::replace(&mut self.i_next, 0),
        );
        let (reg, kind) = self.node(root);
        self.body.push(if kind.is_num() {
            Instr::NRet { reg }
        } else {
            Instr::IRet { reg }
        });
        let block = Block {
            start: self.code.instrs.len() as u32,
            n_regs: self.n_next,
            i_regs: self.i_next,
        };
        let body = std::mem::replace(&mut self.body, saved.0);
        self.code.instrs.extend(body);
        self.n_next = saved.1;
        self.i_next = saved.2;
        self.code.blocks.push(block);
        (self.code.blocks.len() - 1) as u32
    }

    fn reg(&mut self, kind: Kind) -> Reg {
        if kind.is_num() {
            self.n_next += 1;
            self.n_next - 1
        } else {
            self.i_next += 1;
            self.i_next - 1
        }
    }

    fn emit(&mut self, instr: Instr) {
        self.body.push(instr);
    }

    fn here(&self) -> u32 {
        self.body.len() as u32
    }

    fn patch(&mut self, at: u32, to: u32) {
        match &mut self.body[at as usize] {
            Instr::Jump { to: t }
            | Instr::JumpIfFalse { to: t, .. }
            | Instr::JumpIfTrue { to: t, .. } => {
                *t = to;
            }
            _ => {}
        }
    }

    fn constant(&mut self, value: Value) -> (Reg, Kind) {
        match value {
            Value::Num(n) => {
                let dst = self.reg(Kind::Num);
                let k = self.pool_num(n);
                self.emit(Instr::NConst { dst, k });
                (dst, Kind::Num)
            }
            other => {
                let kind = match other {
                    Value::Bool(_) => Kind::Bool,
                    Value::Date(_) => Kind::Date,
                    _ => Kind::Enum,
                };
                let dst = self.reg(kind);
                self.emit(Instr::IConst {
                    dst,
                    v: int_of(other),
                });
                (dst, kind)
            }
        }
    }

    fn pool_num(&mut self, n: Decimal) -> u32 {
        self.code.nums.push(n);
        (self.code.nums.len() - 1) as u32
    }

    fn var_kind(&self, var: VarId) -> Kind {
        kind_of(&self.program.vars[var.index()].ty)
    }

    fn who(&self, var: VarId, outer: bool) -> Who {
        if self.program.is_root_var(var) {
            Who::Root
        } else if outer {
            Who::Outer
        } else {
            Who::Current
        }
    }

    fn read_var(&mut self, var: VarId, who: Who) -> (Reg, Kind) {
        let kind = self.var_kind(var);
        let dst = self.reg(kind);
        if kind.is_num() {
            self.emit(Instr::NVar { dst, var, who });
        } else {
            self.emit(Instr::IVar { dst, var, who });
        }
        (dst, kind)
    }

    /// The scalar value of `param` folded for the plan (an override first).
    fn folded_param(&self, param: ParamId) -> Option<Value> {
        if let Some((_, v)) = self.overrides.params.iter().find(|(p, _)| *p == param) {
            return Some(*v);
        }
        let version = self.plan.param[param.index()];
        match self.program.params[param.index()]
            .versions
            .get(version as usize)
            .map(|v| &v.value)
        {
            Some(ParamValue::Scalar(v)) => Some(*v),
            _ => None,
        }
    }

    fn node(&mut self, node: NodeId) -> (Reg, Kind) {
        let program = self.program;
        match &program.nodes[node.index()] {
            Node::Const(value) => self.constant(*value),
            Node::Var(var) => {
                let who = self.who(*var, false);
                self.read_var(*var, who)
            }
            Node::Outer(var) => {
                let who = self.who(*var, true);
                self.read_var(*var, who)
            }
            Node::Param(param) => match self.folded_param(*param) {
                Some(value) => self.constant(value),
                // The checker guarantees a value in every covered month; a
                // parameter read only in a branch not taken may still lack one.
                None => self.param_at_month_start(*param),
            },
            Node::ParamAt(param, date) => {
                if let Some((_, v)) = self.overrides.params.iter().find(|(p, _)| p == param) {
                    return self.constant(*v);
                }
                let (date, _) = self.node(*date);
                self.param_at(*param, date)
            }
            Node::Table { param, keys, at } => {
                let date = match at {
                    Some(at) => {
                        let (date, _) = self.node(*at);
                        let dst = self.reg(Kind::Enum);
                        self.emit(Instr::TableVersion {
                            dst,
                            param: *param,
                            date,
                        });
                        Some(dst)
                    }
                    None => None,
                };
                let mut key_regs = Vec::new();
                for &key in program.args(*keys) {
                    let (reg, kind) = self.node(key);
                    key_regs.push((reg, kind.is_num()));
                }
                let version = match date {
                    Some(_) => NONE,
                    None => u32::from(self.plan.param[param.index()]),
                };
                let overridden = self.overrides.cells.iter().any(|(p, _, _)| p == param);
                self.code.tables.push(TableRef {
                    param: *param,
                    version,
                    date: date.unwrap_or(0),
                    keys: key_regs,
                    overridden,
                });
                let kind = kind_of(&program.params[param.index()].ty);
                let dst = self.reg(kind);
                let table = (self.code.tables.len() - 1) as u32;
                self.emit(Instr::Table { dst, table, kind });
                (dst, kind)
            }
            Node::Neg(x) => {
                let (a, _) = self.node(*x);
                let dst = self.reg(Kind::Num);
                self.emit(Instr::Neg { dst, a });
                (dst, Kind::Num)
            }
            Node::Not(x) => {
                let (a, _) = self.node(*x);
                let dst = self.reg(Kind::Bool);
                self.emit(Instr::Not { dst, a });
                (dst, Kind::Bool)
            }
            Node::Binary(BinOp::And, a, b) => self.short_circuit(*a, *b, false),
            Node::Binary(BinOp::Or, a, b) => self.short_circuit(*a, *b, true),
            Node::Binary(op, a, b) => {
                let (ra, ka) = self.node(*a);
                let (rb, _) = self.node(*b);
                let arith = match op {
                    BinOp::Add => Some(Arith::Add),
                    BinOp::Sub => Some(Arith::Sub),
                    BinOp::Mul => Some(Arith::Mul),
                    BinOp::Div => Some(Arith::Div),
                    _ => None,
                };
                if let Some(op) = arith {
                    let dst = self.reg(Kind::Num);
                    self.emit(Instr::Arith {
                        op,
                        dst,
                        a: ra,
                        b: rb,
                    });
                    return (dst, Kind::Num);
                }
                let cmp = match op {
                    BinOp::Eq => Cmp::Eq,
                    BinOp::Ne => Cmp::Ne,
                    BinOp::Lt => Cmp::Lt,
                    BinOp::Le => Cmp::Le,
                    BinOp::Gt => Cmp::Gt,
                    _ => Cmp::Ge,
                };
                let dst = self.reg(Kind::Bool);
                if ka.is_num() {
                    self.emit(Instr::NCmp {
                        op: cmp,
                        dst,
                        a: ra,
                        b: rb,
                    });
                } else {
                    self.emit(Instr::ICmp {
                        op: cmp,
                        dst,
                        a: ra,
                        b: rb,
                    });
                }
                (dst, Kind::Bool)
            }
            Node::If(c, t, e) => {
                let (cond, _) = self.node(*c);
                let jump_else = self.here();
                self.emit(Instr::JumpIfFalse { cond, to: 0 });
                let (rt, kind) = self.node(*t);
                let dst = self.reg(kind);
                self.mov(kind, dst, rt);
                let jump_end = self.here();
                self.emit(Instr::Jump { to: 0 });
                let else_at = self.here();
                self.patch(jump_else, else_at);
                let (re, _) = self.node(*e);
                self.mov(kind, dst, re);
                let end = self.here();
                self.patch(jump_end, end);
                (dst, kind)
            }
            Node::Min(args) | Node::Max(args) => {
                let op = if matches!(program.nodes[node.index()], Node::Min(_)) {
                    Arith::Min
                } else {
                    Arith::Max
                };
                let mut acc: Option<Reg> = None;
                for &arg in program.args(*args) {
                    let (r, _) = self.node(arg);
                    acc = Some(match acc {
                        None => r,
                        Some(prev) => {
                            let dst = self.reg(Kind::Num);
                            self.emit(Instr::Arith {
                                op,
                                dst,
                                a: prev,
                                b: r,
                            });
                            dst
                        }
                    });
                }
                match acc {
                    Some(r) => (r, Kind::Num),
                    None => self.constant(Value::Num(Decimal::ZERO)),
                }
            }
            Node::Clamp(x, lo, hi) => {
                let (x, _) = self.node(*x);
                let (lo, _) = self.node(*lo);
                let (hi, _) = self.node(*hi);
                let low = self.reg(Kind::Num);
                self.emit(Instr::Arith {
                    op: Arith::Max,
                    dst: low,
                    a: x,
                    b: lo,
                });
                let dst = self.reg(Kind::Num);
                self.emit(Instr::Arith {
                    op: Arith::Min,
                    dst,
                    a: low,
                    b: hi,
                });
                (dst, Kind::Num)
            }
            Node::Abs(x) => {
                let (a, _) = self.node(*x);
                let dst = self.reg(Kind::Num);
                self.emit(Instr::Abs { dst, a });
                (dst, Kind::Num)
            }
            Node::Round {
                value,
                places,
                mode,
            } => {
                let (a, _) = self.node(*value);
                let dst = self.reg(Kind::Num);
                self.emit(Instr::Round {
                    dst,
                    a,
                    places: u8::try_from(*places).unwrap_or(u8::MAX),
                    mode: *mode,
                });
                (dst, Kind::Num)
            }
            Node::Aggregate {
                func,
                entity: _,
                filter,
                body,
            } => {
                let filter = filter.map_or(NONE, |f| self.block(f));
                let body = body.map_or(NONE, |b| self.block(b));
                let kind = match func {
                    AggFunc::Sum | AggFunc::Count => Kind::Num,
                    AggFunc::Any | AggFunc::All => Kind::Bool,
                };
                let dst = self.reg(kind);
                self.emit(Instr::Agg {
                    func: *func,
                    filter,
                    body,
                    dst,
                });
                (dst, kind)
            }
            Node::In {
                value,
                list,
                negated,
            } => {
                let (a, kind) = self.node(*value);
                let items = program.args(*list);
                let constants: Option<Vec<i64>> = items
                    .iter()
                    .map(|&item| match program.nodes[item.index()] {
                        Node::Const(v) if !kind.is_num() => Some(int_of(v)),
                        _ => None,
                    })
                    .collect();
                let dst = self.reg(Kind::Bool);
                if let Some(constants) = constants {
                    let start = self.code.ints.len() as u32;
                    self.code.ints.extend(&constants);
                    self.emit(Instr::InSet {
                        dst,
                        a,
                        start,
                        len: constants.len() as u32,
                        negated: *negated,
                    });
                    return (dst, Kind::Bool);
                }
                // General case: compare one by one, stopping at the first match.
                let mut exits = Vec::new();
                for &item in items {
                    let (r, _) = self.node(item);
                    if kind.is_num() {
                        self.emit(Instr::NCmp {
                            op: Cmp::Eq,
                            dst,
                            a,
                            b: r,
                        });
                    } else {
                        self.emit(Instr::ICmp {
                            op: Cmp::Eq,
                            dst,
                            a,
                            b: r,
                        });
                    }
                    exits.push(self.here());
                    self.emit(Instr::JumpIfTrue { cond: dst, to: 0 });
                }
                self.emit(Instr::IConst { dst, v: 0 });
                let end = self.here();
                for at in exits {
                    self.patch(at, end);
                }
                if *negated {
                    let out = self.reg(Kind::Bool);
                    self.emit(Instr::Not { dst: out, a: dst });
                    return (out, Kind::Bool);
                }
                (dst, Kind::Bool)
            }
            Node::Given(var) => {
                let dst = self.reg(Kind::Bool);
                let who = self.who(*var, false);
                self.emit(Instr::Given {
                    dst,
                    var: *var,
                    who,
                });
                (dst, Kind::Bool)
            }
            Node::InForce { param, at } => {
                let date = match at {
                    Some(at) => u32::from(self.node(*at).0),
                    None => NONE,
                };
                let dst = self.reg(Kind::Bool);
                self.emit(Instr::InForce {
                    dst,
                    param: *param,
                    date,
                });
                (dst, Kind::Bool)
            }
            Node::Age { birth, at } => {
                let (birth, _) = self.node(*birth);
                let at = match at {
                    Some(at) => u32::from(self.node(*at).0),
                    None => NONE,
                };
                let dst = self.reg(Kind::Num);
                self.emit(Instr::Age { dst, birth, at });
                (dst, Kind::Num)
            }
            Node::Builtin(which) => {
                let kind = match which {
                    Builtin::MonthStart | Builtin::MonthEnd => Kind::Date,
                    _ => Kind::Num,
                };
                let dst = self.reg(kind);
                self.emit(Instr::Builtin { dst, which: *which });
                (dst, kind)
            }
        }
    }

    fn mov(&mut self, kind: Kind, dst: Reg, a: Reg) {
        if kind.is_num() {
            self.emit(Instr::NMov { dst, a });
        } else {
            self.emit(Instr::IMov { dst, a });
        }
    }

    /// `a and b` (`is_or` false) or `a or b`: `b` only if `a` does not decide.
    fn short_circuit(&mut self, a: NodeId, b: NodeId, is_or: bool) -> (Reg, Kind) {
        let (ra, _) = self.node(a);
        let dst = self.reg(Kind::Bool);
        self.emit(Instr::IMov { dst, a: ra });
        let skip = self.here();
        if is_or {
            self.emit(Instr::JumpIfTrue { cond: dst, to: 0 });
        } else {
            self.emit(Instr::JumpIfFalse { cond: dst, to: 0 });
        }
        let (rb, _) = self.node(b);
        self.emit(Instr::IMov { dst, a: rb });
        let end = self.here();
        self.patch(skip, end);
        (dst, Kind::Bool)
    }

    /// A parameter read on a date held in integer register `date`.
    fn param_at(&mut self, param: ParamId, date: Reg) -> (Reg, Kind) {
        let kind = kind_of(&self.program.params[param.index()].ty);
        // The value on the plan's first day, if any, is folded: most reads
        // under a rule file's `law_date` fall on it.
        let folded = match self.folded_param(param) {
            Some(Value::Num(n)) => self.pool_num(n),
            Some(other) => {
                self.code.ints.push(int_of(other));
                (self.code.ints.len() - 1) as u32
            }
            None => NONE,
        };
        let dst = self.reg(kind);
        self.emit(Instr::ParamAt {
            dst,
            param,
            date,
            folded,
            kind,
        });
        (dst, kind)
    }

    /// A parameter without a value in the plan: looked up (and failing) at run time.
    fn param_at_month_start(&mut self, param: ParamId) -> (Reg, Kind) {
        let date = self.reg(Kind::Date);
        self.emit(Instr::Builtin {
            dst: date,
            which: Builtin::MonthStart,
        });
        self.param_at(param, date)
    }
}

/// Whether the table `dims` can hold the integer key `k` in dimension `dim`.
pub(crate) fn key_position(dim: TableDim, key: i64) -> Option<usize> {
    match dim {
        TableDim::Enum { len } => (0..i64::from(len)).contains(&key).then_some(key as usize),
        TableDim::Integer { min, len } => {
            let pos = key - min;
            (0..i64::from(len)).contains(&pos).then_some(pos as usize)
        }
    }
}
