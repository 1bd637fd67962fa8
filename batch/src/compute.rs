//! Calculating rows: a prepared [`Batch`] (shared by every worker) and a
//! [`Calculator`] per worker that keeps one flat-evaluator machine per month
//! plan and scenario, so that a household costs no allocation once warm.

use std::sync::{Arc, OnceLock};

use etuus_engine::compile::ids::{ResultId, VarId};
use etuus_engine::compile::MonthDates;
use etuus_engine::eval::EvalErrorKind;
use etuus_engine::trace::ROOT;
use etuus_engine::vm::{Code, Machine};
use etuus_engine::{EvalError, Household, Month, Program, RuleSet, Value};

use crate::error::{BatchError, RowError};
use crate::layout::{shown_value, Layout, Selection};
use crate::months::MonthSpec;
use crate::scenario::Grid;

/// How a batch calculates: what each row holds, the months, the reform grid.
#[derive(Debug, Clone, Default)]
pub struct BatchOptions {
    /// The results and values of each row.
    pub selection: Selection,
    /// `--set` arguments: parameter values and table cells replacing the rules'.
    pub sets: Vec<String>,
    /// The month of rows without their own.
    pub months: MonthSpec,
    /// For a month after the rules, carry the law of their last month forward.
    pub assume_latest: bool,
}

/// A prepared batch: the rules, the row layout, the months and the
/// scenarios, with each scenario's compiled code shared by the workers.
#[derive(Debug)]
pub struct Batch<'p> {
    rules: &'p RuleSet,
    /// The output columns.
    pub layout: Layout,
    /// The scenarios.
    pub grid: Grid,
    /// The months of rows without their own.
    pub months: MonthSpec,
    /// Whether months after the rules carry their last law forward.
    pub assume_latest: bool,
    /// Compiled code per (scenario, month plan), for scenarios with overrides.
    codes: Vec<OnceLock<Arc<Code>>>,
}

impl<'p> Batch<'p> {
    /// Prepares a batch; fails on an unknown result, variable or parameter.
    pub fn new(rules: &'p RuleSet, options: &BatchOptions) -> Result<Batch<'p>, BatchError> {
        let program = rules.program();
        let layout = Layout::new(program, &options.selection)?;
        let grid = if options.sets.is_empty() {
            Grid::none()
        } else {
            Grid::parse(program, &options.sets)?
        };
        let codes = (0..grid.scenarios.len() * program.months.len())
            .map(|_| OnceLock::new())
            .collect();
        Ok(Batch {
            rules,
            layout,
            grid,
            months: options.months.clone(),
            assume_latest: options.assume_latest,
            codes,
        })
    }

    /// The rule set.
    pub fn rules(&self) -> &'p RuleSet {
        self.rules
    }

    /// The compiled program.
    pub fn program(&self) -> &'p Program {
        self.rules.program()
    }

    /// The code of month plan `plan` under scenario `scenario`.
    fn code(&self, scenario: usize, plan: usize) -> Arc<Code> {
        let program = self.program();
        let overrides = &self.grid.scenarios[scenario].overrides;
        if overrides.is_empty() {
            return program.code(&program.months[plan]);
        }
        let slot = &self.codes[scenario * program.months.len() + plan];
        Arc::clone(slot.get_or_init(|| {
            Arc::new(etuus_engine::vm::compile(
                program,
                &program.months[plan],
                overrides,
            ))
        }))
    }
}

/// The values of one calculated row, by the layout's columns.
#[derive(Debug, Clone, Default)]
pub struct RowValues {
    /// Household-level columns.
    pub root: Vec<Option<Value>>,
    /// Per member group: each member's columns, member after member.
    pub members: Vec<Vec<Option<Value>>>,
    /// Per member group: the household's member indices in the group (for
    /// a group entity such as a family: the groups' indexes).
    pub member_index: Vec<Vec<u32>>,
    /// Per member group: for a group entity, each group's name (its members'
    /// ids); empty for members listed in the household.
    pub group_labels: Vec<Vec<String>>,
}

/// Calculates rows for one worker.
pub struct Calculator<'b, 'p> {
    batch: &'b Batch<'p>,
    machines: Vec<Option<Machine<'p>>>,
    failed: Vec<ResultId>,
    /// The values of the row calculated last.
    pub values: RowValues,
    /// Whether the last row's error left its other results calculated (a
    /// default result that lacked an input).
    pub partial: bool,
}

