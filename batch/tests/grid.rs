//! Reform grids: parameter values and table cells replaced without editing
//! a rule file, every combination recorded in the output.

use etuus::engine::eval::Options;
use etuus::engine::Value;
use etuus_batch::{run_lines, Batch, BatchOptions, MonthSpec, Selection};
use rust_decimal::Decimal;

use crate::common::{parse_output, rules};

const JAAKKO: &str =
    r#"{"kunta":"Turku","vuokra":615,"henkilot":{"jaakko":{"ika":30,"palkkatulo":742}}}"#;

fn grid(sets: &[&str]) -> Result<Batch<'static>, etuus_batch::BatchError> {
    Batch::new(
        rules(),
        &BatchOptions {
            selection: Selection {
                results: vec!["yleinen_asumistuki".into()],
                ..Selection::default()
            },
            sets: sets.iter().map(|s| s.to_string()).collect(),
            months: MonthSpec::One("2022-06".parse().expect("month")),
            ..BatchOptions::default()
        },
    )
}

#[test]
fn every_combination_is_calculated_and_recorded() {
    let batch = grid(&[
        "asumistuki.tukiprosentti=0.6..0.8:0.1",
        "asumistuki.enimmaisasumismenot_taulukko[III, 1]=400",
        "asumistuki.enimmaisasumismenot_taulukko[III,1]=600",
    ])
    .expect("a grid");
    let (output, summary) = run_lines(&batch, JAAKKO).expect("runs");
    assert_eq!(summary.rows, 1);
    let rows = parse_output(&output);
    assert_eq!(rows.len(), 6);
    let program = rules().program();
    let rate = program
        .param_named("asumistuki.tukiprosentti")
        .expect("exists");
    let table = program
        .param_named("asumistuki.enimmaisasumismenot_taulukko")
        .expect("exists");
    let household = rules().household_from_json(JAAKKO).expect("valid");
    let group = program
        .enums
        .iter()
        .find(|e| e.name.ends_with("kuntaryhma"))
        .expect("the enum");
    let iii = group
        .variants
        .iter()
        .position(|v| v.key == "III")
        .expect("III") as u32;
    let mut seen = Vec::new();
    for row in &rows {
        let r = row["set.asumistuki.tukiprosentti"]
            .as_str()
            .expect("recorded");
        let cap = row["set.asumistuki.enimmaisasumismenot_taulukko[III,1]"]
            .as_str()
            .expect("recorded");
        seen.push((r.to_string(), cap.to_string()));
        let options = Options {
            overrides: vec![(rate, Value::Num(r.parse().expect("a number")))],
            cell_overrides: vec![(
                table,
                vec![Value::Enum(iii), Value::Num(Decimal::ONE)],
                Value::Num(cap.parse().expect("a number")),
            )],
            ..Options::default()
        };
        let calc = rules()
            .calculate_with(&household, "2022-06".parse().expect("month"), &options)
            .expect("calculates");
        let expected = calc
            .number("asumistuki.yleinen_asumistuki")
            .expect("computed");
        let got: Decimal = row["yleinen_asumistuki"]
            .to_string()
            .parse()
            .expect("a number");
        assert_eq!(got, expected, "{row}");
    }
    assert_eq!(
        seen,
        [
            ("0.6", "400"),
            ("0.6", "600"),
            ("0.7", "400"),
            ("0.7", "600"),
            ("0.8", "400"),
            ("0.8", "600")
        ]
        .map(|(a, b)| (a.to_string(), b.to_string()))
    );
    // The reform matters: a lower cap, a lower allowance.
    let amount = |i: usize| rows[i]["yleinen_asumistuki"].as_f64().expect("a number");
    assert!(amount(0) < amount(1));
    assert!(amount(1) < amount(3));
}

#[test]
fn bad_sets_are_refused_with_what_to_write() {
    let message = |sets: &[&str]| grid(sets).expect_err("refused").to_string();
    assert!(message(&["asumistuki.ei_ole=1"]).contains("etuus params"));
    assert!(message(&["asumistuki.enimmaisasumismenot_taulukko=5"]).contains("[…, …]"));
    assert!(message(&["asumistuki.tukiprosentti"]).contains("PARAMETER=VALUE"));
    assert!(message(&["asumistuki.tukiprosentti=abc"]).contains("not a number"));
    assert!(message(&["asumistuki.tukiprosentti=0..1:0.00001"]).contains("more than"));
    assert!(message(&["asumistuki.enimmaisasumismenot_taulukko[V, 1]=5"]).contains("V"));
}
