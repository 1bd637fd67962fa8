//! Lowering of function calls and aggregates.

use crate::compile::{Node, RoundMode};
use crate::diagnostic::DiagnosticKind;
use crate::expr::{AggFunc, Expr, ExprKind, Name};
use crate::source::Span;
use crate::types::Type;

use super::checker::{Checker, Item};
use super::lower::{Deps, Scope};
use super::suggest::closest;

/// Functions a formula can call, for "did you mean" and help texts.
const FUNCTIONS: &[&str] = &[
    "min", "max", "clamp", "abs", "round", "age", "given", "sum", "count", "any", "all",
];

impl<'a> Checker<'a> {
    pub(super) fn lower_call(
        &mut self,
        name: &Name,
        args: &[Expr],
        span: Span,
        scope: &Scope,
        expected: Option<&Type>,
        deps: &mut Deps,
    ) -> (crate::compile::ids::NodeId, Type) {
        match name.text.as_str() {
            "min" | "max" => {
                if args.len() < 2 {
                    return self.arity(name, span, "at least 2 arguments");
                }
                let mut nodes = Vec::new();
                let mut ty = Type::Number {
                    unit: None,
                    integral: true,
                };
                for arg in args {
                    let (node, aty) = self.lower(arg, scope, expected, deps);
                    if !self.expect_number(&aty, arg.span, &format!("`{}`", name.text)) {
                        ty = Type::Error;
                    } else if let Some(unified) = self.unify(&ty, &aty) {
                        ty = unified;
                    } else {
                        let (a, b) = (self.describe(&ty), self.describe(&aty));
                        self.error(
                            DiagnosticKind::UnitMismatch,
                            arg.span,
                            format!("`{}` compares {a} with {b}", name.text),
                        )
                        .label(format!("this is {b}"));
                        ty = Type::Error;
                    }
                    nodes.push(node);
                }
                let list = self.push_args(&nodes);
                let node = if name.text == "min" {
                    Node::Min(list)
                } else {
                    Node::Max(list)
                };
                (self.push(node), ty)
            }
            "clamp" => {
                let [x, lo, hi] = args else {
                    return self.arity(name, span, "3 arguments: clamp(value, lowest, highest)");
                };
                let (xn, xt) = self.lower(x, scope, expected, deps);
                let (ln, lt) = self.lower(lo, scope, Some(&xt), deps);
                let (hn, ht) = self.lower(hi, scope, Some(&xt), deps);
                let mut ty = xt.clone();
                for (t, s) in [(&lt, lo.span), (&ht, hi.span)] {
                    match self.unify(&ty, t) {
                        Some(u) => ty = u,
                        None => {
                            let (a, b) = (self.describe(&xt), self.describe(t));
                            self.error(
                                DiagnosticKind::UnitMismatch,
                                s,
                                format!("`clamp` bounds {a} with {b}"),
                            );
                            ty = Type::Error;
                        }
                    }
                }
                (self.push(Node::Clamp(xn, ln, hn)), ty)
            }
            "abs" => {
                let [x] = args else {
                    return self.arity(name, span, "1 argument");
                };
                let (node, ty) = self.lower(x, scope, expected, deps);
                self.expect_number(&ty, x.span, "`abs`");
                (self.push(Node::Abs(node)), ty)
            }
            "round" => self.lower_round(name, args, span, scope, deps),
            "age" => {
                if args.is_empty() || args.len() > 2 {
                    return self.arity(
                        name,
                        span,
                        "1 or 2 arguments: age(birth_date) or age(birth_date, on_date)",
                    );
                }
                let (birth, bt) = self.lower(&args[0], scope, Some(&Type::Date), deps);
                self.expect_date(&bt, args[0].span);
                let at = match args.get(1) {
                    Some(d) => {
                        let (n, t) = self.lower(d, scope, Some(&Type::Date), deps);
                        self.expect_date(&t, d.span);
                        Some(n)
                    }
                    None => None,
                };
                (self.push(Node::Age { birth, at }), Type::scalar(true))
            }
            "in_force" => {
                if args.is_empty() || args.len() > 2 {
                    return self.arity(
                        name,
                        span,
                        "1 or 2 arguments: in_force(parameter) or in_force(parameter, date)",
                    );
                }
                let Some(param) = self.param_target(&args[0], scope) else {
                    return (self.placeholder(), Type::Error);
                };
                let at = match args.get(1) {
                    Some(d) => {
                        let (n, t) = self.lower(d, scope, Some(&Type::Date), deps);
                        self.expect_date(&t, d.span);
                        Some(n)
                    }
                    None => scope.law_date,
                };
                (self.push(Node::InForce { param, at }), Type::Bool)
            }
            "given" => {
                let [arg] = args else {
                    return self.arity(name, span, "1 argument: the name of an optional input");
                };
                let ExprKind::Name(input) = &arg.kind else {
                    self.error(
                        DiagnosticKind::TypeMismatch,
                        arg.span,
                        "`given` takes the name of an input",
                    );
                    return (self.placeholder(), Type::Error);
                };
                match self.resolve(&input.text, scope) {
                    Some(Item::Var(var)) if self.vars[var.index()].input.is_some() => {
                        let def = &self.vars[var.index()];
                        if def.entity != scope.entity && def.entity.index() != 0 {
                            self.error(
                                DiagnosticKind::EntityMismatch,
                                arg.span,
                                format!("`{}` belongs to another entity", input.text),
                            );
                        }
                        self.var_used[var.index()] = true;
                        (self.push(Node::Given(var)), Type::Bool)
                    }
                    Some(_) => {
                        self.error(
                            DiagnosticKind::TypeMismatch,
                            arg.span,
                            format!("`{}` is not an input, so it is always known", input.text),
                        );
                        (self.placeholder(), Type::Error)
                    }
                    None => {
                        self.unknown_name(&input.text, input.span, scope);
                        (self.placeholder(), Type::Error)
                    }
                }
            }
            other => {
                let help = match closest(other, FUNCTIONS.iter().copied()) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => format!("the functions are {}", FUNCTIONS.join(", ")),
                };
                self.error(
                    DiagnosticKind::UnknownName,
                    name.span,
                    format!("unknown function `{other}`"),
                )
                .label("not a function")
                .help(help);
                for arg in args {
                    self.lower(arg, scope, None, deps);
                }
                (self.placeholder(), Type::Error)
            }
        }
    }

    fn arity(
        &mut self,
        name: &Name,
        span: Span,
        wanted: &str,
    ) -> (crate::compile::ids::NodeId, Type) {
        self.error(
            DiagnosticKind::Syntax,
            span,
            format!("`{}` takes {wanted}", name.text),
        );
        (self.placeholder(), Type::Error)
    }

    /// `round(x, cents|euros|<places>, mode)`: the law says to what and how.
    fn lower_round(
        &mut self,
        name: &Name,
        args: &[Expr],
        span: Span,
        scope: &Scope,
        deps: &mut Deps,
    ) -> (crate::compile::ids::NodeId, Type) {
        let [value, places, mode] = args else {
            return self.arity(name, span, "3 arguments: round(value, cents or euros, mode), e.g. round(x, cents, half_away_from_zero)");
        };
        let (node, ty) = self.lower(value, scope, None, deps);
        self.expect_number(&ty, value.span, "`round`");
        let places = match &places.kind {
            ExprKind::Name(n) if n.text == "cents" => Some(2),
            ExprKind::Name(n) if n.text == "euros" => Some(0),
            ExprKind::Number { value, unit: None }
                if value.fract().is_zero() && *value <= 10.into() && !value.is_sign_negative() =>
            {
                u32::try_from(value.mantissa()).ok()
            }
            _ => None,
        };
        let Some(places) = places else {
            self.error(
                DiagnosticKind::Syntax,
                args[1].span,
                "round to `cents`, `euros` or a number of decimal places (0–10)",
            );
            return (self.placeholder(), Type::Error);
        };
        let mode = match &mode.kind {
            ExprKind::Name(n) => RoundMode::from_name(&n.text),
            _ => None,
        };
        let Some(mode) = mode else {
            self.error(DiagnosticKind::Syntax, args[2].span, "state how to round")
                .help(format!(
                    "one of {}; the law or Kela's practice says which",
                    RoundMode::NAMES.join(", ")
                ));
            return (self.placeholder(), Type::Error);
        };
        let ty = match ty {
            Type::Number { unit, integral } => Type::Number {
                unit,
                integral: integral || places == 0,
            },
            other => other,
        };
        (
            self.push(Node::Round {
                value: node,
                places,
                mode,
            }),
            ty,
        )
    }

    #[allow(clippy::too_many_arguments)]
    pub(super) fn lower_aggregate(
        &mut self,
        func: AggFunc,
        entity: &Name,
        filter: Option<&Expr>,
        body: Option<&Expr>,
        span: Span,
        scope: &Scope,
        deps: &mut Deps,
    ) -> (crate::compile::ids::NodeId, Type) {
        let Some(&member) = self.entity_by_plural.get(&entity.text) else {
            let plurals: Vec<String> = self.entity_by_plural.keys().cloned().collect();
            let help = match closest(&entity.text, plurals.iter().map(String::as_str)) {
                Some(s) => format!("did you mean `{s}`?"),
                None => format!(
                    "aggregates visit the members of an entity: {}",
                    plurals.join(", ")
                ),
            };
            self.error(
                DiagnosticKind::UnknownName,
                entity.span,
                format!("`{}` is not the plural of an entity", entity.text),
            )
            .help(help);
            return (self.placeholder(), Type::Error);
        };
        let peers = member == scope.entity && scope.entity.index() != 0;
        // A group's formula aggregates over its own members.
        let within = self.entities[scope.entity.index()]
            .grouping
            .filter(|g| g.of == member)
            .map(|g| {
                deps.vars.push(g.key);
                scope.entity
            });
        if self.entities[member.index()].member_of != Some(scope.entity)
            && !peers
            && within.is_none()
        {
            let here = self.entities[scope.entity.index()].name.clone();
            self.error(
                DiagnosticKind::EntityMismatch,
                entity.span,
                format!("`{}` are not members of a {here}", entity.text),
            )
            .help("aggregate from a formula of the entity they belong to");
            return (self.placeholder(), Type::Error);
        }
        if let Some(g) = self.entities[member.index()].grouping {
            // Aggregating over groups needs their membership.
            deps.vars.push(g.key);
        }
        let inner = Scope {
            entity: member,
            peers,
            ..*scope
        };
        let filter_node = filter.map(|f| {
            let (node, ty) = self.lower(f, &inner, Some(&Type::Bool), deps);
            self.expect_bool(&ty, f.span, "a `where` condition");
            node
        });
        let (body_node, ty) = match (func, body) {
            (AggFunc::Sum, Some(b)) => {
                let (node, ty) = self.lower(b, &inner, None, deps);
                self.expect_number(&ty, b.span, "`sum`");
                (Some(node), ty)
            }
            (AggFunc::Sum, None) => {
                self.error(
                    DiagnosticKind::Syntax,
                    span,
                    "`sum` needs the value to add up: `sum(henkilot, tulot)`",
                );
                (None, Type::Error)
            }
            (AggFunc::Count, Some(b)) => {
                self.error(DiagnosticKind::Syntax, b.span, "`count` takes a `where` condition, not a value: `count(henkilot where ika < 18)`");
                (None, Type::Error)
            }
            (AggFunc::Count, None) => (None, Type::scalar(true)),
            (AggFunc::Any | AggFunc::All, Some(b)) => {
                let (node, ty) = self.lower(b, &inner, Some(&Type::Bool), deps);
                self.expect_bool(&ty, b.span, &format!("`{}`", func.name()));
                (Some(node), Type::Bool)
            }
            (AggFunc::Any | AggFunc::All, None) => (None, Type::Bool),
        };
        let node = Node::Aggregate {
            func,
            entity: member,
            within,
            filter: filter_node,
            body: body_node,
        };
        (self.push(node), ty)
    }
}
