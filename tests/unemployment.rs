//! Invariants of the unemployment benefits, and a table of the amounts across
//! the dates the law changed.

use etuus::engine::{Household, Month, RuleSet, Value};
use proptest::prelude::*;
use rust_decimal::Decimal;

fn rules() -> &'static RuleSet {
    etuus::rules().unwrap_or_else(|d| panic!("{d}"))
}

#[derive(Debug, Clone)]
struct Claimant {
    fund_member: bool,
    work_condition: bool,
    wage_before: u32,
    earnings: u32,
    children: u32,
    paid_days: u32,
    capital_income: u32,
    with_parents: bool,
    parents_income: u32,
    four_weeks: bool,
}

fn claimant() -> impl Strategy<Value = Claimant> {
    (
        (
            any::<bool>(),
            any::<bool>(),
            0u32..6000,
            0u32..4000,
            0u32..4,
        ),
        (
            0u32..400,
            0u32..1500,
            any::<bool>(),
            0u32..8000,
            any::<bool>(),
        ),
    )
        .prop_map(
            |(
                (fund_member, work_condition, wage_before, earnings, children),
                (paid_days, capital_income, with_parents, parents_income, four_weeks),
            )| Claimant {
                fund_member,
                work_condition,
                wage_before,
                earnings,
                children,
                paid_days,
                capital_income,
                with_parents,
                parents_income,
                four_weeks,
            },
        )
}

fn month() -> impl Strategy<Value = Month> {
    (2021i32..=2026, 1u32..=12).prop_map(|(year, month)| Month { year, month })
}

impl Claimant {
    fn household(&self, rules: &RuleSet) -> Household {
        let mut yaml = format!(
            "kunta: Lahti\nhenkilot:\n  a:\n    ika: 35\n    palkkatulo: {}\n    asuu_vanhempien_kanssa: {}\n    tyottomyysturva:\n      tyoton_tyonhakija: true\n      kassan_jasen: {}\n      tyossaoloehto_taytetty: {}\n      palkka_ennen_tyottomyytta: {}\n      huollettavat_lapset: {}\n      maksetut_paivat: {}\n      tarveharkittavat_tulot: {}\n      vanhempien_tulot: {}\n      sovittelujakso: {}\n",
            self.earnings,
            self.with_parents,
            self.fund_member,
            self.work_condition,
            self.wage_before,
            self.children,
            self.paid_days,
            self.capital_income,
            self.parents_income,
            if self.four_weeks { "nelja_viikkoa" } else { "kuukausi" },
        );
        for i in 0..self.children {
            yaml.push_str(&format!("  lapsi{i}: {{ika: {}}}\n", 3 + i));
        }
        rules
            .household_from_yaml(&yaml)
            .unwrap_or_else(|e| panic!("{e}\n{yaml}"))
    }
}

fn monthly(rules: &RuleSet, household: &Household, month: Month) -> (Decimal, Value) {
    let calc = rules
        .calculate(household, month)
        .unwrap_or_else(|e| panic!("{e}"));
    let amount = calc
        .member_value_of("a", "tyottomyysturva.kuukausimaara")
        .and_then(Value::as_num)
        .unwrap();
    let kind = calc
        .member_value_of("a", "tyottomyysturva.etuuslaji")
        .unwrap();
    (amount, kind)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn benefit_is_never_negative(c in claimant(), month in month()) {
        let rules = rules();
        let (amount, _) = monthly(rules, &c.household(rules), month);
        prop_assert!(amount >= Decimal::ZERO);
    }

    /// Earnings plus the adjusted benefit never fall when earnings rise.
    #[test]
    fn earning_more_never_leaves_less(c in claimant(), month in month(), raise in 1u32..2000) {
        let rules = rules();
        let (before, _) = monthly(rules, &c.household(rules), month);
        let richer = Claimant { earnings: c.earnings + raise, ..c.clone() };
        let (after, _) = monthly(rules, &richer.household(rules), month);
        let total_before = before + Decimal::from(c.earnings);
        let total_after = after + Decimal::from(richer.earnings);
        prop_assert!(total_after >= total_before, "{total_before} → {total_after} ({month}, {c:?}, +{raise})");
    }

    /// Yleistuki replaced peruspäiväraha and työmarkkinatuki on 1.5.2026: no
    /// month has both.
    #[test]
    fn yleistuki_and_the_old_kela_benefits_never_overlap(c in claimant(), month in month()) {
        let rules = rules();
        let (_, kind) = monthly(rules, &c.household(rules), month);
        let program = rules.program();
        let Value::Enum(index) = kind else { panic!("an enum") };
        let def = program.enums.iter().find(|e| e.name == "etuuslaji").unwrap();
        let kind = def.variants[index as usize].key.as_str();
        if month >= (Month { year: 2026, month: 5 }) {
            prop_assert!(kind != "tyomarkkinatuki" && kind != "peruspaivaraha", "{kind} in {month}");
        } else {
            prop_assert!(kind != "yleistuki", "{kind} in {month}");
        }
    }
}

/// Amounts of three typical claimants on both sides of each change date.
#[test]
fn amounts_across_the_change_dates() {
    let rules = rules();
    let claimants = [
        ("ansiopäiväraha 2 500 €, 2 lasta, 200 maksettua päivää", "tyottomyysturva: {tyoton_tyonhakija: true, kassan_jasen: true, tyossaoloehto_taytetty: true, palkka_ennen_tyottomyytta: 2500, maksetut_paivat: 200, huollettavat_lapset: 2}"),
        ("työmarkkinatuki, osa-aikatyö 600 €, vanhempien luona", "palkkatulo: 600, asuu_vanhempien_kanssa: true, tyottomyysturva: {tyoton_tyonhakija: true, vanhempien_tulot: 3000}"),
        ("peruspäiväraha, 1 lapsi, palvelussa 1.6.2024 alkaen", "tyottomyysturva: {tyoton_tyonhakija: true, tyossaoloehto_taytetty: true, huollettavat_lapset: 1, palvelussa: true, palvelu_alkoi: 2024-06-01, kulukorvauspaivat: 10}"),
    ];
    let months = [
        "2024-03", "2024-04", "2024-09", "2024-10", "2024-12", "2025-01", "2026-04", "2026-05",
    ];
    let mut table = String::from(
        "| henkilö | kuukausi | etuus | €/pv | €/kk | kulukorvaus |\n|---|---|---|---|---|---|\n",
    );
    for (name, person) in claimants {
        let yaml = format!("kunta: Lahti\nhenkilot:\n  a: {{ika: 35, {person}}}\n");
        let household = rules
            .household_from_yaml(&yaml)
            .unwrap_or_else(|e| panic!("{e}"));
        for month in months {
            let calc = rules.calculate(&household, month.parse().unwrap()).unwrap();
            let program = rules.program();
            let kind = calc
                .member_value_of("a", "tyottomyysturva.etuuslaji")
                .unwrap();
            let kind_def = &program.vars[program
                .var_named("tyottomyysturva.etuuslaji")
                .unwrap()
                .index()];
            let kind = etuus::engine::output::format_value(program, &kind_def.ty, kind, 0);
            let number = |name: &str| {
                calc.member_value_of("a", name)
                    .and_then(Value::as_num)
                    .unwrap()
            };
            table.push_str(&format!(
                "| {name} | {month} | {kind} | {} | {} | {} |\n",
                number("tyottomyysturva.paivaraha_pv"),
                number("tyottomyysturva.kuukausimaara"),
                number("tyottomyysturva.kulukorvaus_kk"),
            ));
        }
    }
    insta::assert_snapshot!(table);
}
