//! Fourth pass: type-checks each formula and lowers it into the node arena.
//!
//! Each expression is lowered with the type its context expects (if any), so a
//! quoted name like `'vuokra'` can be resolved to a variant of the enum it is
//! compared with. An expression with an error gets [`Type::Error`], which fits
//! anywhere, so a mistake is reported once.

use crate::compile::ids::{EntityId, NodeId, ParamId, VarId};
use crate::compile::Args;
use crate::compile::{Builtin, Node};
use crate::diagnostic::DiagnosticKind;
use crate::expr::{parse_formula, BinOp, Expr, ExprKind, OffsetMap, UnOp};
use crate::source::Span;
use crate::types::{DeclaredType, Type, Unit};
use crate::value::Value;

use super::checker::{Checker, Item};
use super::suggest::closest;

/// Where a formula is being lowered.
#[derive(Clone, Copy)]
pub(super) struct Scope<'s> {
    pub namespace: Option<&'s str>,
    /// The entity whose one member (or the root) the expression is about.
    pub entity: EntityId,
    /// A node giving the date parameters are read at, if not the month's first day.
    pub law_date: Option<NodeId>,
    /// Inside an aggregate over the members of one's own entity: `outer.x`
    /// reads `x` of the member the aggregate is computed for.
    pub peers: bool,
}

impl Scope<'_> {
    /// The scope of a name outside any formula: the root entity, no namespace.
    pub(super) fn global() -> Scope<'static> {
        Scope {
            namespace: None,
            entity: EntityId(0),
            law_date: None,
            peers: false,
        }
    }
}

/// What a formula reads, collected while lowering it.
#[derive(Default)]
pub(super) struct Deps {
    pub vars: Vec<VarId>,
    pub params: Vec<(ParamId, Span)>,
}

impl<'a> Checker<'a> {
    /// Parses and lowers every pending formula.
    pub(super) fn lower_formulas(&mut self) {
        for var in 0..self.vars.len() {
            let pending = std::mem::take(&mut self.pending_formulas[var]);
            let (file, namespace) = (self.raw_vars[var].file, self.raw_vars[var].namespace);
            let expected = self.vars[var].ty.clone();
            let law_var = self.raw_vars[var]
                .law_date
                .and_then(|text| self.law_date_var(file, text, namespace, VarId(var as u32)));
            let mut var_deps = Vec::new();
            let mut param_deps = Vec::new();
            for (version, text) in pending.iter().enumerate() {
                let Some(text) = text else {
                    // `formula: ~`: the variable does not exist in this version.
                    let root = self.placeholder();
                    self.vars[var].formulas[version].root = root;
                    var_deps.push(Vec::new());
                    param_deps.push(Vec::new());
                    continue;
                };
                let span = self.vars[var].formulas[version].span;
                let map = OffsetMap::new(&self.sources.file(file).text, span, &text.value);
                let mut deps = Deps::default();
                let law_date = law_var.map(|v| {
                    deps.vars.push(v);
                    self.push(Node::Var(v))
                });
                let scope = Scope {
                    namespace,
                    entity: self.vars[var].entity,
                    law_date,
                    peers: false,
                };
                let root = match parse_formula(&text.value, &map) {
                    Ok(expr) => {
                        let (node, ty) = self.lower(&expr, &scope, Some(&expected.ty()), &mut deps);
                        self.check_assignable(&expr, &ty, &expected, var);
                        node
                    }
                    Err(e) => {
                        self.error(DiagnosticKind::Syntax, e.span, e.message)
                            .label("here")
                            .help("rules/README.md describes the formula language");
                        self.placeholder()
                    }
                };
                self.vars[var].formulas[version].root = root;
                var_deps.push(deps.vars);
                param_deps.push(deps.params);
            }
            self.lower_note_conditions(var, file, namespace, law_var);
            self.var_deps.push(var_deps);
            self.param_deps.push(param_deps);
        }
    }

    /// Parses and lowers a true-or-false condition (`what` names it in errors).
    fn lower_condition(
        &mut self,
        text: &str,
        map: &OffsetMap,
        scope: &Scope,
        what: &str,
        deps: &mut Deps,
    ) -> NodeId {
        match parse_formula(text, map) {
            Ok(expr) => {
                let (node, ty) = self.lower(&expr, scope, Some(&Type::Bool), deps);
                self.expect_bool(&ty, expr.span, what);
                node
            }
            Err(e) => {
                self.error(DiagnosticKind::Syntax, e.span, e.message)
                    .label("here");
                self.placeholder()
            }
        }
    }

