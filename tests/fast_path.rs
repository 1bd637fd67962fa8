//! The flat evaluator (every calculation without a trace) and the traced
//! tree walk (explanations) must give the same values, errors and results on
//! households of every shape. The households are generated from the rule
//! set's own input declarations, so a new input is covered without editing
//! this test.

use etuus::engine::compile::ids::VarId;
use etuus::engine::eval::Options;
use etuus::engine::household::Member;
use etuus::engine::trace::ROOT;
use etuus::engine::types::{DeclaredType, NumKind};
use etuus::engine::{Household, Month, Program, Value};
use proptest::prelude::*;
use rust_decimal::Decimal;

/// A small deterministic generator, so one proptest seed describes a household.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

fn random_value(program: &Program, var: VarId, rng: &mut Rng) -> Option<Value> {
    let def = &program.vars[var.index()];
    let input = def.input.as_ref()?;
    let bound = |v: Option<Value>| v.and_then(Value::as_num);
    Some(match &def.ty {
        DeclaredType::Bool => Value::Bool(rng.chance(50)),
        DeclaredType::Date => {
            // A birth date, or a decision or start date near the rules' years.
            let (from, span) = if rng.chance(50) {
                (1940, 25_000)
            } else {
                (2019, 3_300)
            };
            let day = chrono::NaiveDate::from_ymd_opt(from, 1, 1)?
                + chrono::Duration::days(rng.below(span) as i64);
            Value::Date(day)
        }
        DeclaredType::Enum(id) => {
            let variants = &program.enums[id.index()].variants;
            let allowed: Vec<usize> = (0..variants.len())
                .filter(|&i| variants[i].rejected.is_none())
                .collect();
            // The first variant is usually the ordinary case ("no reduction").
            let pick = if rng.chance(60) {
                0
            } else {
                rng.below(allowed.len() as u64) as usize
            };
            Value::Enum(allowed[pick] as u32)
        }
        DeclaredType::Number(kind, _) => {
            let min = bound(input.min).unwrap_or(Decimal::ZERO);
            let max = bound(input.max).unwrap_or(Decimal::from(100_000));
            let value = match kind {
                NumKind::Rate => Decimal::new(rng.below(101) as i64, 2),
                NumKind::Integer => Decimal::from(rng.below(12)),
                _ if def.name == "ika" => Decimal::from(rng.below(80)),
                _ => match rng.below(4) {
                    0 => Decimal::ZERO,
                    1 => Decimal::from(rng.below(100)),
                    _ => Decimal::new(rng.below(400_000) as i64, 2),
                },
            };
            Value::Num(value.max(min).min(max))
        }
    })
}

/// A household where each input is given with some probability (a required
/// one always), and a month, possibly after the rules.
fn household(program: &Program, seed: u64) -> (Household, Month, bool) {
    // Random inputs often contradict each other (the household checks reject
    // them, rightly); the first of a few candidates that the rules accept is
    // taken, so that most cases compare computed values, not errors.
    let rules = etuus::rules().unwrap_or_else(|e| panic!("{e}"));
    let mut candidate = candidate_household(program, seed);
    for attempt in 1..30u64 {
        let (household, month, assume_latest) = &candidate;
        let options = Options {
            assume_latest: *assume_latest,
            ..Options::default()
        };
        if rules.calculate_with(household, *month, &options).is_ok() {
            break;
        }
        candidate =
            candidate_household(program, seed ^ attempt.wrapping_mul(0x9E37_79B9_7F4A_7C15));
    }
    candidate
}

/// One random household (see [`household`]).
fn candidate_household(program: &Program, seed: u64) -> (Household, Month, bool) {
    let mut rng = Rng(seed | 1);
    let root = program
        .entities
        .iter()
        .position(|e| e.member_of.is_none())
        .unwrap_or(0);
    let member_entity = program
        .entities
        .iter()
        .position(|e| e.member_of.is_some())
        .expect("a member entity");
    let mut household = Household::default();
    let members = 1 + rng.below(6) as usize;
    for m in 0..members {
        household.members.push(Member {
            id: format!("m{m}"),
            entity: etuus::engine::compile::ids::EntityId(member_entity as u32),
            values: Vec::new(),
        });
    }
    // What almost every calculation needs is usually given: an age, the
    // tax card's rate.
    // Dates are rarer: a decision or start date far from the month is an
    // input error (as is a birth date that disagrees with the age), and a
    // household that only errs tests nothing.
    let usual = |name: &str| ["ika", "veroprosentti"].contains(&name);
    for &var in &program.input_vars {
        let def = &program.vars[var.index()];
        let required =
            def.input.as_ref().is_some_and(|i| i.required) || (usual(&def.name) && rng.chance(90));
        let chance = match def.ty {
            DeclaredType::Date if def.name == "syntymaaika" => 0,
            DeclaredType::Date => 5,
            _ => 100,
        };
        let given = |rng: &mut Rng, percent: u64| required || rng.chance(percent * chance / 100);
        if def.entity.index() == root {
            if given(&mut rng, 35) {
                if let Some(v) = random_value(program, var, &mut rng) {
                    household.values.push((var, v));
                }
            }
        } else {
            for (m, member) in household.members.iter_mut().enumerate() {
                if given(&mut rng, 25) {
                    if let Some(mut v) = random_value(program, var, &mut rng) {
                        // Someone must be old enough to apply.
                        if m == 0 && def.name == "ika" {
                            v = Value::Num(Decimal::from(18 + rng.below(62)));
                        }
                        member.values.push((var, v));
                    }
                }
            }
        }
    }
    let first = program.info.first_month;
    let span = first.months_until(program.info.last_month) + 1 + 6;
    let mut month = first;
    for _ in 0..rng.below(span as u64) {
        month = month.next();
    }
    (household, month, rng.chance(50))
}

