//! The explanation model: plain data built from a traced calculation.

use std::collections::HashSet;

use crate::compile::ids::{ParamId, VarId};
use crate::compile::{ParamValue, Status};
use crate::eval::Calculation;
use crate::output::format_value;
use crate::trace::{Dep, ROOT};
use crate::value::Value;

use super::substitute::Substituter;

/// A whole explanation.
#[derive(Debug, Clone)]
pub struct Explanation {
    /// The month, `YYYY-MM`.
    pub month: String,
    /// Language code.
    pub language: String,
    /// What a reader must know before anything else: e.g. that the law of
    /// an earlier month was carried forward to this one.
    pub warnings: Vec<String>,
    /// One per result calculated.
    pub results: Vec<ResultExplanation>,
    /// Every parameter value the calculation read.
    pub parameters: Vec<ParamUse>,
    /// Remarks a reader must see.
    pub notes: Vec<NoteUse>,
    /// The household's inputs, as `(label, value)`.
    pub inputs: Vec<(String, String)>,
    /// Rule set name, version and hash; engine version.
    pub receipt: Vec<(String, String)>,
    /// The rule set's disclaimer, if any.
    pub disclaimer: Option<String>,
}

/// The explanation of one result.
#[derive(Debug, Clone)]
pub struct ResultExplanation {
    /// Result name.
    pub name: String,
    /// Its label.
    pub label: String,
    /// Statute the result rests on.
    pub reference: Option<String>,
    /// The lines, in the rule set's order; the amount comes last.
    pub lines: Vec<Line>,
    /// Why the result could not be computed (a missing input), if so.
    pub error: Option<String>,
}

/// One line of a laskelma.
#[derive(Debug, Clone)]
pub struct Line {
    /// Variable name.
    pub name: String,
    /// The member's id, for member variables.
    pub member: Option<String>,
    /// Label.
    pub label: String,
    /// Value as people read it, with unit.
    pub value: String,
    /// The exact value.
    pub raw: Option<Value>,
    /// Statute and section.
    pub reference: Option<String>,
    /// The formula as written, for computed values.
    pub formula: Option<String>,
    /// The formula with the values put in.
    pub substituted: Option<String>,
    /// Whether this is the result's amount.
    pub is_amount: bool,
    /// Remarks on this line: (kind, text).
    pub flags: Vec<(String, String)>,
}

/// A parameter value the calculation read.
#[derive(Debug, Clone)]
pub struct ParamUse {
    /// Parameter name.
    pub name: String,
    /// Label.
    pub label: String,
    /// The value (for tables: "table").
    pub value: String,
    /// First day of the value.
    pub since: String,
    /// Statute and section.
    pub reference: String,
    /// Source URL.
    pub source: Option<String>,
    /// `confirmed`, `unconfirmed` or `derived`.
    pub status: &'static str,
    /// Remark on the value.
    pub note: Option<String>,
}

/// A remark, with what it is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoteUse {
    /// `ambiguous`, `discretion`, `gap`, `info`, `unconfirmed` or `derived`.
    pub kind: String,
    /// Label of the item it concerns.
    pub about: String,
    /// The remark.
    pub text: String,
}