    /// Lowers the `when:` conditions of a variable's notes.
    fn lower_note_conditions(
        &mut self,
        var: usize,
        file: crate::source::FileId,
        namespace: Option<&'a str>,
        law_var: Option<VarId>,
    ) {
        let raw = self.raw_vars[var].raw;
        let mut note_deps = Vec::new();
        for (index, note) in raw.notes.iter().flatten().enumerate() {
            let Some(text) = &note.when else { continue };
            let span = self.span(file, text);
            let map = OffsetMap::new(&self.sources.file(file).text, span, &text.value);
            let mut deps = Deps::default();
            let law_date = law_var.map(|v| self.push(Node::Var(v)));
            let scope = Scope {
                namespace,
                entity: self.vars[var].entity,
                law_date,
                peers: false,
            };
            let root =
                self.lower_condition(&text.value, &map, &scope, "a note's `when`", &mut deps);
            if let Some(n) = self.vars[var].notes.get_mut(index) {
                n.when = Some(root);
            }
            note_deps.extend(deps.vars);
        }
        self.note_var_deps.push(note_deps);
    }

    /// The variable a file's `law_date` names: a date of the root entity.
    /// The variable itself is exempt, since it cannot be read at its own value.
    fn law_date_var(
        &mut self,
        file: crate::source::FileId,
        text: &serde_saphyr::Spanned<String>,
        namespace: Option<&str>,
        owner: VarId,
    ) -> Option<VarId> {
        let span = self.span(file, text);
        let scope = Scope {
            namespace,
            entity: EntityId(0),
            law_date: None,
            peers: false,
        };
        match self.resolve(&text.value, &scope) {
            Some(Item::Var(v)) if v == owner => None,
            Some(Item::Var(v))
                if self.vars[v.index()].ty == DeclaredType::Date
                    && self.vars[v.index()].entity.index() == 0 =>
            {
                self.var_used[v.index()] = true;
                Some(v)
            }
            Some(_) => {
                self.error(DiagnosticKind::TypeMismatch, span, format!("`law_date` must name a date variable of the root entity, and `{}` is not one", text.value));
                None
            }
            None => {
                self.unknown_name(&text.value, span, &scope);
                None
            }
        }
    }

    /// Lowers the input checks.
    pub(super) fn lower_checks(&mut self) {
        for index in 0..self.raw_checks.len() {
            let (file, namespace, name_span, raw) = {
                let r = &self.raw_checks[index];
                (r.file, r.namespace, r.name_span, r.raw)
            };
            let name = Self::qualify(namespace, self.sources.text(name_span));
            let Some(&entity) = self.entity_by_name.get(&raw.entity.value) else {
                let span = self.span(file, &raw.entity);
                self.error(
                    DiagnosticKind::UnknownName,
                    span,
                    format!("unknown entity `{}`", raw.entity.value),
                );
                continue;
            };
            let message = self.labels(file, &raw.message, &name, name_span);
            let reference = raw.reference.as_ref().map(|r| self.reference(file, r));
            let scope = Scope {
                namespace,
                entity,
                law_date: None,
                peers: false,
            };
            let span = self.span(file, &raw.condition);
            let map = OffsetMap::new(&self.sources.file(file).text, span, &raw.condition.value);
            let mut deps = Deps::default();
            let root = self.lower_condition(
                &raw.condition.value,
                &map,
                &scope,
                "a check's condition",
                &mut deps,
            );
            self.check_param_deps.push(deps.params);
            self.checks.push(crate::compile::CheckDef {
                name,
                entity,
                root,
                field: raw.field.value.clone(),
                message,
                reference,
            });
        }
    }

