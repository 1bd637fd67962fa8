//! The output row layout: which values each household-month row holds, in
//! which columns, under which names.
//!
//! A row holds `row` (the household's 1-based position in the input), `id`,
//! `month`, the parameter values of its scenario (`set.NAME`), one column per
//! result amount (named by the result: `yleinen_asumistuki`), the further
//! variables asked for (named by the variable: `asumistuki.tulot_yhteensa`),
//! and `error` when the row failed. Values of members (persons) go under the
//! member entity's plural (`henkilot`), one entry per member in household
//! order.

use etuus_engine::compile::ids::{EntityId, ResultId, VarId};
use etuus_engine::trace::ROOT;
use etuus_engine::{Program, Value};

use crate::error::BatchError;

/// What the rows should hold besides their row number, id and month.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    /// Results by name; empty means the rule set's default results.
    pub results: Vec<String>,
    /// Further variables by qualified name (`--value`).
    pub values: Vec<String>,
    /// Also every line of each result's explanation (`--all-lines`).
    pub all_lines: bool,
}

/// When a column's value is written: always when it is known, or, for an
/// explanation line, only where `calc` would show it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Show {
    /// A result's amount: whenever the result was computed.
    Amount(ResultId),
    /// A variable asked for: whenever computed.
    Always,
    /// A result's line: where its filter holds (and, if the result omits
    /// zero lines, where it is not zero).
    Line {
        /// The result it belongs to.
        result: ResultId,
        /// The line's own filter (`where …`).
        filter: Option<VarId>,
    },
}

/// One value column.
#[derive(Debug, Clone)]
pub struct Column {
    /// The column's name (a result's name for its amount, else the variable's).
    pub name: String,
    /// The variable whose value it holds.
    pub var: VarId,
    /// The rules under which its value is written (several if the variable
    /// is a line of several results: shown if any shows it).
    pub show: Vec<Show>,
}

/// The values of one member entity (e.g. `henkilot`).
#[derive(Debug, Clone)]
pub struct MemberGroup {
    /// The entity.
    pub entity: EntityId,
    /// Its plural, the name of the group's column (`henkilot`).
    pub plural: String,
    /// The columns of each member.
    pub columns: Vec<Column>,
}

/// The columns of every output row.
#[derive(Debug, Clone)]
pub struct Layout {
    /// Results computed, in order.
    pub results: Vec<ResultId>,
    /// Whether a result that lacks an input leaves only its own columns
    /// empty (the default results, as `calc` without `--result`) rather than
    /// failing the row.
    pub tolerant: bool,
    /// Whether the results' lines are output (and so computed).
    pub all_lines: bool,
    /// Further variables computed (`--value`).
    pub values: Vec<VarId>,
    /// Columns of household-level values.
    pub root: Vec<Column>,
    /// Columns of member-level values, by member entity.
    pub members: Vec<MemberGroup>,
}

impl Layout {
    /// The layout for a selection; fails naming a result or variable that
    /// does not exist.
    pub fn new(program: &Program, selection: &Selection) -> Result<Layout, BatchError> {
        let tolerant = selection.results.is_empty();
        let results = if tolerant {
            program.default_results.clone()
        } else {
            selection
                .results
                .iter()
                .map(|name| {
                    program.result_named(name).ok_or_else(|| {
                        let names: Vec<&str> =
                            program.results.iter().map(|r| r.name.as_str()).collect();
                        BatchError::Usage(format!(
                            "no result `{name}`; the results are {}",
                            names.join(", ")
                        ))
                    })
                })
                .collect::<Result<_, _>>()?
        };
        let mut layout = Layout {
            results: results.clone(),
            tolerant,
            all_lines: selection.all_lines,
            values: Vec::new(),
            root: Vec::new(),
            members: Vec::new(),
        };
        for &r in &results {
            let def = &program.results[r.index()];
            layout.add(program, def.name.clone(), def.amount, Show::Amount(r))?;
        }
        for name in &selection.values {
            let var = program.var_named(name).ok_or_else(|| {
                BatchError::Usage(format!(
                    "no variable `{name}`; `etuus vars` lists the variables"
                ))
            })?;
            layout.values.push(var);
            layout.add(program, name.clone(), var, Show::Always)?;
        }
        if selection.all_lines {
            for &r in &results {
                let def = &program.results[r.index()];
                for (&var, &filter) in def.lines.iter().zip(&def.line_filters) {
                    let name = program.vars[var.index()].name.clone();
                    layout.add(program, name, var, Show::Line { result: r, filter })?;
                }
            }
        }
        Ok(layout)
    }

    fn add(
        &mut self,
        program: &Program,
        name: String,
        var: VarId,
        show: Show,
    ) -> Result<(), BatchError> {
        let entity = program.vars[var.index()].entity;
        let columns = if entity.index() == 0 {
            &mut self.root
        } else {
            let group = match self.members.iter().position(|g| g.entity == entity) {
                Some(g) => g,
                None => {
                    self.members.push(MemberGroup {
                        entity,
                        plural: program.entities[entity.index()].plural.clone(),
                        columns: Vec::new(),
                    });
                    self.members.len() - 1
                }
            };
            &mut self.members[group].columns
        };
        // A result's amount has its own column, named by the result; a
        // variable asked for or shown as a line has one, named by itself.
        let amount = |show: &Show| matches!(show, Show::Amount(_));
        if let Some(existing) = columns
            .iter_mut()
            .find(|c| c.var == var && c.show.iter().any(amount) == amount(&show))
        {
            // A variable asked for outright is shown whenever known.
            if show == Show::Always {
                existing.show = vec![Show::Always];
            } else if !existing.show.contains(&Show::Always) {
                existing.show.push(show);
            }
            return Ok(());
        }
        if columns.iter().any(|c| c.name == name) || RESERVED.contains(&name.as_str()) {
            return Err(BatchError::Usage(format!(
                "two output columns would be named `{name}`"
            )));
        }
        columns.push(Column {
            name,
            var,
            show: vec![show],
        });
        Ok(())
    }
}

/// Names every row has; a value column may not take them.
pub const RESERVED: &[&str] = &["row", "id", "month", "scenario", "error"];

/// Reads `column`'s value for `member` (`ROOT` for the household) from a
/// calculation's values, following the column's [`Show`] rules: `value`
/// reads a variable's value as computed, `failed` says whether a result
/// could not be computed (its amount and lines are then empty).
pub fn shown_value(
    program: &Program,
    column: &Column,
    member: u32,
    value: &impl Fn(VarId, u32) -> Option<Value>,
    failed: &impl Fn(ResultId) -> bool,
) -> Option<Value> {
    let v = value(column.var, member)?;
    let flag = |flag: VarId| {
        let at = if program.is_root_var(flag) {
            ROOT
        } else {
            member
        };
        value(flag, at) == Some(Value::Bool(true))
    };
    let shown = column.show.iter().any(|show| match *show {
        Show::Always => true,
        Show::Amount(result) => !failed(result),
        Show::Line { result, .. } if failed(result) => false,
        Show::Line { result, filter } => {
            let def = &program.results[result.index()];
            let filter = if member == ROOT {
                filter
            } else {
                filter.or(def.members_where)
            };
            let zero = matches!(v, Value::Num(n) if n.is_zero());
            filter.is_none_or(flag) && !(zero && def.omit_zero_lines)
        }
    });
    shown.then_some(v)
}