/// Builds the explanation of a calculation recorded with a trace, in language `lang`.
pub fn explain(calc: &Calculation<'_>, lang: usize) -> Explanation {
    let program = calc.program();
    let code = program
        .info
        .languages
        .get(lang)
        .cloned()
        .unwrap_or_default();
    let mut substituter = Substituter::new(calc, lang);
    let mut results = Vec::new();
    for &r in calc.results() {
        let def = &program.results[r.index()];
        let mut lines = Vec::new();
        for (var, member, is_amount) in shown_with_reasons(calc, &mut substituter, r) {
            lines.push(line(calc, &mut substituter, var, member, lang, is_amount));
        }
        results.push(ResultExplanation {
            name: def.name.clone(),
            label: def.labels.get(lang).to_string(),
            reference: def
                .reference
                .as_deref()
                .map(|r| localize_reference(r, &code)),
            lines,
            error: None,
        });
    }
    for (r, error) in calc.failed_results() {
        let def = &program.results[r.index()];
        results.push(ResultExplanation {
            name: def.name.clone(),
            label: def.labels.get(lang).to_string(),
            reference: def.reference.clone(),
            lines: Vec::new(),
            error: Some(error.to_string()),
        });
    }
    // In the rule set's order, whether computed or not.
    results.sort_by_key(|r: &ResultExplanation| {
        program
            .default_results
            .iter()
            .position(|&d| program.results[d.index()].name == r.name)
    });
    let (parameters, param_notes) = parameters(calc, lang);
    let mut notes = var_notes(calc, &mut substituter, lang);
    for n in param_notes {
        if !notes.contains(&n) {
            notes.push(n);
        }
    }
    let inputs = inputs(calc, lang);
    let receipt = vec![
        (
            "engine".into(),
            format!("etuus-engine {}", env!("CARGO_PKG_VERSION")),
        ),
        (
            "rules".into(),
            format!("{} {}", program.info.name, program.info.version),
        ),
        ("rules_sha256".into(), program.info.hash.clone()),
        ("month".into(), calc.month().to_string()),
    ];
    let warnings = calc
        .carried_from()
        .map(|last| {
            super::words::carried_notice(
                &code,
                &program.info.first_month.to_string(),
                &last.to_string(),
                &calc.month().to_string(),
            )
        })
        .into_iter()
        .collect();
    Explanation {
        month: calc.month().to_string(),
        language: code,
        warnings,
        results,
        parameters,
        notes,
        inputs,
        receipt,
        disclaimer: program
            .info
            .disclaimer
            .as_ref()
            .map(|d| d.get(lang).to_string()),
    }
}

fn line(
    calc: &Calculation<'_>,
    substituter: &mut Substituter<'_, '_>,
    var: VarId,
    member: u32,
    lang: usize,
    is_amount: bool,
) -> Line {
    let program = calc.program();
    let def = &program.vars[var.index()];
    let raw = calc.value(var, member);
    let value = raw.map_or_else(
        || "–".to_string(),
        |v| format_value(program, &def.ty, v, lang),
    );
    let record = calc.trace().and_then(|t| t.record(var, member));
    let formula = record.and_then(|r| def.formulas.get(r.formula as usize));
    let mut flags = Vec::new();
    if let Some(f) = formula {
        if f.status != Status::Confirmed {
            flags.push((f.status.name().to_string(), String::new()));
        }
    }
    if let Some(record) = record {
        for dep in &record.deps {
            if let Dep::Param(p, version) = dep {
                let param = &program.params[p.index()];
                if let Some(v) = param.versions.get(*version as usize) {
                    let flag = (
                        v.status.name().to_string(),
                        param.labels.get(lang).to_string(),
                    );
                    if v.status != Status::Confirmed && !flags.contains(&flag) {
                        flags.push(flag);
                    }
                }
            }
        }
    }
    // A zero (or a "no") is explained by the notes that say why it is zero.
    if is_zero(raw) {
        for text in reason_notes(calc, substituter, var, member, lang) {
            flags.push(("reason".to_string(), text));
        }
    }
    let code = program.info.languages.get(lang).map_or("", String::as_str);
    Line {
        name: def.name.clone(),
        member: (member != ROOT).then(|| calc.member_label(var, member)),
        label: def.labels.get(lang).to_string(),
        value,
        raw,
        reference: formula
            .and_then(|f| f.reference.clone())
            .or_else(|| def.reference.clone())
            .map(|r| localize_reference(&r, code)),
        formula: formula.map(|f| f.text.trim().to_string()),
        // Only numbers have a calculation worth writing out.
        substituted: formula
            .filter(|_| matches!(def.ty, crate::types::DeclaredType::Number(..)))
            .map(|f| substituter.render(f.root, member)),
        is_amount,
        flags,
    }
}

/// Whether a value is a zero amount or a "no": what a reason note explains.
fn is_zero(value: Option<Value>) -> bool {
    matches!(value, Some(Value::Num(d)) if d.is_zero()) || value == Some(Value::Bool(false))
}

/// The texts of a variable's `info` notes whose `when:` holds: the rule set's
/// own words for why the value is what it is.
fn reason_notes(
    calc: &Calculation<'_>,
    substituter: &mut Substituter<'_, '_>,
    var: VarId,
    member: u32,
    lang: usize,
) -> Vec<String> {
    let def = &calc.program().vars[var.index()];
    def.notes
        .iter()
        .filter(|n| n.kind == crate::compile::NoteKind::Info)
        .filter(|n| n.when.is_some_and(|w| substituter.holds(w, member)))
        .map(|n| n.text.get(lang).to_string())
        .collect()
}

