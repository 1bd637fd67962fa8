//! The fixture corpus (`fixtures/`): what it must cover for a rule change to
//! show wherever it acts, a one-line description on every household, and a
//! sample of its amounts worked out by hand from the law.

use std::collections::BTreeSet;
use std::path::Path;

use etuus::engine::{Calculation, Household, Month, RuleSet, Value};
use rust_decimal::Decimal;

fn rules() -> &'static RuleSet {
    etuus::rules().unwrap_or_else(|d| panic!("{d}"))
}

fn fixtures() -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .expect("fixtures/ exists")
        .map(|e| e.expect("readable").path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let name = p.file_stem().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read_to_string(&p).unwrap())
        })
        .collect()
}

fn household(name: &str) -> Household {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("fixtures/{name}.yaml"));
    rules()
        .household_from_yaml(&std::fs::read_to_string(path).unwrap())
        .unwrap()
}

fn amount(name: &str, month: &str, variable: &str) -> Decimal {
    let calc = rules()
        .calculate(&household(name), month.parse().unwrap())
        .unwrap();
    calc.number(variable)
        .unwrap_or_else(|| panic!("{name} {month}: no {variable}"))
}

fn d(text: &str) -> Decimal {
    text.parse().unwrap()
}

#[test]
fn every_fixture_has_a_one_line_description() {
    for (name, text) in fixtures() {
        let household = rules().household_from_yaml(&text).unwrap();
        let description = household
            .description
            .unwrap_or_else(|| panic!("{name}: no `description:`"));
        assert!(
            !description.contains('\n') && (20..=140).contains(&description.chars().count()),
            "{name}: the description should be one line of 20–140 characters: {description:?}"
        );
    }
}

