//! Households from columns: the flat convention of CSV (and of flat Arrow
//! tables) and Arrow's nested columns.
//!
//! A column is `id`, `month`, a household-level input by its qualified name
//! (`vuokra`, `toimeentulotuki.vesimaksu`), or a member's input as
//! `PLURAL.N.NAME` (`henkilot.0.palkkatulo`), N the member's position from
//! 0, with `PLURAL.N.id` naming the member (default: N). In Arrow a
//! namespace may be a struct column (`toimeentulotuki: struct<vesimaksu>`)
//! and the members a `list<struct<id?, NAME…>>` column named by the plural.
//! A member exists when any of its cells is not empty. `description` and the
//! columns the caller ignores are skipped; any other column is an error
//! before the first row is read.

use etuus_engine::compile::ids::{EntityId, VarId};
use etuus_engine::household::Member;
use etuus_engine::{Household, Month, Program};

use super::value::{value_of, Cell};
use crate::error::{BatchError, RowError};

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// The row's id.
    Id,
    /// The row's month.
    Month,
    /// Skipped.
    Ignore,
    /// A household-level input.
    Root(VarId),
    /// The id of the member at flat position `slot`.
    MemberId(usize),
    /// An input of the member at flat position `slot`.
    Member(usize, VarId),
}

/// A flat member position: `PLURAL.N`.
#[derive(Debug, Clone)]
pub struct Slot {
    /// The member entity.
    pub entity: EntityId,
    /// Its plural.
    pub plural: String,
    /// N.
    pub position: u32,
}

/// A `list<struct>` column of members.
#[derive(Debug, Clone)]
pub struct ListPlan {
    /// The member entity.
    pub entity: EntityId,
    /// Its plural (the column's name).
    pub plural: String,
    /// What each struct field holds: `Id`, `Ignore` or `Member(0, var)`.
    pub fields: Vec<(String, Target)>,
}

/// How a table's columns make households.
#[derive(Debug, Clone)]
pub struct ColumnPlan {
    /// Each flat column's name and target.
    pub columns: Vec<(String, Target)>,
    /// The flat member positions, in member order.
    pub slots: Vec<Slot>,
    /// The list columns of members.
    pub lists: Vec<ListPlan>,
}

/// Reads cells of one row.
pub trait Cells {
    /// The cell of flat column `column`.
    fn cell(&self, column: usize) -> Cell<'_>;
    /// The number of members in list column `list` (0 for a null list).
    fn list_len(&self, list: usize) -> usize;
    /// Whether member `member` of list `list` is null (a member without inputs).
    fn list_null(&self, list: usize, member: usize) -> bool;
    /// The cell of field `field` of member `member` in list `list`.
    fn list_cell(&self, list: usize, member: usize, field: usize) -> Cell<'_>;
}

impl ColumnPlan {
    /// The plan for flat columns `names` and list columns `lists` (each its
    /// name and its struct's field names); `ignore` lists columns to skip.
    pub fn new(
        program: &Program,
        names: &[String],
        lists: &[(String, Vec<String>)],
        ignore: &[String],
    ) -> Result<ColumnPlan, BatchError> {
        let mut plan = ColumnPlan {
            columns: Vec::new(),
            slots: Vec::new(),
            lists: Vec::new(),
        };
        let mut positions: Vec<(usize, u32)> = Vec::new();
        for name in names {
            let target = if ignore.contains(name) || name == "description" {
                Target::Ignore
            } else if name == "id" {
                Target::Id
            } else if name == "month" {
                Target::Month
            } else if let Some((entity, position, rest)) = member_column(program, name) {
                let slot = match positions
                    .iter()
                    .position(|&(e, p)| e == entity.index() && p == position)
                {
                    Some(s) => s,
                    None => {
                        positions.push((entity.index(), position));
                        plan.slots.push(Slot {
                            entity,
                            plural: program.entities[entity.index()].plural.clone(),
                            position,
                        });
                        plan.slots.len() - 1
                    }
                };
                if rest == "id" {
                    Target::MemberId(slot)
                } else {
                    Target::Member(slot, input_var(program, entity, rest, name)?)
                }
            } else {
                Target::Root(input_var(program, EntityId(0), name, name)?)
            };
            plan.columns.push((name.clone(), target));
        }
        // Members in entity order, then by position; targets follow.
        let mut order: Vec<usize> = (0..plan.slots.len()).collect();
        order.sort_by_key(|&s| (plan.slots[s].entity.index(), plan.slots[s].position));
        let mut renumber = vec![0; order.len()];
        for (new, &old) in order.iter().enumerate() {
            renumber[old] = new;
        }
        plan.slots = order.iter().map(|&s| plan.slots[s].clone()).collect();
        for (_, target) in &mut plan.columns {
            match target {
                Target::MemberId(s) => *s = renumber[*s],
                Target::Member(s, _) => *s = renumber[*s],
                _ => {}
            }
        }
        for (name, fields) in lists {
            let entity = program
                .entities
                .iter()
                .position(|e| e.plural == *name && e.is_listed())
                .map(|e| EntityId(e as u32))
                .ok_or_else(|| {
                    BatchError::Usage(format!(
                        "column `{name}` is a list, but no members are called `{name}`"
                    ))
                })?;
            let fields = fields
                .iter()
                .map(|f| {
                    let target = if f == "id" {
                        Target::Id
                    } else if ignore.contains(f) {
                        Target::Ignore
                    } else {
                        Target::Member(0, input_var(program, entity, f, &format!("{name}.{f}"))?)
                    };
                    Ok((f.clone(), target))
                })
                .collect::<Result<_, BatchError>>()?;
            plan.lists.push(ListPlan {
                entity,
                plural: name.clone(),
                fields,
            });
        }
        Ok(plan)
    }

