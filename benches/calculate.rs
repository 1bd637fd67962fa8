//! What one calculation costs, on 1 000 rental households (yleinen asumistuki
//! 2025-06, some with wages, other income, capital income, water and heating
//! paid separately): the housing allowance alone, the combined entitlement,
//! from JSON text, the result document, the laskelma, a counsellor's sweep,
//! and getting the rules ready.
//!
//! Run with `cargo bench --bench calculate`; each figure is per household
//! (the time of one iteration over all 1 000 divided by 1 000). BENCHMARKS.md
//! records the results next to the hand-written floor.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::hint::black_box;

use etuus::engine::eval::Options;
use etuus::engine::explain::{explain, render_text};
use etuus::engine::output::{write_result_json, Detail};
use etuus::engine::trace::ROOT;
use etuus::engine::vm::Machine;
use etuus::engine::{Household, Month, RuleSet, Value};

const HOUSEHOLDS: &str = include_str!("data/households-1000.etuus.jsonl");
const FAMILY: &str = include_str!("../fixtures/perhe_tampere.yaml");

fn rules() -> &'static RuleSet {
    etuus::rules().unwrap_or_else(|d| panic!("{d}"))
}

/// Each bench line: its month and the household as JSON text.
fn lines() -> Vec<(Month, String)> {
    HOUSEHOLDS
        .lines()
        .map(|line| {
            let v: serde_json::Value = serde_json::from_str(line).expect("a JSON line");
            let month = v["month"]
                .as_str()
                .expect("a month")
                .parse()
                .expect("YYYY-MM");
            (month, v["etuus"].to_string())
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let rules = rules();
    let program = rules.program();
    let lines = lines();
    let month = lines[0].0;
    assert!(lines.iter().all(|(m, _)| *m == month), "one month");
    let households: Vec<Household> = lines
        .iter()
        .map(|(_, text)| rules.household_from_json(text).expect("a valid household"))
        .collect();
    let plan = program.plan(month).expect("covered");
    let code = program.code(plan);
    let asumistuki = program
        .var_named("asumistuki.yleinen_asumistuki")
        .expect("exists");
    let combined: Vec<_> = program
        .default_results
        .iter()
        .map(|r| program.results[r.index()].amount)
        .collect();
    let n = households.len() as u64;

    let mut group = c.benchmark_group("per household");
    group.throughput(Throughput::Elements(n));

    group.bench_function("asumistuki only, parsed", |b| {
        let mut machine = Machine::new(program, plan, code.clone());
        b.iter(|| {
            for h in &households {
                machine.load(black_box(h));
                black_box(machine.var(asumistuki, ROOT).ok());
            }
        })
    });

    group.bench_function("combined, parsed", |b| {
        let mut machine = Machine::new(program, plan, code.clone());
        b.iter(|| {
            for h in &households {
                machine.load(black_box(h));
                for &amount in &combined {
                    black_box(machine.var(amount, ROOT).ok());
                }
            }
        })
    });

    group.bench_function("combined, JSON text in, amounts out", |b| {
        let mut machine = Machine::new(program, plan, code.clone());
        b.iter(|| {
            for (_, text) in &lines {
                let h = rules.household_from_json(black_box(text)).expect("valid");
                machine.load(&h);
                for &amount in &combined {
                    black_box(machine.var(amount, ROOT).ok());
                }
            }
        })
    });

    group.bench_function(
        "combined, parsed, via calculate (every result and line)",
        |b| {
            b.iter(|| {
                for h in &households {
                    black_box(rules.calculate(black_box(h), month).ok());
                }
            })
        },
    );

    group.sample_size(10);
    // The document written straight into one buffer (`calc --detail`):
    // amounts and lines, as an integration shows them, and every value.
    for (name, detail) in [
        (
            "combined, JSON result document out (amounts and lines)",
            Detail::Lines,
        ),
        (
            "combined, JSON result document out (every value)",
            Detail::All,
        ),
    ] {
        group.bench_function(name, |b| {
            let mut text = String::new();
            b.iter(|| {
                for h in &households {
                    let calc = rules.calculate(h, month).expect("calculates");
                    text.clear();
                    write_result_json(&calc, 0, detail, false, &mut text);
                    black_box(text.len());
                }
            })
        });
    }

    group.bench_function("laskelma (trace, explanation, text)", |b| {
        let options = Options {
            trace: true,
            ..Options::default()
        };
        b.iter(|| {
            for h in &households {
                let calc = rules
                    .calculate_with(h, month, &options)
                    .expect("calculates");
                black_box(render_text(&explain(&calc, 0)));
            }
        })
    });
    group.finish();

    // A counsellor's sweep: the family's combined entitlement at 300 wage levels.
    let family = rules.household_from_yaml(FAMILY).expect("the fixture");
    let june: Month = "2026-06".parse().expect("a month");
    let family_plan = program.plan(june).expect("covered");
    let wages = program.var_named("palkkatulo").expect("exists");
    let last = program
        .var_named("yhteensa.tulot_asumismenojen_jalkeen")
        .expect("exists");
    c.bench_function("sweep 300 wage levels, combined (whole sweep)", |b| {
        let mut machine = Machine::new(program, family_plan, program.code(family_plan));
        machine.load(&family);
        b.iter(|| {
            for step in 0..300u32 {
                let wage = Value::Num(rust_decimal::Decimal::from(step * 10));
                machine.set_input(wages, 0, wage);
                for &amount in &combined {
                    black_box(machine.var(amount, ROOT).ok());
                }
                black_box(machine.var(last, ROOT).ok());
            }
        })
    });

    let mut slow = c.benchmark_group("rules");
    slow.sample_size(10);
    slow.bench_function("load, check and compile the YAML rule set", |b| {
        b.iter(|| RuleSet::from_sources(etuus::sources()).expect("loads"))
    });
    slow.bench_function("compile one month's flat code", |b| {
        b.iter(|| etuus::engine::vm::compile(program, plan, &Default::default()))
    });
    slow.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
