//! The evaluator: walks the node arena with memo slots.

use rust_decimal::Decimal;

use super::error::EvalError;
use super::groups::Membership;
use super::ops::{self, OpError};
use crate::compile::ids::{EntityId, NodeId, ParamId, VarId};
use crate::compile::{Builtin, MonthDates, MonthPlan, Node, ParamValue, Program, TableDim};
use crate::expr::{AggFunc, BinOp};
use crate::household::{Household, InputError, InputErrorKind};
use crate::trace::{Tracer, ROOT};
use crate::value::Value;

/// The state of one memo slot.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Slot {
    /// Not computed yet.
    Empty,
    /// An optional input the household did not give.
    Absent,
    /// Known.
    Ready(Value),
}

/// Evaluates one household in one month. Reusable: [`Evaluator::reset`]
/// keeps the allocation for the next household of a sweep or batch.
pub struct Evaluator<'p, T: Tracer> {
    pub(crate) program: &'p Program,
    pub(crate) plan: &'p MonthPlan,
    /// The calendar month calculated: the plan's own, unless the law of the
    /// plan's month is carried forward to a later month.
    pub(crate) dates: MonthDates,
    pub(crate) members: u32,
    pub(crate) slots: Vec<Slot>,
    overrides: Option<Vec<Option<Value>>>,
    /// Table cells replacing the rule set's (test cases of older examples).
    cell_overrides: Vec<(ParamId, Vec<Value>, Value)>,
    /// The variable whose formula is being evaluated, for error messages.
    current: Option<VarId>,
    /// The member a peer aggregate is being computed for (`outer.`).
    outer: u32,
    /// Per entity: the groups of a group entity, once needed.
    groups: Vec<Option<Membership>>,
    pub(crate) tracer: T,
}

impl<'p, T: Tracer> Evaluator<'p, T> {
    /// An evaluator for `household` in the month of `plan`.
    pub fn new(
        program: &'p Program,
        plan: &'p MonthPlan,
        household: &Household,
        tracer: T,
    ) -> Self {
        let mut evaluator = Evaluator {
            program,
            plan,
            dates: plan.dates,
            members: 0,
            slots: Vec::new(),
            overrides: None,
            cell_overrides: Vec::new(),
            current: None,
            outer: ROOT,
            groups: Vec::new(),
            tracer,
        };
        evaluator.reset(household);
        evaluator
    }

    /// An evaluator that continues from already computed slots (for explanations).
    pub(crate) fn from_slots(
        program: &'p Program,
        plan: &'p MonthPlan,
        members: u32,
        slots: Vec<Slot>,
        tracer: T,
    ) -> Self {
        Evaluator {
            program,
            plan,
            dates: plan.dates,
            members,
            slots,
            overrides: None,
            cell_overrides: Vec::new(),
            current: None,
            outer: ROOT,
            groups: Vec::new(),
            tracer,
        }
    }

    /// Calculates the month `dates` with the law of the plan's month: the
    /// law of the last covered month carried forward to a later month.
    pub fn carry_law_to(&mut self, dates: MonthDates) {
        self.dates = dates;
    }

    /// Forgets every value and loads another household's inputs.
    pub fn reset(&mut self, household: &Household) {
        let program = self.program;
        self.members = household.members.len() as u32;
        self.groups.clear();
        let total =
            program.root_slots as usize + program.member_slots as usize * self.members as usize;
        self.slots.clear();
        self.slots.resize(total, Slot::Empty);
        for &id in &program.input_vars {
            let index = id.index();
            let var = &program.vars[index];
            let Some(input) = &var.input else { continue };
            let initial = match input.default {
                Some(value) => Slot::Ready(value),
                None => Slot::Absent,
            };
            if var.entity.index() == 0 {
                self.slots[var.slot as usize] = initial;
            } else {
                for (m, member) in household.members.iter().enumerate() {
                    if member.entity == var.entity {
                        let slot = self.slot(VarId(index as u32), m as u32);
                        self.slots[slot] = initial;
                    }
                }
            }
        }
        for &(var, value) in &household.values {
            self.slots[program.vars[var.index()].slot as usize] = Slot::Ready(value);
        }
        for (m, member) in household.members.iter().enumerate() {
            for &(var, value) in &member.values {
                let slot = self.slot(var, m as u32);
                self.slots[slot] = Slot::Ready(value);
            }
        }
    }

