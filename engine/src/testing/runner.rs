//! Running a test case and comparing the results.

use rust_decimal::Decimal;

use super::case::Case;
use crate::compile::{KeyType, Month};
use crate::eval::Options;
use crate::household::Household;
use crate::literal::{parse_decimal, parse_value};
use crate::output::Out;
use crate::ruleset::RuleSet;
use crate::trace::ROOT;
use crate::types::{DeclaredType, NumKind, Unit};
use crate::value::Value;

/// A value that differs from the expectation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mismatch {
    /// The path compared.
    pub path: String,
    /// What the case expects.
    pub expected: String,
    /// What etuus computed.
    pub actual: String,
}

/// The outcome of one case.
#[derive(Debug, Clone)]
pub struct CaseOutcome {
    /// The case's name.
    pub name: String,
    /// Line of the case in its file.
    pub line: u64,
    /// Values that differ.
    pub mismatches: Vec<Mismatch>,
    /// A problem with the case itself or an unexpected calculation error.
    pub error: Option<String>,
}

impl CaseOutcome {
    /// Whether the case passed.
    pub fn passed(&self) -> bool {
        self.mismatches.is_empty() && self.error.is_none()
    }
}

/// Runs one case. `read_file` reads a `household_file` relative to the case file.
///
/// An expected value's path is a household variable (`asumistuki.perusomavastuu`)
/// or a member's (`henkilot.aino.ika`); a member's path to a group's variable
/// (`henkilot.aino.toimeentulotuki.perheen_menot`) reads the group the member
/// belongs to.
pub fn run_case(
    rules: &RuleSet,
    case: &Case,
    read_file: &dyn Fn(&str) -> Result<String, String>,
) -> CaseOutcome {
    let mut outcome = CaseOutcome {
        name: case.name.value.clone(),
        line: case.name.referenced.line(),
        mismatches: Vec::new(),
        error: None,
    };
    match run(rules, case, read_file, &mut outcome.mismatches) {
        Ok(()) => {}
        Err(e) => outcome.error = Some(e),
    }
    outcome
}