impl<'b, 'p> Calculator<'b, 'p> {
    /// A calculator for `batch`.
    pub fn new(batch: &'b Batch<'p>) -> Calculator<'b, 'p> {
        let program = batch.program();
        let machines = (0..batch.grid.scenarios.len() * program.months.len())
            .map(|_| None)
            .collect();
        Calculator {
            batch,
            machines,
            failed: Vec::new(),
            values: RowValues::default(),
            partial: false,
        }
    }

    /// The batch.
    pub fn batch(&self) -> &'b Batch<'p> {
        self.batch
    }

    /// Calculates `household` for `month` under scenario `scenario`, leaving
    /// the row's values in [`Calculator::values`]. Returns the error of a
    /// row that failed, or of a default result that lacked an input (the
    /// row's other results are then still there).
    pub fn calculate(
        &mut self,
        household: &Household,
        month: Month,
        scenario: usize,
    ) -> Option<RowError> {
        let batch = self.batch;
        let program = batch.program();
        let layout = &batch.layout;
        self.clear(household);
        self.partial = false;
        let Some(plan) = program.law_plan(month, batch.assume_latest) else {
            return Some(not_covered(program, month));
        };
        let plan_index = program.info.first_month.months_until(plan.month) as usize;
        let slot = scenario * program.months.len() + plan_index;
        let machine = self.machines[slot].get_or_insert_with(|| {
            let mut machine = Machine::new(program, plan, batch.code(scenario, plan_index));
            machine.set_cell_overrides(&batch.grid.scenarios[scenario].overrides.cells);
            machine
        });
        if machine.dates().month != month {
            machine.carry_law_to(MonthDates::of(month));
        }
        machine.load(household);
        if let Err(e) = machine.run_checks() {
            return Some(row_error(e, household));
        }
        // As `calc`: a default result that lacks an input is left out and
        // the others are calculated; any other failure fails the row.
        self.failed.clear();
        let mut first_failure = None;
        for &r in &layout.results {
            let def = &program.results[r.index()];
            let lines = if layout.all_lines { def.lines.len() } else { 0 };
            let vars = std::iter::once(def.amount)
                .chain(def.lines[..lines].iter().copied())
                .chain(def.line_filters[..lines].iter().flatten().copied())
                .chain(def.members_where.filter(|_| lines > 0));
            let mut outcome = Ok(());
            for var in vars {
                outcome = compute_var(machine, var);
                if outcome.is_err() {
                    break;
                }
            }
            match outcome {
                Ok(()) => {}
                Err(e) if layout.tolerant && e.as_input().is_some() => {
                    self.failed.push(r);
                    first_failure.get_or_insert(e);
                }
                Err(e) => return Some(row_error(e, household)),
            }
        }
        for &var in &layout.values {
            if let Err(e) = compute_var(machine, var) {
                return Some(row_error(e, household));
            }
        }
        // A group entity's instances (families) are known only now.
        for (g, group) in layout.members.iter().enumerate() {
            if program.entities[group.entity.index()].grouping.is_none() {
                continue;
            }
            let count = machine.instances(group.entity).unwrap_or(0);
            let index = &mut self.values.member_index[g];
            index.clear();
            index.extend(0..count);
            let labels = &mut self.values.group_labels[g];
            labels.clear();
            for i in 0..count {
                let ids: Vec<&str> = machine
                    .group_members(group.entity, i)
                    .iter()
                    .filter_map(|&m| household.members.get(m as usize))
                    .map(|m| m.id.as_str())
                    .collect();
                labels.push(ids.join(", "));
            }
            self.values.members[g].clear();
            self.values.members[g].resize(count as usize * group.columns.len(), None);
        }
        let failed = &self.failed;
        let is_failed = |r: ResultId| failed.contains(&r);
        let value = |var: VarId, member: u32| machine.value(var, member);
        for (slot, column) in self.values.root.iter_mut().zip(&layout.root) {
            *slot = shown_value(program, column, ROOT, &value, &is_failed);
        }
        for ((group, values), members) in layout
            .members
            .iter()
            .zip(&mut self.values.members)
            .zip(&self.values.member_index)
        {
            let width = group.columns.len();
            for (k, &m) in members.iter().enumerate() {
                for (c, column) in group.columns.iter().enumerate() {
                    values[k * width + c] = shown_value(program, column, m, &value, &is_failed);
                }
            }
        }
        self.partial = self.failed.len() < layout.results.len();
        first_failure.map(|e| row_error(e, household))
    }

