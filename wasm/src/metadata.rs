//! What a form needs to ask for a household: every input with its labels in
//! each language, its type, unit, range and default, the values of a choice;
//! the results; the months the rules cover.

use etuus_engine::compile::{Labels, VarDef};
use etuus_engine::output::result::receipt;
use etuus_engine::output::Out;
use etuus_engine::types::{DeclaredType, NumKind};
use etuus_engine::value::Value;
use etuus_engine::Program;

/// The rule set described for forms. Format:
///
/// ```text
/// format_version  1
/// receipt         {engine, engine_version, rules, rules_version, rules_sha256}
/// languages       ["fi", "sv", "en"]
/// coverage        {first: "2021-01", last: "2027-12"}
/// entities        [{name, plural, labels, min_members}]   the household first, then its members
/// inputs          [{name, entity, namespace, type, unit, labels, help, reference,
///                   default, min, max, required, values}]
///                 type: money | rate | integer | number | bool | date | enum;
///                 unit: {code: "eur/month", labels: {fi: "€/kk", …}} or null;
///                 values (enum): [{key, labels, rejected}] (rejected: why a household may not choose it)
/// results         [{name, labels, reference, default}]
/// disclaimer      {fi, sv, en} or null
/// ```
pub fn metadata(program: &Program) -> Out {
    let info = &program.info;
    let entities = program
        .entities
        .iter()
        .map(|e| {
            Out::Map(vec![
                ("name".into(), Out::str(&e.name)),
                (
                    "plural".into(),
                    if e.member_of.is_some() {
                        Out::str(&e.plural)
                    } else {
                        Out::Null
                    },
                ),
                ("labels".into(), labels(program, &e.labels)),
                ("min_members".into(), Out::Num(e.min_members.into())),
            ])
        })
        .collect();
    let inputs = program
        .input_vars
        .iter()
        .map(|&v| input(program, &program.vars[v.index()]))
        .collect();
    let results = program
        .results
        .iter()
        .enumerate()
        .map(|(i, r)| {
            Out::Map(vec![
                ("name".into(), Out::str(&r.name)),
                ("labels".into(), labels(program, &r.labels)),
                (
                    "reference".into(),
                    r.reference.clone().map_or(Out::Null, Out::Str),
                ),
                (
                    "default".into(),
                    Out::Bool(program.default_results.iter().any(|d| d.index() == i)),
                ),
            ])
        })
        .collect();
    Out::Map(vec![
        ("format_version".into(), Out::Num(1.into())),
        ("receipt".into(), receipt(program)),
        (
            "languages".into(),
            Out::List(info.languages.iter().map(Out::str).collect()),
        ),
        (
            "coverage".into(),
            Out::Map(vec![
                ("first".into(), Out::str(info.first_month.to_string())),
                ("last".into(), Out::str(info.last_month.to_string())),
            ]),
        ),
        ("entities".into(), Out::List(entities)),
        ("inputs".into(), Out::List(inputs)),
        ("results".into(), Out::List(results)),
        (
            "disclaimer".into(),
            info.disclaimer
                .as_ref()
                .map_or(Out::Null, |d| labels(program, d)),
        ),
    ])
}

/// Text in every language: `{fi: …, sv: …, en: …}`.
fn labels(program: &Program, labels: &Labels) -> Out {
    Out::Map(
        program
            .info
            .languages
            .iter()
            .enumerate()
            .map(|(i, code)| (code.clone(), Out::str(labels.get(i))))
            .collect(),
    )
}

fn input(program: &Program, var: &VarDef) -> Out {
    let entity = &program.entities[var.entity.index()];
    let (namespace, _) = var.name.split_once('.').unzip();
    let ty = match &var.ty {
        DeclaredType::Number(NumKind::Money, _) => "money",
        DeclaredType::Number(NumKind::Rate, _) => "rate",
        DeclaredType::Number(NumKind::Integer, _) => "integer",
        DeclaredType::Number(NumKind::Number, _) => "number",
        DeclaredType::Bool => "bool",
        DeclaredType::Date => "date",
        DeclaredType::Enum(_) => "enum",
    };
    let unit = match &var.ty {
        DeclaredType::Number(_, unit) if !unit.is_one() => Out::Map(vec![
            ("code".into(), Out::str(program.unit_name(unit))),
            (
                "labels".into(),
                Out::Map(
                    program
                        .info
                        .languages
                        .iter()
                        .enumerate()
                        .map(|(i, code)| (code.clone(), Out::str(program.unit_label(unit, i))))
                        .collect(),
                ),
            ),
        ]),
        _ => Out::Null,
    };
    let decl = var.input.as_ref();
    let value = |v: Option<Value>| v.map_or(Out::Null, |v| value_out(program, var, v));
    let mut fields = vec![
        ("name".into(), Out::str(&var.name)),
        (
            "entity".into(),
            if entity.member_of.is_some() {
                Out::str(&entity.plural)
            } else {
                Out::str(&entity.name)
            },
        ),
        ("namespace".into(), namespace.map_or(Out::Null, Out::str)),
        ("type".into(), Out::str(ty)),
        ("unit".into(), unit),
        ("labels".into(), labels(program, &var.labels)),
        (
            "help".into(),
            decl.and_then(|d| d.help.as_ref())
                .map_or(Out::Null, |h| labels(program, h)),
        ),
        (
            "reference".into(),
            var.reference.clone().map_or(Out::Null, Out::Str),
        ),
        ("default".into(), value(decl.and_then(|d| d.default))),
        ("min".into(), value(decl.and_then(|d| d.min))),
        ("max".into(), value(decl.and_then(|d| d.max))),
        (
            "required".into(),
            Out::Bool(decl.is_some_and(|d| d.required)),
        ),
    ];
    if let DeclaredType::Enum(id) = &var.ty {
        let values = program.enums[id.index()]
            .variants
            .iter()
            .map(|variant| {
                Out::Map(vec![
                    ("key".into(), Out::str(&variant.key)),
                    ("labels".into(), labels(program, &variant.labels)),
                    (
                        "rejected".into(),
                        variant
                            .rejected
                            .as_ref()
                            .map_or(Out::Null, |r| labels(program, r)),
                    ),
                ])
            })
            .collect();
        fields.push(("values".into(), Out::List(values)));
    }
    Out::Map(fields)
}

/// A default or bound as a household file writes it: a number, a date
/// `YYYY-MM-DD`, true/false, an enum value's key.
fn value_out(program: &Program, var: &VarDef, value: Value) -> Out {
    match (value, &var.ty) {
        (Value::Num(d), _) => Out::Num(d.normalize()),
        (Value::Bool(b), _) => Out::Bool(b),
        (Value::Date(d), _) => Out::Str(d.to_string()),
        (Value::Enum(i), DeclaredType::Enum(id)) => program.enums[id.index()]
            .variants
            .get(i as usize)
            .map_or(Out::Null, |v| Out::str(&v.key)),
        (Value::Enum(_), _) => Out::Null,
    }
}
