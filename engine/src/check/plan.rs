//! Last passes: the results a rule set reports, and the per-month plans.

use crate::compile::{Month, MonthDates, MonthPlan, ResultDef};
use crate::diagnostic::DiagnosticKind;
use crate::load::LoadedFile;
use crate::source::Span;

use super::checker::{raw_files, Checker, Item};
use super::graph::{formula_at, version_at};
use super::lower::Scope;

impl<'a> Checker<'a> {
    /// Reads the `results:` sections.
    pub(super) fn read_results(&mut self, files: &'a [LoadedFile], defaults: &[(String, Span)]) {
        for (file, raw) in raw_files(files) {
            let namespace = raw.namespace.as_ref().map(|n| n.value.as_str());
            for (name, result) in raw.results.iter().flat_map(|r| r.iter()) {
                let span = self.span(file, name);
                if self.results.iter().any(|r| r.name == name.value) {
                    self.error(
                        DiagnosticKind::Duplicate,
                        span,
                        format!("result `{}` is defined twice", name.value),
                    );
                    continue;
                }
                let labels = self.labels(file, &result.labels, &name.value, span);
                let scope = Scope {
                    namespace,
                    entity: crate::compile::ids::EntityId(0),
                    law_date: None,
                    peers: false,
                };
                let var = |c: &mut Self, text: &serde_saphyr::Spanned<String>| {
                    let at = c.span(file, text);
                    match c.resolve(&text.value, &scope) {
                        Some(Item::Var(v)) => {
                            c.var_used[v.index()] = true;
                            Some(v)
                        }
                        Some(Item::Param(_)) => {
                            c.error(
                                DiagnosticKind::TypeMismatch,
                                at,
                                format!(
                                    "`{}` is a parameter; a result line shows a variable",
                                    text.value
                                ),
                            );
                            None
                        }
                        None => {
                            c.unknown_name(&text.value, at, &scope);
                            None
                        }
                    }
                };
                let amount = var(self, &result.amount);
                let filter = |c: &mut Self, text: &serde_saphyr::Spanned<String>| {
                    let at = c.span(file, text);
                    let v = var(c, text)?;
                    let def = &c.vars[v.index()];
                    if def.ty != crate::types::DeclaredType::Bool {
                        c.error(
                            DiagnosticKind::TypeMismatch,
                            at,
                            format!(
                                "a line filter needs a true-or-false variable, and `{}` is not one",
                                text.value
                            ),
                        );
                        return None;
                    }
                    Some(v)
                };
                let mut lines = Vec::new();
                let mut line_filters = Vec::new();
                for text in &result.lines {
                    // `name where flag`: this line's member values only where `flag` holds.
                    let (name, condition) = match text.value.split_once(" where ") {
                        Some((name, condition)) => (name.trim(), Some(condition.trim())),
                        None => (text.value.trim(), None),
                    };
                    let part = |value: &str| {
                        serde_saphyr::Spanned::new(value.to_string(), text.referenced, text.defined)
                    };
                    let Some(v) = var(self, &part(name)) else {
                        continue;
                    };
                    let condition = match condition {
                        Some(c) => match filter(self, &part(c)) {
                            Some(f) => Some(f),
                            None => continue,
                        },
                        None => None,
                    };
                    lines.push(v);
                    line_filters.push(condition);
                }
                let reference = result.reference.as_ref().map(|r| self.reference(file, r));
                let members_where = result.members_where.as_ref().and_then(|text| {
                    let v = filter(self, text)?;
                    if self.vars[v.index()].entity.index() == 0 {
                        let at = self.span(file, text);
                        self.error(
                            DiagnosticKind::EntityMismatch,
                            at,
                            format!("`members_where` needs a variable of a member entity, and `{}` is the household's", text.value),
                        );
                        return None;
                    }
                    Some(v)
                });
                if let Some(amount) = amount {
                    if self.vars[amount.index()].entity.index() != 0 {
                        let at = self.span(file, &result.amount);
                        self.error(
                            DiagnosticKind::EntityMismatch,
                            at,
                            "a result's amount must belong to the root entity",
                        )
                        .help("sum the members' amounts in a root-entity variable");
                    }
                    self.results.push(ResultDef {
                        name: name.value.clone(),
                        labels,
                        amount,
                        lines,
                        line_filters,
                        omit_zero_lines: result.omit_zero_lines.as_ref().is_some_and(|o| o.value),
                        reference,
                        members_where,
                    });
                }
            }
        }
        for (name, span) in defaults {
            if !self.results.iter().any(|r| &r.name == name) {
                let names: Vec<&str> = self.results.iter().map(|r| r.name.as_str()).collect();
                let help = format!("the results are {}", names.join(", "));
                self.error(
                    DiagnosticKind::UnknownName,
                    *span,
                    format!("no result `{name}`"),
                )
                .help(help);
            }
        }
    }

    /// For each covered month, the formula and parameter value in force on its first day.
    pub(super) fn month_plans(&self) -> Vec<MonthPlan> {
        let mut plans = Vec::new();
        let mut month: Month = self.first_month;
        while month <= self.last_month {
            let day = month.first_day();
            let formula: Vec<u16> = self
                .vars
                .iter()
                .map(|v| {
                    formula_at(v.formulas.iter().map(|f| f.since), day)
                        .filter(|&i| v.formulas[i].in_force)
                        .map_or(MonthPlan::NONE, |i| i as u16)
                })
                .collect();
            let param = self
                .params
                .iter()
                .map(|p| version_at(&p.versions, day).map_or(MonthPlan::NONE, |i| i as u16))
                .collect();
            let root = self
                .vars
                .iter()
                .zip(&formula)
                .map(|(v, &f): (&crate::compile::VarDef, &u16)| {
                    v.formulas
                        .get(f as usize)
                        .map_or(crate::compile::ids::NodeId(0), |f| f.root)
                })
                .collect();
            plans.push(MonthPlan {
                month,
                formula,
                root,
                param,
                dates: MonthDates::of(month),
            });
            month = month.next();
        }
        plans
    }
}
