//! The result document of `calc --format json|yaml`.
//!
//! Format (version 1):
//!
//! ```text
//! format_version   1
//! month            "2026-06"
//! receipt          {engine, engine_version, rules, rules_version, rules_sha256}
//! results.<name>   {label, amount, unit, reference, lines: [{name, label, value, unit, reference}]}
//!                  or {label, amount: null, error} when an input the result needs is missing
//! values.<var>     every household-level value used, nested by namespace
//! members.<plural>.<id>.<var>   every member's values, nested by namespace
//! ```
//!
//! Money is written with at least two decimals; enum values as their code;
//! dates as `YYYY-MM-DD`.

use crate::compile::ids::VarId;
use crate::compile::Program;
use crate::eval::Calculation;
use crate::trace::ROOT;
use crate::types::{DeclaredType, NumKind};
use crate::value::Value;

use super::tree::Out;

/// Version of the result document; bumped on any incompatible change.
pub const FORMAT_VERSION: u32 = 1;

/// A value as it appears in the document.
pub fn value_out(program: &Program, ty: &DeclaredType, value: Value) -> Out {
    match (ty, value) {
        (DeclaredType::Number(NumKind::Money, _), Value::Num(d)) if d.scale() < 2 => {
            let mut d = d;
            d.rescale(2);
            Out::Num(d)
        }
        (_, Value::Num(d)) => Out::Num(d),
        (_, Value::Bool(b)) => Out::Bool(b),
        (_, Value::Date(d)) => Out::Str(d.to_string()),
        (DeclaredType::Enum(id), Value::Enum(v)) => Out::Str(
            program.enums[id.index()]
                .variants
                .get(v as usize)
                .map_or_else(String::new, |variant| variant.key.clone()),
        ),
        (_, Value::Enum(v)) => Out::Num(v.into()),
    }
}

/// The receipt: what produced the result, so it can be reproduced.
pub fn receipt(program: &Program) -> Out {
    Out::Map(vec![
        ("engine".into(), Out::str("etuus-engine")),
        ("engine_version".into(), Out::str(env!("CARGO_PKG_VERSION"))),
        ("rules".into(), Out::str(&program.info.name)),
        ("rules_version".into(), Out::str(&program.info.version)),
        ("rules_sha256".into(), Out::str(&program.info.hash)),
    ])
}

/// The whole result document of a calculation; labels in language `lang`.
pub fn result_document(calc: &Calculation<'_>, lang: usize) -> Out {
    let program = calc.program();
    let mut results = Vec::new();
    for &r in calc.results() {
        let def = &program.results[r.index()];
        let amount_def = &program.vars[def.amount.index()];
        let amount = calc
            .value(def.amount, ROOT)
            .map_or(Out::Null, |v| value_out(program, &amount_def.ty, v));
        let lines = def
            .lines
            .iter()
            .zip(&def.line_filters)
            .map(|(&line, filter)| line_out(calc, line, filter.or(def.members_where), lang))
            .collect();
        results.push((
            def.name.clone(),
            Out::Map(vec![
                ("label".into(), Out::str(def.labels.get(lang))),
                ("amount".into(), amount),
                ("unit".into(), unit_out(program, &amount_def.ty)),
                (
                    "reference".into(),
                    def.reference.clone().map_or(Out::Null, Out::Str),
                ),
                ("lines".into(), Out::List(lines)),
            ]),
        ));
    }
    for (r, error) in calc.failed_results() {
        let def = &program.results[r.index()];
        results.push((
            def.name.clone(),
            Out::Map(vec![
                ("label".into(), Out::str(def.labels.get(lang))),
                ("amount".into(), Out::Null),
                ("error".into(), Out::str(error.to_string())),
            ]),
        ));
    }
    let mut values = Out::Map(Vec::new());
    let mut members = Out::Map(Vec::new());
    for (index, var) in program.vars.iter().enumerate() {
        let id = VarId(index as u32);
        if var.entity.index() == 0 {
            if let Some(v) = calc.value(id, ROOT) {
                values.insert_path(&var.name, value_out(program, &var.ty, v));
            }
        } else {
            let plural = &program.entities[var.entity.index()].plural;
            for (m, member) in calc.household().members.iter().enumerate() {
                if let Some(v) = calc.value(id, m as u32) {
                    insert_member_value(
                        &mut members,
                        plural,
                        &member.id,
                        &var.name,
                        value_out(program, &var.ty, v),
                    );
                }
            }
        }
    }
    let mut document = vec![
        ("format_version".into(), Out::Num(FORMAT_VERSION.into())),
        ("month".into(), Out::str(calc.month().to_string())),
    ];
    if let Some(last) = calc.carried_from() {
        // Only present when the law of the rules' last month was carried forward.
        document.push(("carried_forward_from".into(), Out::str(last.to_string())));
        document.push((
            "warnings".into(),
            Out::List(vec![Out::Str(crate::explain::carried_notice(
                &program.info.languages[lang],
                &program.info.first_month.to_string(),
                &last.to_string(),
                &calc.month().to_string(),
            ))]),
        ));
    }
    document.extend([
        ("receipt".into(), receipt(program)),
        ("results".into(), Out::Map(results)),
        ("values".into(), values),
        ("members".into(), members),
    ]);
    Out::Map(document)
}

/// Member ids may contain dots, so they are inserted without path splitting.
fn insert_member_value(members: &mut Out, plural: &str, id: &str, name: &str, value: Out) {
    let Out::Map(entities) = members else { return };
    if !entities.iter().any(|(k, _)| k == plural) {
        entities.push((plural.to_string(), Out::Map(Vec::new())));
    }
    let Some((_, Out::Map(by_id))) = entities.iter_mut().find(|(k, _)| k == plural) else {
        return;
    };
    let member = match by_id.iter().position(|(k, _)| k == id) {
        Some(i) => &mut by_id[i].1,
        None => {
            by_id.push((id.to_string(), Out::Map(Vec::new())));
            &mut by_id.last_mut().expect("just pushed").1
        }
    };
    member.insert_path(name, value);
}

fn unit_out(program: &Program, ty: &DeclaredType) -> Out {
    match ty {
        DeclaredType::Number(_, unit) if !unit.is_one() => Out::str(program.unit_name(unit)),
        _ => Out::Null,
    }
}

fn line_out(calc: &Calculation<'_>, var: VarId, members_where: Option<VarId>, lang: usize) -> Out {
    let program = calc.program();
    let def = &program.vars[var.index()];
    let value = if def.entity.index() == 0 {
        calc.value(var, ROOT)
            .map_or(Out::Null, |v| value_out(program, &def.ty, v))
    } else {
        Out::Map(
            calc.household()
                .members
                .iter()
                .enumerate()
                .filter(|(m, _)| {
                    members_where.is_none_or(|w| {
                        let at = if program.is_root_var(w) {
                            ROOT
                        } else {
                            *m as u32
                        };
                        calc.value(w, at) == Some(Value::Bool(true))
                    })
                })
                .filter_map(|(m, member)| {
                    calc.value(var, m as u32)
                        .map(|v| (member.id.clone(), value_out(program, &def.ty, v)))
                })
                .collect(),
        )
    };
    Out::Map(vec![
        ("name".into(), Out::str(&def.name)),
        ("label".into(), Out::str(def.labels.get(lang))),
        ("value".into(), value),
        ("unit".into(), unit_out(program, &def.ty)),
        (
            "reference".into(),
            def.reference.clone().map_or(Out::Null, Out::Str),
        ),
    ])
}
