//! A loop for the profiler: `cargo build --release --example profile` and
//! `perf record -g target/release/examples/profile [asumistuki]`.
//! Calculates the bench households' combined entitlement (or only the
//! housing allowance) many times with the flat evaluator (`ROUNDS` times
//! over the 1 000 households, default 200); `document` writes each one's JSON
//! result document instead, `lines` its amounts and lines only.

use etuus::engine::trace::ROOT;
use etuus::engine::vm::Machine;

fn main() {
    let only_asumistuki = std::env::args().any(|a| a == "asumistuki");
    let lines_only = std::env::args().any(|a| a == "lines");
    let document = lines_only || std::env::args().any(|a| a == "document");
    let rules = etuus::rules().expect("the embedded rules load");
    let program = rules.program();
    let text = include_str!("../benches/data/households-1000.etuus.jsonl");
    let households: Vec<_> = text
        .lines()
        .map(|line| {
            let v: serde_json::Value = serde_json::from_str(line).expect("JSON");
            rules
                .household_from_json(&v["etuus"].to_string())
                .expect("a household")
        })
        .collect();
    let month: etuus::Month = "2025-06".parse().expect("a month");
    let plan = program.plan(month).expect("covered");
    let targets: Vec<_> = if only_asumistuki {
        vec![program
            .var_named("asumistuki.yleinen_asumistuki")
            .expect("exists")]
    } else {
        program
            .default_results
            .iter()
            .map(|r| program.results[r.index()].amount)
            .collect()
    };
    if document {
        // The calculation with every result and line, and its JSON document.
        let mut text = String::new();
        let rounds: usize = std::env::var("ROUNDS")
            .ok()
            .and_then(|r| r.parse().ok())
            .unwrap_or(20);
        for _ in 0..rounds {
            for h in &households {
                let calc = rules.calculate(h, month).expect("calculates");
                text.clear();
                etuus::engine::output::write_result_json(
                    &calc,
                    0,
                    if lines_only {
                        etuus::engine::output::Detail::Lines
                    } else {
                        etuus::engine::output::Detail::All
                    },
                    false,
                    &mut text,
                );
            }
        }
        println!("{}", text.len());
        return;
    }
    let code = program.code(plan);
    eprintln!("formulas generated as Rust: {}", code.natives());
    let mut machine = Machine::new(program, plan, code);
    let mut computed = 0usize;
    let rounds: usize = std::env::var("ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(200);
    for _ in 0..rounds {
        for h in &households {
            machine.load(h);
            for &t in &targets {
                computed += usize::from(machine.var(t, ROOT).is_ok());
            }
        }
    }
    println!("{computed}");
}
