//! The outcome of a calculation: every value computed, readable by name.

use rust_decimal::Decimal;

use super::error::EvalError;
use super::evaluator::{member_placeholder, Evaluator, Slot};
use super::groups::Membership;
use crate::compile::ids::EntityId;
use crate::compile::ids::{ResultId, VarId};
use crate::compile::{Month, Program};
use crate::household::Household;
use crate::trace::{NoTrace, Recorder, Tracer, ROOT};
use crate::value::Value;
use crate::vm::Machine;

/// A finished calculation for one household and month.
#[derive(Debug, Clone)]
pub struct Calculation<'p> {
    program: &'p Program,
    month: Month,
    /// Set when the month lies after the rules and the law of this (the last
    /// covered) month was carried forward to it.
    carried_from: Option<Month>,
    household: Household,
    values: Values<'p>,
    /// Per entity: the groups of a group entity, where the calculation built them.
    groups: Vec<Option<Membership>>,
    results: Vec<ResultId>,
    /// Results that could not be computed for want of an input, with why.
    failed: Vec<(ResultId, EvalError)>,
    trace: Option<Recorder>,
}

/// What to calculate and how.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Results to compute; empty means the rule set's defaults.
    pub results: Vec<ResultId>,
    /// Further variables to compute.
    pub variables: Vec<VarId>,
    /// Record a trace for explanations.
    pub trace: bool,
    /// Parameter values replacing the rule set's.
    pub overrides: Vec<(crate::compile::ids::ParamId, Value)>,
    /// Table cells replacing the rule set's: the table, its keys, the value.
    pub cell_overrides: Vec<(crate::compile::ids::ParamId, Vec<Value>, Value)>,
    /// For a month after the rules' coverage, carry the law of the last
    /// covered month forward instead of failing; every value it reads is
    /// then unconfirmed ([`Calculation::carried_from`]).
    pub assume_latest: bool,
}