    fn check_assignable(&mut self, expr: &Expr, ty: &Type, declared: &DeclaredType, var: usize) {
        let name = self.vars[var].name.clone();
        let ok = match (ty, declared) {
            (Type::Error, _) => true,
            (Type::Number { unit, integral }, DeclaredType::Number(kind, declared_unit)) => {
                let unit_ok = unit.as_ref().is_none_or(|u| u == declared_unit);
                if !unit_ok {
                    let found = self.describe(ty);
                    let wanted = self.describe_declared(declared);
                    self.error(
                        DiagnosticKind::UnitMismatch,
                        expr.span,
                        format!("the formula of `{name}` gives {found}, but `{name}` is declared as {wanted}"),
                    )
                    .label(format!("this is {found}"))
                    .help("convert with a parameter that has a legal reference (e.g. days per month), or fix the declared unit");
                    return;
                }
                if *kind == crate::types::NumKind::Integer && !integral {
                    self.error(
                        DiagnosticKind::TypeMismatch,
                        expr.span,
                        format!("`{name}` is an integer, but its formula can give a fraction"),
                    )
                    .help("round it explicitly, e.g. `round(x, euros, half_away_from_zero)`, or declare `type: number`");
                    return;
                }
                true
            }
            (found, wanted) => *found == wanted.ty(),
        };
        if !ok {
            let found = self.describe(ty);
            let wanted = self.describe_declared(declared);
            self.error(
                DiagnosticKind::TypeMismatch,
                expr.span,
                format!(
                    "the formula of `{name}` gives {found}, but `{name}` is declared as {wanted}"
                ),
            )
            .label(format!("this is {found}"));
        }
    }

    pub(super) fn push(&mut self, node: Node) -> NodeId {
        self.nodes.push(node);
        self.node_money.push(false);
        NodeId(self.nodes.len() as u32 - 1)
    }

    /// Lowers an expression and records whether its value is money.
    pub(super) fn lower(
        &mut self,
        e: &Expr,
        scope: &Scope,
        expected: Option<&Type>,
        deps: &mut Deps,
    ) -> (NodeId, Type) {
        let (node, ty) = self.lower_expr(e, scope, expected, deps);
        if let Type::Number {
            unit: Some(unit), ..
        } = &ty
        {
            self.node_money[node.index()] = unit
                .factors()
                .iter()
                .any(|&(id, exp)| exp == 1 && self.money_units.contains(&id));
        }
        (node, ty)
    }

    pub(super) fn push_args(&mut self, ids: &[NodeId]) -> Args {
        let start = self.args.len() as u32;
        self.args.extend_from_slice(ids);
        Args {
            start,
            len: ids.len() as u32,
        }
    }

    pub(super) fn placeholder(&mut self) -> NodeId {
        self.push(Node::Const(Value::Bool(false)))
    }

    fn error_node(&mut self) -> (NodeId, Type) {
        (self.placeholder(), Type::Error)
    }

    /// Describes a type for messages.
    pub(super) fn describe(&self, ty: &Type) -> String {
        match ty {
            Type::Number { unit: None, .. } => "zero".into(),
            Type::Number { unit: Some(u), .. } if u.is_one() => "a number without unit".into(),
            Type::Number { unit: Some(u), .. } => {
                format!(
                    "an amount in {}",
                    u.render(|id| self.units[id.index()].name.clone())
                )
            }
            Type::Bool => "true or false".into(),
            Type::Date => "a date".into(),
            Type::Enum(id) => format!("a value of `{}`", self.enums[id.index()].name),
            Type::Error => "an invalid value".into(),
        }
    }

    /// Resolves a name as written in a scope: first in the scope's namespace, then globally.
    pub(super) fn resolve(&self, text: &str, scope: &Scope) -> Option<Item> {
        if let Some(ns) = scope.namespace {
            if let Some(item) = self.items.get(&format!("{ns}.{text}")) {
                return Some(*item);
            }
        }
        self.items.get(text).copied()
    }

    pub(super) fn unknown_name(&mut self, text: &str, span: Span, scope: &Scope) {
        let candidates: Vec<String> = self.items.keys().cloned().collect();
        let suggestion = closest(text, candidates.iter().map(String::as_str)).map(|s| {
            // Suggest the shortest spelling that resolves from this scope.
            match (scope.namespace, s.split_once('.')) {
                (Some(ns), Some((prefix, local))) if ns == prefix => local.to_string(),
                _ => s.to_string(),
            }
        });
        let help = match suggestion {
            Some(s) => format!("did you mean `{s}`?"),
            None => {
                "declare it under `variables:` or `parameters:`, or qualify it with its namespace"
                    .into()
            }
        };
        self.error(
            DiagnosticKind::UnknownName,
            span,
            format!("unknown name `{text}`"),
        )
        .label("not defined")
        .help(help);
    }

