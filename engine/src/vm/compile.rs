//! Compiles the formulas in force under one month plan into closures: one
//! per expression node, the plan's parameter values folded to constants,
//! values passed in registers rather than through memory.

use rust_decimal::Decimal;

use super::code::{Code, Expr, IntFn, NumFn, MEMBER_SLOT};
use super::kind::{int_of, kind_of, kind_of_value, Kind};
use super::state::{KeyValue, State, Visit};
use crate::compile::ids::{NodeId, ParamId, VarId};
use crate::compile::{Builtin, MonthPlan, Node, ParamValue, Program, RoundMode};
use crate::expr::{AggFunc, BinOp};
use crate::trace::ROOT;
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

/// Compiles every formula and check in force under `plan`. A formula the
/// program carries as Rust generated at build time ([`Program::natives`])
/// runs as that, unless parameters are overridden (the generated code reads
/// the plan's values, not overrides of them).
pub fn compile(program: &Program, plan: &MonthPlan, overrides: &Overrides) -> Code {
    let mut compiler = Compiler {
        program,
        plan,
        overrides,
        nodes: 0,
    };
    let natives = program.natives.filter(|_| overrides.is_empty());
    let mut native_count = 0;
    let var_expr = program
        .vars
        .iter()
        .enumerate()
        .map(|(index, var)| {
            let version = plan.formula[index];
            if var.input.is_some() || version == MonthPlan::NONE {
                return None;
            }
            let formula = var.formulas.get(version as usize)?;
            if !formula.in_force {
                return None;
            }
            if let Some(native) = natives.and_then(|n| n.find(index as u32, version)) {
                native_count += 1;
                return Some(match native {
                    super::native::NativeFn::Num(f) => Expr::Num(Box::new(f)),
                    super::native::NativeFn::Int(f) => Expr::Int(Box::new(f), kind_of(&var.ty)),
                });
            }
            Some(compiler.expr(formula.root))
        })
        .collect();
    let folded: Vec<Option<Value>> = (0..program.params.len())
        .map(|p| compiler.folded(ParamId(p as u32)))
        .collect();
    let check_expr = program
        .checks
        .iter()
        .map(|check| compiler.int(check.root))
        .collect();
    Code {
        var_expr,
        var_kind: program.vars.iter().map(|v| kind_of(&v.ty)).collect(),
        var_slot: program
            .vars
            .iter()
            .map(|v| {
                if v.entity.index() == 0 {
                    v.slot
                } else {
                    v.slot | MEMBER_SLOT
                }
            })
            .collect(),
        check_expr,
        nodes: compiler.nodes,
        plan_param: plan.param.clone(),
        folded_num: folded.iter().map(|v| v.and_then(Value::as_num)).collect(),
        folded_int: folded
            .iter()
            .map(|v| v.filter(|v| !kind_of_value(*v).is_num()).map(int_of))
            .collect(),
        natives: native_count,
    }
}

struct Compiler<'a> {
    program: &'a Program,
    plan: &'a MonthPlan,
    overrides: &'a Overrides,
    nodes: usize,
}

/// Whose variable a read is of.
#[derive(Clone, Copy)]
enum Who {
    Root,
    Current,
    Outer,
}

