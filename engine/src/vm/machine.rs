//! Runs compiled [`Code`] for households: lazily, each value computed at
//! most once per household and memoised in a slot stamped with the
//! household's generation, so that the next household starts without
//! clearing anything.

use std::sync::Arc;

use rust_decimal::Decimal;

use super::code::{Arith, Code, Instr, Kind, Reg, Who, MEMBER_SLOT, NONE};
use super::compile::{int_of, key_position, value_of_int};
use crate::compile::ids::{ParamId, VarId};
use crate::compile::{Builtin, MonthDates, MonthPlan, ParamValue, Program};
use crate::eval::EvalError;
use crate::expr::AggFunc;
use crate::household::{Household, InputError, InputErrorKind};
use crate::trace::ROOT;
use crate::value::Value;

/// Evaluates households under one month plan's compiled code. Reusable: the
/// buffers of one household serve the next, so a batch or a sweep allocates
/// only while the largest household grows them.
#[derive(Clone)]
pub struct Machine<'p> {
    program: &'p Program,
    code: Arc<Code>,
    plan: &'p MonthPlan,
    dates: MonthDates,
    /// The plan's first day as days from the common era: reads of a
    /// parameter on this day use the folded value.
    plan_first: i64,
    month_first: i64,
    month_last: i64,
    members: u32,
    /// Generation of the current household: a slot stamped `gen` holds its
    /// value, one stamped `gen + 1` is an optional input it did not give.
    gen: u32,
    stamp: Vec<u32>,
    memo_n: Vec<Decimal>,
    memo_i: Vec<i64>,
    /// The household's given inputs as (slot, value), kept for sweeps.
    inputs: Vec<(u32, Value)>,
    regs_n: Vec<Decimal>,
    regs_i: Vec<i64>,
    sp_n: usize,
    sp_i: usize,
    ret_n: Decimal,
    ret_i: i64,
    /// The variable being computed, for error messages.
    current: Option<VarId>,
    /// Table cells replacing the rule set's.
    cells: Vec<(ParamId, Vec<Value>, Value)>,
}

impl std::fmt::Debug for Machine<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Machine")
            .field("month", &self.dates.month)
            .field("members", &self.members)
            .field("instructions", &self.code.len())
            .finish_non_exhaustive()
    }
}

