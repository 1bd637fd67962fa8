//! The state of one household's evaluation, which compiled closures read
//! and write: memo slots stamped with the household's generation (so the
//! next household starts without clearing anything), the member a formula
//! runs for, and the first error met.

use rust_decimal::Decimal;

use super::code::{Code, Expr, MEMBER_SLOT};
use super::kind::{int_of, key_position, to_date, value_of_int, Kind};
use crate::compile::ids::{EntityId, ParamId, VarId};
use crate::compile::{KeyType, MonthDates, ParamValue, Program, TableDim};
use crate::eval::groups::Membership;
use crate::eval::EvalError;
use crate::household::{InputError, InputErrorKind};
use crate::trace::ROOT;
use crate::value::Value;

/// See the module documentation. Public (and hidden from the documentation)
/// for the formulas that `etuus` generates as Rust at build time.
#[doc(hidden)]
#[derive(Clone)]
pub struct State<'p> {
    pub program: &'p Program,
    pub dates: MonthDates,
    /// The law's plan's first day, as days: parameter reads on it use the
    /// folded value.
    pub plan_first: i64,
    pub month_first: i64,
    pub month_last: i64,
    pub members: u32,
    /// The member the running formula is for ([`ROOT`] for the root entity).
    pub member: u32,
    /// Inside a peer aggregate: the member the enclosing formula is for.
    pub outer: u32,
    /// The variable being computed, for error messages.
    pub current: Option<VarId>,
    /// A slot stamped `gen` holds the current household's value; one stamped
    /// `gen + 1` is an optional input it did not give.
    pub gen: u32,
    pub memo: Vec<Memo>,
    /// The first error met; once set, nothing more is computed.
    pub error: Option<EvalError>,
    /// Table cells replacing the rule set's.
    pub cells: Vec<(ParamId, Vec<Value>, Value)>,
    /// Per entity: a group entity's groups, valid when stamped with `gen`.
    pub groups: Vec<(u32, Membership)>,
    /// Keys of the members while groups are built (a reused buffer).
    keys: Vec<Value>,
}