    /// Lowers an expression; `expected` guides quoted enum names.
    fn lower_expr(
        &mut self,
        e: &Expr,
        scope: &Scope,
        expected: Option<&Type>,
        deps: &mut Deps,
    ) -> (NodeId, Type) {
        match &e.kind {
            ExprKind::Number { value, unit } => {
                let ty = match unit {
                    Some(factors) => match self.resolve_unit(factors) {
                        Some(u) => Type::number(u, value.fract().is_zero()),
                        None => Type::Error,
                    },
                    None if value.is_zero() => Type::Number {
                        unit: None,
                        integral: true,
                    },
                    None => Type::scalar(value.fract().is_zero()),
                };
                (self.push(Node::Const(Value::Num(*value))), ty)
            }
            ExprKind::Date(d) => (self.push(Node::Const(Value::Date(*d))), Type::Date),
            ExprKind::Bool(b) => (self.push(Node::Const(Value::Bool(*b))), Type::Bool),
            ExprKind::Str(text) => self.lower_variant(text, e.span, expected),
            ExprKind::Name(name) => self.lower_name(&name.text, name.span, scope, deps),
            ExprKind::Call { name, args } => {
                self.lower_call(name, args, e.span, scope, expected, deps)
            }
            ExprKind::Aggregate {
                func,
                entity,
                filter,
                body,
            } => self.lower_aggregate(
                *func,
                entity,
                filter.as_deref(),
                body.as_deref(),
                e.span,
                scope,
                deps,
            ),
            ExprKind::Index { target, keys } => self.lower_index(target, keys, e.span, scope, deps),
            ExprKind::At { target, date } => self.lower_at(target, date, scope, deps),
            ExprKind::Unary { op, expr } => {
                let (node, ty) = self.lower(expr, scope, None, deps);
                match op {
                    UnOp::Neg => {
                        if !ty.is_number() {
                            let found = self.describe(&ty);
                            self.error(
                                DiagnosticKind::TypeMismatch,
                                expr.span,
                                format!("`-` needs a number, but this is {found}"),
                            );
                            return self.error_node();
                        }
                        (self.push(Node::Neg(node)), ty)
                    }
                    UnOp::Not => {
                        self.expect_bool(&ty, expr.span, "`not`");
                        (self.push(Node::Not(node)), Type::Bool)
                    }
                }
            }
            ExprKind::Binary { op, lhs, rhs } => self.lower_binary(*op, lhs, rhs, scope, deps),
            ExprKind::If {
                cond,
                then,
                otherwise,
            } => {
                let (c, cty) = self.lower(cond, scope, Some(&Type::Bool), deps);
                self.expect_bool(&cty, cond.span, "an `if` condition");
                let (t, tty) = self.lower(then, scope, expected, deps);
                let hint = if tty == Type::Error {
                    expected.cloned()
                } else {
                    Some(tty.clone())
                };
                let (o, oty) = self.lower(otherwise, scope, hint.as_ref().or(expected), deps);
                let ty = match self.unify(&tty, &oty) {
                    Some(ty) => ty,
                    None => {
                        let (a, b) = (self.describe(&tty), self.describe(&oty));
                        let kind = if tty.is_number() && oty.is_number() {
                            DiagnosticKind::UnitMismatch
                        } else {
                            DiagnosticKind::TypeMismatch
                        };
                        self.error(
                            kind,
                            otherwise.span,
                            format!("the branches of this `if` differ: {a} and {b}"),
                        )
                        .label(format!("this is {b}"))
                        .related(then.span, format!("this is {a}"));
                        Type::Error
                    }
                };
                (self.push(Node::If(c, t, o)), ty)
            }
            ExprKind::In {
                expr,
                list,
                negated,
            } => {
                let (value, ty) = self.lower(expr, scope, None, deps);
                let mut items = Vec::new();
                for item in list {
                    let (node, ity) = self.lower(item, scope, Some(&ty), deps);
                    if self.unify(&ty, &ity).is_none() {
                        let (a, b) = (self.describe(&ty), self.describe(&ity));
                        self.error(
                            DiagnosticKind::TypeMismatch,
                            item.span,
                            format!("this list holds {b}, but the value tested is {a}"),
                        );
                    }
                    items.push(node);
                }
                let list = self.push_args(&items);
                (
                    self.push(Node::In {
                        value,
                        list,
                        negated: *negated,
                    }),
                    Type::Bool,
                )
            }
        }
    }

