//! The column layout as text, for `etuus schema --columns`: every input
//! column of CSV and Arrow/Parquet input, and the columns of the output.

use std::fmt::Write as _;

use etuus_engine::types::{DeclaredType, NumKind};
use etuus_engine::{Program, Value};

use crate::input::value::describe;
use crate::output::arrow::data_type;

fn range(program: &Program, var: &etuus_engine::compile::VarDef) -> String {
    let Some(input) = &var.input else {
        return String::new();
    };
    let show = |v: Option<Value>| match v {
        Some(Value::Num(d)) => d.normalize().to_string(),
        Some(Value::Date(d)) => d.to_string(),
        _ => String::new(),
    };
    let mut parts = Vec::new();
    match (input.min, input.max) {
        (Some(_), Some(_)) => parts.push(format!("{} … {}", show(input.min), show(input.max))),
        (Some(_), None) => parts.push(format!("≥ {}", show(input.min))),
        (None, Some(_)) => parts.push(format!("≤ {}", show(input.max))),
        (None, None) => {}
    }
    if input.required {
        parts.push("required".into());
    } else if let Some(default) = input.default {
        let text = match (default, &var.ty) {
            (Value::Enum(v), DeclaredType::Enum(id)) => program.enums[id.index()]
                .variants
                .get(v as usize)
                .map_or_else(String::new, |variant| variant.key.clone()),
            (Value::Bool(b), _) => b.to_string(),
            (other, _) => show(Some(other)),
        };
        parts.push(format!("default {text}"));
    }
    parts.join(", ")
}

fn arrow_in(ty: &DeclaredType) -> &'static str {
    match ty {
        DeclaredType::Number(NumKind::Integer, _) => "integer",
        DeclaredType::Number(NumKind::Rate, _) => {
            "decimal or float (a share, 0.185), or text \"18.5 %\""
        }
        DeclaredType::Number(..) => "integer, decimal or float",
        DeclaredType::Bool => "bool",
        DeclaredType::Date => "date32 or text YYYY-MM-DD",
        DeclaredType::Enum(_) => "text (code or name), or integer code",
    }
}

/// The column layout of the rule set's households and of the output rows,
/// labels in language `lang`.
pub fn columns_text(program: &Program, lang: usize) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Columns of `etuus batch` for {} {}\n",
        program.info.name, program.info.version
    );
    let _ = writeln!(
        out,
        "INPUT: CSV has a header row with these names; Parquet and Arrow tables have these\n\
         columns (a namespace may also be a struct column, the members a list<struct> column).\n\
         CSV cells are text written as in a household file (decimal point or comma, `18.5 %`,\n\
         true/false, YYYY-MM-DD); an empty cell is a value not given. Columns not listed are\n\
         an error unless skipped with --ignore.\n"
    );
    let _ = writeln!(
        out,
        "  id        optional; text or a whole number, copied to the output"
    );
    let _ = writeln!(
        out,
        "  month     YYYY-MM (or a date); rows without one use --month or --months\n"
    );
    let root_label = program.entities[0].labels.get(lang);
    let _ = writeln!(out, "{} ({}):", root_label, program.entities[0].name);
    for &var in &program.input_vars {
        let def = &program.vars[var.index()];
        if def.entity.index() != 0 {
            continue;
        }
        let _ = writeln!(
            out,
            "  {:<44} {} — {}{}",
            def.name,
            describe(program, &def.ty),
            def.labels.get(lang),
            match range(program, def) {
                r if r.is_empty() => String::new(),
                r => format!(" [{r}]"),
            }
        );
        let _ = writeln!(out, "  {:<44}   Arrow: {}", "", arrow_in(&def.ty));
    }
    for (index, entity) in program.entities.iter().enumerate() {
        if !entity.is_listed() {
            continue;
        }
        let _ = writeln!(
            out,
            "\nEach {} ({}, at least {}): CSV `{p}.N.NAME` with N = 0, 1, 2 … the position;\n\
             Arrow `{p}.N.NAME` columns or one `{p}: list<struct<id, NAME…>>` column.",
            entity.labels.get(lang),
            entity.plural,
            entity.min_members,
            p = entity.plural,
        );
        let _ = writeln!(
            out,
            "  {:<44} text; the member's id (default: N, or the list position from 0)",
            format!("{}.N.id", entity.plural)
        );
        for &var in &program.input_vars {
            let def = &program.vars[var.index()];
            if def.entity.index() != index {
                continue;
            }
            let _ = writeln!(
                out,
                "  {:<44} {} — {}{}",
                format!("{}.N.{}", entity.plural, def.name),
                describe(program, &def.ty),
                def.labels.get(lang),
                match range(program, def) {
                    r if r.is_empty() => String::new(),
                    r => format!(" [{r}]"),
                }
            );
        }
    }
    let _ = writeln!(
        out,
        "\nOUTPUT: one row per household, month and --set scenario.\n\
         \n  row             the household's position in the input from 1 (the line, for JSON lines)\n  \
         id              as given\n  month           YYYY-MM\n  \
         set.NAME        each --set parameter's value in this row\n"
    );
    let _ = writeln!(out, "Result amounts (default; --result chooses):");
    for result in &program.default_results {
        let def = &program.results[result.index()];
        let amount = &program.vars[def.amount.index()];
        let _ = writeln!(
            out,
            "  {:<44} {} ({}) — {}",
            def.name,
            describe(program, &amount.ty),
            data_type(&amount.ty, true),
            def.labels.get(lang)
        );
    }
    let _ = writeln!(
        out,
        "\n--value NAME adds a variable's column (a person's variable under the members);\n\
         --all-lines adds every line of the results' explanations.\n\
         \n  PLURAL          JSON lines and Arrow: a list of {{id, NAME…}} per member\n  \
         PLURAL.N.NAME   CSV: member N's value (--members columns unless the input is CSV)\n  \
         error           null, or {{field, message}}; in CSV error.field and error.message\n\
         \nValues: JSON lines and CSV exact (money with at least two decimals); in Arrow and\n\
         Parquet result amounts decimal128(38, 2), other numbers decimal128(38, 10) (rounded\n\
         to 10 decimals), whole numbers int64; enum values by code, dates YYYY-MM-DD."
    );
    out
}