impl<'p> Machine<'p> {
    /// A machine for the month of `plan`, running `code` compiled for it.
    pub fn new(program: &'p Program, plan: &'p MonthPlan, code: Arc<Code>) -> Machine<'p> {
        let dates = plan.dates;
        let mut machine = Machine {
            program,
            code,
            plan,
            dates,
            plan_first: days(dates.first_day),
            month_first: 0,
            month_last: 0,
            members: 0,
            gen: 0,
            stamp: Vec::new(),
            memo_n: Vec::new(),
            memo_i: Vec::new(),
            inputs: Vec::new(),
            regs_n: vec![Decimal::ZERO; 256],
            regs_i: vec![0; 256],
            sp_n: 0,
            sp_i: 0,
            ret_n: Decimal::ZERO,
            ret_i: 0,
            current: None,
            cells: Vec::new(),
        };
        machine.carry_law_to(dates);
        machine
    }

    /// Calculates the month `dates` with the law of the plan's month (the
    /// last covered month's law carried forward to a later month).
    pub fn carry_law_to(&mut self, dates: MonthDates) {
        self.dates = dates;
        self.month_first = days(dates.first_day);
        self.month_last = days(dates.last_day);
    }

    /// Table cells replacing the rule set's; the code must have been
    /// compiled with the same overrides.
    pub fn set_cell_overrides(&mut self, cells: &[(ParamId, Vec<Value>, Value)]) {
        self.cells = cells.to_vec();
    }

    /// The program.
    pub fn program(&self) -> &'p Program {
        self.program
    }

    /// The calendar month calculated.
    pub fn dates(&self) -> MonthDates {
        self.dates
    }

    /// Number of members of the household loaded.
    pub fn members(&self) -> u32 {
        self.members
    }

    /// Forgets the previous household and loads `household`'s inputs.
    pub fn load(&mut self, household: &Household) {
        self.members = household.members.len() as u32;
        self.inputs.clear();
        for &(var, value) in &household.values {
            let slot = self.slot(var, ROOT);
            self.inputs.push((slot as u32, value));
        }
        for (m, member) in household.members.iter().enumerate() {
            for &(var, value) in &member.values {
                let slot = self.slot(var, m as u32);
                self.inputs.push((slot as u32, value));
            }
        }
        self.restart();
    }

    /// Changes one input of the loaded household and forgets every computed
    /// value (for sweeps and what-if questions).
    pub fn set_input(&mut self, var: VarId, member: u32, value: Value) {
        let slot = self.slot(var, member) as u32;
        match self.inputs.iter_mut().find(|(s, _)| *s == slot) {
            Some(entry) => entry.1 = value,
            None => self.inputs.push((slot, value)),
        }
        self.restart();
    }

    /// A new generation: every slot is stale except the inputs given.
    fn restart(&mut self) {
        let total = self.program.root_slots as usize
            + self.program.member_slots as usize * self.members as usize;
        if self.stamp.len() < total {
            self.stamp.resize(total, 0);
            self.memo_n.resize(total, Decimal::ZERO);
            self.memo_i.resize(total, 0);
        }
        if self.gen >= u32::MAX - 4 {
            self.stamp.iter_mut().for_each(|s| *s = 0);
            self.gen = 0;
        }
        self.gen += 2;
        let gen = self.gen;
        for &(slot, value) in &self.inputs {
            let slot = slot as usize;
            match value {
                Value::Num(n) => self.memo_n[slot] = n,
                other => self.memo_i[slot] = int_of(other),
            }
            self.stamp[slot] = gen;
        }
    }

    #[inline]
    fn slot(&self, var: VarId, member: u32) -> usize {
        let slot = self.code.var_slot[var.index()];
        if slot & MEMBER_SLOT == 0 {
            slot as usize
        } else {
            self.program.root_slots as usize
                + (slot & !MEMBER_SLOT) as usize * self.members as usize
                + member as usize
        }
    }

    /// The value of `var` for `member` ([`ROOT`] for the root entity's
    /// variables), computing it if needed.
    pub fn var(&mut self, var: VarId, member: u32) -> Result<Value, EvalError> {
        let member = if self.program.is_root_var(var) {
            ROOT
        } else {
            member
        };
        let code = Arc::clone(&self.code);
        let kind = code.var_kind[var.index()];
        if kind.is_num() {
            self.load_n(&code, var, member).map(Value::Num)
        } else {
            self.load_i(&code, var, member)
                .map(|v| value_of_int(kind, v))
        }
    }

    /// The value of `var` for `member` if it is known (computed, given, or
    /// an input's default), without computing anything.
    pub fn value(&self, var: VarId, member: u32) -> Option<Value> {
        let root = self.program.is_root_var(var);
        if !root && (member == ROOT || member >= self.members) {
            return None;
        }
        let index = self.slot(var, member);
        let kind = self.code.var_kind[var.index()];
        if self.stamp.get(index) == Some(&self.gen) {
            return Some(if kind.is_num() {
                Value::Num(self.memo_n[index])
            } else {
                value_of_int(kind, self.memo_i[index])
            });
        }
        // An input not given has its default, as if given.
        self.program.vars[var.index()]
            .input
            .as_ref()
            .and_then(|input| input.default)
    }

    /// Whether `var` exists this month: an input, or a formula that is not `~`.
    pub fn in_force(&self, var: VarId) -> bool {
        self.plan.formula[var.index()] != MonthPlan::NONE
            || self.program.vars[var.index()].input.is_some()
    }

    /// Evaluates the rule set's input checks; the first that fails is an input error.
    pub fn run_checks(&mut self) -> Result<(), EvalError> {
        let code = Arc::clone(&self.code);
        let program = self.program;
        for (check, &block) in program.checks.iter().zip(&code.check_block) {
            let (first, count) = if check.entity.index() == 0 {
                (ROOT, 1)
            } else {
                (0, self.members)
            };
            for i in 0..count {
                let member = if first == ROOT { ROOT } else { i };
                self.current = None;
                self.run(&code, block, member, ROOT)?;
                if self.ret_i != 1 {
                    let path = if member == ROOT {
                        check.field.clone()
                    } else {
                        let plural = &program.entities[check.entity.index()].plural;
                        format!("{plural}.{}.{}", placeholder(member), check.field)
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

    #[inline]
    fn load_n(&mut self, code: &Code, var: VarId, member: u32) -> Result<Decimal, EvalError> {
        let index = self.slot(var, member);
        if self.stamp[index] != self.gen {
            self.fill(code, var, member, index)?;
        }
        Ok(self.memo_n[index])
    }

    #[inline]
    fn load_i(&mut self, code: &Code, var: VarId, member: u32) -> Result<i64, EvalError> {
        let index = self.slot(var, member);
        if self.stamp[index] != self.gen {
            self.fill(code, var, member, index)?;
        }
        Ok(self.memo_i[index])
    }

    /// Computes a stale slot: an input's default, or the variable's formula.
    #[inline(never)]
    fn fill(
        &mut self,
        code: &Code,
        var: VarId,
        member: u32,
        index: usize,
    ) -> Result<(), EvalError> {
        if self.stamp[index] == self.gen + 1 {
            return Err(self.missing_input(var, member));
        }
        let block = code.var_block[var.index()];
        let kind = code.var_kind[var.index()];
        if block == NONE {
            let def = &self.program.vars[var.index()];
            let Some(input) = &def.input else {
                return Err(EvalError::internal(format!(
                    "`{}` has no formula for {} and no input value",
                    def.name, self.dates.month
                )));
            };
            let Some(default) = input.default else {
                self.stamp[index] = self.gen + 1;
                return Err(self.missing_input(var, member));
            };
            self.store(index, kind, default);
            return Ok(());
        }
        let saved = self.current.replace(var);
        let outcome = self.run(code, block, member, ROOT);
        self.current = saved;
        outcome?;
        if kind.is_num() {
            self.memo_n[index] = self.ret_n;
        } else {
            self.memo_i[index] = self.ret_i;
        }
        self.stamp[index] = self.gen;
        Ok(())
    }

    fn store(&mut self, index: usize, kind: Kind, value: Value) {
        if kind.is_num() {
            self.memo_n[index] = value.as_num().unwrap_or_default();
        } else {
            self.memo_i[index] = int_of(value);
        }
        self.stamp[index] = self.gen;
    }

    /// Runs a block in a frame of its own on top of the register stacks;
    /// its value is left in `ret_n` or `ret_i`.
    fn run(&mut self, code: &Code, block: u32, member: u32, outer: u32) -> Result<(), EvalError> {
        let b = code.blocks[block as usize];
        let (bn, bi) = (self.sp_n, self.sp_i);
        let (top_n, top_i) = (bn + b.n_regs as usize, bi + b.i_regs as usize);
        if top_n > self.regs_n.len() {
            self.regs_n.resize(top_n * 2, Decimal::ZERO);
        }
        if top_i > self.regs_i.len() {
            self.regs_i.resize(top_i * 2, 0);
        }
        self.sp_n = top_n;
        self.sp_i = top_i;
        let outcome = self.exec(code, b.start as usize, bn, bi, member, outer);
        self.sp_n = bn;
        self.sp_i = bi;
        outcome
    }

    fn exec(
        &mut self,
        code: &Code,
        start: usize,
        bn: usize,
        bi: usize,
        member: u32,
        outer: u32,
    ) -> Result<(), EvalError> {
        let n = |r: Reg| bn + r as usize;
        let i = |r: Reg| bi + r as usize;
        let who = |w: Who| match w {
            Who::Root => ROOT,
            Who::Current => member,
            Who::Outer => outer,
        };
        let mut pc = start;
        loop {
            let instr = code.instrs[pc];
            pc += 1;
            match instr {
                Instr::NConst { dst, k } => self.regs_n[n(dst)] = code.nums[k as usize],
                Instr::IConst { dst, v } => self.regs_i[i(dst)] = v,
                Instr::NVar { dst, var, who: w } => {
                    let v = self.load_n(code, var, who(w))?;
                    self.regs_n[n(dst)] = v;
                }
                Instr::IVar { dst, var, who: w } => {
                    let v = self.load_i(code, var, who(w))?;
                    self.regs_i[i(dst)] = v;
                }
                Instr::Arith { op, dst, a, b } => {
                    let (x, y) = (self.regs_n[n(a)], self.regs_n[n(b)]);
                    let r = match op {
                        Arith::Add => x.checked_add(y),
                        Arith::Sub => x.checked_sub(y),
                        Arith::Mul => x.checked_mul(y),
                        Arith::Div => {
                            if y.is_zero() {
                                return Err(self.arith("division by zero"));
                            }
                            x.checked_div(y)
                        }
                        Arith::Min => Some(x.min(y)),
                        Arith::Max => Some(x.max(y)),
                    };
                    self.regs_n[n(dst)] = r.ok_or_else(|| self.arith("a number grew too large"))?;
                }
                Instr::NCmp { op, dst, a, b } => {
                    let holds = op.holds(self.regs_n[n(a)].cmp(&self.regs_n[n(b)]));
                    self.regs_i[i(dst)] = i64::from(holds);
                }
                Instr::ICmp { op, dst, a, b } => {
                    let holds = op.holds(self.regs_i[i(a)].cmp(&self.regs_i[i(b)]));
                    self.regs_i[i(dst)] = i64::from(holds);
                }
                Instr::JumpIfFalse { cond, to } => {
                    if self.regs_i[i(cond)] == 0 {
                        pc = start + to as usize;
                    }
                }
                Instr::JumpIfTrue { cond, to } => {
                    if self.regs_i[i(cond)] != 0 {
                        pc = start + to as usize;
                    }
                }
                Instr::Jump { to } => pc = start + to as usize,
                Instr::NMov { dst, a } => self.regs_n[n(dst)] = self.regs_n[n(a)],
                Instr::IMov { dst, a } => self.regs_i[i(dst)] = self.regs_i[i(a)],
                Instr::Round {
                    dst,
                    a,
                    places,
                    mode,
                } => {
                    self.regs_n[n(dst)] = self.regs_n[n(a)]
                        .round_dp_with_strategy(u32::from(places), mode.strategy());
                }
                Instr::Neg { dst, a } => self.regs_n[n(dst)] = -self.regs_n[n(a)],
                Instr::Abs { dst, a } => self.regs_n[n(dst)] = self.regs_n[n(a)].abs(),
                Instr::Not { dst, a } => self.regs_i[i(dst)] = i64::from(self.regs_i[i(a)] == 0),
                Instr::ParamAt {
                    dst,
                    param,
                    date,
                    folded,
                    kind,
                } => {
                    let date = self.regs_i[i(date)];
                    let value = if folded != NONE && date == self.plan_first {
                        if kind.is_num() {
                            Value::Num(code.nums[folded as usize])
                        } else {
                            value_of_int(kind, code.ints[folded as usize])
                        }
                    } else {
                        self.param_on(param, date)?
                    };
                    self.put(n(dst), i(dst), kind, value);
                }
                Instr::TableVersion { dst, param, date } => {
                    let date = to_date(self.regs_i[i(date)]);
                    let Some(version) = self.program.param_version_at(param, date) else {
                        return Err(EvalError::input(InputError::new(
                            InputErrorKind::MonthNotCovered,
                            "",
                            format!(
                                "the rules have no value of `{}` on {date}",
                                self.program.params[param.index()].name
                            ),
                        )));
                    };
                    self.regs_i[i(dst)] = version as i64;
                }
                Instr::Table { dst, table, kind } => {
                    let value = self.table(code, table, bn, bi)?;
                    self.put(n(dst), i(dst), kind, value);
                }
                Instr::InSet {
                    dst,
                    a,
                    start: from,
                    len,
                    negated,
                } => {
                    let v = self.regs_i[i(a)];
                    let set = &code.ints[from as usize..(from + len) as usize];
                    self.regs_i[i(dst)] = i64::from(set.contains(&v) != negated);
                }
                Instr::Agg {
                    func,
                    filter,
                    body,
                    dst,
                } => {
                    // The members all belong to the one member entity.
                    self.aggregate(code, func, filter, body, member)?;
                    match func {
                        AggFunc::Sum | AggFunc::Count => self.regs_n[n(dst)] = self.ret_n,
                        AggFunc::Any | AggFunc::All => self.regs_i[i(dst)] = self.ret_i,
                    }
                }
                Instr::Given { dst, var, who: w } => {
                    let given = self.given(var, who(w));
                    self.regs_i[i(dst)] = i64::from(given);
                }
                Instr::InForce { dst, param, date } => {
                    let date = if date == NONE {
                        self.dates.first_day
                    } else {
                        to_date(self.regs_i[i(date as Reg)])
                    };
                    let holds = self.program.param_version_at(param, date).is_some();
                    self.regs_i[i(dst)] = i64::from(holds);
                }
                Instr::Age { dst, birth, at } => {
                    let birth = to_date(self.regs_i[i(birth)]);
                    let at = if at == NONE {
                        self.dates.first_day
                    } else {
                        to_date(self.regs_i[i(at as Reg)])
                    };
                    if birth > at {
                        return Err(EvalError::input(InputError::new(
                            InputErrorKind::OutOfRange,
                            placeholder(member),
                            format!(
                                "a birth date {birth} is after {at}, the date the age is needed for"
                            ),
                        )));
                    }
                    self.regs_n[n(dst)] = Decimal::from(crate::eval::age(birth, at));
                }
                Instr::Builtin { dst, which } => match which {
                    Builtin::MonthStart => self.regs_i[i(dst)] = self.month_first,
                    Builtin::MonthEnd => self.regs_i[i(dst)] = self.month_last,
                    Builtin::DaysInMonth => self.regs_n[n(dst)] = Decimal::from(self.dates.days),
                    Builtin::WeekdaysInMonth => {
                        self.regs_n[n(dst)] = Decimal::from(self.dates.weekdays);
                    }
                    Builtin::MemberIndex => self.regs_n[n(dst)] = Decimal::from(member),
                },
                Instr::NRet { reg } => {
                    self.ret_n = self.regs_n[n(reg)];
                    return Ok(());
                }
                Instr::IRet { reg } => {
                    self.ret_i = self.regs_i[i(reg)];
                    return Ok(());
                }
            }
        }
    }

    #[inline]
    fn put(&mut self, n: usize, i: usize, kind: Kind, value: Value) {
        match value {
            Value::Num(x) if kind.is_num() => self.regs_n[n] = x,
            other => self.regs_i[i] = int_of(other),
        }
    }

    fn aggregate(
        &mut self,
        code: &Code,
        func: AggFunc,
        filter: u32,
        body: u32,
        outer: u32,
    ) -> Result<(), EvalError> {
        let mut sum = Decimal::ZERO;
        let mut count = 0u32;
        let mut any = false;
        let mut all = true;
        for m in 0..self.members {
            if filter != NONE {
                self.run(code, filter, m, outer)?;
                if self.ret_i == 0 {
                    continue;
                }
            }
            match func {
                AggFunc::Sum => {
                    if body != NONE {
                        self.run(code, body, m, outer)?;
                        sum = sum
                            .checked_add(self.ret_n)
                            .ok_or_else(|| self.arith("a number grew too large"))?;
                    }
                }
                AggFunc::Count => count += 1,
                AggFunc::Any | AggFunc::All => {
                    let holds = if body == NONE {
                        true
                    } else {
                        self.run(code, body, m, outer)?;
                        self.ret_i != 0
                    };
                    any |= holds;
                    all &= holds;
                    if func == AggFunc::Any && any {
                        break;
                    }
                }
            }
        }
        match func {
            AggFunc::Sum => self.ret_n = sum,
            AggFunc::Count => self.ret_n = Decimal::from(count),
            AggFunc::Any => self.ret_i = i64::from(any),
            AggFunc::All => self.ret_i = i64::from(all),
        }
        Ok(())
    }

    fn given(&self, var: VarId, member: u32) -> bool {
        let index = self.slot(var, member);
        if self.stamp[index] == self.gen {
            return true;
        }
        self.stamp[index] != self.gen + 1
            && self.program.vars[var.index()]
                .input
                .as_ref()
                .is_some_and(|input| input.default.is_some())
    }

    /// A scalar parameter's value on a date other than the plan's first day.
    fn param_on(&self, param: ParamId, date: i64) -> Result<Value, EvalError> {
        let def = &self.program.params[param.index()];
        let date = to_date(date);
        let Some(version) = self.program.param_version_at(param, date) else {
            return Err(EvalError::input(InputError::new(
                InputErrorKind::MonthNotCovered,
                "",
                format!("the rules have no value of `{}` on {date}", def.name),
            )));
        };
        match &def.versions[version].value {
            ParamValue::Scalar(v) => Ok(*v),
            _ => Err(EvalError::internal(format!(
                "parameter `{}` has no scalar value in force",
                def.name
            ))),
        }
    }

    fn table(&self, code: &Code, table: u32, bn: usize, bi: usize) -> Result<Value, EvalError> {
        let t = &code.tables[table as usize];
        let def = &self.program.params[t.param.index()];
        let version = if t.version != NONE {
            t.version as usize
        } else {
            self.regs_i[bi + t.date as usize] as usize
        };
        let Some(ParamValue::Table(tbl)) = def.versions.get(version).map(|v| &v.value) else {
            return Err(EvalError::internal(format!(
                "`{}` has no table in force",
                def.name
            )));
        };
        let mut positions = [0usize; 4];
        let mut use_default = false;
        for (k, (&(reg, is_num), dim)) in t.keys.iter().zip(&tbl.dims).enumerate() {
            let key = if is_num {
                let d = self.regs_n[bn + reg as usize];
                i64::try_from(d.trunc().mantissa()).unwrap_or(i64::MIN)
            } else {
                self.regs_i[bi + reg as usize]
            };
            match key_position(*dim, key) {
                Some(pos) => positions[k] = pos,
                None if tbl.default.is_some() => use_default = true,
                None => {
                    let range = match dim {
                        crate::compile::TableDim::Integer { min, len } => {
                            format!(
                                "key {key} (the table has {min} … {})",
                                min + i64::from(*len) - 1
                            )
                        }
                        crate::compile::TableDim::Enum { .. } => format!("key {key}"),
                    };
                    return Err(EvalError::missing_table_row(
                        self.current_var_name(),
                        def.name.clone(),
                        range,
                    ));
                }
            }
        }
        let keys = t.keys.len();
        if t.overridden {
            let key_values: Vec<Value> = t
                .keys
                .iter()
                .zip(&def.keys)
                .map(|(&(reg, is_num), ty)| {
                    if is_num {
                        Value::Num(self.regs_n[bn + reg as usize])
                    } else {
                        let kind = match ty {
                            crate::compile::KeyType::Enum(_) => Kind::Enum,
                            crate::compile::KeyType::Integer => Kind::Num,
                        };
                        value_of_int(kind, self.regs_i[bi + reg as usize])
                    }
                })
                .collect();
            if let Some((_, _, value)) = self
                .cells
                .iter()
                .find(|(p, k, _)| *p == t.param && k[..] == key_values[..])
            {
                return Ok(*value);
            }
        }
        let cell = if use_default {
            tbl.default
        } else {
            tbl.get(&positions[..keys])
        };
        cell.ok_or_else(|| {
            EvalError::missing_table_row(
                self.current_var_name(),
                def.name.clone(),
                format!("{:?}", &positions[..keys]),
            )
        })
    }

    #[cold]
    #[inline(never)]
    fn arith(&self, message: &str) -> EvalError {
        EvalError::arithmetic(self.current_var_name(), message)
    }

    fn current_var_name(&self) -> String {
        match self.current {
            Some(var) => format!(
                "{} in {}",
                self.program.vars[var.index()].name,
                self.dates.month
            ),
            None => format!("a formula in {}", self.dates.month),
        }
    }

    #[cold]
    #[inline(never)]
    fn missing_input(&self, var: VarId, member: u32) -> EvalError {
        let def = &self.program.vars[var.index()];
        let path = if def.entity.index() == 0 {
            def.name.clone()
        } else {
            let plural = &self.program.entities[def.entity.index()].plural;
            format!("{plural}.{}.{}", placeholder(member), def.name)
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
}

fn days(date: chrono::NaiveDate) -> i64 {
    i64::from(chrono::Datelike::num_days_from_ce(&date))
}

fn to_date(days: i64) -> chrono::NaiveDate {
    i32::try_from(days)
        .ok()
        .and_then(chrono::NaiveDate::from_num_days_from_ce_opt)
        .unwrap_or(chrono::NaiveDate::MIN)
}

fn placeholder(member: u32) -> String {
    crate::eval::member_placeholder(member)
}
