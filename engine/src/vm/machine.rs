//! Runs compiled [`Code`] for households, one after another, lazily: each
//! value computed at most once per household, and only if a requested
//! result needs it.

use std::sync::Arc;

use rust_decimal::Decimal;

use super::code::Code;
use super::kind::{days, int_of, value_of_int};
use super::state::{Memo, State};
use crate::compile::ids::{ParamId, VarId};
use crate::compile::{MonthDates, MonthPlan, Program};
use crate::eval::EvalError;
use crate::household::{Household, InputError, InputErrorKind};
use crate::trace::ROOT;
use crate::value::Value;

/// Evaluates households under one month plan's compiled code. Reusable: the
/// buffers of one household serve the next, so a batch or a sweep allocates
/// only while the largest household grows them.
#[derive(Clone)]
pub struct Machine<'p> {
    code: Arc<Code>,
    plan: &'p MonthPlan,
    state: State<'p>,
    /// The household's given inputs as (slot, value), kept for sweeps.
    inputs: Vec<(u32, Value)>,
}

impl std::fmt::Debug for Machine<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Machine")
            .field("month", &self.state.dates.month)
            .field("members", &self.state.members)
            .field("code", &self.code)
            .finish_non_exhaustive()
    }
}

impl<'p> Machine<'p> {
    /// A machine for the month of `plan`, running `code` compiled for it.
    pub fn new(program: &'p Program, plan: &'p MonthPlan, code: Arc<Code>) -> Machine<'p> {
        Machine {
            code,
            plan,
            state: State::new(program, plan.dates, days(plan.dates.first_day)),
            inputs: Vec::new(),
        }
    }

    /// Calculates the month `dates` with the law of the plan's month (the
    /// last covered month's law carried forward to a later month).
    pub fn carry_law_to(&mut self, dates: MonthDates) {
        self.state.dates = dates;
        self.state.month_first = days(dates.first_day);
        self.state.month_last = days(dates.last_day);
    }

    /// Table cells replacing the rule set's; the code must have been
    /// compiled with the same overrides.
    pub fn set_cell_overrides(&mut self, cells: &[(ParamId, Vec<Value>, Value)]) {
        self.state.cells = cells.to_vec();
    }

    /// The program.
    pub fn program(&self) -> &'p Program {
        self.state.program
    }

    /// The calendar month calculated.
    pub fn dates(&self) -> MonthDates {
        self.state.dates
    }

    /// Number of members of the household loaded.
    pub fn members(&self) -> u32 {
        self.state.members
    }

    /// Forgets the previous household and loads `household`'s inputs.
    pub fn load(&mut self, household: &Household) {
        self.state.members = household.members.len() as u32;
        self.inputs.clear();
        for &(var, value) in &household.values {
            let slot = self.state.slot(&self.code, var, ROOT);
            self.inputs.push((slot as u32, value));
        }
        for (m, member) in household.members.iter().enumerate() {
            for &(var, value) in &member.values {
                let slot = self.state.slot(&self.code, var, m as u32);
                self.inputs.push((slot as u32, value));
            }
        }
        self.restart();
    }

    /// Changes one input of the loaded household and forgets every computed
    /// value (for sweeps and what-if questions).
    pub fn set_input(&mut self, var: VarId, member: u32, value: Value) {
        let slot = self.state.slot(&self.code, var, member) as u32;
        match self.inputs.iter_mut().find(|(s, _)| *s == slot) {
            Some(entry) => entry.1 = value,
            None => self.inputs.push((slot, value)),
        }
        self.restart();
    }

    /// A new generation: every slot is stale except the inputs given.
    fn restart(&mut self) {
        let st = &mut self.state;
        let total =
            st.program.root_slots as usize + st.program.member_slots as usize * st.members as usize;
        if st.memo.len() < total {
            st.memo.resize(total, Memo::default());
        }
        if st.gen >= u32::MAX - 4 {
            st.memo.iter_mut().for_each(|s| s.stamp = 0);
            st.gen = 0;
        }
        st.gen += 2;
        st.error = None;
        let gen = st.gen;
        for &(slot, value) in &self.inputs {
            let slot = slot as usize;
            let cell = &mut st.memo[slot];
            match value {
                Value::Num(n) => cell.num = n,
                other => cell.int = int_of(other),
            }
            cell.stamp = gen;
        }
    }

    /// The value of `var` for `member` ([`ROOT`] for the root entity's
    /// variables), computing it if needed.
    pub fn var(&mut self, var: VarId, member: u32) -> Result<Value, EvalError> {
        let member = if self.state.program.is_root_var(var) {
            ROOT
        } else {
            member
        };
        let code = &*self.code;
        let st = &mut self.state;
        st.error = None;
        let kind = code.var_kind[var.index()];
        let value = if kind.is_num() {
            Value::Num(st.load_n(code, var, member))
        } else {
            value_of_int(kind, st.load_i(code, var, member))
        };
        match st.error.take() {
            Some(e) => Err(e),
            None => Ok(value),
        }
    }

    /// The number held by `var` for `member`, computing it if needed; the
    /// fastest way to read one amount.
    #[inline]
    pub fn number(&mut self, var: VarId, member: u32) -> Result<Decimal, EvalError> {
        let member = if self.state.program.is_root_var(var) {
            ROOT
        } else {
            member
        };
        let code = &*self.code;
        let st = &mut self.state;
        st.error = None;
        let value = st.load_n(code, var, member);
        match st.error.take() {
            Some(e) => Err(e),
            None => Ok(value),
        }
    }

    /// The value of `var` for `member` if it is known (computed, given, or
    /// an input's default), without computing anything.
    pub fn value(&self, var: VarId, member: u32) -> Option<Value> {
        let root = self.state.program.is_root_var(var);
        if !root && (member == ROOT || member >= self.state.members) {
            return None;
        }
        let member = if root { ROOT } else { member };
        self.state.known(&self.code, var, member)
    }

    /// How many instances a non-root entity has: the members, or a group
    /// entity's groups (built from the members' keys if needed).
    pub fn instances(&mut self, entity: crate::compile::ids::EntityId) -> Result<u32, EvalError> {
        let code = &*self.code;
        let st = &mut self.state;
        st.error = None;
        let n = st.instances(code, entity);
        match st.error.take() {
            Some(e) => Err(e),
            None => Ok(n),
        }
    }

    /// The members (indexes) of group `group` of a group entity, if the
    /// groups were built for this household.
    pub fn group_members(&self, entity: crate::compile::ids::EntityId, group: u32) -> &[u32] {
        match self.state.groups.get(entity.index()) {
            Some((stamp, m)) if *stamp == self.state.gen => {
                m.members.get(group as usize).map_or(&[], Vec::as_slice)
            }
            _ => &[],
        }
    }

    /// The groups this household's calculation built, per entity.
    pub fn memberships(&self) -> Vec<Option<crate::eval::groups::Membership>> {
        self.state
            .groups
            .iter()
            .map(|(stamp, m)| (*stamp == self.state.gen).then(|| m.clone()))
            .collect()
    }

    /// Whether `var` exists this month: an input, or a formula that is not `~`.
    pub fn in_force(&self, var: VarId) -> bool {
        self.plan.formula[var.index()] != MonthPlan::NONE
            || self.state.program.vars[var.index()].input.is_some()
    }

    /// Evaluates the rule set's input checks; the first that fails is an input error.
    pub fn run_checks(&mut self) -> Result<(), EvalError> {
        let code = &*self.code;
        let st = &mut self.state;
        let program = st.program;
        for (check, f) in program.checks.iter().zip(&code.check_expr) {
            let (first, count) = if check.entity.index() == 0 {
                (ROOT, 1)
            } else {
                (0, st.members)
            };
            for i in 0..count {
                let member = if first == ROOT { ROOT } else { i };
                st.error = None;
                st.member = member;
                st.outer = ROOT;
                st.current = None;
                let holds = f(code, st);
                st.member = ROOT;
                if let Some(e) = st.error.take() {
                    return Err(e);
                }
                if holds != 1 {
                    let path = if member == ROOT {
                        check.field.clone()
                    } else {
                        let plural = &program.entities[check.entity.index()].plural;
                        format!(
                            "{plural}.{}.{}",
                            crate::eval::member_placeholder(member),
                            check.field
                        )
                    };
                    let mut message = check.message.get(program.message_language()).to_string();
                    if let Some(reference) = &check.reference {
                        message = format!("{message} ({reference})");
                    }
                    return Err(EvalError::input(InputError::new(
                        InputErrorKind::InvalidValue,
                        path,
                        message,
                    )));
                }
            }
        }
        Ok(())
    }
}
