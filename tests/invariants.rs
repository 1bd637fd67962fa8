//! Invariants of yleinen asumistuki over generated households.

use etuus::engine::{Household, Month, RuleSet};
use proptest::prelude::*;
use rust_decimal::Decimal;

/// Municipalities from every municipality group and heating region.
const MUNICIPALITIES: &[&str] = &[
    "Helsinki",
    "Espoo",
    "Vantaa",
    "Turku",
    "Tampere",
    "Oulu",
    "Vaasa",
    "Kajaani",
    "Rovaniemi",
    "Kuopio",
    "Joensuu",
    "Salo",
    "Inari",
    "Mikkeli",
    "Porvoo",
];

#[derive(Debug, Clone)]
struct Person {
    age: u32,
    wages: u32,
    benefit_per_day: u32,
    pension: u32,
}

#[derive(Debug, Clone)]
struct Home {
    municipality: &'static str,
    rent: u32,
    water: bool,
    heating: bool,
    persons: Vec<Person>,
    month: Month,
}

fn person(adult: bool) -> impl Strategy<Value = Person> {
    let age = if adult { 18u32..90 } else { 0u32..18 };
    (age, 0u32..4000, 0u32..60, 0u32..2000).prop_map(|(age, wages, benefit_per_day, pension)| {
        Person {
            age,
            wages,
            benefit_per_day,
            pension,
        }
    })
}

fn month() -> impl Strategy<Value = Month> {
    (2021i32..=2026, 1u32..=12).prop_map(|(year, month)| Month { year, month })
}

fn home() -> impl Strategy<Value = Home> {
    (
        prop::sample::select(MUNICIPALITIES),
        0u32..2500,
        any::<bool>(),
        any::<bool>(),
        prop::collection::vec(person(true), 1..=3),
        prop::collection::vec(person(false), 0..=4),
        month(),
    )
        .prop_map(
            |(municipality, rent, water, heating, adults, children, month)| Home {
                municipality,
                rent,
                water,
                heating,
                persons: adults.into_iter().chain(children).collect(),
                month,
            },
        )
}

impl Home {
    fn yaml(&self) -> String {
        let mut text = format!(
            "kunta: {}\nvuokra: {}\nvesimaksu_erikseen: {}\nlammitys_erikseen: {}\nhenkilot:\n",
            self.municipality, self.rent, self.water, self.heating
        );
        for (i, p) in self.persons.iter().enumerate() {
            text.push_str(&format!(
                "  p{i}: {{ika: {}, palkkatulo: {}, tyottomyysetuus_paivaraha: {}, elaketulo: {}}}\n",
                p.age, p.wages, p.benefit_per_day, p.pension
            ));
        }
        text
    }

    fn household(&self, rules: &RuleSet) -> Household {
        rules
            .household_from_yaml(&self.yaml())
            .expect("generated households are valid")
    }
}

fn rules() -> &'static RuleSet {
    etuus::rules().unwrap_or_else(|d| panic!("{d}"))
}

fn allowance(rules: &RuleSet, household: &Household, month: Month) -> Decimal {
    rules
        .calculate(household, month)
        .unwrap_or_else(|e| panic!("{e}"))
        .number("asumistuki.yleinen_asumistuki")
        .expect("the allowance is computed")
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn never_negative_and_never_below_the_minimum_paid(home in home()) {
        let rules = rules();
        let amount = allowance(rules, &home.household(rules), home.month);
        prop_assert!(amount >= Decimal::ZERO);
        prop_assert!(amount.is_zero() || amount >= Decimal::from(15), "{amount} is below 15 € but paid");
    }

    #[test]
    fn does_not_rise_when_wages_rise(home in home(), raise in 1u32..3000) {
        let rules = rules();
        let mut household = home.household(rules);
        let before = allowance(rules, &household, home.month);
        let wages = home.persons[0].wages + raise;
        household.set(rules.program(), "p0.palkkatulo", &wages.to_string()).unwrap();
        let after = allowance(rules, &household, home.month);
        prop_assert!(after <= before, "{before} → {after} after a raise of {raise} in {}", home.month);
    }

    #[test]
    fn zero_above_the_income_limit(home in home()) {
        let rules = rules();
        let mut household = home.household(rules);
        // With this income the basic deductible exceeds any maximum housing cost.
        household.set(rules.program(), "p0.palkkatulo", "20000").unwrap();
        prop_assert_eq!(allowance(rules, &household, home.month), Decimal::ZERO);
    }

    /// The 1.4.2024 reform (70 % instead of 80 %, a 50 % basic deductible, no
    /// earned-income deduction) never raises the allowance of a household
    /// without children. It can raise it for families with children, because
    /// the same reform raised the child amount of the deductible from 246 to
    /// 296 euros: see `reform_can_raise_a_large_familys_allowance`.
    #[test]
    fn reform_of_april_2024_never_raises_a_childless_allowance(home in home()) {
        let rules = rules();
        let mut home = home;
        home.persons.retain(|p| p.age >= 18);
        let household = home.household(rules);
        let old = allowance(rules, &household, Month { year: 2024, month: 3 });
        let new = allowance(rules, &household, Month { year: 2024, month: 4 });
        prop_assert!(new <= old, "{old} → {new}");
    }
}

/// Documents where the 1.4.2024 reform raised the allowance: a single parent
/// of six with low housing costs. Old: 0.42 × (2 537 − 2 254) = 118.86 and
/// 0.8 × (300 − 118.86) = 144.91; new: the deductible is 0 and 0.7 × 300 = 210.
#[test]
fn reform_can_raise_a_large_familys_allowance() {
    let rules = rules();
    let mut yaml = String::from(
        "kunta: Salo\nvuokra: 300\nhenkilot:\n  aikuinen: {ika: 40, muut_tulot: 2537}\n",
    );
    for i in 0..6 {
        yaml.push_str(&format!("  lapsi{i}: {{ika: {}}}\n", 2 + i));
    }
    let household = rules.household_from_yaml(&yaml).unwrap();
    let old = allowance(
        rules,
        &household,
        Month {
            year: 2024,
            month: 3,
        },
    );
    let new = allowance(
        rules,
        &household,
        Month {
            year: 2024,
            month: 4,
        },
    );
    assert_eq!(old, "144.91".parse().unwrap());
    assert_eq!(new, "210.00".parse().unwrap());
}