/// The lines a result shows, and besides them the zero lines the result
/// leaves out that a note explains: a rule that no longer applies shows as
/// "0 €, because …" instead of vanishing.
fn shown_with_reasons(
    calc: &Calculation<'_>,
    substituter: &mut Substituter<'_, '_>,
    r: crate::compile::ids::ResultId,
) -> Vec<(VarId, u32, bool)> {
    let program = calc.program();
    let def = &program.results[r.index()];
    let shown: Vec<(VarId, u32, bool)> = calc
        .shown_lines(r)
        .into_iter()
        .map(|l| (l.var, l.member, l.is_amount))
        .collect();
    if !def.omit_zero_lines {
        return shown;
    }
    let holds = |flag: VarId, member: u32| {
        let at = if program.is_root_var(flag) {
            ROOT
        } else {
            member
        };
        calc.value(flag, at) == Some(Value::Bool(true))
    };
    let position = |var: VarId| {
        def.lines
            .iter()
            .position(|&v| v == var)
            .unwrap_or(def.lines.len())
    };
    let mut all = shown.clone();
    for (i, &var) in def.lines.iter().enumerate() {
        let filter = def.line_filters.get(i).copied().flatten();
        let members: Vec<u32> = if program.is_root_var(var) {
            vec![ROOT]
        } else {
            (0..calc.instances_of(var)).collect()
        };
        for member in members {
            if shown.iter().any(|&(v, m, _)| v == var && m == member) {
                continue;
            }
            let entity = program.vars[var.index()].entity;
            let filter = if member == ROOT {
                filter
            } else {
                filter.or(def.members_where).filter(|f| {
                    let of = program.vars[f.index()].entity;
                    of == entity || of.index() == 0
                })
            };
            if !filter.is_none_or(|f| holds(f, member)) || !is_zero(calc.value(var, member)) {
                continue;
            }
            if !reason_notes(calc, substituter, var, member, 0).is_empty() {
                all.push((var, member, false));
            }
        }
    }
    // Back into the result's order: by line, then by member, the amount last.
    all.sort_by_key(|&(var, member, is_amount)| (is_amount, position(var), member));
    all
}

/// A legal reference in the reader's language: Swedish cites chapters as
/// `kap.` and points as `punkt` (`1290/2002 2 kap. 1 §`).
pub fn localize_reference(reference: &str, lang: &str) -> String {
    if lang != "sv" {
        return reference.to_string();
    }
    let text = replace_word(reference, "luku", "kap.");
    let text = replace_word(&text, "luvun", "kap.");
    let text = replace_word(&text, "kohta", "punkt");
    replace_word(&text, "ja", "och")
}

/// Replaces `word` where it stands as a whole word.
fn replace_word(text: &str, word: &str, with: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(word) {
        let before = rest[..at].chars().next_back();
        let after = rest[at + word.len()..].chars().next();
        out.push_str(&rest[..at]);
        if before.is_none_or(|c| !c.is_alphanumeric()) && after.is_none_or(|c| !c.is_alphanumeric())
        {
            out.push_str(with);
        } else {
            out.push_str(word);
        }
        rest = &rest[at + word.len()..];
    }
    out.push_str(rest);
    out
}