    /// The widest flat member position + 1 per member entity, for writing
    /// CSV in the same layout.
    pub fn widths(&self, program: &Program) -> Vec<(EntityId, usize)> {
        program
            .entities
            .iter()
            .enumerate()
            .filter(|(_, e)| e.is_listed())
            .map(|(i, _)| {
                let width = self
                    .slots
                    .iter()
                    .filter(|s| s.entity.index() == i)
                    .map(|s| s.position as usize + 1)
                    .max()
                    .unwrap_or(0);
                (EntityId(i as u32), width)
            })
            .collect()
    }

    /// Reads one row: its id cell, its month, its household.
    pub fn read<'c>(
        &self,
        program: &Program,
        cells: &'c dyn Cells,
    ) -> (
        Cell<'c>,
        Result<Option<Month>, RowError>,
        Result<Household, RowError>,
    ) {
        let mut id = Cell::Null;
        let mut month = Ok(None);
        for (c, (_, target)) in self.columns.iter().enumerate() {
            match target {
                Target::Id => id = cells.cell(c),
                Target::Month => month = read_month(cells.cell(c)),
                _ => {}
            }
        }
        (id, month, self.household(program, cells))
    }

    fn household(&self, program: &Program, cells: &dyn Cells) -> Result<Household, RowError> {
        let mut household = Household::default();
        // Flat members: ids and values per position.
        let mut ids: Vec<Option<String>> = vec![None; self.slots.len()];
        let mut present = vec![false; self.slots.len()];
        let mut values: Vec<Vec<(VarId, etuus_engine::Value)>> = vec![Vec::new(); self.slots.len()];
        for (c, (name, target)) in self.columns.iter().enumerate() {
            match *target {
                Target::Root(var) => {
                    if let Some(v) = value_of(program, var, cells.cell(c))
                        .map_err(|m| RowError::new(name.clone(), m))?
                    {
                        household.values.push((var, v));
                    }
                }
                Target::MemberId(slot) => {
                    if let Some(text) = id_text(cells.cell(c)) {
                        present[slot] = true;
                        ids[slot] = Some(text);
                    }
                }
                Target::Member(slot, var) => {
                    let cell = cells.cell(c);
                    if let Some(v) = value_of(program, var, cell).map_err(|m| {
                        let s = &self.slots[slot];
                        let id = ids[slot].clone().unwrap_or_else(|| s.position.to_string());
                        let var_name = &program.vars[var.index()].name;
                        RowError::new(format!("{}.{id}.{var_name}", s.plural), m)
                    })? {
                        present[slot] = true;
                        values[slot].push((var, v));
                    }
                }
                Target::Id | Target::Month | Target::Ignore => {}
            }
        }
        for (slot, s) in self.slots.iter().enumerate() {
            if !present[slot] {
                continue;
            }
            household.members.push(Member {
                id: ids[slot].take().unwrap_or_else(|| s.position.to_string()),
                entity: s.entity,
                values: std::mem::take(&mut values[slot]),
            });
        }
        for (l, list) in self.lists.iter().enumerate() {
            for k in 0..cells.list_len(l) {
                let mut member = Member {
                    id: k.to_string(),
                    entity: list.entity,
                    values: Vec::new(),
                };
                if !cells.list_null(l, k) {
                    for (f, (_, target)) in list.fields.iter().enumerate() {
                        if *target == Target::Id {
                            if let Some(text) = id_text(cells.list_cell(l, k, f)) {
                                member.id = text;
                            }
                        }
                    }
                    for (f, (name, target)) in list.fields.iter().enumerate() {
                        if let Target::Member(_, var) = *target {
                            if let Some(v) = value_of(program, var, cells.list_cell(l, k, f))
                                .map_err(|m| {
                                    RowError::new(
                                        format!("{}.{}.{name}", list.plural, member.id),
                                        m,
                                    )
                                })?
                            {
                                member.values.push((var, v));
                            }
                        }
                    }
                }
                household.members.push(member);
            }
        }
        complete(program, &household)?;
        Ok(household)
    }
}

