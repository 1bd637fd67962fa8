//! A JSON Schema of household files, generated from the input declarations,
//! so forms and other programs can validate a household before calculating.

use crate::compile::ids::EntityId;
use crate::compile::{Program, VarDef};
use crate::types::{DeclaredType, NumKind};
use crate::value::Value;

use super::tree::Out;

/// The JSON Schema (draft 2020-12) of a household file; descriptions in language `lang`.
pub fn household_schema(program: &Program, lang: usize) -> Out {
    let mut root = entity_schema(program, EntityId(0), lang);
    if let Out::Map(entries) = &mut root {
        let mut members = Vec::new();
        for (index, entity) in program.entities.iter().enumerate() {
            if !entity.is_listed() {
                continue;
            }
            let member = entity_schema(program, EntityId(index as u32), lang);
            let mut schema = vec![
                ("type".into(), Out::str("object")),
                (
                    "description".into(),
                    Out::str(format!("{} ({})", entity.labels.get(lang), entity.plural)),
                ),
                ("additionalProperties".into(), member),
            ];
            if entity.min_members > 0 {
                schema.push(("minProperties".into(), Out::Num(entity.min_members.into())));
            }
            members.push((entity.plural.clone(), Out::Map(schema)));
        }
        if let Some((_, Out::Map(properties))) = entries.iter_mut().find(|(k, _)| k == "properties")
        {
            properties.push((
                "description".into(),
                Out::Map(vec![
                    ("type".into(), Out::str("string")),
                    ("description".into(), Out::str("free text, ignored")),
                ]),
            ));
            properties.extend(members.iter().cloned());
        }
        if let Some((_, Out::List(required))) = entries.iter_mut().find(|(k, _)| k == "required") {
            for (plural, _) in &members {
                required.push(Out::str(plural));
            }
        }
        let mut head = vec![
            (
                "$schema".into(),
                Out::str("https://json-schema.org/draft/2020-12/schema"),
            ),
            (
                "title".into(),
                Out::str(format!(
                    "etuus household ({} {})",
                    program.info.name, program.info.version
                )),
            ),
        ];
        head.append(entries);
        *entries = head;
    }
    root
}

fn entity_schema(program: &Program, entity: EntityId, lang: usize) -> Out {
    let mut properties: Vec<(String, Out)> = Vec::new();
    let mut required = Vec::new();
    for var in program
        .vars
        .iter()
        .filter(|v| v.entity == entity && v.input.is_some())
    {
        let schema = input_schema(program, var, lang);
        match var.name.split_once('.') {
            Some((namespace, local)) => {
                let index = match properties.iter().position(|(k, _)| k == namespace) {
                    Some(i) => i,
                    None => {
                        properties.push((
                            namespace.to_string(),
                            Out::Map(vec![
                                ("type".into(), Out::str("object")),
                                ("additionalProperties".into(), Out::Bool(false)),
                                ("properties".into(), Out::Map(Vec::new())),
                            ]),
                        ));
                        properties.len() - 1
                    }
                };
                if let Out::Map(ns) = &mut properties[index].1 {
                    if let Some((_, Out::Map(props))) =
                        ns.iter_mut().find(|(k, _)| k == "properties")
                    {
                        props.push((local.to_string(), schema));
                    }
                }
            }
            None => properties.push((var.name.clone(), schema)),
        }
        if var.input.as_ref().is_some_and(|i| i.required) {
            required.push(Out::str(&var.name));
        }
    }
    Out::Map(vec![
        ("type".into(), Out::str("object")),
        ("additionalProperties".into(), Out::Bool(false)),
        ("properties".into(), Out::Map(properties)),
        ("required".into(), Out::List(required)),
    ])
}

fn input_schema(program: &Program, var: &VarDef, lang: usize) -> Out {
    let mut description = var.labels.get(lang).to_string();
    if let DeclaredType::Number(_, unit) = &var.ty {
        if !unit.is_one() {
            description.push_str(&format!(" ({})", program.unit_name(unit)));
        }
    }
    if let Some(reference) = &var.reference {
        description.push_str(&format!("; {reference}"));
    }
    let mut schema = vec![("description".into(), Out::str(description))];
    match &var.ty {
        DeclaredType::Number(NumKind::Rate, _) => {
            // A share, 0.2, or a percentage written as text, "20 %".
            schema.push((
                "type".into(),
                Out::List(vec![Out::str("number"), Out::str("string")]),
            ));
            schema.push((
                "pattern".into(),
                Out::str(r"^\s*[0-9]+([.,][0-9]+)?\s*%\s*$"),
            ));
        }
        DeclaredType::Number(kind, _) => {
            let ty = if *kind == NumKind::Integer {
                "integer"
            } else {
                "number"
            };
            schema.push(("type".into(), Out::str(ty)));
        }
        DeclaredType::Bool => schema.push(("type".into(), Out::str("boolean"))),
        DeclaredType::Date => {
            schema.push(("type".into(), Out::str("string")));
            schema.push(("format".into(), Out::str("date")));
        }
        DeclaredType::Enum(id) => {
            let mut names: Vec<String> = Vec::new();
            for variant in program.enums[id.index()]
                .variants
                .iter()
                .filter(|v| v.rejected.is_none())
            {
                for name in std::iter::once(&variant.key).chain(variant.labels.0.iter()) {
                    if !names.contains(name) {
                        names.push(name.clone());
                    }
                }
            }
            schema.push(("type".into(), Out::str("string")));
            schema.push((
                "enum".into(),
                Out::List(names.into_iter().map(Out::Str).collect()),
            ));
        }
    }
    if let Some(input) = &var.input {
        let value = |v: Value| match v {
            Value::Num(d) => Out::Num(d),
            Value::Bool(b) => Out::Bool(b),
            Value::Date(d) => Out::Str(d.to_string()),
            Value::Enum(i) => match &var.ty {
                DeclaredType::Enum(id) => {
                    Out::Str(program.enums[id.index()].variants[i as usize].key.clone())
                }
                _ => Out::Null,
            },
        };
        if let Some(d) = input.default {
            schema.push(("default".into(), value(d)));
        }
        match (input.min, &var.ty) {
            (Some(m), DeclaredType::Number(..)) => schema.push(("minimum".into(), value(m))),
            (Some(m), DeclaredType::Date) => schema.push(("formatMinimum".into(), value(m))),
            _ => {}
        }
        match (input.max, &var.ty) {
            (Some(m), DeclaredType::Number(..)) => schema.push(("maximum".into(), value(m))),
            (Some(m), DeclaredType::Date) => schema.push(("formatMaximum".into(), value(m))),
            _ => {}
        }
    }
    Out::Map(schema)
}