    fn lower_variant(&mut self, text: &str, span: Span, expected: Option<&Type>) -> (NodeId, Type) {
        let Some(Type::Enum(id)) = expected else {
            self.error(
                DiagnosticKind::TypeMismatch,
                span,
                format!("`'{text}'` names an enum value, but nothing here says which enum"),
            )
            .help("compare it with a value of the enum: `asumismuoto == 'vuokra'`");
            return self.error_node();
        };
        let def = &self.enums[id.index()];
        match def.variants.iter().position(|v| v.key == text) {
            Some(index) => (
                self.push(Node::Const(Value::Enum(index as u32))),
                Type::Enum(*id),
            ),
            None => {
                let name = def.name.clone();
                let keys: Vec<String> = def.variants.iter().map(|v| v.key.clone()).collect();
                let help = match closest(text, keys.iter().map(String::as_str)) {
                    Some(s) => format!("did you mean `'{s}'`?"),
                    None if keys.len() <= 12 => {
                        format!("the values of `{name}` are {}", keys.join(", "))
                    }
                    None => format!("`{name}` has {} values", keys.len()),
                };
                self.error(
                    DiagnosticKind::UnknownName,
                    span,
                    format!("`{name}` has no value `{text}`"),
                )
                .label("unknown value")
                .help(help);
                self.error_node()
            }
        }
    }

    fn lower_name(
        &mut self,
        text: &str,
        span: Span,
        scope: &Scope,
        deps: &mut Deps,
    ) -> (NodeId, Type) {
        if let Some(local) = text.strip_prefix("outer.") {
            return self.lower_outer(local, span, scope, deps);
        }
        match self.resolve(text, scope) {
            Some(Item::Var(var)) => {
                let def = &self.vars[var.index()];
                // A member's formula reads its own group's value (its family's).
                if let Some(g) = self.entities[def.entity.index()].grouping {
                    if g.of == scope.entity {
                        let ty = def.ty.ty();
                        self.var_used[var.index()] = true;
                        deps.vars.push(var);
                        deps.vars.push(g.key);
                        return (self.push(Node::Via(var)), ty);
                    }
                }
                if def.entity != scope.entity && def.entity.index() != 0 {
                    let entity = self.entities[def.entity.index()].clone();
                    let here = self.entities[scope.entity.index()].name.clone();
                    self.error(
                        DiagnosticKind::EntityMismatch,
                        span,
                        format!(
                            "`{text}` has one value per {}, but this formula is about one {here}",
                            entity.name
                        ),
                    )
                    .label(format!("one per {}", entity.name))
                    .help(format!(
                        "aggregate it, e.g. `sum({}, {text})` or `any({} where …)`",
                        entity.plural, entity.plural
                    ));
                    return self.error_node();
                }
                let ty = def.ty.ty();
                self.var_used[var.index()] = true;
                deps.vars.push(var);
                (self.push(Node::Var(var)), ty)
            }
            Some(Item::Param(param)) => {
                if !self.params[param.index()].keys.is_empty() {
                    let dims = self.params[param.index()].keys.len();
                    self.error(
                        DiagnosticKind::TypeMismatch,
                        span,
                        format!(
                            "`{text}` is a table; look a value up with {dims} key(s): `{text}[…]`"
                        ),
                    );
                    return self.error_node();
                }
                self.param_used[param.index()] = true;
                let ty = self.params[param.index()].ty.ty();
                match scope.law_date {
                    Some(date) => (self.push(Node::ParamAt(param, date)), ty),
                    None => {
                        deps.params.push((param, span));
                        (self.push(Node::Param(param)), ty)
                    }
                }
            }
            None => match Builtin::from_name(text) {
                Some(builtin) => {
                    let ty = match builtin {
                        Builtin::MonthStart | Builtin::MonthEnd => Type::Date,
                        Builtin::DaysInMonth | Builtin::WeekdaysInMonth | Builtin::MemberIndex => {
                            Type::scalar(true)
                        }
                    };
                    if builtin == Builtin::MemberIndex && scope.entity.index() == 0 {
                        self.error(DiagnosticKind::EntityMismatch, span, "`member_index` is the position of a member, so it needs a member's formula");
                        return self.error_node();
                    }
                    (self.push(Node::Builtin(builtin)), ty)
                }
                None => {
                    if self.entity_by_plural.contains_key(text) {
                        self.error(
                            DiagnosticKind::TypeMismatch,
                            span,
                            format!("`{text}` are the members of an entity, not a value"),
                        )
                        .help(format!(
                            "aggregate over them: `count({text})`, `sum({text}, …)`"
                        ));
                    } else {
                        self.unknown_name(text, span, scope);
                    }
                    self.error_node()
                }
            },
        }
    }

