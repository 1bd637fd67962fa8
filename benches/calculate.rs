//! How long one household's calculation takes, and the paths built on it:
//! a counsellor's 300-point income sweep and a batch of households.
//!
//! Run with `cargo bench --bench calculate`; results go to BENCHMARKS.md.

use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use std::hint::black_box;

use etuus::engine::eval::{Evaluator, Options};
use etuus::engine::explain::{explain, render_text};
use etuus::engine::trace::{NoTrace, ROOT};
use etuus::engine::{Month, RuleSet, Value};

const FAMILY: &str = include_str!("../fixtures/perhe_tampere.yaml");

fn rules() -> &'static RuleSet {
    etuus::rules().unwrap_or_else(|d| panic!("{d}"))
}

fn bench(c: &mut Criterion) {
    let rules = rules();
    let program = rules.program();
    let month: Month = "2026-06".parse().unwrap();
    let household = rules.household_from_yaml(FAMILY).unwrap();
    // The counsellor's question: every benefit in order, and what is left.
    let amount = program
        .var_named("yhteensa.tulot_asumismenojen_jalkeen")
        .unwrap();
    let wages = program.var_named("palkkatulo").unwrap();
    let json = r#"{"kunta":"Tampere","vuokra":1050,"vesimaksu_erikseen":true,"lammitys_erikseen":true,
        "toimeentulotuki":{"vesimaksu":76,"lammityskulut":105},
        "henkilot":{"aino":{"ika":38,"palkkatulo":2300,"veroprosentti":"18.5 %","lapsilisa":189.76},
        "mikko":{"ika":39,"veroprosentti":"20 %","tyottomyysturva":{"tyoton_tyonhakija":true,"tyossaoloehto_taytetty":true}},
        "lapsi1":{"ika":10},"lapsi2":{"ika":7}}}"#;

    c.bench_function("load and check the rule set", |b| {
        b.iter(|| RuleSet::from_sources(etuus::sources()).unwrap())
    });

    c.bench_function(
        "calculate one household (parsed; every result and line)",
        |b| {
            b.iter(|| {
                rules
                    .calculate(black_box(&household), month)
                    .unwrap()
                    .number("yhteensa.tulot_asumismenojen_jalkeen")
            })
        },
    );

    c.bench_function(
        "combined entitlement of one household (evaluator reused)",
        |b| {
            let plan = program.plan(month).unwrap();
            let mut evaluator = Evaluator::new(program, plan, &household, NoTrace);
            b.iter(|| {
                evaluator.reset(black_box(&household));
                evaluator.var(amount, ROOT).unwrap()
            })
        },
    );

    c.bench_function(
        "calculate one household from JSON text (every result and line)",
        |b| {
            b.iter(|| {
                let h = rules.household_from_json(black_box(json)).unwrap();
                rules
                    .calculate(&h, month)
                    .unwrap()
                    .number("yhteensa.tulot_asumismenojen_jalkeen")
            })
        },
    );

    c.bench_function("calculate and explain one household (text laskelma)", |b| {
        let options = Options {
            trace: true,
            ..Options::default()
        };
        b.iter(|| {
            let calc = rules
                .calculate_with(black_box(&household), month, &options)
                .unwrap();
            render_text(&explain(&calc, 0))
        })
    });

    c.bench_function("sweep 300 wage levels (0 … 2 990 €)", |b| {
        let plan = program.plan(month).unwrap();
        let mut evaluator = Evaluator::new(program, plan, &household, NoTrace);
        b.iter(|| {
            let mut total = rust_decimal::Decimal::ZERO;
            for step in 0..300u32 {
                evaluator.set_member_input(wages, 0, Value::Num((step * 10).into()));
                if let Value::Num(v) = evaluator.var(amount, ROOT).unwrap() {
                    total += v;
                }
            }
            total
        })
    });

    let batch: Vec<_> = (0..1000u32)
        .map(|i| {
            let text = FAMILY.replace("palkkatulo: 2300", &format!("palkkatulo: {}", 1000 + i * 3));
            rules.household_from_yaml(&text).unwrap()
        })
        .collect();
    c.bench_function("batch of 1 000 households (parsed, one evaluator)", |b| {
        let plan = program.plan(month).unwrap();
        b.iter_batched(
            || Evaluator::new(program, plan, &batch[0], NoTrace),
            |mut evaluator| {
                for h in &batch {
                    evaluator.reset(h);
                    black_box(evaluator.var(amount, ROOT).unwrap());
                }
            },
            BatchSize::SmallInput,
        )
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
