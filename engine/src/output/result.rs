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

use super::emit::{Emit, JsonWriter, OutBuilder};
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

/// How much of a calculation a result document holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Detail {
    /// Each result's label, amount, unit and reference.
    Amounts,
    /// And each result's lines.
    Lines,
    /// And every value computed or given (`values`, `members`): the full
    /// document.
    #[default]
    All,
}

/// The whole result document of a calculation; labels in language `lang`.
pub fn result_document(calc: &Calculation<'_>, lang: usize) -> Out {
    let mut builder = OutBuilder::new();
    emit_result_document(calc, lang, Detail::All, &mut builder);
    builder.finish()
}

/// The result document written straight into `out` as JSON (pretty, as
/// `etuus calc --format json` prints it, or on one line for JSON Lines):
/// the same document as [`result_document`] without building it first.
pub fn write_result_json(
    calc: &Calculation<'_>,
    lang: usize,
    detail: Detail,
    pretty: bool,
    out: &mut String,
) {
    emit_result_document(calc, lang, detail, &mut JsonWriter::new(out, pretty));
    if pretty {
        out.push('\n');
    }
}

/// Emits the result document of a calculation.
pub fn emit_result_document(calc: &Calculation<'_>, lang: usize, detail: Detail, e: &mut dyn Emit) {
    let program = calc.program();
    e.begin_map();
    e.key("format_version");
    e.num(FORMAT_VERSION.into());
    e.key("month");
    e.display(&calc.month());
    if let Some(last) = calc.carried_from() {
        // Only present when the law of the rules' last month was carried forward.
        e.key("carried_forward_from");
        e.display(&last);
        e.key("warnings");
        e.begin_list();
        e.str(&crate::explain::carried_notice(
            &program.info.languages[lang],
            &program.info.first_month.to_string(),
            &last.to_string(),
            &calc.month().to_string(),
        ));
        e.end_list();
    }
    e.key("receipt");
    emit_receipt(program, e);
    e.key("results");
    e.begin_map();
    for &r in calc.results() {
        let def = &program.results[r.index()];
        let amount_def = &program.vars[def.amount.index()];
        e.key(&def.name);
        e.begin_map();
        e.key("label");
        e.str(def.labels.get(lang));
        e.key("amount");
        match calc.value(def.amount, ROOT) {
            Some(v) => emit_value(program, &amount_def.ty, v, e),
            None => e.null(),
        }
        e.key("unit");
        emit_unit(program, def.amount, e);
        e.key("reference");
        emit_opt(def.reference.as_deref(), e);
        if detail != Detail::Amounts {
            e.key("lines");
            e.begin_list();
            for (&line, filter) in def.lines.iter().zip(&def.line_filters) {
                emit_line(calc, line, filter.or(def.members_where), lang, e);
            }
            e.end_list();
        }
        e.end_map();
    }
    for (r, error) in calc.failed_results() {
        let def = &program.results[r.index()];
        e.key(&def.name);
        e.begin_map();
        e.key("label");
        e.str(def.labels.get(lang));
        e.key("amount");
        e.null();
        e.key("error");
        e.display(error);
        e.end_map();
    }
    e.end_map();
    if detail == Detail::All {
        let layout = program.output_layout();
        e.key("values");
        e.begin_map();
        emit_nodes(&layout.root, &|var| calc.value(var, ROOT), program, e);
        e.end_map();
        e.key("members");
        e.begin_map();
        let household = calc.household();
        for (entity, nodes) in &layout.members {
            let grouping = program.entities[entity.index()].grouping;
            let count = calc.instances(*entity) as usize;
            let of_entity = |m: usize| grouping.is_some() || household.members[m].entity == *entity;
            let has = |m: usize| any_value(nodes, &|var| calc.value(var, m as u32));
            if !(0..count).any(|m| of_entity(m) && has(m)) {
                continue;
            }
            e.key(&program.entities[entity.index()].plural);
            e.begin_map();
            for m in 0..count {
                if !of_entity(m) || !has(m) {
                    continue;
                }
                match grouping {
                    // A group by its number from 1, with its members' ids.
                    Some(g) => {
                        e.key(&(m + 1).to_string());
                        e.begin_map();
                        e.key(&program.entities[g.of.index()].plural);
                        e.begin_list();
                        for &member in calc.group_members(*entity, m as u32) {
                            e.str(&household.members[member as usize].id);
                        }
                        e.end_list();
                    }
                    None => {
                        e.key(&household.members[m].id);
                        e.begin_map();
                    }
                }
                emit_nodes(nodes, &|var| calc.value(var, m as u32), program, e);
                e.end_map();
            }
            e.end_map();
        }
        e.end_map();
    }
    e.end_map();
}

/// Where each variable's value goes in a result document: the root
/// entity's variables under `values`, nested by namespace, and each member
/// entity's under `members.<plural>.<id>`. Built once per program.
#[derive(Debug, Clone, Default)]
pub struct Layout {
    root: Vec<LayoutNode>,
    members: Vec<(crate::compile::ids::EntityId, Vec<LayoutNode>)>,
    /// Per variable: its unit as written in rule files, if it has one.
    units: Vec<Option<String>>,
}

#[derive(Debug, Clone)]
enum LayoutNode {
    Var(String, VarId),
    Group(String, Vec<LayoutNode>),
}

