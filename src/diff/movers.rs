//! Why a household moved: its laskelma on both sides, compared line by line,
//! and the parameter values each side read.

use etuus_engine::eval::Options;
use etuus_engine::explain::{explain, Explanation, Line};
use etuus_engine::RuleSet;

use super::report::{Mover, MoverLine, ParamChange, Row};
use crate::corpus::CorpusHousehold;

/// Explains one row by recalculating it with a trace on both sides; `None`
/// if a side no longer calculates (it did a moment ago, so it will).
pub(crate) fn explain_mover(
    (rules_a, language_a): (&RuleSet, usize),
    (rules_b, language_b): (&RuleSet, usize),
    household: &CorpusHousehold,
    row: &Row,
    index: usize,
    results: &[&str],
) -> Option<Mover> {
    let traced = |rules: &RuleSet, month, language| -> Option<Explanation> {
        let parsed = household.read(rules).ok()?;
        let options = Options {
            trace: true,
            ..Options::default()
        };
        let calc = rules.calculate_with(&parsed, month, &options).ok()?;
        Some(explain(&calc, language))
    };
    let a = traced(rules_a, row.month_a, language_a)?;
    let b = traced(rules_b, row.month_b, language_b)?;
    Some(Mover {
        row: index,
        lines: changed_lines(&a, &b, results),
        parameters: changed_parameters(&a, &b),
    })
}

fn lines_of<'e>(e: &'e Explanation, result: &str) -> (&'e str, &'e [Line]) {
    e.results
        .iter()
        .find(|r| r.name == result)
        .map_or(("", &[][..]), |r| (r.label.as_str(), r.lines.as_slice()))
}

fn changed_lines(a: &Explanation, b: &Explanation, results: &[&str]) -> Vec<MoverLine> {
    let mut out = Vec::new();
    for result in results {
        let (label_a, lines_a) = lines_of(a, result);
        let (label_b, lines_b) = lines_of(b, result);
        let label = if label_b.is_empty() { label_a } else { label_b };
        let same = |x: &Line, y: &Line| x.name == y.name && x.member == y.member;
        let mut push = |line_a: Option<&Line>, line_b: Option<&Line>| {
            let value = |l: Option<&Line>| l.map(|l| l.value.clone());
            let formula = |l: Option<&Line>| l.and_then(|l| l.formula.clone());
            let Some(any) = line_b.or(line_a) else { return };
            if value(line_a) == value(line_b) && formula(line_a) == formula(line_b) {
                return;
            }
            out.push(MoverLine {
                result: label.to_string(),
                label: any.label.clone(),
                member: any.member.clone(),
                a: value(line_a),
                b: value(line_b),
                reference: line_b
                    .and_then(|l| l.reference.clone())
                    .or_else(|| line_a.and_then(|l| l.reference.clone())),
                formula: (formula(line_a) != formula(line_b))
                    .then(|| (formula(line_a), formula(line_b))),
            });
        };
        for line_b in lines_b {
            push(lines_a.iter().find(|l| same(l, line_b)), Some(line_b));
        }
        for line_a in lines_a {
            if !lines_b.iter().any(|l| same(l, line_a)) {
                push(Some(line_a), None);
            }
        }
    }
    out
}

fn changed_parameters(a: &Explanation, b: &Explanation) -> Vec<ParamChange> {
    let versions = |e: &Explanation, name: &str| -> Vec<(String, String)> {
        let mut v: Vec<(String, String)> = e
            .parameters
            .iter()
            .filter(|p| p.name == name)
            .map(|p| (p.value.clone(), p.since.clone()))
            .collect();
        v.sort_by(|x, y| x.1.cmp(&y.1));
        v
    };
    let mut names: Vec<&etuus_engine::explain::ParamUse> = Vec::new();
    for p in b.parameters.iter().chain(&a.parameters) {
        if !names.iter().any(|n| n.name == p.name) {
            names.push(p);
        }
    }
    names
        .into_iter()
        .filter_map(|p| {
            let (va, vb) = (versions(a, &p.name), versions(b, &p.name));
            (va != vb).then(|| ParamChange {
                name: p.name.clone(),
                label: p.label.clone(),
                a: va,
                b: vb,
                reference: p.reference.clone(),
            })
        })
        .collect()
}