impl<'p> Calculation<'p> {
    /// Runs a calculation.
    pub fn run(
        program: &'p Program,
        household: &Household,
        month: Month,
        options: &Options,
    ) -> Result<Calculation<'p>, EvalError> {
        let Some(plan) = program.law_plan(month, options.assume_latest) else {
            return Err(EvalError::input(not_covered(program, month)));
        };
        let carried_from = (plan.month != month).then_some(plan.month);
        let dates = crate::compile::MonthDates::of(month);
        // A result the caller asked for must be computed; of the default
        // results, one that lacks an input is reported as not computed while
        // the others are still calculated.
        let tolerant = options.results.is_empty();
        let results = if tolerant {
            program.default_results.clone()
        } else {
            options.results.clone()
        };
        let fix = |e: EvalError| fix_member_path(e, household);
        let mut outcome = (Vec::new(), Vec::new());
        let groups;
        // An explanation needs the trace of the tree-walking evaluator; every
        // other calculation runs the flat code compiled for the month.
        let (values, trace) = if options.trace {
            let mut ev = Evaluator::new(program, plan, household, Recorder::default());
            ev.carry_law_to(dates);
            ev.set_overrides(&options.overrides);
            ev.set_cell_overrides(&options.cell_overrides);
            compute(&mut ev, options, &results, tolerant, &mut outcome).map_err(fix)?;
            groups = ev.memberships();
            (Values::Slots(ev.slots), Some(ev.tracer))
        } else {
            let overrides = crate::vm::Overrides {
                params: options.overrides.clone(),
                cells: options.cell_overrides.clone(),
            };
            let code = if overrides.is_empty() {
                program.code(plan)
            } else {
                std::sync::Arc::new(crate::vm::compile(program, plan, &overrides))
            };
            let mut machine = Machine::new(program, plan, code);
            machine.carry_law_to(dates);
            machine.set_cell_overrides(&options.cell_overrides);
            machine.load(household);
            compute(&mut machine, options, &results, tolerant, &mut outcome).map_err(fix)?;
            groups = machine.memberships();
            (Values::Machine(Box::new(machine)), None)
        };
        let (computed, failed) = outcome;
        Ok(Calculation {
            program,
            month,
            carried_from,
            household: household.clone(),
            values,
            groups,
            results: computed,
            failed: failed.into_iter().map(|(r, e)| (r, fix(e))).collect(),
            trace,
        })
    }

    /// How many instances a non-root entity has in this calculation: the
    /// household's members, or a group entity's groups (0 if no formula
    /// needed them).
    pub fn instances(&self, entity: EntityId) -> u32 {
        match self.program.entities[entity.index()].grouping {
            None => self.household.members.len() as u32,
            Some(_) => self
                .groups
                .get(entity.index())
                .and_then(Option::as_ref)
                .map_or(0, Membership::count),
        }
    }

    /// Instances of the entity `var` belongs to (1 for the root).
    pub fn instances_of(&self, var: VarId) -> u32 {
        let entity = self.program.vars[var.index()].entity;
        if entity.index() == 0 {
            1
        } else {
            self.instances(entity)
        }
    }

    /// The members of group `group` of a group entity, as member indexes.
    pub fn group_members(&self, entity: EntityId, group: u32) -> &[u32] {
        self.groups
            .get(entity.index())
            .and_then(Option::as_ref)
            .and_then(|m| m.members.get(group as usize))
            .map_or(&[], Vec::as_slice)
    }

    /// How an instance of a non-root entity is named for people: a member by
    /// its id in the household file, a group by its members' ids.
    pub fn instance_label(&self, entity: EntityId, index: u32) -> String {
        if self.program.entities[entity.index()].grouping.is_none() {
            return self
                .household
                .members
                .get(index as usize)
                .map_or_else(String::new, |m| m.id.clone());
        }
        let ids: Vec<&str> = self
            .group_members(entity, index)
            .iter()
            .filter_map(|&m| self.household.members.get(m as usize))
            .map(|m| m.id.as_str())
            .collect();
        ids.join(", ")
    }

    /// How the instance a value of `var` is about is named ([`Calculation::instance_label`]).
    pub fn member_label(&self, var: VarId, index: u32) -> String {
        let entity = self.program.vars[var.index()].entity;
        self.instance_label(entity, index)
    }

    /// Results that could not be computed, with the reason (a missing input).
    pub fn failed_results(&self) -> &[(ResultId, EvalError)] {
        &self.failed
    }

    /// The program the calculation ran.
    pub fn program(&self) -> &'p Program {
        self.program
    }

    /// The month calculated.
    pub fn month(&self) -> Month {
        self.month
    }

    /// The month whose law was applied, if it is not the month calculated:
    /// the rules' last covered month, carried forward to a later month.
    /// Every value such a calculation read is unconfirmed.
    pub fn carried_from(&self) -> Option<Month> {
        self.carried_from
    }

    /// The month whose law was applied.
    pub fn law_month(&self) -> Month {
        self.carried_from.unwrap_or(self.month)
    }

    /// The household calculated.
    pub fn household(&self) -> &Household {
        &self.household
    }

    /// The results computed.
    pub fn results(&self) -> &[ResultId] {
        &self.results
    }

    /// The trace, if one was recorded.
    pub fn trace(&self) -> Option<&Recorder> {
        self.trace.as_ref()
    }

    /// The value of a variable for a member (or [`ROOT`]), if it was computed or given.
    pub fn value(&self, var: VarId, member: u32) -> Option<Value> {
        let slots = match &self.values {
            Values::Machine(machine) => return machine.value(var, member),
            Values::Slots(slots) => slots,
        };
        let def = &self.program.vars[var.index()];
        let index = if def.entity.index() == 0 {
            def.slot as usize
        } else {
            if member == ROOT {
                return None;
            }
            self.program.root_slots as usize
                + def.slot as usize * self.household.members.len()
                + member as usize
        };
        match slots.get(index) {
            Some(Slot::Ready(v)) => Some(*v),
            _ => None,
        }
    }

    /// Every value as memo slots, for evaluating parts of formulas.
    fn slots(&self) -> Vec<Slot> {
        match &self.values {
            Values::Slots(slots) => slots.clone(),
            Values::Machine(_) => {
                let members = self.household.members.len();
                let program = self.program;
                let total = program.root_slots as usize + program.member_slots as usize * members;
                let mut slots = vec![Slot::Empty; total];
                for (index, def) in program.vars.iter().enumerate() {
                    let var = VarId(index as u32);
                    if def.entity.index() == 0 {
                        if let Some(v) = self.value(var, ROOT) {
                            slots[def.slot as usize] = Slot::Ready(v);
                        }
                    } else {
                        for m in 0..members {
                            if let Some(v) = self.value(var, m as u32) {
                                slots[program.root_slots as usize
                                    + def.slot as usize * members
                                    + m] = Slot::Ready(v);
                            }
                        }
                    }
                }
                slots
            }
        }
    }

    /// An evaluator over this calculation's values, to evaluate parts of formulas.
    pub(crate) fn evaluator(&self) -> Option<Evaluator<'p, NoTrace>> {
        let plan = self.program.plan(self.law_month())?;
        let mut evaluator = Evaluator::from_slots(
            self.program,
            plan,
            self.household.members.len() as u32,
            self.slots(),
            NoTrace,
        );
        evaluator.carry_law_to(crate::compile::MonthDates::of(self.month));
        Some(evaluator)
    }

    /// The value of a root-entity variable by name.
    pub fn value_of(&self, name: &str) -> Option<Value> {
        self.value(self.program.var_named(name)?, ROOT)
    }

    /// The number held by a root-entity variable, by name.
    pub fn number(&self, name: &str) -> Option<Decimal> {
        self.value_of(name)?.as_num()
    }

    /// The value of a member's variable, by member id and variable name.
    pub fn member_value_of(&self, member: &str, name: &str) -> Option<Value> {
        let index = self.household.members.iter().position(|m| m.id == member)?;
        self.value(self.program.var_named(name)?, index as u32)
    }

    /// The lines a result's explanation shows, in order, ending with its
    /// amount: each a variable and the member it is about (`ROOT` for the
    /// household). Lines not in force this month, lines whose filter does not
    /// hold and, if the result says so, zero lines are left out.
    pub fn shown_lines(&self, result: ResultId) -> Vec<ShownLine> {
        let def = &self.program.results[result.index()];
        let holds = |flag: VarId, member: u32| {
            let at = if self.program.is_root_var(flag) {
                ROOT
            } else {
                member
            };
            self.value(flag, at) == Some(Value::Bool(true))
        };
        let mut shown = Vec::new();
        let filters = def
            .line_filters
            .iter()
            .copied()
            .chain(std::iter::once(None));
        for (&var, filter) in def
            .lines
            .iter()
            .chain(std::iter::once(&def.amount))
            .zip(filters)
        {
            let is_amount = var == def.amount;
            let has_value = |member: u32| match self.value(var, member) {
                None => false,
                Some(Value::Num(n)) if n.is_zero() && def.omit_zero_lines && !is_amount => false,
                Some(_) => true,
            };
            if self.program.is_root_var(var) {
                if filter.is_none_or(|f| holds(f, ROOT)) && (is_amount || has_value(ROOT)) {
                    shown.push(ShownLine {
                        var,
                        member: ROOT,
                        is_amount,
                    });
                }
            } else {
                let entity = self.program.vars[var.index()].entity;
                // A filter applies where it has a value: the household's, or
                // one of the same entity (a person's flag does not filter a
                // family's line).
                let applies = |f: &VarId| {
                    let of = self.program.vars[f.index()].entity;
                    of == entity || of.index() == 0
                };
                for member in 0..self.instances(entity) {
                    if filter
                        .or(def.members_where)
                        .filter(applies)
                        .is_none_or(|f| holds(f, member))
                        && has_value(member)
                    {
                        shown.push(ShownLine {
                            var,
                            member,
                            is_amount,
                        });
                    }
                }
            }
        }
        shown
    }
}

