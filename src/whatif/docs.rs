//! Rule documentation from the rules themselves: a parameter's values
//! through time with their sources, and a variable's formulas, what it reads,
//! the inputs it depends on and its legal reference.

use std::fmt::Write as _;

use chrono::NaiveDate;
use etuus_engine::compile::ids::{ParamId, VarId};
use etuus_engine::compile::{KeyType, ParamDef, ParamValue, Program, Table, TableDim};
use etuus_engine::expr::{Lexer, OffsetMap, TokenKind};
use etuus_engine::output::format_value;
use etuus_engine::source::{FileId, Span};

/// Parameters whose name or label contains `query` (case-insensitive); an
/// exact name first.
pub fn find_params(program: &Program, query: &str) -> Vec<ParamId> {
    if let Some(p) = program.param_named(query) {
        return vec![p];
    }
    let q = query.to_lowercase();
    program
        .params
        .iter()
        .enumerate()
        .filter(|(_, p)| {
            p.name.to_lowercase().contains(&q)
                || p.labels.0.iter().any(|l| l.to_lowercase().contains(&q))
        })
        .map(|(i, _)| ParamId(i as u32))
        .collect()
}

/// Variables whose name or label contains `query`; an exact name first.
pub fn find_vars(program: &Program, query: &str) -> Vec<VarId> {
    if let Some(v) = program.var_named(query) {
        return vec![v];
    }
    let q = query.to_lowercase();
    program
        .vars
        .iter()
        .enumerate()
        .filter(|(_, v)| {
            v.name.to_lowercase().contains(&q)
                || v.labels.0.iter().any(|l| l.to_lowercase().contains(&q))
        })
        .map(|(i, _)| VarId(i as u32))
        .collect()
}

/// One line per parameter: name, label, the value in force on `at`.
pub fn params_list(program: &Program, params: &[ParamId], at: NaiveDate, lang: usize) -> String {
    let mut out = String::new();
    for &p in params {
        let def = &program.params[p.index()];
        let value = program
            .param_version_at(p, at)
            .map(|v| scalar_or_table(program, def, &def.versions[v].value, lang))
            .unwrap_or_else(|| "–".into());
        let _ = writeln!(out, "{}  {}: {value}", def.name, def.labels.get(lang));
    }
    out
}

fn scalar_or_table(program: &Program, def: &ParamDef, value: &ParamValue, lang: usize) -> String {
    match value {
        ParamValue::Scalar(v) => format_value(program, &def.ty, *v, lang),
        ParamValue::Table(t) => format!(
            "{} ({} {})",
            table_word(lang, program),
            t.cells.iter().flatten().count(),
            cells_word(lang, program)
        ),
        ParamValue::Abolished => abolished_word(program, lang).into(),
    }
}

fn code(program: &Program, lang: usize) -> &str {
    program
        .info
        .languages
        .get(lang)
        .map_or("en", String::as_str)
}

fn table_word(lang: usize, program: &Program) -> &'static str {
    match code(program, lang) {
        "fi" => "taulukko",
        "sv" => "tabell",
        _ => "table",
    }
}

fn cells_word(lang: usize, program: &Program) -> &'static str {
    match code(program, lang) {
        "fi" => "arvoa",
        "sv" => "värden",
        _ => "values",
    }
}

fn abolished_word(program: &Program, lang: usize) -> &'static str {
    match code(program, lang) {
        "fi" => "lakkautettu",
        "sv" => "upphävd",
        _ => "abolished",
    }
}

fn status_word(status: &str, lang: &str) -> &'static str {
    match (status, lang) {
        ("unconfirmed", "fi") => "vahvistamaton",
        ("unconfirmed", "sv") => "obekräftat",
        ("unconfirmed", _) => "unconfirmed",
        ("derived", "fi") => "johdettu",
        ("derived", "sv") => "härlett",
        _ => "derived",
    }
}

fn date_text(d: NaiveDate, program: &Program, lang: usize) -> String {
    use chrono::Datelike as _;
    if code(program, lang) == "en" {
        d.to_string()
    } else {
        format!("{}.{}.{}", d.day(), d.month(), d.year())
    }
}

