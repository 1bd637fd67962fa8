//! Generates Rust from a checked program: each formula version as a function
//! over the evaluation [`State`](super::native::State), for a crate that
//! embeds the program to compile at build time (see [`super::native`]).
//!
//! The functions do exactly what the closures of [`super::compile`] do, in
//! the same order: the same reads (so the same values are memoised), the
//! same errors, the same short-circuits. Parameter values are read from the
//! month's compiled [`Code`](super::native::Code), so one function serves
//! every month its formula version is in force.

use std::fmt::Write as _;

use rust_decimal::Decimal;

use super::kind::{int_of, kind_of, kind_of_value, Kind};
use crate::compile::ids::{NodeId, VarId};
use crate::compile::{Builtin, Node, Program, RoundMode};
use crate::expr::{AggFunc, BinOp};
use crate::value::Value;

/// Rust source defining `pub static NATIVES: Natives` for `program`: one
/// function per formula version in force somewhere in the covered months.
/// The source uses `etuus_engine::vm::native::*` and nothing else.
pub fn generate(program: &Program) -> String {
    let mut g = Generator {
        program,
        constants: Vec::new(),
        fresh: 0,
    };
    let mut functions = String::new();
    let mut table = Vec::new();
    for (index, var) in program.vars.iter().enumerate() {
        if var.input.is_some() {
            continue;
        }
        for (version, formula) in var.formulas.iter().enumerate() {
            if !formula.in_force {
                continue;
            }
            let kind = kind_of(&var.ty);
            let (body, _) = g.expr(formula.root);
            let name = format!("f{index}_{version}");
            let ret = if kind.is_num() { "Decimal" } else { "i64" };
            let _ = writeln!(
                functions,
                "/// `{}` from {}.\nfn {name}(c: &Code, s: &mut State<'_>) -> {ret} {{\n    let _ = c;\n    {body}\n}}\n",
                var.name.replace('`', ""),
                formula.since
            );
            let variant = if kind.is_num() { "Num" } else { "Int" };
            table.push(format!("({index}, {version}, NativeFn::{variant}({name}))"));
        }
    }
    let mut out = String::new();
    out.push_str("// Generated from the rule files by etuus_engine::vm::codegen; do not edit.\n");
    out.push_str("use etuus_engine::vm::native::*;\n\n");
    for (i, d) in g.constants.iter().enumerate() {
        let m = d.mantissa().unsigned_abs();
        let _ = writeln!(
            out,
            "const K{i}: Decimal = Decimal::from_parts({}, {}, {}, {}, {});",
            (m & 0xFFFF_FFFF) as u32,
            ((m >> 32) & 0xFFFF_FFFF) as u32,
            ((m >> 64) & 0xFFFF_FFFF) as u32,
            d.is_sign_negative(),
            d.scale()
        );
    }
    out.push('\n');
    out.push_str(&functions);
    let _ = writeln!(
        out,
        "/// The generated formulas, by variable and formula version.\npub static NATIVES: Natives = Natives {{\n    rules_sha256: {:?},\n    formulas: &[\n        {}\n    ],\n}};",
        program.info.hash,
        table.join(",\n        ")
    );
    out
}

struct Generator<'a> {
    program: &'a Program,
    constants: Vec<Decimal>,
    fresh: usize,
}