    /// `outer.x` inside an aggregate over one's peers: `x` of the member the
    /// enclosing formula is computed for.
    fn lower_outer(
        &mut self,
        text: &str,
        span: Span,
        scope: &Scope,
        deps: &mut Deps,
    ) -> (NodeId, Type) {
        if !scope.peers {
            self.error(DiagnosticKind::EntityMismatch, span, "`outer.` is only available inside an aggregate over the members of the formula's own entity")
                .help("write e.g. `sum(henkilot where perhe == outer.perhe, tulot)` in a person's formula");
            return self.error_node();
        }
        match self.resolve(text, scope) {
            Some(Item::Var(var)) if self.vars[var.index()].entity == scope.entity => {
                let ty = self.vars[var.index()].ty.ty();
                self.var_used[var.index()] = true;
                deps.vars.push(var);
                (self.push(Node::Outer(var)), ty)
            }
            Some(_) => {
                self.error(
                    DiagnosticKind::EntityMismatch,
                    span,
                    format!("`outer.{text}` must name a variable of the members being aggregated"),
                );
                self.error_node()
            }
            None => {
                self.unknown_name(text, span, scope);
                self.error_node()
            }
        }
    }

    /// Unifies two types: numbers with the same unit (zero fits any), or equal types.
    pub(super) fn unify(&self, a: &Type, b: &Type) -> Option<Type> {
        match (a, b) {
            (Type::Error, other) | (other, Type::Error) => Some(other.clone()),
            (
                Type::Number {
                    unit: ua,
                    integral: ia,
                },
                Type::Number {
                    unit: ub,
                    integral: ib,
                },
            ) => {
                let unit = match (ua, ub) {
                    (None, u) | (u, None) => u.clone(),
                    (Some(x), Some(y)) if x == y => Some(x.clone()),
                    _ => return None,
                };
                Some(Type::Number {
                    unit,
                    integral: *ia && *ib,
                })
            }
            (x, y) if x == y => Some(x.clone()),
            _ => None,
        }
    }

    pub(super) fn expect_bool(&mut self, ty: &Type, span: Span, what: &str) {
        if !matches!(ty, Type::Bool | Type::Error) {
            let found = self.describe(ty);
            self.error(
                DiagnosticKind::TypeMismatch,
                span,
                format!("{what} must be true or false, but this is {found}"),
            )
            .label(format!("this is {found}"))
            .help("compare it to get a truth value, e.g. `x > 0`");
        }
    }

    pub(super) fn expect_number(&mut self, ty: &Type, span: Span, what: &str) -> bool {
        if ty.is_number() {
            return true;
        }
        let found = self.describe(ty);
        self.error(
            DiagnosticKind::TypeMismatch,
            span,
            format!("{what} needs a number, but this is {found}"),
        )
        .label(format!("this is {found}"));
        false
    }