    /// Replaces parameter values for this evaluation (test overrides, reforms).
    pub fn set_overrides(&mut self, overrides: &[(ParamId, Value)]) {
        if overrides.is_empty() {
            self.overrides = None;
            return;
        }
        let mut table = vec![None; self.program.params.len()];
        for &(param, value) in overrides {
            table[param.index()] = Some(value);
        }
        self.overrides = Some(table);
    }

    /// Replaces table cells for this evaluation, each named by its keys.
    pub fn set_cell_overrides(&mut self, overrides: &[(ParamId, Vec<Value>, Value)]) {
        self.cell_overrides = overrides.to_vec();
    }

    /// Sets an input of the root entity, clearing every computed value (for sweeps).
    pub fn set_root_input(&mut self, var: VarId, value: Value) {
        self.clear_computed();
        let slot = self.program.vars[var.index()].slot as usize;
        self.slots[slot] = Slot::Ready(value);
    }

    /// Sets an input of a member, clearing every computed value (for sweeps).
    pub fn set_member_input(&mut self, var: VarId, member: u32, value: Value) {
        self.clear_computed();
        let slot = self.slot(var, member);
        self.slots[slot] = Slot::Ready(value);
    }

    fn clear_computed(&mut self) {
        let program = self.program;
        self.groups.clear();
        for (index, var) in program.vars.iter().enumerate() {
            if var.input.is_some() {
                continue;
            }
            if var.entity.index() == 0 {
                self.slots[var.slot as usize] = Slot::Empty;
            } else {
                for m in 0..self.members {
                    let slot = self.slot(VarId(index as u32), m);
                    self.slots[slot] = Slot::Empty;
                }
            }
        }
    }