impl Generator<'_> {
    fn fresh(&mut self) -> usize {
        self.fresh += 1;
        self.fresh
    }

    fn constant(&mut self, value: Value) -> (String, Kind) {
        match value {
            Value::Num(d) => {
                let at = match self.constants.iter().position(|k| {
                    *k == d
                        && k.scale() == d.scale()
                        && k.is_sign_negative() == d.is_sign_negative()
                }) {
                    Some(at) => at,
                    None => {
                        self.constants.push(d);
                        self.constants.len() - 1
                    }
                };
                (format!("K{at}"), Kind::Num)
            }
            other => (format!("{}i64", int_of(other)), kind_of_value(other)),
        }
    }

    fn num(&mut self, node: NodeId) -> String {
        match self.expr(node) {
            (e, Kind::Num) => e,
            _ => "Decimal::ZERO".into(),
        }
    }

    fn int(&mut self, node: NodeId) -> String {
        match self.expr(node) {
            (e, kind) if !kind.is_num() => e,
            _ => "0i64".into(),
        }
    }

    /// A variable read for the instance `who` (a Rust expression of a u32).
    fn read(&self, var: VarId, who: &str) -> (String, Kind) {
        let def = &self.program.vars[var.index()];
        let kind = kind_of(&def.ty);
        let load = if kind.is_num() {
            "load_n_at"
        } else {
            "load_i_at"
        };
        let v = var.index();
        let slot = def.slot;
        let e = if self.program.is_root_var(var) {
            format!("s.{load}(c, VarId({v}), ROOT, {slot}usize)")
        } else {
            let roots = self.program.root_slots;
            format!("{{ let m = {who}; let i = s.member_slot({roots}usize, {slot}usize, m); s.{load}(c, VarId({v}), m, i) }}")
        };
        (e, kind)
    }

    fn expr(&mut self, node: NodeId) -> (String, Kind) {
        let program = self.program;
        match &program.nodes[node.index()] {
            Node::Const(value) => self.constant(*value),
            Node::Var(var) => self.read(*var, "s.member"),
            Node::Outer(var) => self.read(*var, "s.outer"),
            Node::Via(var) => {
                let entity = program.vars[var.index()].entity.index();
                self.read(
                    *var,
                    &format!("s.group_of(c, EntityId({entity}), s.member)"),
                )
            }
            Node::Param(param) => {
                let p = param.index();
                let kind = kind_of(&program.params[p].ty);
                if kind.is_num() {
                    (format!("match c.folded_num[{p}] {{ Some(v) => v, None => {{ s.no_scalar(ParamId({p})); Decimal::ZERO }} }}"), kind)
                } else {
                    (format!("match c.folded_int[{p}] {{ Some(v) => v, None => {{ s.no_scalar(ParamId({p})); 0 }} }}"), kind)
                }
            }
            Node::ParamAt(param, date) => {
                let p = param.index();
                let kind = kind_of(&program.params[p].ty);
                let date = self.int(*date);
                if kind.is_num() {
                    (format!("{{ let d = {date}; match c.folded_num[{p}] {{ Some(v) if d == s.plan_first => v, _ => State::num(s.param_on(ParamId({p}), d)) }} }}"), kind)
                } else {
                    (format!("{{ let d = {date}; match c.folded_int[{p}] {{ Some(v) if d == s.plan_first => v, _ => State::int(s.param_on(ParamId({p}), d)) }} }}"), kind)
                }
            }
            Node::Table { param, keys, at } => {
                let p = param.index();
                let kind = kind_of(&program.params[p].ty);
                let date = match at {
                    Some(at) => format!("Some({})", self.int(*at)),
                    None => "None".into(),
                };
                let keys: Vec<String> = program
                    .args(*keys)
                    .iter()
                    .map(|&k| match self.expr(k) {
                        (e, Kind::Num) => format!("KeyValue::Num({e})"),
                        (e, _) => format!("KeyValue::Int({e})"),
                    })
                    .collect();
                let mut e = format!(
                    "{{ let d = {date}; let version = s.table_version(c, ParamId({p}), d); "
                );
                for (i, k) in keys.iter().enumerate() {
                    let _ = write!(e, "let k{i} = {k}; ");
                }
                let list: Vec<String> = (0..keys.len()).map(|i| format!("k{i}")).collect();
                let read = if kind.is_num() {
                    "State::num"
                } else {
                    "State::int"
                };
                let _ = write!(
                    e,
                    "{read}(s.table(ParamId({p}), version, &[{}], false)) }}",
                    list.join(", ")
                );
                (e, kind)
            }
            Node::Neg(x) => (format!("(-{})", self.num(*x)), Kind::Num),
            Node::Not(x) => (format!("i64::from({} == 0)", self.int(*x)), Kind::Bool),
            Node::Binary(BinOp::And, a, b) => {
                let (a, b) = (self.int(*a), self.int(*b));
                (format!("i64::from({a} != 0 && {b} != 0)"), Kind::Bool)
            }
            Node::Binary(BinOp::Or, a, b) => {
                let (a, b) = (self.int(*a), self.int(*b));
                (format!("i64::from({a} != 0 || {b} != 0)"), Kind::Bool)
            }
            Node::Binary(op, a, b) => self.binary(*op, *a, *b),
            Node::If(cond, then, otherwise) => {
                let cond = self.int(*cond);
                let (t, kind) = self.expr(*then);
                let (e, _) = self.expr(*otherwise);
                (format!("if {cond} != 0 {{ {t} }} else {{ {e} }}"), kind)
            }
            Node::Min(args) | Node::Max(args) => {
                let op = if matches!(program.nodes[node.index()], Node::Min(_)) {
                    "min"
                } else {
                    "max"
                };
                let args: Vec<String> = program.args(*args).iter().map(|&a| self.num(a)).collect();
                let Some((first, rest)) = args.split_first() else {
                    return ("Decimal::ZERO".into(), Kind::Num);
                };
                let mut e = format!("{{ let mut best = {first}; ");
                for a in rest {
                    let _ = write!(e, "let v = {a}; best = best.{op}(v); ");
                }
                e.push_str("best }");
                (e, Kind::Num)
            }
            Node::Clamp(x, lo, hi) => {
                let (x, lo, hi) = (self.num(*x), self.num(*lo), self.num(*hi));
                (
                    format!("{{ let v = {x}; let lo = {lo}; let hi = {hi}; v.max(lo).min(hi) }}"),
                    Kind::Num,
                )
            }
            Node::Abs(x) => (format!("({}).abs()", self.num(*x)), Kind::Num),
            Node::Round {
                value,
                places,
                mode,
            } => {
                let x = self.num(*value);
                let strategy = match mode {
                    RoundMode::HalfAwayFromZero => "MidpointAwayFromZero",
                    RoundMode::HalfEven => "MidpointNearestEven",
                    RoundMode::TowardZero => "ToZero",
                    RoundMode::AwayFromZero => "AwayFromZero",
                    RoundMode::Floor => "ToNegativeInfinity",
                    RoundMode::Ceiling => "ToPositiveInfinity",
                };
                (
                    format!("({x}).round_dp_with_strategy({places}, RoundingStrategy::{strategy})"),
                    Kind::Num,
                )
            }
            Node::Aggregate {
                func,
                entity,
                within,
                filter,
                body,
            } => {
                let visit = match within {
                    Some(group) => format!("Visit::Within(EntityId({}))", group.index()),
                    None if program.entities[entity.index()].grouping.is_some() => {
                        format!("Visit::Groups(EntityId({}))", entity.index())
                    }
                    None => "Visit::Members".into(),
                };
                self.aggregate(*func, &visit, *filter, *body)
            }
            Node::In {
                value,
                list,
                negated,
            } => {
                let (v, kind) = self.expr(*value);
                let items = program.args(*list);
                let constants: Option<Vec<Value>> = items
                    .iter()
                    .map(|&n| match program.nodes[n.index()] {
                        Node::Const(v) => Some(v),
                        _ => None,
                    })
                    .collect();
                let found = match constants {
                    Some(set) if !kind.is_num() => {
                        let set: Vec<String> = set
                            .into_iter()
                            .map(|v| format!("{}i64", int_of(v)))
                            .collect();
                        format!("[{}].contains(&v)", set.join(", "))
                    }
                    Some(set) if set.iter().all(|v| kind_of_value(*v).is_num()) => {
                        let set: Vec<String> =
                            set.into_iter().map(|v| self.constant(v).0).collect();
                        format!("[{}].contains(&v)", set.join(", "))
                    }
                    _ => {
                        let items: Vec<String> = items
                            .iter()
                            .map(|&n| format!("({}) == v", self.expr(n).0))
                            .collect();
                        if items.is_empty() {
                            "false".into()
                        } else {
                            items.join(" || ")
                        }
                    }
                };
                (
                    format!("{{ let v = {v}; i64::from(({found}) != {negated}) }}"),
                    Kind::Bool,
                )
            }
            Node::Given(var) => {
                let who = if program.is_root_var(*var) {
                    "ROOT"
                } else {
                    "s.member"
                };
                (
                    format!("i64::from(s.given(c, VarId({}), {who}))", var.index()),
                    Kind::Bool,
                )
            }
            Node::InForce { param, at } => {
                let day = match at {
                    Some(at) => self.int(*at),
                    None => "s.month_first".into(),
                };
                (
                    format!(
                        "{{ let d = {day}; i64::from(s.in_force(ParamId({}), d)) }}",
                        param.index()
                    ),
                    Kind::Bool,
                )
            }
            Node::Age { birth, at } => {
                let birth = self.int(*birth);
                let at = match at {
                    Some(at) => self.int(*at),
                    None => "s.month_first".into(),
                };
                (
                    format!("{{ let b = {birth}; let on = {at}; s.age(b, on) }}"),
                    Kind::Num,
                )
            }
            Node::Builtin(which) => match which {
                Builtin::MonthStart => ("s.month_first".into(), Kind::Date),
                Builtin::MonthEnd => ("s.month_last".into(), Kind::Date),
                Builtin::DaysInMonth => ("Decimal::from(s.dates.days)".into(), Kind::Num),
                Builtin::WeekdaysInMonth => ("Decimal::from(s.dates.weekdays)".into(), Kind::Num),
                Builtin::MemberIndex => ("Decimal::from(s.member)".into(), Kind::Num),
            },
        }
    }

    fn binary(&mut self, op: BinOp, a: NodeId, b: NodeId) -> (String, Kind) {
        match op {
            BinOp::Add | BinOp::Sub | BinOp::Mul | BinOp::Div => {
                let (x, y) = (self.num(a), self.num(b));
                let e = match op {
                    BinOp::Add => format!("{{ let a = {x}; let b = {y}; a.checked_add(b).unwrap_or_else(|| s.arith(OVERFLOW)) }}"),
                    BinOp::Sub => format!("{{ let a = {x}; let b = {y}; a.checked_sub(b).unwrap_or_else(|| s.arith(OVERFLOW)) }}"),
                    BinOp::Mul => format!("{{ let a = {x}; let b = {y}; a.checked_mul(b).unwrap_or_else(|| s.arith(OVERFLOW)) }}"),
                    _ => format!("{{ let a = {x}; let b = {y}; if b.is_zero() {{ s.arith(DIVISION_BY_ZERO) }} else {{ a.checked_div(b).unwrap_or_else(|| s.arith(OVERFLOW)) }} }}"),
                };
                (e, Kind::Num)
            }
            _ => {
                let cmp = match op {
                    BinOp::Eq => "==",
                    BinOp::Ne => "!=",
                    BinOp::Lt => "<",
                    BinOp::Le => "<=",
                    BinOp::Gt => ">",
                    _ => ">=",
                };
                let (x, kx) = self.expr(a);
                let (y, ky) = self.expr(b);
                if kx.is_num() != ky.is_num() {
                    return ("0i64".into(), Kind::Bool);
                }
                (
                    format!("{{ let a = {x}; let b = {y}; i64::from(a {cmp} b) }}"),
                    Kind::Bool,
                )
            }
        }
    }

    fn aggregate(
        &mut self,
        func: AggFunc,
        visit: &str,
        filter: Option<NodeId>,
        body: Option<NodeId>,
    ) -> (String, Kind) {
        let n = self.fresh();
        let filter = filter.map(|f| self.int(f));
        let skip = filter.map_or_else(String::new, |f| format!("if {f} == 0 {{ continue; }} "));
        let head = format!(
            "{{ let (member{n}, outer{n}) = (s.member, s.outer); s.outer = member{n}; let visit{n} = {visit}; "
        );
        let each = format!(
            "for m{n} in 0..visit{n}.count(c, s) {{ if !visit{n}.includes(s, m{n}, member{n}) {{ continue; }} s.member = m{n}; {skip}"
        );
        let tail = format!("s.member = member{n}; s.outer = outer{n}; ");
        match func {
            AggFunc::Sum => {
                let add = match body {
                    Some(b) => {
                        let b = self.num(b);
                        format!("let v = {b}; acc{n} = match acc{n}.checked_add(v) {{ Some(t) => t, None => s.arith(OVERFLOW) }}; ")
                    }
                    None => String::new(),
                };
                (
                    format!("{head}let mut acc{n} = Decimal::ZERO; {each}{add}if s.error.is_some() {{ break; }} }} {tail}acc{n} }}"),
                    Kind::Num,
                )
            }
            AggFunc::Count => (
                format!("{head}let mut count{n} = 0u32; {each}count{n} += 1; if s.error.is_some() {{ break; }} }} {tail}Decimal::from(count{n}) }}"),
                Kind::Num,
            ),
            AggFunc::Any | AggFunc::All => {
                let holds = match body {
                    Some(b) => format!("{} != 0", self.int(b)),
                    None => "true".into(),
                };
                let stop = if func == AggFunc::Any {
                    format!("if s.error.is_some() || any{n} {{ break; }}")
                } else {
                    "if s.error.is_some() { break; }".into()
                };
                let result = if func == AggFunc::Any {
                    format!("any{n}")
                } else {
                    format!("all{n}")
                };
                (
                    format!("{head}let (mut any{n}, mut all{n}) = (false, true); {each}let h = {holds}; any{n} |= h; all{n} &= h; {stop} }} {tail}i64::from({result}) }}"),
                    Kind::Bool,
                )
            }
        }
    }
}
