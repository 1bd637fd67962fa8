//! Reform grids: parameter values and table cells that replace the rule
//! set's for a run, without editing a rule file.
//!
//! Each `--set` names a parameter (`NAME=VALUE`) or one cell of a table
//! (`TABLE[KEY, KEY]=VALUE`, keys as in the rule file). Setting the same
//! parameter or cell again adds a value to its axis, and `NAME=FROM..TO:STEP`
//! gives a range of numbers; every combination of the axes is a scenario, and
//! every household is calculated under each. The output records each
//! scenario's values in `set.NAME` columns.

use etuus_engine::compile::ids::ParamId;
use etuus_engine::compile::KeyType;
use etuus_engine::literal::{parse_decimal, parse_value};
use etuus_engine::types::{DeclaredType, NumKind, Unit};
use etuus_engine::vm::Overrides;
use etuus_engine::{Program, Value};
use rust_decimal::Decimal;

use crate::error::BatchError;

/// The most scenarios one run may have: a grid larger than this is almost
/// certainly a typing mistake in a range's step.
pub const MAX_SCENARIOS: usize = 10_000;

/// What one `--set` changes: a whole parameter or one table cell.
#[derive(Debug, Clone, PartialEq)]
enum Target {
    Param(ParamId),
    Cell(ParamId, Vec<Value>),
}

/// One axis of the grid: a parameter or cell and the values it takes.
#[derive(Debug, Clone)]
struct Axis {
    /// The name as written, normalised (`asumistuki.x`, `taulukko[1, Helsinki]`).
    label: String,
    target: Target,
    values: Vec<(String, Value)>,
}

/// One combination of the grid's values.
#[derive(Debug, Clone, Default)]
pub struct Scenario {
    /// The values that replace the rule set's.
    pub overrides: Overrides,
    /// For the output: each axis's `set.NAME` column and the value's text.
    pub labels: Vec<String>,
}

/// The scenarios of a run: one (the rules as they are) without `--set`.
#[derive(Debug, Clone)]
pub struct Grid {
    /// The output column of each axis: `set.NAME`.
    pub columns: Vec<String>,
    /// Every combination, the last axis varying fastest.
    pub scenarios: Vec<Scenario>,
}

impl Grid {
    /// The rules as they are.
    pub fn none() -> Grid {
        Grid {
            columns: Vec::new(),
            scenarios: vec![Scenario::default()],
        }
    }

    /// The grid of `--set` arguments, each `NAME=VALUE`,
    /// `TABLE[KEY, …]=VALUE` or `NAME=FROM..TO:STEP`.
    pub fn parse(program: &Program, sets: &[String]) -> Result<Grid, BatchError> {
        let mut axes: Vec<Axis> = Vec::new();
        for set in sets {
            let (name, text) = set.split_once('=').ok_or_else(|| {
                BatchError::Usage(format!(
                    "--set {set}: write PARAMETER=VALUE, TABLE[KEY, …]=VALUE or PARAMETER=FROM..TO:STEP"
                ))
            })?;
            let (label, target, ty) = target(program, name.trim())
                .map_err(|m| BatchError::Usage(format!("--set {set}: {m}")))?;
            let values = values(program, &ty, text.trim())
                .map_err(|m| BatchError::Usage(format!("--set {set}: {m}")))?;
            match axes.iter_mut().find(|a| a.target == target) {
                Some(axis) => axis.values.extend(values),
                None => axes.push(Axis {
                    label,
                    target,
                    values,
                }),
            }
        }
        let count = axes
            .iter()
            .try_fold(1usize, |n, a| n.checked_mul(a.values.len()))
            .filter(|&n| n <= MAX_SCENARIOS)
            .ok_or_else(|| {
                BatchError::Usage(format!(
                    "the --set values make more than {MAX_SCENARIOS} combinations; check the ranges' steps"
                ))
            })?;
        let mut scenarios = Vec::with_capacity(count);
        for mut index in 0..count {
            let mut picks = vec![0; axes.len()];
            for (pick, axis) in picks.iter_mut().zip(&axes).rev() {
                *pick = index % axis.values.len();
                index /= axis.values.len();
            }
            let mut scenario = Scenario::default();
            for (axis, &pick) in axes.iter().zip(&picks) {
                let (text, value) = &axis.values[pick];
                match &axis.target {
                    Target::Param(p) => scenario.overrides.params.push((*p, *value)),
                    Target::Cell(p, keys) => {
                        scenario.overrides.cells.push((*p, keys.clone(), *value))
                    }
                }
                scenario.labels.push(text.clone());
            }
            scenarios.push(scenario);
        }
        Ok(Grid {
            columns: axes.iter().map(|a| format!("set.{}", a.label)).collect(),
            scenarios,
        })
    }