fn parameters(calc: &Calculation<'_>, lang: usize) -> (Vec<ParamUse>, Vec<NoteUse>) {
    let program = calc.program();
    let mut seen: HashSet<(ParamId, u16)> = HashSet::new();
    let mut uses = Vec::new();
    let mut notes = Vec::new();
    let Some(trace) = calc.trace() else {
        return (uses, notes);
    };
    for record in trace.records() {
        for dep in &record.deps {
            let Dep::Param(p, version) = *dep else {
                continue;
            };
            if !seen.insert((p, version)) {
                continue;
            }
            let def = &program.params[p.index()];
            let Some(v) = def.versions.get(version as usize) else {
                continue;
            };
            let value = match &v.value {
                ParamValue::Scalar(value) => format_value(program, &def.ty, *value, lang),
                ParamValue::Table(_) => table_word(&program.info.languages[lang]).to_string(),
                ParamValue::Abolished => String::new(),
            };
            // A value carried past the rules' last month is unconfirmed, however
            // well sourced it was for the months it was written for.
            let carried = calc.carried_from().map(|last| {
                super::words::carried_value(&program.info.languages[lang], &last.to_string())
            });
            let status = if carried.is_some() {
                Status::Unconfirmed
            } else {
                v.status
            };
            if v.status != Status::Confirmed && carried.is_none() {
                notes.push(NoteUse {
                    kind: v.status.name().to_string(),
                    about: def.labels.get(lang).to_string(),
                    text: super::words::word(v.status.name(), &program.info.languages[lang])
                        .to_string(),
                });
            }
            for note in &def.notes {
                let n = NoteUse {
                    kind: note.kind.name().to_string(),
                    about: def.labels.get(lang).to_string(),
                    text: note.text.get(lang).to_string(),
                };
                if !notes.contains(&n) {
                    notes.push(n);
                }
            }
            uses.push(ParamUse {
                name: def.name.clone(),
                label: def.labels.get(lang).to_string(),
                value,
                since: v.since.to_string(),
                reference: localize_reference(&v.reference, &program.info.languages[lang]),
                source: v.source.clone(),
                status: status.name(),
                note: carried.or_else(|| v.note.clone()),
            });
        }
    }
    (uses, notes)
}

fn table_word(lang: &str) -> &'static str {
    match lang {
        "fi" => "taulukko",
        "sv" => "tabell",
        _ => "table",
    }
}

fn var_notes(
    calc: &Calculation<'_>,
    substituter: &mut Substituter<'_, '_>,
    lang: usize,
) -> Vec<NoteUse> {
    let program = calc.program();
    let mut notes: Vec<NoteUse> = Vec::new();
    let Some(trace) = calc.trace() else {
        return notes;
    };
    let mut seen: HashSet<VarId> = HashSet::new();
    for record in trace.records() {
        if !seen.insert(record.var) {
            continue;
        }
        let def = &program.vars[record.var.index()];
        for note in &def.notes {
            if let Some(when) = note.when {
                if !substituter.holds(when, record.member) {
                    continue;
                }
            }
            let n = NoteUse {
                kind: note.kind.name().to_string(),
                about: def.labels.get(lang).to_string(),
                text: note.text.get(lang).to_string(),
            };
            if !notes.contains(&n) {
                notes.push(n);
            }
        }
        if let Some(f) = def.formulas.get(record.formula as usize) {
            if f.status != Status::Confirmed {
                notes.push(NoteUse {
                    kind: f.status.name().to_string(),
                    about: def.labels.get(lang).to_string(),
                    text: super::words::word(f.status.name(), &program.info.languages[lang])
                        .to_string(),
                });
            }
        }
    }
    notes
}

fn inputs(calc: &Calculation<'_>, lang: usize) -> Vec<(String, String)> {
    let program = calc.program();
    let household = calc.household();
    let mut out = Vec::new();
    for &(var, value) in &household.values {
        let def = &program.vars[var.index()];
        out.push((
            def.labels.get(lang).to_string(),
            format_value(program, &def.ty, value, lang),
        ));
    }
    for member in &household.members {
        for &(var, value) in &member.values {
            let def = &program.vars[var.index()];
            out.push((
                format!("{}: {}", member.id, def.labels.get(lang)),
                format_value(program, &def.ty, value, lang),
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::localize_reference;

    #[test]
    fn swedish_references_cite_chapters() {
        assert_eq!(
            localize_reference("1290/2002 6 luku 1–2 §, 7 luku", "sv"),
            "1290/2002 6 kap. 1–2 §, 7 kap."
        );
        assert_eq!(
            localize_reference("1412/1997 11 § 2 mom. 9 kohta ja 7 a §", "sv"),
            "1412/1997 11 § 2 mom. 9 punkt och 7 a §"
        );
        assert_eq!(
            localize_reference("1290/2002 2 luku 1 §", "fi"),
            "1290/2002 2 luku 1 §"
        );
        assert_eq!(localize_reference("Kela: lukuohje", "sv"), "Kela: lukuohje");
    }
}