/// One line of a result's explanation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ShownLine {
    /// The variable shown.
    pub var: VarId,
    /// The member it is about, or `ROOT`.
    pub member: u32,
    /// Whether it is the result's amount.
    pub is_amount: bool,
}

/// Results computed, and those that lacked an input.
type Outcome = (Vec<ResultId>, Vec<(ResultId, EvalError)>);

/// Where a calculation's values are kept: the slots of the traced
/// evaluator, or the flat evaluator's machine.
#[derive(Debug, Clone)]
enum Values<'p> {
    Slots(Vec<Slot>),
    Machine(Box<Machine<'p>>),
}

/// What [`compute`] needs of an evaluator: the traced tree walk and the flat
/// machine answer alike.
pub(crate) trait Compute<'p> {
    /// The program.
    fn program(&self) -> &'p Program;
    /// Number of instances of a non-root entity: members, or groups.
    fn instance_count(&mut self, entity: EntityId) -> Result<u32, EvalError>;
    /// Whether the variable exists this month.
    fn exists(&self, var: VarId) -> bool;
    /// The variable's value, computed if needed.
    fn value_of(&mut self, var: VarId, member: u32) -> Result<Value, EvalError>;
    /// Runs the rule set's input checks.
    fn checks(&mut self) -> Result<(), EvalError>;
}