impl<'p> State<'p> {
    pub fn new(program: &'p Program, dates: MonthDates, plan_first: i64) -> State<'p> {
        State {
            program,
            dates,
            plan_first,
            month_first: super::kind::days(dates.first_day),
            month_last: super::kind::days(dates.last_day),
            members: 0,
            member: ROOT,
            outer: ROOT,
            current: None,
            gen: 0,
            memo: Vec::new(),
            error: None,
            cells: Vec::new(),
            groups: vec![(0, Membership::default()); program.entities.len()],
            keys: Vec::new(),
        }
    }

    /// Builds the groups of a group entity for this household if they are
    /// not built yet; false after an error (a member's key could not be
    /// computed).
    pub fn ensure_groups(&mut self, code: &Code, entity: EntityId) -> bool {
        if self.groups[entity.index()].0 == self.gen {
            return true;
        }
        let Some(grouping) = self.program.entities[entity.index()].grouping else {
            return false;
        };
        let kind = code.var_kind[grouping.key.index()];
        let mut keys = std::mem::take(&mut self.keys);
        keys.clear();
        for m in 0..self.members {
            keys.push(if kind.is_num() {
                Value::Num(self.load_n(code, grouping.key, m))
            } else {
                value_of_int(kind, self.load_i(code, grouping.key, m))
            });
        }
        let ok = self.error.is_none();
        if ok {
            let (stamp, membership) = &mut self.groups[entity.index()];
            membership.assign(&keys);
            *stamp = self.gen;
        }
        self.keys = keys;
        ok
    }

    /// The group (of group entity `entity`) member `member` belongs to.
    #[inline]
    pub fn group_of(&mut self, code: &Code, entity: EntityId, member: u32) -> u32 {
        if !self.ensure_groups(code, entity) {
            return 0;
        }
        self.groups[entity.index()]
            .1
            .of
            .get(member as usize)
            .copied()
            .unwrap_or(0)
    }

    /// How many instances a non-root entity has: members, or groups.
    pub fn instances(&mut self, code: &Code, entity: EntityId) -> u32 {
        if self.program.entities[entity.index()].grouping.is_none() {
            return self.members;
        }
        if self.ensure_groups(code, entity) {
            self.groups[entity.index()].1.count()
        } else {
            0
        }
    }

    /// The slot of `var` for `member`.
    #[inline]
    pub fn slot(&self, code: &Code, var: VarId, member: u32) -> usize {
        let slot = code.var_slot[var.index()];
        if slot & MEMBER_SLOT == 0 {
            slot as usize
        } else {
            self.program.root_slots as usize
                + (slot & !MEMBER_SLOT) as usize * self.members as usize
                + member as usize
        }
    }

    /// A number variable's value for `member`, computed if needed.
    #[inline]
    pub fn load_n(&mut self, code: &Code, var: VarId, member: u32) -> Decimal {
        let index = self.slot(code, var, member);
        self.load_n_at(code, var, member, index)
    }

    /// Another variable's value for `member`, computed if needed.
    #[inline]
    pub fn load_i(&mut self, code: &Code, var: VarId, member: u32) -> i64 {
        let index = self.slot(code, var, member);
        self.load_i_at(code, var, member, index)
    }

    /// A number variable's value in slot `index`, computed if needed.
    #[inline(always)]
    pub fn load_n_at(&mut self, code: &Code, var: VarId, member: u32, index: usize) -> Decimal {
        match self.memo.get(index) {
            Some(cell) if cell.stamp == self.gen => cell.num,
            _ => {
                self.fill(code, var, member, index);
                self.memo.get(index).map_or(Decimal::ZERO, |c| c.num)
            }
        }
    }

    /// Another variable's value in slot `index`, computed if needed.
    #[inline(always)]
    pub fn load_i_at(&mut self, code: &Code, var: VarId, member: u32, index: usize) -> i64 {
        match self.memo.get(index) {
            Some(cell) if cell.stamp == self.gen => cell.int,
            _ => {
                self.fill(code, var, member, index);
                self.memo.get(index).map_or(0, |c| c.int)
            }
        }
    }

    /// The slot of a member variable whose slot number is `slot`.
    #[inline(always)]
    pub fn member_slot(&self, root_slots: usize, slot: usize, member: u32) -> usize {
        root_slots + slot * self.members as usize + member as usize
    }

    /// Computes a stale slot: an input's default, or the variable's formula.
    /// After an error nothing more is computed, so the values kept are those
    /// a tree walk stopping at the error would have.
    #[inline(never)]
    pub fn fill(&mut self, code: &Code, var: VarId, member: u32, index: usize) {
        if self.error.is_some() {
            return;
        }
        if self.memo[index].stamp == self.gen + 1 {
            let e = self.missing_input(var, member);
            self.fail(e);
            return;
        }
        let Some(expr) = &code.var_expr[var.index()] else {
            self.fill_input(var, member, index);
            return;
        };
        let saved = (self.member, self.outer, self.current);
        self.member = member;
        self.outer = ROOT;
        self.current = Some(var);
        match expr {
            Expr::Num(f) => {
                let v = f(code, self);
                self.memo[index].num = v;
            }
            Expr::Int(f, _) => {
                let v = f(code, self);
                self.memo[index].int = v;
            }
        }
        (self.member, self.outer, self.current) = saved;
        if self.error.is_none() {
            self.memo[index].stamp = self.gen;
        }
    }

    /// An input the household did not give: its default, else an error.
    fn fill_input(&mut self, var: VarId, member: u32, index: usize) {
        let def = &self.program.vars[var.index()];
        let Some(input) = &def.input else {
            let e = EvalError::internal(format!(
                "`{}` has no formula for {} and no input value",
                def.name, self.dates.month
            ));
            self.fail(e);
            return;
        };
        match input.default {
            Some(Value::Num(n)) => self.memo[index].num = n,
            Some(other) => self.memo[index].int = int_of(other),
            None => {
                self.memo[index].stamp = self.gen + 1;
                let e = self.missing_input(var, member);
                self.fail(e);
                return;
            }
        }
        self.memo[index].stamp = self.gen;
    }

    /// Whether an input has a value for `member`: given, or a default.
    pub fn given(&self, code: &Code, var: VarId, member: u32) -> bool {
        let index = self.slot(code, var, member);
        let stamp = self.memo.get(index).map_or(0, |c| c.stamp);
        if stamp == self.gen {
            return true;
        }
        stamp != self.gen + 1
            && self.program.vars[var.index()]
                .input
                .as_ref()
                .is_some_and(|input| input.default.is_some())
    }

    /// Records the first error; later ones follow from it.
    #[cold]
    #[inline(never)]
    pub fn fail(&mut self, error: EvalError) {
        if self.error.is_none() {
            self.error = Some(error);
        }
    }

    #[cold]
    #[inline(never)]
    pub fn arith(&mut self, message: &str) -> Decimal {
        let e = EvalError::arithmetic(self.current_var_name(), message);
        self.fail(e);
        Decimal::ZERO
    }

    pub fn current_var_name(&self) -> String {
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
    pub fn missing_input(&self, var: VarId, member: u32) -> EvalError {
        let def = &self.program.vars[var.index()];
        let path = if def.entity.index() == 0 {
            def.name.clone()
        } else {
            let plural = &self.program.entities[def.entity.index()].plural;
            format!(
                "{plural}.{}.{}",
                crate::eval::member_placeholder(member),
                def.name
            )
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

    #[cold]
    #[inline(never)]
    fn no_value(&mut self, param: ParamId, date: chrono::NaiveDate) {
        let e = EvalError::input(InputError::new(
            InputErrorKind::MonthNotCovered,
            "",
            format!(
                "the rules have no value of `{}` on {date}",
                self.program.params[param.index()].name
            ),
        ));
        self.fail(e);
    }

    /// The value version of a parameter on a date (days), or an error.
    pub fn version_on(&mut self, param: ParamId, date: i64) -> Option<usize> {
        let date = to_date(date);
        let version = self.program.param_version_at(param, date);
        if version.is_none() {
            self.no_value(param, date);
        }
        version
    }

    /// A scalar parameter's value on a date other than the plan's first day.
    pub fn param_on(&mut self, param: ParamId, date: i64) -> Option<Value> {
        let version = self.version_on(param, date)?;
        let def = &self.program.params[param.index()];
        match &def.versions[version].value {
            ParamValue::Scalar(v) => Some(*v),
            _ => {
                let e = EvalError::internal(format!(
                    "parameter `{}` has no scalar value in force",
                    def.name
                ));
                self.fail(e);
                None
            }
        }
    }

    /// The cell of a table version for the given keys (numbers or
    /// integers by dimension).
    pub fn table_cell(
        &mut self,
        param: ParamId,
        version: usize,
        keys: &[KeyValue],
        overridden: bool,
    ) -> Option<Value> {
        let program = self.program;
        let def = &program.params[param.index()];
        let Some(ParamValue::Table(table)) = def.versions.get(version).map(|v| &v.value) else {
            let e = EvalError::internal(format!("`{}` has no table in force", def.name));
            self.fail(e);
            return None;
        };
        let mut positions = [0usize; 4];
        let mut use_default = false;
        for (k, (key, dim)) in keys.iter().zip(&table.dims).enumerate() {
            let key = key.as_int();
            match key_position(*dim, key) {
                Some(pos) => positions[k] = pos,
                None if table.default.is_some() => use_default = true,
                None => {
                    let what = match dim {
                        TableDim::Integer { min, len } => format!(
                            "key {key} (the table has {min} … {})",
                            min + i64::from(*len) - 1
                        ),
                        TableDim::Enum { .. } => format!("key {key}"),
                    };
                    let e = EvalError::missing_table_row(
                        self.current_var_name(),
                        def.name.clone(),
                        what,
                    );
                    self.fail(e);
                    return None;
                }
            }
        }
        if overridden {
            let wanted: Vec<Value> = keys
                .iter()
                .zip(&def.keys)
                .map(|(key, ty)| key.as_value(*ty))
                .collect();
            if let Some((_, _, value)) = self
                .cells
                .iter()
                .find(|(p, k, _)| *p == param && k[..] == wanted[..])
            {
                return Some(*value);
            }
        }
        let n = keys.len();
        let cell = if use_default {
            table.default
        } else {
            table.get(&positions[..n])
        };
        if cell.is_none() {
            let e = EvalError::missing_table_row(
                self.current_var_name(),
                def.name.clone(),
                format!("{:?}", &positions[..n]),
            );
            self.fail(e);
        }
        cell
    }

    /// Full years from `born` to `on` (days); a birth after the date is an input error.
    pub fn age(&mut self, born: i64, on: i64) -> Decimal {
        let (birth, at) = (to_date(born), to_date(on));
        if birth > at {
            let e = EvalError::input(InputError::new(
                InputErrorKind::OutOfRange,
                crate::eval::member_placeholder(self.member),
                format!("a birth date {birth} is after {at}, the date the age is needed for"),
            ));
            self.fail(e);
            return Decimal::ZERO;
        }
        Decimal::from(crate::eval::age(birth, at))
    }

    /// Whether a parameter has a value on a date (days).
    pub fn in_force(&self, param: ParamId, day: i64) -> bool {
        self.program.param_version_at(param, to_date(day)).is_some()
    }

    /// A parameter the plan has no scalar value of, read: an internal error
    /// (the checker rules it out in the months a formula is in force).
    #[cold]
    pub fn no_scalar(&mut self, param: ParamId) {
        let name = &self.program.params[param.index()].name;
        let e = EvalError::internal(format!("parameter `{name}` has no scalar value in force"));
        self.fail(e);
    }

    /// A scalar parameter on the date `day`: `folded` (the plan's value) when
    /// that is the plan's first day, else looked up.
    #[inline]
    pub fn param_at(&mut self, param: ParamId, day: i64, folded: Option<Value>) -> Option<Value> {
        match folded {
            Some(v) if day == self.plan_first => Some(v),
            _ => self.param_on(param, day),
        }
    }

    /// The version of a table for a lookup: the plan's, or the one in force
    /// on `date` (days) when the table is read at another date.
    pub fn table_version(&mut self, c: &Code, param: ParamId, date: Option<i64>) -> Option<usize> {
        let fixed = usize::from(c.plan_param[param.index()]);
        match date {
            None => Some(fixed),
            Some(_) if self.error.is_some() => None,
            Some(day)
                if day == self.plan_first
                    && fixed != usize::from(crate::compile::MonthPlan::NONE) =>
            {
                Some(fixed)
            }
            Some(day) => self.version_on(param, day),
        }
    }

    /// A table cell: the version ([`State::table_version`]) and the keys
    /// evaluated in order before.
    pub fn table(
        &mut self,
        param: ParamId,
        version: Option<usize>,
        keys: &[KeyValue],
        overridden: bool,
    ) -> Option<Value> {
        let version = version?;
        if self.error.is_some() {
            return None;
        }
        self.table_cell(param, version, keys, overridden)
    }

    /// A value read as a number (0 if it is none).
    #[inline]
    pub fn num(value: Option<Value>) -> Decimal {
        match value {
            Some(Value::Num(n)) => n,
            _ => Decimal::ZERO,
        }
    }

    /// A value read as an integer.
    #[inline]
    pub fn int(value: Option<Value>) -> i64 {
        value.map_or(0, int_of)
    }

    /// The value of `var` for `member` if it is known, without computing.
    pub fn known(&self, code: &Code, var: VarId, member: u32) -> Option<Value> {
        let index = self.slot(code, var, member);
        let kind = code.var_kind[var.index()];
        if let Some(cell) = self.memo.get(index).filter(|c| c.stamp == self.gen) {
            return Some(if kind.is_num() {
                Value::Num(cell.num)
            } else {
                value_of_int(kind, cell.int)
            });
        }
        // An input not given has its default, as if given.
        self.program.vars[var.index()]
            .input
            .as_ref()
            .and_then(|input| input.default)
    }
}

/// Whom an aggregate visits.
#[doc(hidden)]
#[derive(Clone, Copy)]
pub enum Visit {
    /// Every member of the household.
    Members,
    /// Every group of a group entity.
    Groups(EntityId),
    /// The members of the group the formula is for.
    Within(EntityId),
}

impl Visit {
    /// How many instances to go through.
    #[inline]
    pub fn count(self, c: &Code, s: &mut State<'_>) -> u32 {
        match self {
            Visit::Members => s.members,
            Visit::Groups(entity) => s.instances(c, entity),
            Visit::Within(group) => {
                if s.ensure_groups(c, group) {
                    s.members
                } else {
                    0
                }
            }
        }
    }

    /// Whether instance `m` is visited by an aggregate in the formula of `of`.
    #[inline]
    pub fn includes(self, s: &State<'_>, m: u32, of: u32) -> bool {
        match self {
            Visit::Within(group) => s.groups[group.index()].1.of.get(m as usize) == Some(&of),
            _ => true,
        }
    }
}

#[doc(hidden)]
/// One memo slot: the value of a variable for one member (or the root), valid
/// when stamped with the current generation.
#[derive(Debug, Clone, Copy, Default)]
pub struct Memo {
    pub num: Decimal,
    pub int: i64,
    pub stamp: u32,
}

#[doc(hidden)]
/// A table key as evaluated.
#[derive(Debug, Clone, Copy)]
pub enum KeyValue {
    /// A number (integer dimensions).
    Num(Decimal),
    /// An enum variant.
    Int(i64),
}

impl KeyValue {
    fn as_int(self) -> i64 {
        match self {
            KeyValue::Num(d) => i64::try_from(d.trunc().mantissa()).unwrap_or(i64::MIN),
            KeyValue::Int(i) => i,
        }
    }

    fn as_value(self, ty: KeyType) -> Value {
        match (self, ty) {
            (KeyValue::Num(d), _) => Value::Num(d),
            (KeyValue::Int(i), KeyType::Enum(_)) => value_of_int(Kind::Enum, i),
            (KeyValue::Int(i), KeyType::Integer) => Value::Num(Decimal::from(i)),
        }
    }
}