    fn lower_binary(
        &mut self,
        op: BinOp,
        lhs: &Expr,
        rhs: &Expr,
        scope: &Scope,
        deps: &mut Deps,
    ) -> (NodeId, Type) {
        let (l, lty) = self.lower(lhs, scope, None, deps);
        let (r, rty) = self.lower(rhs, scope, Some(&lty), deps);
        let ty = match op {
            BinOp::And | BinOp::Or => {
                self.expect_bool(&lty, lhs.span, &format!("`{}`", op.symbol()));
                self.expect_bool(&rty, rhs.span, &format!("`{}`", op.symbol()));
                Type::Bool
            }
            BinOp::Add | BinOp::Sub => {
                if !self.expect_number(&lty, lhs.span, &format!("`{}`", op.symbol()))
                    || !self.expect_number(&rty, rhs.span, &format!("`{}`", op.symbol()))
                {
                    return self.error_node();
                }
                match self.unify(&lty, &rty) {
                    Some(ty) => ty,
                    None => {
                        self.unit_clash(op, lhs, &lty, rhs, &rty);
                        Type::Error
                    }
                }
            }
            BinOp::Mul | BinOp::Div => {
                if !self.expect_number(&lty, lhs.span, &format!("`{}`", op.symbol()))
                    || !self.expect_number(&rty, rhs.span, &format!("`{}`", op.symbol()))
                {
                    return self.error_node();
                }
                match (&lty, &rty) {
                    (
                        Type::Number {
                            unit: ua,
                            integral: ia,
                        },
                        Type::Number {
                            unit: ub,
                            integral: ib,
                        },
                    ) => {
                        let ua = ua.clone().unwrap_or_default();
                        let ub = ub.clone().unwrap_or_default();
                        let unit = if op == BinOp::Mul {
                            ua.times(&ub)
                        } else {
                            ua.divide(&ub)
                        };
                        Type::number(unit, op == BinOp::Mul && *ia && *ib)
                    }
                    _ => Type::Error,
                }
            }
            BinOp::Eq | BinOp::Ne | BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge => {
                match self.unify(&lty, &rty) {
                    Some(Type::Bool) | Some(Type::Enum(_))
                        if !matches!(op, BinOp::Eq | BinOp::Ne) =>
                    {
                        let found = self.describe(&lty);
                        self.error(
                            DiagnosticKind::TypeMismatch,
                            lhs.span.to(rhs.span),
                            format!("`{}` does not order {found}", op.symbol()),
                        )
                        .help("compare these with `==` or `!=`");
                    }
                    Some(_) => {}
                    None => {
                        if lty.is_number() && rty.is_number() {
                            self.unit_clash(op, lhs, &lty, rhs, &rty);
                        } else {
                            let (a, b) = (self.describe(&lty), self.describe(&rty));
                            self.error(
                                DiagnosticKind::TypeMismatch,
                                rhs.span,
                                format!("cannot compare {a} with {b}"),
                            )
                            .label(format!("this is {b}"))
                            .related(lhs.span, format!("this is {a}"));
                        }
                    }
                }
                Type::Bool
            }
        };
        (self.push(Node::Binary(op, l, r)), ty)
    }

    fn unit_clash(&mut self, op: BinOp, lhs: &Expr, lty: &Type, rhs: &Expr, rty: &Type) {
        let (a, b) = (self.describe(lty), self.describe(rty));
        let literal = matches!(rhs.kind, ExprKind::Number { unit: None, .. })
            || matches!(lhs.kind, ExprKind::Number { unit: None, .. });
        let help = if literal {
            "a number written in a formula has no unit; make it a parameter with its legal reference, or write its unit: `300[eur/month]`"
        } else {
            "both sides of `+`, `-` and comparisons need the same unit"
        };
        self.error(
            DiagnosticKind::UnitMismatch,
            rhs.span,
            format!("`{}` combines {a} with {b}", op.symbol()),
        )
        .label(format!("this is {b}"))
        .related(lhs.span, format!("this is {a}"))
        .help(help);
    }

    /// `param @ date`: a scalar parameter at another date.
    fn lower_at(
        &mut self,
        target: &Expr,
        date: &Expr,
        scope: &Scope,
        deps: &mut Deps,
    ) -> (NodeId, Type) {
        let Some(param) = self.param_target(target, scope) else {
            return self.error_node();
        };
        if !self.params[param.index()].keys.is_empty() {
            let name = self.params[param.index()].name.clone();
            self.error(
                DiagnosticKind::TypeMismatch,
                target.span,
                format!("`{name}` is a table; look a value up: `{name} @ date [keys]`"),
            );
            return self.error_node();
        }
        let (date_node, date_ty) = self.lower(date, scope, Some(&Type::Date), deps);
        self.expect_date(&date_ty, date.span);
        self.note_fixed_date(param, date_node, date.span);
        let ty = self.params[param.index()].ty.ty();
        (self.push(Node::ParamAt(param, date_node)), ty)
    }