impl<'p, T: Tracer> Compute<'p> for Evaluator<'p, T> {
    fn program(&self) -> &'p Program {
        self.program
    }
    fn instance_count(&mut self, entity: EntityId) -> Result<u32, EvalError> {
        self.instances(entity)
    }
    fn exists(&self, var: VarId) -> bool {
        self.in_force(var)
    }
    fn value_of(&mut self, var: VarId, member: u32) -> Result<Value, EvalError> {
        self.var(var, member)
    }
    fn checks(&mut self) -> Result<(), EvalError> {
        self.run_checks()
    }
}

impl<'p> Compute<'p> for Machine<'p> {
    fn program(&self) -> &'p Program {
        Machine::program(self)
    }
    fn instance_count(&mut self, entity: EntityId) -> Result<u32, EvalError> {
        self.instances(entity)
    }
    fn exists(&self, var: VarId) -> bool {
        self.in_force(var)
    }
    fn value_of(&mut self, var: VarId, member: u32) -> Result<Value, EvalError> {
        self.var(var, member)
    }
    fn checks(&mut self) -> Result<(), EvalError> {
        self.run_checks()
    }
}

/// Runs the checks, then computes the results (recording which could not be
/// computed, if `tolerant`) and the variables.
fn compute<'p>(
    ev: &mut impl Compute<'p>,
    options: &Options,
    results: &[ResultId],
    tolerant: bool,
    (computed, failed): &mut Outcome,
) -> Result<(), EvalError> {
    let program = ev.program();
    ev.checks()?;
    for &r in results {
        let def = &program.results[r.index()];
        let vars = std::iter::once(def.amount)
            .chain(def.lines.iter().copied())
            .chain(def.line_filters.iter().flatten().copied())
            .chain(def.members_where);
        let mut outcome = Ok(());
        for var in vars {
            outcome = compute_var(ev, var);
            if outcome.is_err() {
                break;
            }
        }
        match outcome {
            Ok(()) => computed.push(r),
            Err(e) if tolerant && e.as_input().is_some() => failed.push((r, e)),
            Err(e) => return Err(e),
        }
    }
    for &var in &options.variables {
        compute_var(ev, var)?;
    }
    Ok(())
}

fn compute_var<'p>(ev: &mut impl Compute<'p>, var: VarId) -> Result<(), EvalError> {
    if !ev.exists(var) {
        // `formula: ~` this month: the variable does not exist, so it is not shown.
        return Ok(());
    }
    if ev.program().is_root_var(var) {
        ev.value_of(var, ROOT)?;
    } else {
        let entity = ev.program().vars[var.index()].entity;
        for m in 0..ev.instance_count(entity)? {
            ev.value_of(var, m)?;
        }
    }
    Ok(())
}

/// The error for a month the rules do not answer for, saying how far they
/// reach and what can be done.
fn not_covered(program: &Program, month: Month) -> crate::household::InputError {
    let (first, last) = (program.info.first_month, program.info.last_month);
    let message = if month > last {
        format!(
            "the rules cover {first} … {last}; {month} is after them and its law is not in \
             these rules yet. Calculate {last} or earlier, or carry the law of {last} forward \
             (assume latest), every value then marked unconfirmed"
        )
    } else {
        format!("the rules cover {first} … {last}; {month} is before them")
    };
    crate::household::InputError::new(
        crate::household::InputErrorKind::MonthNotCovered,
        "month",
        message,
    )
}

/// Puts the member's id from the household file into an error's path.
fn fix_member_path(error: EvalError, household: &Household) -> EvalError {
    match error.into_kind() {
        super::error::EvalErrorKind::Input(mut e) => {
            for (m, member) in household.members.iter().enumerate() {
                let placeholder = member_placeholder(m as u32);
                if e.path.contains(&placeholder) {
                    e.path = e.path.replacen(&placeholder, &member.id, 1);
                    break;
                }
            }
            EvalError::input(e)
        }
        other => EvalError::from_kind(other),
    }
}
