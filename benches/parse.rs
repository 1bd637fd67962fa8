//! How long reading a household takes: JSON and YAML text to a checked
//! `Household` (names resolved, values typed and range-checked).
//!
//! The households are 50 rental households of the benchmark set in
//! `benches/data/households-50.jsonl` (one JSON document per line); set
//! `ETUUS_BENCH_HOUSEHOLDS` to a file of the same shape to read others.
//!
//! Run with `cargo bench --bench parse`; results go to BENCHMARKS.md.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::hint::black_box;

use etuus::engine::RuleSet;

const SAMPLE: &str = include_str!("data/households-50.jsonl");
const FAMILY_YAML: &str = include_str!("../fixtures/perhe_tampere.yaml");

fn rules() -> &'static RuleSet {
    etuus::rules().unwrap_or_else(|d| panic!("{d}"))
}

/// The household documents: one per line, either a bare household or a
/// benchmark record `{"id", "month", "etuus": {household}}`.
fn households() -> Vec<String> {
    let text = match std::env::var("ETUUS_BENCH_HOUSEHOLDS") {
        Ok(path) => std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}")),
        Err(_) => SAMPLE.to_string(),
    };
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|line| {
            let value: serde_json::Value = serde_json::from_str(line).expect("a JSON line");
            match value.get("etuus") {
                Some(household) => household.to_string(),
                None => line.to_string(),
            }
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let rules = rules();
    let documents = households();
    for (i, text) in documents.iter().enumerate() {
        if let Err(e) = rules.household_from_json(text) {
            panic!("household {i}: {e}");
        }
    }
    let mut group = c.benchmark_group("parse");
    group.throughput(Throughput::Elements(documents.len() as u64));
    group.bench_function(
        format!("{} households from JSON text", documents.len()),
        |b| {
            b.iter(|| {
                for text in &documents {
                    black_box(rules.household_from_json(black_box(text)).unwrap());
                }
            })
        },
    );
    group.finish();
    c.bench_function(
        "one family from YAML text (fixtures/perhe_tampere.yaml)",
        |b| b.iter(|| rules.household_from_yaml(black_box(FAMILY_YAML)).unwrap()),
    );
}

criterion_group!(benches, bench);
criterion_main!(benches);
