fn main() {
    let rules = etuus::rules().unwrap();
    let program = rules.program();
    let text = std::fs::read_to_string("fixtures/perhe_tampere.yaml").unwrap();
    let household = rules.household_from_yaml(&text).unwrap();
    let month: etuus::Month = "2026-06".parse().unwrap();
    let plan = program.plan(month).unwrap();
    let amount = program
        .var_named("yhteensa.tulot_asumismenojen_jalkeen")
        .unwrap();
    let mut ev = etuus::engine::eval::Evaluator::new(
        program,
        plan,
        &household,
        etuus::engine::trace::NoTrace,
    );
    let mut total = rust_decimal::Decimal::ZERO;
    for _ in 0..200000 {
        ev.reset(&household);
        if let etuus::engine::Value::Num(v) = ev.var(amount, etuus::engine::trace::ROOT).unwrap() {
            total += v;
        }
    }
    println!("{total}");
}