/// The checks of a whole household: distinct member ids, enough members,
/// every required input given.
fn complete(program: &Program, household: &Household) -> Result<(), RowError> {
    for (i, m) in household.members.iter().enumerate() {
        if household.members[..i]
            .iter()
            .any(|o| o.entity == m.entity && o.id == m.id)
        {
            let plural = &program.entities[m.entity.index()].plural;
            return Err(RowError::new(
                format!("{plural}.{}.id", m.id),
                format!("two members have the id `{}`", m.id),
            ));
        }
    }
    for (index, entity) in program.entities.iter().enumerate() {
        let count = household
            .members
            .iter()
            .filter(|m| m.entity.index() == index)
            .count();
        if count < entity.min_members as usize {
            return Err(RowError::new(
                entity.plural.clone(),
                format!(
                    "a household needs at least {} {} (found {count})",
                    entity.min_members, entity.plural
                ),
            ));
        }
    }
    let lang = program.message_language();
    for (index, var) in program.vars.iter().enumerate() {
        if !var.input.as_ref().is_some_and(|i| i.required) {
            continue;
        }
        let missing =
            |given: &[(VarId, etuus_engine::Value)]| !given.iter().any(|(v, _)| v.index() == index);
        let message = || {
            format!(
                "required: {} ({})",
                var.labels.get(lang),
                super::value::describe(program, &var.ty)
            )
        };
        if var.entity.index() == 0 {
            if missing(&household.values) {
                return Err(RowError::new(var.name.clone(), message()));
            }
        } else {
            for m in household.members.iter().filter(|m| m.entity == var.entity) {
                if missing(&m.values) {
                    let plural = &program.entities[m.entity.index()].plural;
                    return Err(RowError::new(
                        format!("{plural}.{}.{}", m.id, var.name),
                        message(),
                    ));
                }
            }
        }
    }
    Ok(())
}

fn id_text(cell: Cell<'_>) -> Option<String> {
    match cell {
        Cell::Null => None,
        Cell::Text(t) if t.trim().is_empty() => None,
        Cell::Text(t) => Some(t.to_string()),
        Cell::Int(i) => Some(i.to_string()),
        Cell::UInt(i) => Some(i.to_string()),
        Cell::F64(f) => Some(f.to_string()),
        Cell::F32(f) => Some(f.to_string()),
        Cell::Bool(b) => Some(b.to_string()),
        Cell::Decimal(n, s) => Some(format!("{n}e-{s}")),
        Cell::Date(d) => Some(d.to_string()),
    }
}

fn read_month(cell: Cell<'_>) -> Result<Option<Month>, RowError> {
    match cell {
        Cell::Null => Ok(None),
        Cell::Text(t) if t.trim().is_empty() => Ok(None),
        Cell::Text(t) => t
            .parse::<Month>()
            .map(Some)
            .map_err(|e| RowError::new("month", e.to_string())),
        Cell::Date(days) => chrono::NaiveDate::from_num_days_from_ce_opt(days + 719_163)
            .map(|d| Some(Month::of(d)))
            .ok_or_else(|| RowError::new("month", "not a date")),
        _ => Err(RowError::new(
            "month",
            "a month is text YYYY-MM (or a date: its month)",
        )),
    }
}

/// `PLURAL.N.REST` of a member entity: the entity, N and REST.
fn member_column<'n>(program: &Program, name: &'n str) -> Option<(EntityId, u32, &'n str)> {
    let (plural, rest) = name.split_once('.')?;
    let (position, rest) = rest.split_once('.')?;
    let entity = program
        .entities
        .iter()
        .position(|e| e.plural == plural && e.is_listed())?;
    let position = position.parse().ok()?;
    Some((EntityId(entity as u32), position, rest))
}

/// The input variable of `entity` named `name`, or an error for column `column`.
fn input_var(
    program: &Program,
    entity: EntityId,
    name: &str,
    column: &str,
) -> Result<VarId, BatchError> {
    let found = program
        .var_named(name)
        .filter(|v| program.vars[v.index()].entity == entity);
    match found {
        Some(var) if program.vars[var.index()].input.is_some() => Ok(var),
        Some(var) => Err(BatchError::Usage(format!(
            "column `{column}`: `{}` is computed by the rules, not given as input",
            program.vars[var.index()].name
        ))),
        None => {
            let suggestion = program
                .vars
                .iter()
                .filter(|v| v.entity == entity && v.input.is_some())
                .map(|v| (strsim::levenshtein(name, &v.name), v.name.as_str()))
                .filter(|(d, c)| *d <= 2.max(c.len() / 4))
                .min()
                .map(|(_, c)| c);
            let entity_name = &program.entities[entity.index()].name;
            Err(BatchError::Usage(match suggestion {
                Some(s) => format!(
                    "column `{column}`: unknown input `{name}` for a {entity_name}; did you mean `{s}`? (`etuus schema --columns` lists the columns; --ignore skips a column)"
                ),
                None => format!(
                    "column `{column}`: unknown input `{name}` for a {entity_name}; `etuus schema --columns` lists the columns (--ignore skips a column)"
                ),
            }))
        }
    }
}
