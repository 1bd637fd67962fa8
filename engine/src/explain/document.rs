//! The explanation as a document for programs (the widget, tools).

use super::model::Explanation;
use crate::output::{Out, FORMAT_VERSION};

/// The explanation as a JSON/YAML document; same format version as results.
pub fn explanation_document(e: &Explanation) -> Out {
    let opt = |s: &Option<String>| s.clone().map_or(Out::Null, Out::Str);
    let results = e
        .results
        .iter()
        .map(|r| {
            let lines = r
                .lines
                .iter()
                .map(|l| {
                    Out::Map(vec![
                        ("name".into(), Out::str(&l.name)),
                        ("member".into(), opt(&l.member)),
                        ("label".into(), Out::str(&l.label)),
                        ("value".into(), Out::str(&l.value)),
                        ("reference".into(), opt(&l.reference)),
                        ("formula".into(), opt(&l.formula)),
                        ("substituted".into(), opt(&l.substituted)),
                        ("is_amount".into(), Out::Bool(l.is_amount)),
                        (
                            "flags".into(),
                            Out::List(
                                l.flags
                                    .iter()
                                    .map(|(k, t)| {
                                        Out::Map(vec![
                                            ("kind".into(), Out::str(k)),
                                            ("text".into(), Out::str(t)),
                                        ])
                                    })
                                    .collect(),
                            ),
                        ),
                    ])
                })
                .collect();
            Out::Map(vec![
                ("name".into(), Out::str(&r.name)),
                ("label".into(), Out::str(&r.label)),
                ("reference".into(), opt(&r.reference)),
                ("lines".into(), Out::List(lines)),
                ("error".into(), opt(&r.error)),
            ])
        })
        .collect();
    let parameters = e
        .parameters
        .iter()
        .map(|p| {
            Out::Map(vec![
                ("name".into(), Out::str(&p.name)),
                ("label".into(), Out::str(&p.label)),
                ("value".into(), Out::str(&p.value)),
                ("since".into(), Out::str(&p.since)),
                ("reference".into(), Out::str(&p.reference)),
                ("source".into(), opt(&p.source)),
                ("status".into(), Out::str(p.status)),
                ("note".into(), opt(&p.note)),
            ])
        })
        .collect();
    let notes = e
        .notes
        .iter()
        .map(|n| {
            Out::Map(vec![
                ("kind".into(), Out::str(&n.kind)),
                ("about".into(), Out::str(&n.about)),
                ("text".into(), Out::str(&n.text)),
            ])
        })
        .collect();
    Out::Map(vec![
        ("format_version".into(), Out::Num(FORMAT_VERSION.into())),
        ("month".into(), Out::str(&e.month)),
        ("language".into(), Out::str(&e.language)),
        (
            "warnings".into(),
            Out::List(e.warnings.iter().map(Out::str).collect()),
        ),
        ("results".into(), Out::List(results)),
        ("parameters".into(), Out::List(parameters)),
        ("notes".into(), Out::List(notes)),
        (
            "inputs".into(),
            Out::List(
                e.inputs
                    .iter()
                    .map(|(l, v)| {
                        Out::Map(vec![
                            ("label".into(), Out::str(l)),
                            ("value".into(), Out::str(v)),
                        ])
                    })
                    .collect(),
            ),
        ),
        (
            "receipt".into(),
            Out::Map(
                e.receipt
                    .iter()
                    .map(|(k, v)| (k.clone(), Out::str(v)))
                    .collect(),
            ),
        ),
        ("disclaimer".into(), opt(&e.disclaimer)),
    ])
}