/// A parameter's history: every dated value with its reference, source and
/// status; with `at`, the value in force that day is marked and a table's
/// cells are listed in full.
pub fn param_text(program: &Program, p: ParamId, at: Option<NaiveDate>, lang: usize) -> String {
    let def = &program.params[p.index()];
    let l = code(program, lang);
    let mut out = format!("{}\n  {}\n", def.name, def.labels.get(lang));
    for note in &def.notes {
        let _ = writeln!(out, "  [{}] {}", note.kind.name(), note.text.get(lang));
    }
    let in_force = at.and_then(|d| program.param_version_at(p, d));
    if let (Some(d), None) = (at, in_force) {
        let _ = writeln!(
            out,
            "  {} {}: –",
            match l {
                "fi" => "voimassa",
                "sv" => "i kraft",
                _ => "in force on",
            },
            date_text(d, program, lang)
        );
    }
    let _ = writeln!(
        out,
        "\n  {}",
        match l {
            "fi" => "Arvot",
            "sv" => "Värden",
            _ => "Values",
        }
    );
    for (i, v) in def.versions.iter().enumerate() {
        let marker = if in_force == Some(i) { "▶" } else { " " };
        let since = date_text(v.since, program, lang);
        let from = match l {
            "fi" => format!("{since} alkaen"),
            "sv" => format!("från {since}"),
            _ => format!("from {since}"),
        };
        let value = scalar_or_table(program, def, &v.value, lang);
        let _ = write!(out, "  {marker} {from}: {value}   {}", v.reference);
        if v.status.name() != "confirmed" {
            let _ = write!(out, " [{}]", status_word(v.status.name(), l));
        }
        out.push('\n');
        if let Some(source) = &v.source {
            let _ = writeln!(out, "      {source}");
        }
        if let Some(note) = &v.note {
            let _ = writeln!(out, "      {note}");
        }
        if let ParamValue::Table(t) = &v.value {
            let full = in_force == Some(i);
            let cells = table_cells(program, def, t, lang);
            let limit = if full { cells.len() } else { 6 };
            for (key, value) in cells.iter().take(limit) {
                let _ = writeln!(out, "      {key}: {value}");
            }
            if cells.len() > limit {
                let _ = writeln!(
                    out,
                    "      … {} {}",
                    cells.len() - limit,
                    match l {
                        "fi" => "lisää (--at PÄIVÄ näyttää kaikki)",
                        "sv" => "till (--at DATUM visar alla)",
                        _ => "more (--at DATE shows all)",
                    }
                );
            }
        }
    }
    out
}

/// A table's cells as (keys, value), keys written with labels.
fn table_cells(
    program: &Program,
    def: &ParamDef,
    table: &Table,
    lang: usize,
) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let total: usize = table.dims.iter().map(|d| d.len()).product();
    for index in 0..total {
        let Some(Some(value)) = table.cells.get(index) else {
            continue;
        };
        let mut rest = index;
        let mut keys = Vec::new();
        for (dim, key) in table.dims.iter().zip(&def.keys).rev() {
            let pos = rest % dim.len();
            rest /= dim.len();
            keys.push(match (dim, key) {
                (TableDim::Integer { min, .. }, _) => (min + pos as i64).to_string(),
                (_, KeyType::Enum(e)) => program.enums[e.index()]
                    .variants
                    .get(pos)
                    .map_or_else(|| pos.to_string(), |v| v.labels.get(lang).to_string()),
                _ => pos.to_string(),
            });
        }
        keys.reverse();
        out.push((
            keys.join(", "),
            format_value(program, &def.ty, *value, lang),
        ));
    }
    out
}

/// The names a formula reads, in order, without repeats.
fn formula_names(text: &str) -> Vec<String> {
    let map = OffsetMap::Whole(Span {
        file: FileId(0),
        start: 0,
        len: 0,
    });
    let Ok(tokens) = Lexer::new(text, &map).tokenize() else {
        return Vec::new();
    };
    let mut names: Vec<String> = Vec::new();
    for t in tokens {
        if t.kind == TokenKind::Name {
            let name = t.lexeme.trim_start_matches("outer.").to_string();
            if !names.contains(&name) {
                names.push(name);
            }
        }
    }
    names
}