impl Layout {
    /// The layout of `program`'s variables, in the order of the rule set.
    pub fn of(program: &Program) -> Layout {
        let mut layout = Layout {
            units: program
                .vars
                .iter()
                .map(|v| match &v.ty {
                    DeclaredType::Number(_, unit) if !unit.is_one() => {
                        Some(program.unit_name(unit))
                    }
                    _ => None,
                })
                .collect(),
            ..Layout::default()
        };
        for (index, var) in program.vars.iter().enumerate() {
            let id = VarId(index as u32);
            let nodes = if var.entity.index() == 0 {
                &mut layout.root
            } else {
                let at = match layout.members.iter().position(|(e, _)| *e == var.entity) {
                    Some(at) => at,
                    None => {
                        layout.members.push((var.entity, Vec::new()));
                        layout.members.len() - 1
                    }
                };
                &mut layout.members[at].1
            };
            insert(nodes, &var.name, id);
        }
        layout
    }
}

fn insert(nodes: &mut Vec<LayoutNode>, path: &str, var: VarId) {
    match path.split_once('.') {
        None => nodes.push(LayoutNode::Var(path.to_string(), var)),
        Some((head, rest)) => {
            let at = nodes
                .iter()
                .position(|n| matches!(n, LayoutNode::Group(name, _) if name == head));
            let at = match at {
                Some(at) => at,
                None => {
                    nodes.push(LayoutNode::Group(head.to_string(), Vec::new()));
                    nodes.len() - 1
                }
            };
            if let LayoutNode::Group(_, children) = &mut nodes[at] {
                insert(children, rest, var);
            }
        }
    }
}

fn any_value(nodes: &[LayoutNode], value: &dyn Fn(VarId) -> Option<Value>) -> bool {
    nodes.iter().any(|n| match n {
        LayoutNode::Var(_, var) => value(*var).is_some(),
        LayoutNode::Group(_, children) => any_value(children, value),
    })
}

fn emit_nodes(
    nodes: &[LayoutNode],
    value: &dyn Fn(VarId) -> Option<Value>,
    program: &Program,
    e: &mut dyn Emit,
) {
    for node in nodes {
        match node {
            LayoutNode::Var(key, var) => {
                if let Some(v) = value(*var) {
                    e.key(key);
                    emit_value(program, &program.vars[var.index()].ty, v, e);
                }
            }
            LayoutNode::Group(key, children) => {
                if any_value(children, value) {
                    e.key(key);
                    e.begin_map();
                    emit_nodes(children, value, program, e);
                    e.end_map();
                }
            }
        }
    }
}

/// A value as the document writes it.
pub fn emit_value(program: &Program, ty: &DeclaredType, value: Value, e: &mut dyn Emit) {
    match (ty, value) {
        (DeclaredType::Number(NumKind::Money, _), Value::Num(d)) if d.scale() < 2 => {
            let mut d = d;
            d.rescale(2);
            e.num(d);
        }
        (_, Value::Num(d)) => e.num(d),
        (_, Value::Bool(b)) => e.bool(b),
        (_, Value::Date(d)) => e.display(&d),
        (DeclaredType::Enum(id), Value::Enum(v)) => e.str(
            program.enums[id.index()]
                .variants
                .get(v as usize)
                .map_or("", |variant| variant.key.as_str()),
        ),
        (_, Value::Enum(v)) => e.num(v.into()),
    }
}

fn emit_opt(text: Option<&str>, e: &mut dyn Emit) {
    match text {
        Some(t) => e.str(t),
        None => e.null(),
    }
}

fn emit_receipt(program: &Program, e: &mut dyn Emit) {
    e.begin_map();
    e.key("engine");
    e.str("etuus-engine");
    e.key("engine_version");
    e.str(env!("CARGO_PKG_VERSION"));
    e.key("rules");
    e.str(&program.info.name);
    e.key("rules_version");
    e.str(&program.info.version);
    e.key("rules_sha256");
    e.str(&program.info.hash);
    e.end_map();
}

fn emit_unit(program: &Program, var: VarId, e: &mut dyn Emit) {
    match &program.output_layout().units[var.index()] {
        Some(unit) => e.str(unit),
        None => e.null(),
    }
}

fn emit_line(
    calc: &Calculation<'_>,
    var: VarId,
    members_where: Option<VarId>,
    lang: usize,
    e: &mut dyn Emit,
) {
    let program = calc.program();
    let def = &program.vars[var.index()];
    e.begin_map();
    e.key("name");
    e.str(&def.name);
    e.key("label");
    e.str(def.labels.get(lang));
    e.key("value");
    if def.entity.index() == 0 {
        match calc.value(var, ROOT) {
            Some(v) => emit_value(program, &def.ty, v, e),
            None => e.null(),
        }
    } else {
        // By member id, or, for a group's line, by the group's members' ids.
        e.begin_map();
        let applies = |w: &VarId| {
            let of = program.vars[w.index()].entity;
            of == def.entity || of.index() == 0
        };
        for m in 0..calc.instances(def.entity) {
            let shown = members_where.filter(applies).is_none_or(|w| {
                let at = if program.is_root_var(w) { ROOT } else { m };
                calc.value(w, at) == Some(Value::Bool(true))
            });
            if !shown {
                continue;
            }
            if let Some(v) = calc.value(var, m) {
                e.key(&calc.instance_label(def.entity, m));
                emit_value(program, &def.ty, v, e);
            }
        }
        e.end_map();
    }
    e.key("unit");
    emit_unit(program, var, e);
    e.key("reference");
    emit_opt(def.reference.as_deref(), e);
    e.end_map();
}