impl Compiler<'_> {
    fn expr(&mut self, node: NodeId) -> Expr {
        self.nodes += 1;
        let program = self.program;
        match &program.nodes[node.index()] {
            Node::Const(value) => constant(*value),
            Node::Var(var) => self.read_var(*var, false),
            Node::Outer(var) => self.read_var(*var, true),
            Node::Via(var) => self.read_group_var(*var),
            Node::Param(param) => match self.folded(*param) {
                Some(value) => constant(value),
                // The checker guarantees a value in every covered month; a
                // read in a branch not taken may still lack one: it fails
                // only if it is read.
                None => {
                    let param = *param;
                    let fail = move |s: &mut State<'_>| {
                        let name = &s.program.params[param.index()].name;
                        let e = crate::eval::EvalError::internal(format!(
                            "parameter `{name}` has no scalar value in force"
                        ));
                        s.fail(e);
                    };
                    if kind_of(&program.params[param.index()].ty).is_num() {
                        Expr::Num(Box::new(move |_, s| {
                            fail(s);
                            Decimal::ZERO
                        }))
                    } else {
                        let kind = kind_of(&program.params[param.index()].ty);
                        Expr::Int(
                            Box::new(move |_, s| {
                                fail(s);
                                0
                            }),
                            kind,
                        )
                    }
                }
            },
            Node::ParamAt(param, date) => {
                if let Some(value) = self.overridden(*param) {
                    return constant(value);
                }
                let date = self.int(*date);
                self.param_at(*param, date)
            }
            Node::Table { param, keys, at } => self.table(*param, program.args(*keys), *at),
            Node::Neg(x) => {
                let x = self.num(*x);
                Expr::Num(Box::new(move |c, s| -x(c, s)))
            }
            Node::Not(x) => {
                let x = self.int(*x);
                Expr::Int(Box::new(move |c, s| i64::from(x(c, s) == 0)), Kind::Bool)
            }
            Node::Binary(BinOp::And, a, b) => {
                let (a, b) = (self.int(*a), self.int(*b));
                Expr::Int(
                    Box::new(move |c, s| i64::from(a(c, s) != 0 && b(c, s) != 0)),
                    Kind::Bool,
                )
            }
            Node::Binary(BinOp::Or, a, b) => {
                let (a, b) = (self.int(*a), self.int(*b));
                Expr::Int(
                    Box::new(move |c, s| i64::from(a(c, s) != 0 || b(c, s) != 0)),
                    Kind::Bool,
                )
            }
            Node::Binary(op, a, b) => self.binary(*op, *a, *b),
            Node::If(cond, then, otherwise) => {
                let cond = self.int(*cond);
                match (self.expr(*then), self.expr(*otherwise)) {
                    (Expr::Num(t), Expr::Num(e)) => {
                        Expr::Num(Box::new(
                            move |c, s| {
                                if cond(c, s) != 0 {
                                    t(c, s)
                                } else {
                                    e(c, s)
                                }
                            },
                        ))
                    }
                    (Expr::Int(t, kind), Expr::Int(e, _)) => Expr::Int(
                        Box::new(move |c, s| if cond(c, s) != 0 { t(c, s) } else { e(c, s) }),
                        kind,
                    ),
                    // The checker gives both branches one type.
                    (t, _) => t,
                }
            }
            Node::Min(args) | Node::Max(args) => {
                let is_min = matches!(program.nodes[node.index()], Node::Min(_));
                let args: Vec<NumFn> = program.args(*args).iter().map(|&a| self.num(a)).collect();
                match (args.len(), is_min) {
                    (2, true) => {
                        let mut it = args.into_iter();
                        let (a, b) = (it.next().expect("two"), it.next().expect("two"));
                        Expr::Num(Box::new(move |c, s| {
                            let x = a(c, s);
                            x.min(b(c, s))
                        }))
                    }
                    (2, false) => {
                        let mut it = args.into_iter();
                        let (a, b) = (it.next().expect("two"), it.next().expect("two"));
                        Expr::Num(Box::new(move |c, s| {
                            let x = a(c, s);
                            x.max(b(c, s))
                        }))
                    }
                    _ => Expr::Num(Box::new(move |c, s| {
                        let mut best: Option<Decimal> = None;
                        for a in &args {
                            let v = a(c, s);
                            best = Some(match best {
                                None => v,
                                Some(b) if is_min => b.min(v),
                                Some(b) => b.max(v),
                            });
                        }
                        best.unwrap_or_default()
                    })),
                }
            }
            Node::Clamp(x, lo, hi) => {
                let (x, lo, hi) = (self.num(*x), self.num(*lo), self.num(*hi));
                Expr::Num(Box::new(move |c, s| {
                    let v = x(c, s);
                    let low = lo(c, s);
                    let high = hi(c, s);
                    v.max(low).min(high)
                }))
            }
            Node::Abs(x) => {
                let x = self.num(*x);
                Expr::Num(Box::new(move |c, s| x(c, s).abs()))
            }
            Node::Round {
                value,
                places,
                mode,
            } => {
                let x = self.num(*value);
                let (places, strategy) = (*places, mode.strategy());
                if *mode == RoundMode::HalfAwayFromZero {
                    Expr::Num(Box::new(move |c, s| {
                        x(c, s).round_dp_with_strategy(
                            places,
                            rust_decimal::RoundingStrategy::MidpointAwayFromZero,
                        )
                    }))
                } else {
                    Expr::Num(Box::new(move |c, s| {
                        x(c, s).round_dp_with_strategy(places, strategy)
                    }))
                }
            }
            Node::Aggregate {
                func,
                entity,
                within,
                filter,
                body,
            } => {
                let visit = match within {
                    Some(group) => Visit::Within(*group),
                    None if program.entities[entity.index()].grouping.is_some() => {
                        Visit::Groups(*entity)
                    }
                    None => Visit::Members,
                };
                self.aggregate(*func, visit, *filter, *body)
            }
            Node::In {
                value,
                list,
                negated,
            } => self.is_in(*value, program.args(*list), *negated),
            Node::Given(var) => {
                let var = *var;
                match self.who(var, false) {
                    Who::Root => Expr::Int(
                        Box::new(move |c, s| i64::from(s.given(c, var, ROOT))),
                        Kind::Bool,
                    ),
                    _ => Expr::Int(
                        Box::new(move |c, s| i64::from(s.given(c, var, s.member))),
                        Kind::Bool,
                    ),
                }
            }
            Node::InForce { param, at } => {
                let param = *param;
                match at {
                    None => Expr::Int(
                        Box::new(move |_, s| {
                            let day = s.dates.first_day;
                            i64::from(s.program.param_version_at(param, day).is_some())
                        }),
                        Kind::Bool,
                    ),
                    Some(at) => {
                        let at = self.int(*at);
                        Expr::Int(
                            Box::new(move |c, s| {
                                let day = super::kind::to_date(at(c, s));
                                i64::from(s.program.param_version_at(param, day).is_some())
                            }),
                            Kind::Bool,
                        )
                    }
                }
            }
            Node::Age { birth, at } => {
                let birth = self.int(*birth);
                let at: Option<IntFn> = at.map(|at| self.int(at));
                Expr::Num(Box::new(move |c, s| {
                    let born = birth(c, s);
                    let on = match &at {
                        Some(at) => at(c, s),
                        None => s.month_first,
                    };
                    s.age(born, on)
                }))
            }
            Node::Builtin(which) => match which {
                Builtin::MonthStart => Expr::Int(Box::new(|_, s| s.month_first), Kind::Date),
                Builtin::MonthEnd => Expr::Int(Box::new(|_, s| s.month_last), Kind::Date),
                Builtin::DaysInMonth => Expr::Num(Box::new(|_, s| Decimal::from(s.dates.days))),
                Builtin::WeekdaysInMonth => {
                    Expr::Num(Box::new(|_, s| Decimal::from(s.dates.weekdays)))
                }
                Builtin::MemberIndex => Expr::Num(Box::new(|_, s| Decimal::from(s.member))),
            },
        }
    }

    fn num(&mut self, node: NodeId) -> NumFn {
        match self.expr(node) {
            Expr::Num(f) => f,
            // The checker rules this out; a zero keeps the evaluator total.
            Expr::Int(..) => Box::new(|_, _| Decimal::ZERO),
        }
    }

    fn int(&mut self, node: NodeId) -> IntFn {
        match self.expr(node) {
            Expr::Int(f, _) => f,
            Expr::Num(_) => Box::new(|_, _| 0),
        }
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

    /// A variable read: its slot worked out from numbers captured here.
    fn read_var(&mut self, var: VarId, outer: bool) -> Expr {
        let def = &self.program.vars[var.index()];
        let kind = kind_of(&def.ty);
        let slot = def.slot as usize;
        let roots = self.program.root_slots as usize;
        match (kind.is_num(), self.who(var, outer)) {
            (true, Who::Root) => Expr::Num(Box::new(move |c, s| s.load_n_at(c, var, ROOT, slot))),
            (true, Who::Current) => Expr::Num(Box::new(move |c, s| {
                let m = s.member;
                let index = s.member_slot(roots, slot, m);
                s.load_n_at(c, var, m, index)
            })),
            (true, Who::Outer) => Expr::Num(Box::new(move |c, s| {
                let m = s.outer;
                let index = s.member_slot(roots, slot, m);
                s.load_n_at(c, var, m, index)
            })),
            (false, Who::Root) => {
                Expr::Int(Box::new(move |c, s| s.load_i_at(c, var, ROOT, slot)), kind)
            }
            (false, Who::Current) => Expr::Int(
                Box::new(move |c, s| {
                    let m = s.member;
                    let index = s.member_slot(roots, slot, m);
                    s.load_i_at(c, var, m, index)
                }),
                kind,
            ),
            (false, Who::Outer) => Expr::Int(
                Box::new(move |c, s| {
                    let m = s.outer;
                    let index = s.member_slot(roots, slot, m);
                    s.load_i_at(c, var, m, index)
                }),
                kind,
            ),
        }
    }

    /// A member's read of its group's variable (its family's).
    fn read_group_var(&mut self, var: VarId) -> Expr {
        let def = &self.program.vars[var.index()];
        let (entity, kind) = (def.entity, kind_of(&def.ty));
        let slot = def.slot as usize;
        let roots = self.program.root_slots as usize;
        if kind.is_num() {
            Expr::Num(Box::new(move |c, s| {
                let g = s.group_of(c, entity, s.member);
                let index = s.member_slot(roots, slot, g);
                s.load_n_at(c, var, g, index)
            }))
        } else {
            Expr::Int(
                Box::new(move |c, s| {
                    let g = s.group_of(c, entity, s.member);
                    let index = s.member_slot(roots, slot, g);
                    s.load_i_at(c, var, g, index)
                }),
                kind,
            )
        }
    }

    fn overridden(&self, param: ParamId) -> Option<Value> {
        self.overrides
            .params
            .iter()
            .find(|(p, _)| *p == param)
            .map(|(_, v)| *v)
    }

    /// The scalar value of `param` in the plan (an override first).
    fn folded(&self, param: ParamId) -> Option<Value> {
        if let Some(v) = self.overridden(param) {
            return Some(v);
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

    /// A parameter on the date `date` gives: the folded value when that is
    /// the plan's first day (most reads under a file's `law_date`), else
    /// looked up.
    fn param_at(&mut self, param: ParamId, date: IntFn) -> Expr {
        let def = &self.program.params[param.index()];
        let kind = kind_of(&def.ty);
        let folded = self.folded(param);
        if kind.is_num() {
            let folded = folded.and_then(Value::as_num);
            Expr::Num(Box::new(move |c, s| {
                let day = date(c, s);
                match folded {
                    Some(v) if day == s.plan_first => v,
                    _ => State::num(s.param_on(param, day)),
                }
            }))
        } else {
            let folded = folded.map(int_of);
            Expr::Int(
                Box::new(move |c, s| {
                    let day = date(c, s);
                    match folded {
                        Some(v) if day == s.plan_first => v,
                        _ => State::int(s.param_on(param, day)),
                    }
                }),
                kind,
            )
        }
    }

    fn table(&mut self, param: ParamId, keys: &[NodeId], at: Option<NodeId>) -> Expr {
        // As in the tree walk: the table's date is read before its keys.
        let date: Option<IntFn> = at.map(|at| self.int(at));
        let keys: Vec<Expr> = keys.iter().map(|&k| self.expr(k)).collect();
        let overridden = self.overrides.cells.iter().any(|(p, _, _)| *p == param);
        let kind = kind_of(&self.program.params[param.index()].ty);
        let lookup = move |c: &Code, s: &mut State<'_>| -> Option<Value> {
            let day = date.as_ref().map(|d| d(c, s));
            let version = s.table_version(c, param, day);
            let mut values = [KeyValue::Int(0); 4];
            for (slot, key) in values.iter_mut().zip(&keys) {
                *slot = match key {
                    Expr::Num(f) => KeyValue::Num(f(c, s)),
                    Expr::Int(f, _) => KeyValue::Int(f(c, s)),
                };
            }
            s.table(param, version, &values[..keys.len()], overridden)
        };
        if kind.is_num() {
            Expr::Num(Box::new(move |c, s| State::num(lookup(c, s))))
        } else {
            Expr::Int(Box::new(move |c, s| State::int(lookup(c, s))), kind)
        }
    }

    fn binary(&mut self, op: BinOp, a: NodeId, b: NodeId) -> Expr {
        let program = self.program;
        let constant_of = |n: NodeId| match program.nodes[n.index()] {
            Node::Const(Value::Num(k)) => Some(k),
            _ => None,
        };
        match op {
            BinOp::Add | BinOp::Sub | BinOp::Mul | BinOp::Div => {
                let x = self.num(a);
                // A constant right operand (a rate, a divisor) is captured.
                if let Some(k) = constant_of(b) {
                    self.nodes += 1;
                    return Expr::Num(match op {
                        BinOp::Add => Box::new(move |c, s| {
                            let v = x(c, s);
                            v.checked_add(k).unwrap_or_else(|| s.arith(OVERFLOW))
                        }),
                        BinOp::Sub => Box::new(move |c, s| {
                            let v = x(c, s);
                            v.checked_sub(k).unwrap_or_else(|| s.arith(OVERFLOW))
                        }),
                        BinOp::Mul => Box::new(move |c, s| {
                            let v = x(c, s);
                            v.checked_mul(k).unwrap_or_else(|| s.arith(OVERFLOW))
                        }),
                        _ if k.is_zero() => Box::new(move |c, s| {
                            x(c, s);
                            s.arith(DIVISION_BY_ZERO)
                        }),
                        _ => Box::new(move |c, s| {
                            let v = x(c, s);
                            v.checked_div(k).unwrap_or_else(|| s.arith(OVERFLOW))
                        }),
                    });
                }
                let y = self.num(b);
                Expr::Num(match op {
                    BinOp::Add => Box::new(move |c, s| {
                        let v = x(c, s);
                        let w = y(c, s);
                        v.checked_add(w).unwrap_or_else(|| s.arith(OVERFLOW))
                    }),
                    BinOp::Sub => Box::new(move |c, s| {
                        let v = x(c, s);
                        let w = y(c, s);
                        v.checked_sub(w).unwrap_or_else(|| s.arith(OVERFLOW))
                    }),
                    BinOp::Mul => Box::new(move |c, s| {
                        let v = x(c, s);
                        let w = y(c, s);
                        v.checked_mul(w).unwrap_or_else(|| s.arith(OVERFLOW))
                    }),
                    _ => Box::new(move |c, s| {
                        let v = x(c, s);
                        let w = y(c, s);
                        if w.is_zero() {
                            return s.arith(DIVISION_BY_ZERO);
                        }
                        v.checked_div(w).unwrap_or_else(|| s.arith(OVERFLOW))
                    }),
                })
            }
            _ => {
                let holds = comparison(op);
                match (self.expr(a), self.expr(b)) {
                    (Expr::Num(x), Expr::Num(y)) => Expr::Int(
                        Box::new(move |c, s| {
                            let v = x(c, s);
                            let w = y(c, s);
                            i64::from(holds(v.cmp(&w)))
                        }),
                        Kind::Bool,
                    ),
                    (Expr::Int(x, _), Expr::Int(y, _)) => Expr::Int(
                        Box::new(move |c, s| {
                            let v = x(c, s);
                            let w = y(c, s);
                            i64::from(holds(v.cmp(&w)))
                        }),
                        Kind::Bool,
                    ),
                    // The checker compares values of one type only.
                    _ => Expr::Int(Box::new(|_, _| 0), Kind::Bool),
                }
            }
        }
    }

    fn aggregate(
        &mut self,
        func: AggFunc,
        visit: Visit,
        filter: Option<NodeId>,
        body: Option<NodeId>,
    ) -> Expr {
        let filter: Option<IntFn> = filter.map(|f| self.int(f));
        match func {
            AggFunc::Sum => {
                let body: Option<NumFn> = body.map(|b| self.num(b));
                Expr::Num(Box::new(move |c, s| {
                    let (member, outer) = (s.member, s.outer);
                    s.outer = member;
                    let mut sum = Decimal::ZERO;
                    for m in 0..visit.count(c, s) {
                        if !visit.includes(s, m, member) {
                            continue;
                        }
                        s.member = m;
                        if let Some(f) = &filter {
                            if f(c, s) == 0 {
                                continue;
                            }
                        }
                        if let Some(b) = &body {
                            let v = b(c, s);
                            sum = match sum.checked_add(v) {
                                Some(total) => total,
                                None => s.arith(OVERFLOW),
                            };
                        }
                        if s.error.is_some() {
                            break;
                        }
                    }
                    (s.member, s.outer) = (member, outer);
                    sum
                }))
            }
            AggFunc::Count => Expr::Num(Box::new(move |c, s| {
                let (member, outer) = (s.member, s.outer);
                s.outer = member;
                let mut count = 0u32;
                for m in 0..visit.count(c, s) {
                    if !visit.includes(s, m, member) {
                        continue;
                    }
                    s.member = m;
                    if filter.as_ref().is_none_or(|f| f(c, s) != 0) {
                        count += 1;
                    }
                    if s.error.is_some() {
                        break;
                    }
                }
                (s.member, s.outer) = (member, outer);
                Decimal::from(count)
            })),
            AggFunc::Any | AggFunc::All => {
                let body: Option<IntFn> = body.map(|b| self.int(b));
                let is_any = func == AggFunc::Any;
                Expr::Int(
                    Box::new(move |c, s| {
                        let (member, outer) = (s.member, s.outer);
                        s.outer = member;
                        let (mut any, mut all) = (false, true);
                        for m in 0..visit.count(c, s) {
                            if !visit.includes(s, m, member) {
                                continue;
                            }
                            s.member = m;
                            if let Some(f) = &filter {
                                if f(c, s) == 0 {
                                    continue;
                                }
                            }
                            let holds = body.as_ref().is_none_or(|b| b(c, s) != 0);
                            any |= holds;
                            all &= holds;
                            if s.error.is_some() || (is_any && any) {
                                break;
                            }
                        }
                        (s.member, s.outer) = (member, outer);
                        i64::from(if is_any { any } else { all })
                    }),
                    Kind::Bool,
                )
            }
        }
    }

    fn is_in(&mut self, value: NodeId, list: &[NodeId], negated: bool) -> Expr {
        let program = self.program;
        let item = self.expr(value);
        let constants: Option<Vec<Value>> = list
            .iter()
            .map(|&n| match program.nodes[n.index()] {
                Node::Const(v) => Some(v),
                _ => None,
            })
            .collect();
        match (item, constants) {
            (Expr::Int(x, _), Some(set)) => {
                let set: Vec<i64> = set.into_iter().map(int_of).collect();
                Expr::Int(
                    Box::new(move |c, s| {
                        let v = x(c, s);
                        i64::from(set.contains(&v) != negated)
                    }),
                    Kind::Bool,
                )
            }
            (Expr::Num(x), Some(set)) if set.iter().all(|v| kind_of_value(*v).is_num()) => {
                let set: Vec<Decimal> = set.into_iter().filter_map(Value::as_num).collect();
                Expr::Int(
                    Box::new(move |c, s| {
                        let v = x(c, s);
                        i64::from(set.contains(&v) != negated)
                    }),
                    Kind::Bool,
                )
            }
            (item, _) => {
                // Items that are themselves computed: compared one by one,
                // stopping at the first match.
                let items: Vec<Expr> = list.iter().map(|&n| self.expr(n)).collect();
                match item {
                    Expr::Num(x) => Expr::Int(
                        Box::new(move |c, s| {
                            let v = x(c, s);
                            let found = items.iter().any(|i| match i {
                                Expr::Num(f) => f(c, s) == v,
                                Expr::Int(..) => false,
                            });
                            i64::from(found != negated)
                        }),
                        Kind::Bool,
                    ),
                    Expr::Int(x, _) => Expr::Int(
                        Box::new(move |c, s| {
                            let v = x(c, s);
                            let found = items.iter().any(|i| match i {
                                Expr::Int(f, _) => f(c, s) == v,
                                Expr::Num(_) => false,
                            });
                            i64::from(found != negated)
                        }),
                        Kind::Bool,
                    ),
                }
            }
        }
    }
}

const OVERFLOW: &str = "a number grew too large";
const DIVISION_BY_ZERO: &str = "division by zero";

fn constant(value: Value) -> Expr {
    match value {
        Value::Num(n) => Expr::Num(Box::new(move |_, _| n)),
        other => {
            let v = int_of(other);
            Expr::Int(Box::new(move |_, _| v), kind_of_value(other))
        }
    }
}

fn comparison(op: BinOp) -> fn(std::cmp::Ordering) -> bool {
    use std::cmp::Ordering;
    match op {
        BinOp::Eq => |o| o == Ordering::Equal,
        BinOp::Ne => |o| o != Ordering::Equal,
        BinOp::Lt => |o| o == Ordering::Less,
        BinOp::Le => |o| o != Ordering::Greater,
        BinOp::Gt => |o| o == Ordering::Greater,
        _ => |o| o != Ordering::Less,
    }
}