/// Every value of a calculation, in a comparable form.
fn values_of(calc: &etuus::engine::Calculation<'_>) -> Vec<(String, Option<Value>)> {
    let program = calc.program();
    let mut out = Vec::new();
    for (index, def) in program.vars.iter().enumerate() {
        let var = VarId(index as u32);
        if def.entity.index() == 0 {
            out.push((def.name.clone(), calc.value(var, ROOT)));
        } else {
            for m in 0..calc.household().members.len() as u32 {
                out.push((format!("{}#{m}", def.name), calc.value(var, m)));
            }
        }
    }
    out
}

/// The embedded program run by the flat evaluator's closures only.
fn closure_rules() -> &'static etuus::RuleSet {
    static RULES: std::sync::OnceLock<etuus::RuleSet> = std::sync::OnceLock::new();
    RULES.get_or_init(|| {
        etuus::RuleSet::from_bytes(etuus::program_bytes(), None).expect("the embedded program")
    })
}

proptest! {
    // PROPTEST_CASES runs more (e.g. 20000 in release after an engine change).
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(600),
        ..ProptestConfig::default()
    })]

    #[test]
    fn flat_and_traced_evaluation_agree(seed in any::<u64>()) {
        let rules = etuus::rules().unwrap_or_else(|d| panic!("{d}"));
        let program = rules.program();
        let (household, month, assume_latest) = household(program, seed);
        let fast = rules.calculate_with(&household, month, &Options { assume_latest, ..Options::default() });
        // The same program without the formulas generated as Rust runs the
        // flat evaluator's closures (as a rule set loaded with `--rules` or
        // with overridden parameters does); both must agree.
        let closures = closure_rules().calculate_with(&household, month, &Options { assume_latest, ..Options::default() });
        match (&fast, &closures) {
            (Ok(a), Ok(b)) => {
                prop_assert_eq!(a.results(), b.results());
                prop_assert_eq!(values_of(a), values_of(b));
            }
            (Err(a), Err(b)) => prop_assert_eq!(a.to_string(), b.to_string()),
            (a, b) => prop_assert!(false, "generated {:?}, closures {:?}", a.as_ref().err(), b.as_ref().err()),
        }
        let traced = rules.calculate_with(&household, month, &Options { assume_latest, trace: true, ..Options::default() });
        match (fast, traced) {
            (Ok(fast), Ok(traced)) => {
                prop_assert_eq!(fast.results(), traced.results());
                let errors = |c: &etuus::engine::Calculation<'_>| c.failed_results().iter().map(|(r, e)| (*r, e.to_string())).collect::<Vec<_>>();
                prop_assert_eq!(errors(&fast), errors(&traced));
                let (a, b) = (values_of(&fast), values_of(&traced));
                for (x, y) in a.iter().zip(&b) {
                    prop_assert_eq!(x, y, "month {}", month);
                }
            }
            (Err(a), Err(b)) => prop_assert_eq!(a.to_string(), b.to_string()),
            (a, b) => prop_assert!(false, "one path failed: flat {:?}, traced {:?}", a.err(), b.err()),
        }
    }
}

/// The generated households must mostly calculate, or the property above
/// would compare errors with errors.
#[test]
fn most_generated_households_calculate_their_results() {
    let rules = etuus::rules().unwrap_or_else(|d| panic!("{d}"));
    let program = rules.program();
    let (mut calculated, mut values) = (0, 0);
    for seed in 0..200 {
        let (household, month, assume_latest) = household(program, seed);
        let options = Options {
            assume_latest,
            ..Options::default()
        };
        if let Ok(calc) = rules.calculate_with(&household, month, &options) {
            if calc.results().len() >= 3 {
                calculated += 1;
            }
            values += values_of(&calc).iter().filter(|(_, v)| v.is_some()).count();
        }
    }
    assert!(calculated >= 100, "only {calculated} of 200 calculated");
    assert!(values >= 200 * 100, "only {values} values computed");
}