    /// Evaluates the rule set's input checks; the first that fails is an input error.
    pub fn run_checks(&mut self) -> Result<(), EvalError> {
        let program = self.program;
        for check in &program.checks {
            // The root's checks run once; a member entity's once per member.
            let (first, count) = if check.entity.index() == 0 {
                (ROOT, 1)
            } else {
                (0, self.members)
            };
            for i in 0..count {
                let member = if first == ROOT { ROOT } else { i };
                let holds = self.eval(check.root, member)?;
                if holds != Value::Bool(true) {
                    let path = if member == ROOT {
                        check.field.clone()
                    } else {
                        let plural = &program.entities[check.entity.index()].plural;
                        format!("{plural}.{}.{}", member_placeholder(member), check.field)
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

    /// Whether `var` exists this month: an input, or a formula that is not `~`.
    pub fn in_force(&self, var: VarId) -> bool {
        self.plan.formula[var.index()] != MonthPlan::NONE
            || self.program.vars[var.index()].input.is_some()
    }

    /// The tracer, with what it recorded.
    pub fn tracer(&self) -> &T {
        &self.tracer
    }

    #[inline]
    pub(crate) fn slot(&self, var: VarId, member: u32) -> usize {
        let def = &self.program.vars[var.index()];
        if def.entity.index() == 0 {
            def.slot as usize
        } else {
            self.program.root_slots as usize
                + def.slot as usize * self.members as usize
                + member as usize
        }
    }

    /// The value of `var` for `member` ([`ROOT`] for root variables), computing it if needed.
    pub fn var(&mut self, var: VarId, member: u32) -> Result<Value, EvalError> {
        let slot = self.slot(var, member);
        match self.slots[slot] {
            Slot::Ready(value) => {
                self.tracer.read_var(var, member, value);
                return Ok(value);
            }
            Slot::Absent => return Err(self.missing_input(var, member)),
            Slot::Empty => {}
        }
        let version = self.plan.formula[var.index()];
        let def = &self.program.vars[var.index()];
        if version == MonthPlan::NONE {
            return Err(EvalError::internal(format!(
                "`{}` has no formula for {} and no input value",
                def.name, self.dates.month
            )));
        }
        let root = self.plan.root[var.index()];
        let member = if def.entity.index() == 0 {
            ROOT
        } else {
            member
        };
        self.tracer.enter(var, member, version);
        let outer = self.current.replace(var);
        let value = self.eval(root, member);
        self.current = outer;
        let value = value?;
        self.tracer.exit(var, member, value);
        self.slots[slot] = Slot::Ready(value);
        self.tracer.read_var(var, member, value);
        Ok(value)
    }

    #[cold]
    #[inline(never)]
    fn missing_input(&self, var: VarId, member: u32) -> EvalError {
        let def = &self.program.vars[var.index()];
        let path = if def.entity.index() == 0 {
            def.name.clone()
        } else {
            let plural = &self.program.entities[def.entity.index()].plural;
            format!("{plural}.{}.{}", member_placeholder(member), def.name)
        };
        EvalError::input(InputError::new(
            InputErrorKind::Missing,
            path,
            format!(
                "needed for this calculation: {}",
                def.labels.get(self.program.message_language())
            ),
        ))
    }

    fn param(&mut self, param: ParamId) -> Result<Value, EvalError> {
        if let Some(value) = self.overrides.as_ref().and_then(|o| o[param.index()]) {
            return Ok(value);
        }
        let version = self.plan.param[param.index()];
        self.param_version(param, version)
    }

    fn param_version(&mut self, param: ParamId, version: u16) -> Result<Value, EvalError> {
        let def = &self.program.params[param.index()];
        match def.versions.get(version as usize).map(|v| &v.value) {
            Some(ParamValue::Scalar(value)) => {
                self.tracer.read_param(param, version);
                Ok(*value)
            }
            _ => Err(EvalError::internal(format!(
                "parameter `{}` has no scalar value in force",
                def.name
            ))),
        }
    }

    fn version_at(&self, param: ParamId, date: Value) -> Result<u16, EvalError> {
        let def = &self.program.params[param.index()];
        let Value::Date(date) = date else {
            return Err(EvalError::internal("a parameter date is not a date"));
        };
        // Most calculations read the law of the month's first day: the plan has it.
        if date == self.plan.dates.first_day {
            let version = self.plan.param[param.index()];
            if version != MonthPlan::NONE {
                return Ok(version);
            }
        }
        match self.program.param_version_at(param, date) {
            Some(v) => Ok(v as u16),
            None => Err(EvalError::input(InputError::new(
                InputErrorKind::MonthNotCovered,
                "",
                format!("the rules have no value of `{}` on {date}", def.name),
            ))),
        }
    }

    #[cold]
    #[inline(never)]
    fn arith(&self, member: u32, error: OpError) -> EvalError {
        let var = self.current_var_name(member);
        match error {
            OpError::DivisionByZero => EvalError::arithmetic(var, "division by zero"),
            OpError::Overflow => EvalError::arithmetic(var, "a number grew too large"),
            OpError::Type => {
                EvalError::internal(format!("operands of mismatched types in `{var}`"))
            }
        }
    }

    fn current_var_name(&self, _member: u32) -> String {
        match self.current {
            Some(var) => format!(
                "{} in {}",
                self.program.vars[var.index()].name,
                self.dates.month
            ),
            None => format!("a formula in {}", self.dates.month),
        }
    }

    #[inline]
    fn num(&self, value: Value) -> Result<Decimal, EvalError> {
        value
            .as_num()
            .ok_or_else(|| EvalError::internal("expected a number"))
    }

    #[inline]
    fn boolean(&self, value: Value) -> Result<bool, EvalError> {
        value
            .as_bool()
            .ok_or_else(|| EvalError::internal("expected true or false"))
    }

    /// Evaluates a node in the context of `member` ([`ROOT`] for the root).
    pub fn eval(&mut self, node: NodeId, member: u32) -> Result<Value, EvalError> {
        let program = self.program;
        match &program.nodes[node.index()] {
            Node::Const(value) => Ok(*value),
            Node::Var(var) => self.var(*var, member),
            Node::Outer(var) => self.var(*var, self.outer),
            Node::Via(var) => {
                let entity = self.program.vars[var.index()].entity;
                let group = self.membership(entity)?.of.get(member as usize).copied();
                let group = group.ok_or_else(|| EvalError::internal("a group of a non-member"))?;
                self.var(*var, group)
            }
            Node::Param(param) => self.param(*param),
            Node::ParamAt(param, date) => {
                if let Some(value) = self.overrides.as_ref().and_then(|o| o[param.index()]) {
                    return Ok(value);
                }
                let date = self.eval(*date, member)?;
                let version = self.version_at(*param, date)?;
                self.param_version(*param, version)
            }
            Node::Table { param, keys, at } => {
                let version = match at {
                    Some(date) => {
                        let date = self.eval(*date, member)?;
                        self.version_at(*param, date)?
                    }
                    None => self.plan.param[param.index()],
                };
                self.table(*param, version, *keys, member)
            }
            Node::Neg(x) => {
                let x = self.eval(*x, member)?;
                Ok(Value::Num(-self.num(x)?))
            }
            Node::Not(x) => {
                let x = self.eval(*x, member)?;
                Ok(Value::Bool(!self.boolean(x)?))
            }
            Node::Binary(BinOp::And, a, b) => {
                let a = self.eval(*a, member)?;
                if !self.boolean(a)? {
                    return Ok(Value::Bool(false));
                }
                self.eval(*b, member)
            }
            Node::Binary(BinOp::Or, a, b) => {
                let a = self.eval(*a, member)?;
                if self.boolean(a)? {
                    return Ok(Value::Bool(true));
                }
                self.eval(*b, member)
            }
            Node::Binary(op, a, b) => {
                let a = self.eval(*a, member)?;
                let b = self.eval(*b, member)?;
                ops::binary(*op, a, b).map_err(|e| self.arith(member, e))
            }
            Node::If(c, t, e) => {
                let c = self.eval(*c, member)?;
                if self.boolean(c)? {
                    self.eval(*t, member)
                } else {
                    self.eval(*e, member)
                }
            }
            Node::Round {
                value,
                places,
                mode,
            } => {
                let x = self.eval(*value, member)?;
                let x = self.num(x)?;
                Ok(Value::Num(
                    x.round_dp_with_strategy(*places, mode.strategy()),
                ))
            }
            Node::Aggregate {
                func,
                entity,
                within,
                filter,
                body,
            } => self.aggregate(*func, *entity, *within, *filter, *body, member),
            _ => self.eval_rare(node, member),
        }
    }

    /// The less common nodes, kept out of [`Evaluator::eval`] so its stack
    /// frame stays small for the nodes every formula uses.
    #[inline(never)]
    fn eval_rare(&mut self, node: NodeId, member: u32) -> Result<Value, EvalError> {
        let program = self.program;
        match &program.nodes[node.index()] {
            Node::Min(args) | Node::Max(args) => {
                let is_min = matches!(program.nodes[node.index()], Node::Min(_));
                let mut best: Option<Decimal> = None;
                for &arg in program.args(*args) {
                    let v = self.eval(arg, member)?;
                    let v = self.num(v)?;
                    best = Some(match best {
                        None => v,
                        Some(b) if is_min => b.min(v),
                        Some(b) => b.max(v),
                    });
                }
                best.map(Value::Num)
                    .ok_or_else(|| EvalError::internal("min/max without arguments"))
            }
            Node::Clamp(x, lo, hi) => {
                let x = self.eval(*x, member)?;
                let lo = self.eval(*lo, member)?;
                let hi = self.eval(*hi, member)?;
                let (x, lo, hi) = (self.num(x)?, self.num(lo)?, self.num(hi)?);
                Ok(Value::Num(x.max(lo).min(hi)))
            }
            Node::Abs(x) => {
                let x = self.eval(*x, member)?;
                Ok(Value::Num(self.num(x)?.abs()))
            }
            Node::In {
                value,
                list,
                negated,
            } => {
                let v = self.eval(*value, member)?;
                let mut found = false;
                for &item in program.args(*list) {
                    if self.eval(item, member)? == v {
                        found = true;
                        break;
                    }
                }
                Ok(Value::Bool(found != *negated))
            }
            Node::Given(var) => {
                let slot = self.slot(*var, member);
                Ok(Value::Bool(matches!(self.slots[slot], Slot::Ready(_))))
            }
            Node::InForce { param, at } => {
                let date = match at {
                    Some(at) => match self.eval(*at, member)? {
                        Value::Date(d) => d,
                        _ => return Err(EvalError::internal("in_force of a non-date")),
                    },
                    None => self.dates.first_day,
                };
                Ok(Value::Bool(
                    program.param_version_at(*param, date).is_some(),
                ))
            }
            Node::Age { birth, at } => {
                let birth = self.eval(*birth, member)?;
                let at = match at {
                    Some(at) => self.eval(*at, member)?,
                    None => Value::Date(self.dates.first_day),
                };
                match (birth, at) {
                    (Value::Date(b), Value::Date(a)) if b <= a => {
                        Ok(Value::Num(ops::age(b, a).into()))
                    }
                    (Value::Date(b), Value::Date(a)) => Err(EvalError::input(InputError::new(
                        InputErrorKind::OutOfRange,
                        member_placeholder(member),
                        format!("a birth date {b} is after {a}, the date the age is needed for"),
                    ))),
                    _ => Err(EvalError::internal("age of a non-date")),
                }
            }
            Node::Builtin(builtin) => Ok(match builtin {
                Builtin::MonthStart => Value::Date(self.dates.first_day),
                Builtin::MonthEnd => Value::Date(self.dates.last_day),
                Builtin::DaysInMonth => Value::Num(self.dates.days.into()),
                Builtin::WeekdaysInMonth => Value::Num(self.dates.weekdays.into()),
                Builtin::MemberIndex => Value::Num(member.into()),
            }),
            _ => Err(EvalError::internal(
                "a node reached the wrong evaluator arm",
            )),
        }
    }

    fn table(
        &mut self,
        param: ParamId,
        version: u16,
        keys: crate::compile::Args,
        member: u32,
    ) -> Result<Value, EvalError> {
        let program = self.program;
        let def = &program.params[param.index()];
        let Some(ParamValue::Table(table)) = def.versions.get(version as usize).map(|v| &v.value)
        else {
            return Err(EvalError::internal(format!(
                "`{}` has no table in force",
                def.name
            )));
        };
        let mut positions = [0usize; 4];
        let mut key_values = [Value::Bool(false); 4];
        let key_nodes = program.args(keys);
        for (i, (&key, dim)) in key_nodes.iter().zip(&table.dims).enumerate() {
            let value = self.eval(key, member)?;
            key_values[i] = value;
            positions[i] = match (dim, value) {
                (TableDim::Enum { .. }, Value::Enum(v)) => v as usize,
                (TableDim::Integer { min, len }, Value::Num(k)) => {
                    let k = i64::try_from(k.trunc().mantissa()).unwrap_or(i64::MIN);
                    let pos = k - min;
                    if pos < 0 || pos >= i64::from(*len) {
                        if table.default.is_some() {
                            usize::MAX
                        } else {
                            return Err(EvalError::missing_table_row(
                                self.current_var_name(member),
                                def.name.clone(),
                                format!(
                                    "key {k} (the table has {min} … {})",
                                    min + i64::from(*len) - 1
                                ),
                            ));
                        }
                    } else {
                        pos as usize
                    }
                }
                _ => {
                    return Err(EvalError::internal(format!(
                        "a key of `{}` has the wrong type",
                        def.name
                    )))
                }
            };
        }
        let n = key_nodes.len();
        if let Some((_, _, value)) = self
            .cell_overrides
            .iter()
            .find(|(p, keys, _)| *p == param && keys[..] == key_values[..n])
        {
            return Ok(*value);
        }
        let cell = if positions[..n].contains(&usize::MAX) {
            table.default
        } else {
            table.get(&positions[..n])
        };
        self.tracer.read_param(param, version);
        cell.ok_or_else(|| {
            EvalError::missing_table_row(
                self.current_var_name(member),
                def.name.clone(),
                format!("{:?}", &positions[..n]),
            )
        })
    }

    /// The groups of a group entity in this household, built on first use
    /// from each member's key.
    pub(crate) fn membership(&mut self, entity: EntityId) -> Result<&Membership, EvalError> {
        if self.groups.len() <= entity.index() {
            self.groups.resize(self.program.entities.len(), None);
        }
        if self.groups[entity.index()].is_none() {
            let Some(grouping) = self.program.entities[entity.index()].grouping else {
                return Err(EvalError::internal(
                    "groups of an entity that is not a group",
                ));
            };
            let mut keys = Vec::with_capacity(self.members as usize);
            for m in 0..self.members {
                keys.push(self.var(grouping.key, m)?);
            }
            self.groups[entity.index()] = Some(Membership::from_keys(keys));
        }
        self.groups[entity.index()]
            .as_ref()
            .ok_or_else(|| EvalError::internal("groups not built"))
    }

    /// The groups built, per entity.
    pub(crate) fn memberships(&self) -> Vec<Option<Membership>> {
        self.groups.clone()
    }

    /// How many instances a non-root entity has in this household: members
    /// for a listed entity, groups for a group entity.
    pub(crate) fn instances(&mut self, entity: EntityId) -> Result<u32, EvalError> {
        if self.program.entities[entity.index()].grouping.is_some() {
            Ok(self.membership(entity)?.count())
        } else {
            Ok(self.members)
        }
    }

    fn aggregate(
        &mut self,
        func: AggFunc,
        entity: EntityId,
        within: Option<EntityId>,
        filter: Option<NodeId>,
        body: Option<NodeId>,
        outer: u32,
    ) -> Result<Value, EvalError> {
        // Who is visited: a group's own members, every group, or every member.
        let visited: Vec<u32> = match within {
            Some(group) => self
                .membership(group)?
                .members
                .get(outer as usize)
                .cloned()
                .unwrap_or_default(),
            None => (0..self.instances(entity)?).collect(),
        };
        let saved = std::mem::replace(&mut self.outer, outer);
        let result = self.aggregate_members(func, &visited, filter, body);
        self.outer = saved;
        result
    }

    fn aggregate_members(
        &mut self,
        func: AggFunc,
        visited: &[u32],
        filter: Option<NodeId>,
        body: Option<NodeId>,
    ) -> Result<Value, EvalError> {
        let mut sum = Decimal::ZERO;
        let mut count = 0i64;
        let mut all = true;
        let mut any = false;
        for &m in visited {
            if let Some(filter) = filter {
                let keep = self.eval(filter, m)?;
                if !self.boolean(keep)? {
                    continue;
                }
            }
            match func {
                AggFunc::Sum => {
                    if let Some(body) = body {
                        let v = self.eval(body, m)?;
                        sum = sum
                            .checked_add(self.num(v)?)
                            .ok_or_else(|| self.arith(m, OpError::Overflow))?;
                    }
                }
                AggFunc::Count => count += 1,
                AggFunc::Any | AggFunc::All => {
                    let holds = match body {
                        Some(body) => {
                            let v = self.eval(body, m)?;
                            self.boolean(v)?
                        }
                        None => true,
                    };
                    any |= holds;
                    all &= holds;
                    if func == AggFunc::Any && any {
                        break;
                    }
                }
            }
        }
        Ok(match func {
            AggFunc::Sum => Value::Num(sum),
            AggFunc::Count => Value::Num(count.into()),
            AggFunc::Any => Value::Bool(any),
            AggFunc::All => Value::Bool(all),
        })
    }
}

/// A stand-in for a member's id in an error path; [`super::Calculation`]
/// replaces it with the id from the household file.
pub(crate) fn member_placeholder(member: u32) -> String {
    if member == ROOT {
        String::new()
    } else {
        format!("#{member}")
    }
}
