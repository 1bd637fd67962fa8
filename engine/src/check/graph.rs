//! Fifth pass: the dependency graph has no cycles, and every covered month
//! has a formula for each variable and a value for each parameter it reads.

use std::collections::{BTreeMap, HashSet};

use chrono::NaiveDate;

use crate::compile::ids::VarId;
use crate::compile::{Month, ParamValue, ParamVersion};
use crate::diagnostic::DiagnosticKind;

use super::checker::Checker;

/// Index of the value in force on `date`, if any (abolished counts as none).
pub(super) fn version_at(versions: &[ParamVersion], date: NaiveDate) -> Option<usize> {
    let after = versions.partition_point(|v| v.since <= date);
    let index = after.checked_sub(1)?;
    (!matches!(versions[index].value, ParamValue::Abolished)).then_some(index)
}

/// Index of the formula in force on `date`, if any.
pub(super) fn formula_at(
    sinces: impl Iterator<Item = NaiveDate>,
    date: NaiveDate,
) -> Option<usize> {
    sinces.take_while(|s| *s <= date).count().checked_sub(1)
}

impl<'a> Checker<'a> {
    /// Reports every dependency cycle once, checking the formulas in force
    /// together at each date where some formula changes.
    pub(super) fn check_cycles(&mut self) {
        let (start, end) = self.coverage();
        let mut dates: Vec<NaiveDate> = vec![start];
        for var in &self.vars {
            dates.extend(
                var.formulas
                    .iter()
                    .map(|f| f.since)
                    .filter(|d| *d > start && *d <= end),
            );
        }
        dates.sort();
        dates.dedup();
        let mut reported: HashSet<Vec<VarId>> = HashSet::new();
        for date in dates {
            let active: Vec<Option<usize>> = self
                .vars
                .iter()
                .map(|v| formula_at(v.formulas.iter().map(|f| f.since), date))
                .collect();
            for cycle in self.cycles(&active) {
                let mut key = cycle.clone();
                key.sort();
                if !reported.insert(key) {
                    continue;
                }
                let names: Vec<String> = cycle
                    .iter()
                    .chain(cycle.first())
                    .map(|v| self.vars[v.index()].name.clone())
                    .collect();
                let first = cycle[0];
                let span = active[first.index()]
                    .map(|i| self.vars[first.index()].formulas[i].span)
                    .unwrap_or(self.vars[first.index()].origin.span);
                let name = &names[0];
                let path = names.join(" -> ");
                self.error(
                    DiagnosticKind::CircularDependency,
                    span,
                    format!("`{name}` depends on its own value: `{path}`"),
                )
                .label("part of a cycle")
                .help("one of these formulas must be computed without the others; break the cycle");
            }
        }
    }

    /// Cycles in the graph of the given formula versions (iterative DFS).
    fn cycles(&self, active: &[Option<usize>]) -> Vec<Vec<VarId>> {
        #[derive(Clone, Copy, PartialEq)]
        enum Mark {
            New,
            Open,
            Done,
        }
        let n = self.vars.len();
        let mut marks = vec![Mark::New; n];
        let mut found = Vec::new();
        let edges = |v: usize| -> &[VarId] {
            match active[v] {
                Some(i) => self
                    .var_deps
                    .get(v)
                    .and_then(|d| d.get(i))
                    .map_or(&[], Vec::as_slice),
                None => &[],
            }
        };
        for root in 0..n {
            if marks[root] != Mark::New {
                continue;
            }
            let mut stack: Vec<(usize, usize)> = vec![(root, 0)];
            marks[root] = Mark::Open;
            while let Some(&mut (v, ref mut next)) = stack.last_mut() {
                let deps = edges(v);
                if *next < deps.len() {
                    let w = deps[*next].index();
                    *next += 1;
                    match marks[w] {
                        Mark::New => {
                            marks[w] = Mark::Open;
                            stack.push((w, 0));
                        }
                        Mark::Open => {
                            let from = stack.iter().position(|&(x, _)| x == w).unwrap_or(0);
                            found.push(
                                stack[from..]
                                    .iter()
                                    .map(|&(x, _)| VarId(x as u32))
                                    .collect(),
                            );
                        }
                        Mark::Done => {}
                    }
                } else {
                    marks[v] = Mark::Done;
                    stack.pop();
                }
            }
        }
        found
    }