/// What a name in a formula of `var` refers to: a variable or parameter,
/// looked up in the variable's namespace first.
fn resolve(program: &Program, var: VarId, name: &str) -> Option<Item> {
    let own = &program.vars[var.index()].name;
    let namespace = own.rsplit_once('.').map(|(ns, _)| ns);
    let candidates = namespace
        .map(|ns| format!("{ns}.{name}"))
        .into_iter()
        .chain(std::iter::once(name.to_string()));
    for candidate in candidates {
        if let Some(v) = program.var_named(&candidate) {
            return Some(Item::Var(v));
        }
        if let Some(p) = program.param_named(&candidate) {
            return Some(Item::Param(p));
        }
    }
    None
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Item {
    Var(VarId),
    Param(ParamId),
}

/// What a variable reads directly, over all its formula versions.
fn reads(program: &Program, var: VarId) -> Vec<Item> {
    let mut out = Vec::new();
    for f in &program.vars[var.index()].formulas {
        for name in formula_names(&f.text) {
            if let Some(item) = resolve(program, var, &name) {
                if !out.contains(&item) {
                    out.push(item);
                }
            }
        }
    }
    out
}

/// The inputs a variable depends on, through every formula it reads.
pub fn inputs_of(program: &Program, var: VarId) -> Vec<VarId> {
    let mut seen = vec![var];
    let mut stack = vec![var];
    let mut inputs = Vec::new();
    while let Some(v) = stack.pop() {
        if program.vars[v.index()].input.is_some() {
            if !inputs.contains(&v) {
                inputs.push(v);
            }
            continue;
        }
        for item in reads(program, v) {
            if let Item::Var(next) = item {
                if !seen.contains(&next) {
                    seen.push(next);
                    stack.push(next);
                }
            }
        }
    }
    inputs.sort();
    inputs
}

/// A variable's documentation: label, reference, input declaration or dated
/// formulas, what it reads, the inputs it depends on, and its notes.
pub fn var_text(program: &Program, var: VarId, lang: usize) -> String {
    let def = &program.vars[var.index()];
    let l = code(program, lang);
    let entity = &program.entities[def.entity.index()];
    let mut out = format!("{}\n  {}\n", def.name, def.labels.get(lang));
    let head = |fi: &'static str, sv: &'static str, en: &'static str| match l {
        "fi" => fi,
        "sv" => sv,
        _ => en,
    };
    let _ = writeln!(
        out,
        "  {}: {}",
        head("kenen", "vems", "of"),
        entity.labels.get(lang)
    );
    if let Some(r) = &def.reference {
        let _ = writeln!(
            out,
            "  {}: {r}",
            head("lainkohta", "lagrum", "legal reference")
        );
    }
    if let Some(input) = &def.input {
        let _ = writeln!(out, "  {}", head("syöte", "indata", "input"));
        if let Some(d) = input.default {
            let _ = writeln!(
                out,
                "    {}: {}",
                head("oletus", "standard", "default"),
                format_value(program, &def.ty, d, lang)
            );
        }
        if let (Some(min), Some(max)) = (input.min, input.max) {
            let _ = writeln!(
                out,
                "    {}: {} … {}",
                head("sallittu", "tillåtet", "allowed"),
                format_value(program, &def.ty, min, lang),
                format_value(program, &def.ty, max, lang)
            );
        }
        if let Some(help) = &input.help {
            let _ = writeln!(out, "    {}", help.get(lang));
        }
    }
    if !def.formulas.is_empty() {
        let _ = writeln!(out, "\n  {}", head("Kaavat", "Formler", "Formulas"));
        for f in &def.formulas {
            let since = date_text(f.since, program, lang);
            let reference = f
                .reference
                .as_deref()
                .or(def.reference.as_deref())
                .unwrap_or("");
            let _ = write!(
                out,
                "    {} {since}   {reference}",
                head("alkaen", "från", "from")
            );
            if f.status.name() != "confirmed" {
                let _ = write!(out, " [{}]", status_word(f.status.name(), l));
            }
            out.push('\n');
            if f.in_force {
                for line in f.text.trim().lines() {
                    let _ = writeln!(out, "      {line}");
                }
            } else {
                let _ = writeln!(
                    out,
                    "      ~ ({})",
                    head("ei voimassa", "inte i kraft", "not in force")
                );
            }
            if let Some(note) = &f.note {
                let _ = writeln!(out, "      {note}");
            }
        }
        let items = reads(program, var);
        if !items.is_empty() {
            let _ = writeln!(out, "\n  {}", head("Lukee", "Läser", "Reads"));
            for item in items {
                match item {
                    Item::Var(v) => {
                        let d = &program.vars[v.index()];
                        let _ = writeln!(out, "    {}  {}", d.name, d.labels.get(lang));
                    }
                    Item::Param(p) => {
                        let d = &program.params[p.index()];
                        let _ = writeln!(
                            out,
                            "    {}  {} ({})",
                            d.name,
                            d.labels.get(lang),
                            head("parametri", "parameter", "parameter")
                        );
                    }
                }
            }
        }
        let inputs = inputs_of(program, var);
        if !inputs.is_empty() {
            let _ = writeln!(
                out,
                "\n  {}",
                head(
                    "Riippuu syötteistä",
                    "Beror på indata",
                    "Depends on the inputs"
                )
            );
            for v in inputs {
                let d = &program.vars[v.index()];
                let _ = writeln!(out, "    {}  {}", d.name, d.labels.get(lang));
            }
        }
    }
    if !def.notes.is_empty() {
        let _ = writeln!(out, "\n  {}", head("Huomautukset", "Anmärkningar", "Notes"));
        for n in &def.notes {
            let _ = writeln!(out, "    [{}] {}", n.kind.name(), n.text.get(lang));
        }
    }
    out
}

/// One line per variable: name and label.
pub fn vars_list(program: &Program, vars: &[VarId], lang: usize) -> String {
    let mut out = String::new();
    for &v in vars {
        let d = &program.vars[v.index()];
        let kind = if d.input.is_some() { "input" } else { "" };
        let _ = writeln!(
            out,
            "{}  {}{}",
            d.name,
            d.labels.get(lang),
            if kind.is_empty() {
                String::new()
            } else {
                format!(" [{kind}]")
            }
        );
    }
    out
}