/// The corpus covers what the rules distinguish, so that a rule change shows
/// in the snapshots and in `etuus diff` wherever it acts. Each kind is
/// checked from the calculation (not the file names).
#[test]
fn the_corpus_covers_what_the_rules_distinguish() {
    let rules = rules();
    let program = rules.program();
    let mut seen: BTreeSet<String> = BTreeSet::new();
    let text_of = |calc: &Calculation<'_>, var: &str, member: Option<usize>| -> String {
        let id = program.var_named(var).unwrap_or_else(|| panic!("{var}"));
        let value = match member {
            None => calc.value(id, etuus::engine::trace::ROOT),
            Some(m) => calc.value(id, m as u32),
        };
        match value {
            Some(Value::Enum(v)) => {
                let etuus::engine::types::DeclaredType::Enum(e) = program.vars[id.index()].ty
                else {
                    unreachable!()
                };
                program.enums[e.index()].variants[v as usize].key.clone()
            }
            Some(Value::Num(n)) => n.to_string(),
            Some(Value::Bool(b)) => b.to_string(),
            Some(Value::Date(d)) => d.to_string(),
            None => String::new(),
        }
    };
    let fixtures = fixtures();
    assert!(fixtures.len() >= 40, "at least 40 fixtures");
    for (_, text) in &fixtures {
        let household = rules.household_from_yaml(text).unwrap();
        for month in [
            Month {
                year: 2021,
                month: 6,
            },
            Month {
                year: 2024,
                month: 3,
            },
            Month {
                year: 2024,
                month: 10,
            },
            Month {
                year: 2026,
                month: 5,
            },
        ] {
            let calc = rules.calculate(&household, month).unwrap();
            seen.insert(format!(
                "kuntaryhma {month} {}",
                text_of(&calc, "asumistuki.kuntaryhma", None)
            ));
            seen.insert(format!(
                "asumismuoto {}",
                text_of(&calc, "asumismuoto", None)
            ));
            let members = household.members.len();
            let adults = (0..members)
                .filter(|&m| text_of(&calc, "aikuinen", Some(m)) == "true")
                .count();
            seen.insert(
                match (adults, members - adults) {
                    (1, 0) => "single",
                    (2, 0) => "couple",
                    (1, 1..) => "single parent",
                    (2, 3..) => "large family",
                    _ => "other",
                }
                .into(),
            );
            for m in 0..members {
                let mut flag = |var: &str, what: &str| {
                    if !["", "0", "0.00", "false", "ei"]
                        .contains(&text_of(&calc, var, Some(m)).as_str())
                    {
                        seen.insert(what.to_string());
                    }
                };
                flag("asuu_vanhempien_kanssa", "adult child at home");
                flag("opiskelija", "student");
                flag("elaketulo", "pensioner");
                flag("yrittajatulo", "entrepreneur");
                flag("talletukset", "assets");
                flag("muu_varallisuus", "assets");
                flag("vammainen_tilantarve", "disability");
                flag("toimeentulotuki.perusosan_alennus", "reduction");
                flag("toimeentulotuki.vuoroasuva", "shared residence");
                flag("muu_paivaraha", "sickness or parental allowance");
                seen.insert(format!(
                    "etuuslaji {}",
                    text_of(&calc, "tyottomyysturva.etuuslaji", Some(m))
                ));
                let wages: Decimal = text_of(&calc, "palkkatulo", Some(m)).parse().unwrap();
                if wages >= d("1700") {
                    seen.insert("full-time work".into());
                } else if wages > Decimal::ZERO {
                    seen.insert("part-time work".into());
                }
            }
            if text_of(&calc, "alivuokralaisen_vuokra", None) != "0.00" {
                seen.insert("subtenant".into());
            }
            if text_of(&calc, "muut_asukkaat", None) != "0" {
                seen.insert("flatmates".into());
            }
            let limit = text_of(&calc, "toimeentulotuki.asumismenojen_raja", None);
            if !limit.is_empty() {
                let limit: Decimal = limit.parse().unwrap();
                let costs: Decimal = text_of(&calc, "toimeentulotuki.asumismenot", None)
                    .parse()
                    .unwrap();
                seen.insert(
                    if costs > limit {
                        "rent above the limit"
                    } else {
                        "rent below the limit"
                    }
                    .into(),
                );
            }
        }
    }
    let required = [
        "single",
        "couple",
        "single parent",
        "large family",
        "adult child at home",
        "student",
        "pensioner",
        "entrepreneur",
        "assets",
        "disability",
        "reduction",
        "shared residence",
        "subtenant",
        "flatmates",
        "sickness or parental allowance",
        "full-time work",
        "part-time work",
        "rent above the limit",
        "rent below the limit",
        "asumismuoto vuokra",
        "asumismuoto asumisoikeus",
        "asumismuoto osaomistus",
        "asumismuoto omistusosake",
        "asumismuoto omakotitalo",
        "etuuslaji ansiopaivaraha",
        "etuuslaji peruspaivaraha",
        "etuuslaji tyomarkkinatuki",
        "etuuslaji yleistuki",
        "kuntaryhma 2021-06 I",
        "kuntaryhma 2021-06 II",
        "kuntaryhma 2021-06 III",
        "kuntaryhma 2021-06 IV",
        "kuntaryhma 2024-10 I",
        "kuntaryhma 2024-10 II",
        "kuntaryhma 2024-10 III",
        "kuntaryhma 2026-05 I",
        "kuntaryhma 2026-05 II",
        "kuntaryhma 2026-05 III",
    ];
    let missing: Vec<&str> = required
        .iter()
        .copied()
        .filter(|r| !seen.contains(*r))
        .collect();
    assert!(
        missing.is_empty(),
        "no fixture covers: {missing:?}\nseen: {seen:?}"
    );
}