    /// Whether the rules run as they are (no `--set`).
    pub fn is_empty(&self) -> bool {
        self.columns.is_empty()
    }
}

/// The parameter or cell named, its label, and the type of its values.
fn target(program: &Program, name: &str) -> Result<(String, Target, DeclaredType), String> {
    let (param_name, keys) = match name.split_once('[') {
        Some((p, rest)) => {
            let keys = rest
                .trim_end()
                .strip_suffix(']')
                .ok_or_else(|| format!("`{name}`: a table cell is written TABLE[KEY, …]"))?;
            (p.trim(), Some(keys))
        }
        None => (name, None),
    };
    let param = program.param_named(param_name).ok_or_else(|| {
        format!("no parameter `{param_name}`; `etuus params` lists the parameters")
    })?;
    let def = &program.params[param.index()];
    match keys {
        None if def.keys.is_empty() => {
            Ok((param_name.to_string(), Target::Param(param), def.ty.clone()))
        }
        None => Err(format!(
            "`{param_name}` is a table; set one cell: `{param_name}[{}]=VALUE`",
            vec!["…"; def.keys.len()].join(", ")
        )),
        Some(_) if def.keys.is_empty() => Err(format!(
            "`{param_name}` is not a table; write `{param_name}=VALUE`"
        )),
        Some(keys) => {
            let keys: Vec<&str> = keys.split(',').map(str::trim).collect();
            if keys.len() != def.keys.len() {
                return Err(format!(
                    "`{param_name}` has {} key(s), {} given",
                    def.keys.len(),
                    keys.len()
                ));
            }
            let mut values = Vec::new();
            for (key, ty) in keys.iter().zip(&def.keys) {
                let ty = match ty {
                    KeyType::Enum(id) => DeclaredType::Enum(*id),
                    KeyType::Integer => DeclaredType::Number(NumKind::Integer, Unit::one()),
                };
                values.push(
                    parse_value(key, &ty, &program.enums)
                        .map_err(|e| format!("key `{key}`: {}", e.message))?,
                );
            }
            Ok((
                format!("{param_name}[{}]", keys.join(",")),
                Target::Cell(param, values),
                def.ty.clone(),
            ))
        }
    }
}

/// The values of one `--set`: one, or a range `FROM..TO:STEP`.
fn values(
    program: &Program,
    ty: &DeclaredType,
    text: &str,
) -> Result<Vec<(String, Value)>, String> {
    let one = |text: &str| {
        parse_value(text, ty, &program.enums)
            .map(|v| (text.to_string(), v))
            .map_err(|e| e.message)
    };
    let Some((from, rest)) = text.split_once("..") else {
        return Ok(vec![one(text)?]);
    };
    if !matches!(ty, DeclaredType::Number(..)) {
        return Err("a range FROM..TO:STEP needs a number parameter".into());
    }
    let (to, step) = rest
        .split_once(':')
        .ok_or_else(|| format!("`{text}`: a range is written FROM..TO:STEP"))?;
    let number = |t: &str| {
        parse_decimal(t).ok_or_else(|| format!("`{t}` is not a number (in the range `{text}`)"))
    };
    let (from, to, step) = (number(from)?, number(to)?, number(step)?);
    if step <= Decimal::ZERO || to < from {
        return Err(format!(
            "`{text}`: the range needs FROM ≤ TO and a positive STEP"
        ));
    }
    let mut out = Vec::new();
    let mut x = from;
    while x <= to {
        if out.len() >= MAX_SCENARIOS {
            return Err(format!("`{text}` has more than {MAX_SCENARIOS} values"));
        }
        out.push(one(&x.normalize().to_string())?);
        x += step;
    }
    Ok(out)
}