    /// Empties the row's values and sizes them for `household`'s members.
    fn clear(&mut self, household: &Household) {
        let layout = &self.batch.layout;
        let values = &mut self.values;
        values.root.clear();
        values.root.resize(layout.root.len(), None);
        values.members.resize_with(layout.members.len(), Vec::new);
        values
            .member_index
            .resize_with(layout.members.len(), Vec::new);
        values
            .group_labels
            .resize_with(layout.members.len(), Vec::new);
        values.group_labels.iter_mut().for_each(Vec::clear);
        for ((group, slots), index) in layout
            .members
            .iter()
            .zip(&mut values.members)
            .zip(&mut values.member_index)
        {
            index.clear();
            index.extend(
                household
                    .members
                    .iter()
                    .enumerate()
                    .filter(|(_, m)| m.entity == group.entity)
                    .map(|(i, _)| i as u32),
            );
            slots.clear();
            slots.resize(index.len() * group.columns.len(), None);
        }
    }

    /// Empties the row's values (for a row that could not be read).
    pub fn clear_empty(&mut self) {
        self.clear(&Household::default());
    }
}

fn compute_var(machine: &mut Machine<'_>, var: VarId) -> Result<(), EvalError> {
    if !machine.in_force(var) {
        // `formula: ~` this month: the variable does not exist.
        return Ok(());
    }
    if machine.program().is_root_var(var) {
        machine.var(var, ROOT)?;
    } else {
        let entity = machine.program().vars[var.index()].entity;
        for m in 0..machine.instances(entity)? {
            machine.var(var, m)?;
        }
    }
    Ok(())
}

/// A calculation's error as a row's: the field with the member's id in it.
pub fn row_error(error: EvalError, household: &Household) -> RowError {
    match error.kind() {
        EvalErrorKind::Input(e) => {
            RowError::new(member_path(&e.path, household), e.message.clone())
        }
        EvalErrorKind::Arithmetic { var, .. } | EvalErrorKind::MissingTableRow { var, .. } => {
            RowError::new(var.clone(), error.to_string())
        }
        _ => RowError::new("", error.to_string()),
    }
}

/// Replaces the engine's member placeholder (`henkilot.#2.ika`) with the
/// member's id from the household.
fn member_path(path: &str, household: &Household) -> String {
    let Some(start) = path.find('#') else {
        return path.to_string();
    };
    let digits = path[start + 1..]
        .bytes()
        .take_while(u8::is_ascii_digit)
        .count();
    let end = start + 1 + digits;
    match path[start + 1..end]
        .parse::<usize>()
        .ok()
        .and_then(|m| household.members.get(m))
    {
        Some(member) => format!("{}{}{}", &path[..start], member.id, &path[end..]),
        None => path.to_string(),
    }
}

/// The error of a month the rules do not answer for.
fn not_covered(program: &Program, month: Month) -> RowError {
    let (first, last) = (program.info.first_month, program.info.last_month);
    let message = if month > last {
        format!(
            "the rules cover {first} … {last}; {month} is after them. Calculate {last} or \
             earlier, or carry the law of {last} forward with --assume-latest (every value \
             then unconfirmed)"
        )
    } else {
        format!("the rules cover {first} … {last}; {month} is before them")
    };
    RowError::new("month", message)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn member_placeholder_becomes_the_id() {
        let household = Household {
            members: vec![
                etuus_engine::household::Member {
                    id: "a".into(),
                    entity: etuus_engine::compile::ids::EntityId(1),
                    values: Vec::new(),
                },
                etuus_engine::household::Member {
                    id: "b".into(),
                    entity: etuus_engine::compile::ids::EntityId(1),
                    values: Vec::new(),
                },
            ],
            ..Household::default()
        };
        assert_eq!(member_path("henkilot.#1.ika", &household), "henkilot.b.ika");
        assert_eq!(member_path("vuokra", &household), "vuokra");
        assert_eq!(
            member_path("henkilot.#7.ika", &household),
            "henkilot.#7.ika"
        );
    }
}