/// A sample of the corpus worked out by hand from the law, with the rule
/// set's parameter values (whose sources the rule files cite): the
/// arithmetic of the fixtures is the law's, not only the snapshots' say-so.
#[test]
fn a_sample_of_fixture_amounts_worked_out_by_hand() {
    // Lahti, group III, one person, 2021 (938/2014 8 §, 10 §, 13 §, 16 §):
    // income 1 750 − ansiotulovähennys 300 = 1 450; perusomavastuu
    // 0.42 × (1 450 − (606 + 100)) = 312.48; ceiling 400;
    // 80 % × (400 − 312.48) = 70.016 → 70.02.
    assert_eq!(
        amount(
            "yksin_asuva_pienipalkka_lahti",
            "2021-06",
            "asumistuki.yleinen_asumistuki"
        ),
        d("70.02")
    );
    // The same from 1.4.2024 (1241/2023): no deduction, 0.50 × (1 750 −
    // (667 + 94)) = 494.50 above the group II ceiling 447: nothing.
    assert_eq!(
        amount(
            "yksin_asuva_pienipalkka_lahti",
            "2024-04",
            "asumistuki.yleinen_asumistuki"
        ),
        d("0.00")
    );
    // Kotka, group IV, a couple on työmarkkinatuki, 2021: Kela pays 20 days
    // in a four-week payment, 33.78 × 20 × 2 = 1 351.20 this month; the
    // housing allowance counts the monthly average 33.78 × 21.5 = 726.27
    // each (1290/2002 7 luku 1 §, 4 luku 3 §; Kela): income 1 452.54 →
    // 1 453 whole euros; 0.42 × (1 453 − (606 + 2 × 100)) = 271.74;
    // ceiling 514; 80 % × (514 − 271.74) = 193.808 → 193.81.
    assert_eq!(
        amount(
            "pariskunta_molemmat_tyottomia_kotka",
            "2021-06",
            "tyottomyysturva.etuudet_yhteensa"
        ),
        d("1351.20")
    );
    assert_eq!(
        amount(
            "pariskunta_molemmat_tyottomia_kotka",
            "2021-06",
            "asumistuki.yleinen_asumistuki"
        ),
        d("193.81")
    );
    // Savonlinna, group III from 1.4.2024, one person earning 600: no
    // perusomavastuu (600 < 667 + 94); 70 % × 394 = 275.80. Toimeentulotuki:
    // the 6 000 € of savings are available assets (1412/1997 11 §), so
    // nothing is paid.
    assert_eq!(
        amount(
            "kuusikymppinen_yksin_savonlinna",
            "2024-04",
            "asumistuki.yleinen_asumistuki"
        ),
        d("275.80")
    );
    assert_eq!(
        amount(
            "kuusikymppinen_yksin_savonlinna",
            "2024-04",
            "toimeentulotuki.toimeentulotuki"
        ),
        d("0.00")
    );
    // Turku, a reduced perusosa, 2024-04 (1412/1997 9 §, 10 §): single
    // person's 587.71 × (1 − 20 %) = 470.17; expenses 470.17 + rent 520 +
    // household electricity 30 = 1 020.17; the only income is the housing
    // allowance 70 % × 447 = 312.90; 1 020.17 − 312.90 = 707.27.
    assert_eq!(
        amount(
            "perusosan_alennus_turku",
            "2024-04",
            "asumistuki.yleinen_asumistuki"
        ),
        d("312.90")
    );
    assert_eq!(
        amount(
            "perusosan_alennus_turku",
            "2024-04",
            "toimeentulotuki.toimeentulotuki"
        ),
        d("707.27")
    );
    // Kela's own examples among the fixtures: Jaakko in Turku, 2022 —
    // 330.40 (https://www.kela.fi/fa/asumisen-tuet-maara-ja-maksaminen); and
    // Sanna in Sipoo, 2021 — 191.33 of toimeentulotuki
    // (https://www.kela.fi/web/en/faq-social-assistance).
    assert_eq!(
        amount("jaakko_turku", "2022-09", "asumistuki.yleinen_asumistuki"),
        d("330.40")
    );
    assert_eq!(
        amount(
            "tyomarkkinatuki_yksinhuoltaja_sipoo",
            "2021-06",
            "toimeentulotuki.toimeentulotuki"
        ),
        d("191.33")
    );
}