fn run(
    rules: &RuleSet,
    case: &Case,
    read_file: &dyn Fn(&str) -> Result<String, String>,
    mismatches: &mut Vec<Mismatch>,
) -> Result<(), String> {
    let program = rules.program();
    if !case.source.starts_with("http") && !case.source.contains('/') {
        return Err("`source` must be the URL or citation of the official example".into());
    }
    let tolerance = match &case.tolerance {
        Some(t) => {
            let t = parse_decimal(t).ok_or_else(|| format!("tolerance `{t}` is not a number"))?;
            if !t.is_zero() && case.tolerance_reason.as_deref().is_none_or(str::is_empty) {
                return Err("a non-zero `tolerance` needs a `tolerance_reason`".into());
            }
            t
        }
        None => Decimal::ZERO,
    };
    let month: Month = case
        .month
        .parse()
        .map_err(|e: crate::compile::MonthParseError| e.to_string())?;
    let household = match (&case.household, &case.household_file) {
        (Some(tree), None) => Household::from_tree(program, tree),
        (None, Some(path)) => {
            let text = read_file(path)?;
            if path.ends_with(".json") {
                Household::from_json(program, &text)
            } else {
                Household::from_yaml(program, &text)
            }
        }
        _ => return Err("give exactly one of `household` and `household_file`".into()),
    };
    let mut household = match household {
        Ok(h) => h,
        Err(e) => return expected_error(case, &e.to_string()),
    };
    for (path, value) in &case.set {
        if let Err(e) = household.set(program, path, value) {
            return expected_error(case, &e.to_string());
        }
    }
    let mut overrides = Vec::new();
    let mut cell_overrides = Vec::new();
    for (name, text) in &case.parameters {
        // `table[key, key]` names one cell of a table.
        let (param_name, keys) = match name.split_once('[') {
            Some((p, rest)) => (p.trim(), Some(rest.trim_end().trim_end_matches(']'))),
            None => (name.as_str(), None),
        };
        let param = program
            .param_named(param_name)
            .ok_or_else(|| format!("unknown parameter `{param_name}` in `parameters`"))?;
        let def = &program.params[param.index()];
        let value = parse_value(text, &def.ty, &program.enums)
            .map_err(|e| format!("parameters.{name}: {}", e.message))?;
        match keys {
            None if def.keys.is_empty() => overrides.push((param, value)),
            None => {
                return Err(format!(
                    "`{name}` is a table; override one cell: `{name}[{}]`",
                    vec!["…"; def.keys.len()].join(", ")
                ))
            }
            Some(keys) => {
                let keys: Vec<&str> = keys.split(',').map(str::trim).collect();
                if keys.len() != def.keys.len() {
                    return Err(format!(
                        "parameters.{name}: `{param_name}` has {} key(s)",
                        def.keys.len()
                    ));
                }
                let mut values = Vec::new();
                for (key, ty) in keys.iter().zip(&def.keys) {
                    let ty = match ty {
                        KeyType::Enum(id) => DeclaredType::Enum(*id),
                        KeyType::Integer => DeclaredType::Number(NumKind::Integer, Unit::one()),
                    };
                    let key = parse_value(key, &ty, &program.enums)
                        .map_err(|e| format!("parameters.{name}: {}", e.message))?;
                    values.push(key);
                }
                cell_overrides.push((param, values, value));
            }
        }
    }
    let mut variables = Vec::new();
    for path in case.expect.keys() {
        let (var, _) = resolve(rules, &household, path)?;
        variables.push(var);
    }
    if case.derived && case.note.as_deref().is_none_or(str::is_empty) {
        return Err("a `derived` case needs a `note` saying how its values were derived".into());
    }
    let options = Options {
        variables,
        overrides,
        cell_overrides,
        assume_latest: case.assume_latest,
        ..Options::default()
    };
    let calc = match rules.calculate_with(&household, month, &options) {
        Ok(calc) => calc,
        Err(e) => return expected_error(case, &e.to_string()),
    };
    // A default result that could not be computed fails the case like an
    // error, when the case expects no value (an input case) or an error.
    if case.expect.is_empty() || case.expect_error.is_some() {
        if let Some((_, e)) = calc.failed_results().first() {
            return expected_error(case, &e.to_string());
        }
    }
    if let Some(wanted) = &case.expect_error {
        return Err(format!(
            "expected an error containing `{wanted}`, but the calculation succeeded"
        ));
    }
    for (path, expected) in &case.expect {
        let (var, member) = resolve(rules, &household, path)?;
        let def = &program.vars[var.index()];
        // A person's path to a group's variable (a family's) means the group
        // the person belongs to.
        let member = match program.entities[def.entity.index()].grouping {
            Some(_) if member != ROOT => (0..calc.instances(def.entity))
                .find(|&g| calc.group_members(def.entity, g).contains(&member))
                .unwrap_or(member),
            _ => member,
        };
        let actual = calc.value(var, member);
        let actual_out = actual.map(|v| crate::output::result::value_out(program, &def.ty, v));
        let ok = match (expected, actual) {
            (serde_json::Value::Number(n), Some(Value::Num(a))) => {
                let e = parse_decimal(&n.to_string()).ok_or("bad number")?;
                (e - a).abs() <= tolerance
            }
            (serde_json::Value::String(s), Some(Value::Num(a))) => {
                let e = parse_decimal(s).ok_or_else(|| format!("{path}: `{s}` is not a number"))?;
                (e - a).abs() <= tolerance
            }
            (expected, Some(a)) => {
                let text = match expected {
                    serde_json::Value::String(s) => s.clone(),
                    other => other.to_string(),
                };
                parse_value(&text, &def.ty, &program.enums)
                    .map(|e| e == a)
                    .unwrap_or(false)
            }
            (_, None) => false,
        };
        if !ok {
            mismatches.push(Mismatch {
                path: path.clone(),
                expected: match expected {
                    serde_json::Value::String(s) => s.clone(),
                    other => other.to_string(),
                },
                actual: actual_out.map_or_else(
                    || "(not computed)".into(),
                    |o| match o {
                        Out::Str(s) => s,
                        other => other.to_json_line(),
                    },
                ),
            });
        }
    }
    Ok(())
}

fn expected_error(case: &Case, message: &str) -> Result<(), String> {
    match &case.expect_error {
        Some(wanted) if message.contains(wanted.as_str()) => Ok(()),
        Some(wanted) => Err(format!(
            "expected an error containing `{wanted}`, got: {message}"
        )),
        None => Err(message.to_string()),
    }
}

/// `name` for a root variable; `plural.id.name` or `id.name` for a member's.
fn resolve(
    rules: &RuleSet,
    household: &Household,
    path: &str,
) -> Result<(crate::compile::ids::VarId, u32), String> {
    let program = rules.program();
    if let Some(var) = program.var_named(path) {
        if program.is_root_var(var) {
            return Ok((var, ROOT));
        }
    }
    let mut parts: Vec<&str> = path.split('.').collect();
    if program
        .entities
        .iter()
        .any(|e| Some(&e.plural.as_str()) == parts.first())
    {
        parts.remove(0);
    }
    if let Some((id, name)) = parts.split_first() {
        if let Some(m) = household.members.iter().position(|m| m.id == *id) {
            let name = name.join(".");
            if let Some(var) = program.var_named(&name) {
                return Ok((var, m as u32));
            }
        }
    }
    Err(format!(
        "`{path}` is not a variable of the household or of one of its members"
    ))
}