    /// Reports months without a formula or without a parameter value a formula reads.
    pub(super) fn check_coverage(&mut self) {
        let (start, _) = self.coverage();
        for index in 0..self.vars.len() {
            let var = &self.vars[index];
            if var.input.is_some() {
                continue;
            }
            if let Some(first) = var.formulas.first() {
                if first.since > start {
                    let (name, since, span) = (var.name.clone(), first.since, first.span);
                    let until = since.pred_opt().unwrap_or(since);
                    let covered = format!("{} … {}", self.first_month, self.last_month);
                    self.error(
                        DiagnosticKind::CoverageGap,
                        span,
                        format!("`{name}` has no formula for {start} … {until}, but the rule set covers {covered}"),
                    )
                    .label(format!("first formula starts {since}"))
                    .help(format!("add a formula in force from {start}; if the rule did not exist yet, say what the value was (often 0)"));
                }
            }
        }
        // (parameter, reading variable) → (where it is read, months without a value)
        let mut gaps: Gaps = BTreeMap::new();
        let mut month = self.first_month;
        while month <= self.last_month {
            let day = month.first_day();
            for (v, active) in self.formulas_in_force(day) {
                for &(param, span) in &self.param_deps[v][active] {
                    if version_at(&self.params[param.index()].versions, day).is_none() {
                        gaps.entry((param.0, v as u32))
                            .or_insert((span, Vec::new()))
                            .1
                            .push(month);
                    }
                }
            }
            for deps in &self.check_param_deps {
                for &(param, span) in deps {
                    if version_at(&self.params[param.index()].versions, day).is_none() {
                        self.diags.push(crate::diagnostic::RuleDiagnostic::error(
                            DiagnosticKind::CoverageGap,
                            span,
                            format!(
                                "`{}` has no value for {month}, but a check reads it",
                                self.params[param.index()].name
                            ),
                        ));
                    }
                }
            }
            month = month.next();
        }
        self.check_reads_in_force();
        for ((param, var), (span, mut months)) in gaps {
            months.dedup();
            let pname = self.params[param as usize].name.clone();
            let vname = self.vars[var as usize].name.clone();
            let range = describe_months(&months);
            self.error(
                DiagnosticKind::CoverageGap,
                span,
                format!("`{pname}` has no value for {range}, but the formula of `{vname}` reads it then"),
            )
            .label("no value in some months")
            .help("add the parameter's value for those months, or a formula version that does not read it then");
        }
        for (param, date, span) in std::mem::take(&mut self.fixed_date_uses) {
            if version_at(&self.params[param.index()].versions, date).is_none() {
                let name = self.params[param.index()].name.clone();
                self.error(
                    DiagnosticKind::CoverageGap,
                    span,
                    format!("`{name}` has no value on {date}"),
                );
            }
        }
    }

    /// Each computed variable with the index of its formula version in force
    /// on `day` (a `formula: ~` version reads nothing, so it is left out).
    fn formulas_in_force(&self, day: NaiveDate) -> impl Iterator<Item = (usize, usize)> + '_ {
        self.vars.iter().enumerate().filter_map(move |(v, var)| {
            formula_at(var.formulas.iter().map(|f| f.since), day)
                .filter(|&i| var.formulas[i].in_force)
                .map(|i| (v, i))
        })
    }

    /// Reports formulas (and their notes' conditions) that read a variable in
    /// months where it is not in force (`formula: ~`).
    fn check_reads_in_force(&mut self) {
        let not_in_force = |var: &crate::compile::VarDef, day: NaiveDate| {
            var.input.is_none()
                && formula_at(var.formulas.iter().map(|f| f.since), day)
                    .is_some_and(|i| !var.formulas[i].in_force)
        };
        // (reader, read) → (where it is read, months)
        let mut gaps: Gaps = BTreeMap::new();
        let mut month = self.first_month;
        while month <= self.last_month {
            let day = month.first_day();
            for (v, active) in self.formulas_in_force(day) {
                let var = &self.vars[v];
                let notes = self.note_var_deps.get(v).map_or(&[][..], Vec::as_slice);
                for &read in self.var_deps[v][active].iter().chain(notes) {
                    if not_in_force(&self.vars[read.index()], day) {
                        gaps.entry((v as u32, read.0))
                            .or_insert((var.formulas[active].span, Vec::new()))
                            .1
                            .push(month);
                    }
                }
            }
            month = month.next();
        }
        for ((reader, read), (span, mut months)) in gaps {
            months.dedup();
            let rname = self.vars[reader as usize].name.clone();
            let name = self.vars[read as usize].name.clone();
            let range = describe_months(&months);
            self.error(
                DiagnosticKind::CoverageGap,
                span,
                format!("`{rname}` reads `{name}` in {range}, when `{name}` is not in force"),
            )
            .label("reads a variable that does not exist then")
            .help(format!(
                "give `{rname}` a formula version for those months that does not read `{name}`"
            ));
        }
    }

    /// Warns about parameters and variables nothing reads.
    pub(super) fn warn_unused(&mut self) {
        for p in 0..self.params.len() {
            if !self.param_used[p] {
                let (name, span) = (self.params[p].name.clone(), self.params[p].origin.span);
                self.warn(
                    DiagnosticKind::Unused,
                    span,
                    format!("parameter `{name}` is never used"),
                )
                .label("unused")
                .help("remove it, or use it in a formula");
            }
        }
        for v in 0..self.vars.len() {
            if !self.var_used[v] {
                let (name, span) = (self.vars[v].name.clone(), self.vars[v].origin.span);
                self.warn(
                    DiagnosticKind::Unused,
                    span,
                    format!("variable `{name}` is never used"),
                )
                .label("unused")
                .help("remove it, use it in a formula, or show it in a result's `lines`");
            }
        }
    }
}

/// (reader or parameter, variable) → (where it is read, the months it lacks a value).
type Gaps = BTreeMap<(u32, u32), (crate::source::Span, Vec<Month>)>;

/// `2021-01 … 2021-03, 2024-04` from a sorted list of months.
fn describe_months(months: &[Month]) -> String {
    let mut ranges: Vec<(Month, Month)> = Vec::new();
    for &m in months {
        match ranges.last_mut() {
            Some((_, end)) if end.next() == m => *end = m,
            _ => ranges.push((m, m)),
        }
    }
    ranges
        .iter()
        .map(|(a, b)| {
            if a == b {
                a.to_string()
            } else {
                format!("{a} … {b}")
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}