    pub(super) fn expect_date(&mut self, ty: &Type, span: Span) {
        if !matches!(ty, Type::Date | Type::Error) {
            let found = self.describe(ty);
            self.error(
                DiagnosticKind::TypeMismatch,
                span,
                format!("expected a date, but this is {found}"),
            );
        }
    }

    /// Remembers a lookup at a constant date, so coverage can check it.
    pub(super) fn note_fixed_date(&mut self, param: ParamId, node: NodeId, span: Span) {
        if let Node::Const(Value::Date(d)) = self.nodes[node.index()] {
            self.fixed_date_uses.push((param, d, span));
        }
    }

    /// The parameter an `@` or `[…]` applies to.
    pub(super) fn param_target(&mut self, target: &Expr, scope: &Scope) -> Option<ParamId> {
        let ExprKind::Name(name) = &target.kind else {
            self.error(
                DiagnosticKind::TypeMismatch,
                target.span,
                "only a parameter can be looked up here",
            )
            .help("write the parameter's name: `taulukko[avain]`, `arvo @ 2024-03-31`");
            return None;
        };
        match self.resolve(&name.text, scope) {
            Some(Item::Param(p)) => {
                self.param_used[p.index()] = true;
                Some(p)
            }
            Some(Item::Var(_)) => {
                self.error(
                    DiagnosticKind::TypeMismatch,
                    name.span,
                    format!(
                        "`{}` is a variable; only parameters have dated values and tables",
                        name.text
                    ),
                );
                None
            }
            None => {
                self.unknown_name(&name.text, name.span, scope);
                None
            }
        }
    }

    fn lower_index(
        &mut self,
        target: &Expr,
        keys: &[Expr],
        span: Span,
        scope: &Scope,
        deps: &mut Deps,
    ) -> (NodeId, Type) {
        let (param_expr, at) = match &target.kind {
            ExprKind::At { target, date } => (target.as_ref(), Some(date.as_ref())),
            _ => (target, None),
        };
        let Some(param) = self.param_target(param_expr, scope) else {
            return self.error_node();
        };
        let def_keys = self.params[param.index()].keys.clone();
        let name = self.params[param.index()].name.clone();
        if def_keys.is_empty() {
            self.error(
                DiagnosticKind::TypeMismatch,
                span,
                format!("`{name}` is not a table"),
            )
            .help(format!("use it without keys: `{name}`"));
            return self.error_node();
        }
        if def_keys.len() != keys.len() {
            self.error(
                DiagnosticKind::TypeMismatch,
                span,
                format!(
                    "`{name}` has {} key(s), but {} are given",
                    def_keys.len(),
                    keys.len()
                ),
            );
            return self.error_node();
        }
        let mut nodes = Vec::new();
        for (key, kind) in keys.iter().zip(&def_keys) {
            let expected = match kind {
                crate::compile::KeyType::Enum(id) => Type::Enum(*id),
                crate::compile::KeyType::Integer => Type::scalar(true),
            };
            let (node, ty) = self.lower(key, scope, Some(&expected), deps);
            let fits = match (&ty, kind) {
                (Type::Error, _) => true,
                (Type::Enum(a), crate::compile::KeyType::Enum(b)) => a == b,
                (Type::Number { unit, integral }, crate::compile::KeyType::Integer) => {
                    *integral && unit.as_ref().is_none_or(Unit::is_one)
                }
                _ => false,
            };
            if !fits {
                let (found, wanted) = (self.describe(&ty), self.describe(&expected));
                self.error(
                    DiagnosticKind::TypeMismatch,
                    key.span,
                    format!("this key of `{name}` must be {wanted}, but it is {found}"),
                )
                .label(format!("this is {found}"));
            }
            nodes.push(node);
        }
        let at_node = match at {
            Some(date) => {
                let (node, ty) = self.lower(date, scope, Some(&Type::Date), deps);
                self.expect_date(&ty, date.span);
                self.note_fixed_date(param, node, date.span);
                Some(node)
            }
            None => match scope.law_date {
                Some(date) => Some(date),
                None => {
                    deps.params.push((param, param_expr.span));
                    None
                }
            },
        };
        let keys = self.push_args(&nodes);
        let ty = self.params[param.index()].ty.ty();
        (
            self.push(Node::Table {
                param,
                keys,
                at: at_node,
            }),
            ty,
        )
    }
}
