//! Invariants of perustoimeentulotuki and of the household's combined income
//! over generated households, and the incentive traps the law creates,
//! documented as cases rather than hidden.

use etuus::engine::{Household, Month, RuleSet};
use proptest::prelude::*;
use rust_decimal::Decimal;

const MUNICIPALITIES: &[&str] = &[
    "Helsinki",
    "Espoo",
    "Turku",
    "Tampere",
    "Oulu",
    "Kajaani",
    "Rovaniemi",
    "Sipoo",
    "Salo",
    "Inari",
];

#[derive(Debug, Clone)]
struct Adult {
    age: u32,
    wages: u32,
    tax_percent: u32,
    jobseeker: bool,
}

#[derive(Debug, Clone)]
struct Family {
    municipality: &'static str,
    rent: u32,
    water: u32,
    adults: Vec<Adult>,
    children: Vec<u32>,
    month: Month,
    /// Kela's housing-allowance decision, when the case fixes it.
    decided_allowance: Option<u32>,
    /// Kela directed the household to a cheaper home, with a deadline in April 2024.
    directed: bool,
}

fn adult() -> impl Strategy<Value = Adult> {
    (
        18u32..64,
        prop_oneof![Just(0u32), 0u32..3500],
        0u32..35,
        any::<bool>(),
    )
        .prop_map(|(age, wages, tax_percent, jobseeker)| Adult {
            age,
            wages,
            tax_percent,
            jobseeker,
        })
}

fn month() -> impl Strategy<Value = Month> {
    (2021i32..=2026, 1u32..=12).prop_map(|(year, month)| Month { year, month })
}

fn family() -> impl Strategy<Value = Family> {
    (
        prop::sample::select(MUNICIPALITIES),
        0u32..1600,
        0u32..80,
        prop::collection::vec(adult(), 1..=2),
        prop::collection::vec(0u32..18, 0..=3),
        month(),
        any::<bool>(),
    )
        .prop_map(
            |(municipality, rent, water, adults, children, month, directed)| Family {
                municipality,
                rent,
                water,
                adults,
                children,
                month,
                decided_allowance: None,
                directed,
            },
        )
}

impl Family {
    fn yaml(&self) -> String {
        let mut text = format!(
            "kunta: {}\nvuokra: {}\ntoimeentulotuki: {{vesimaksu: {}",
            self.municipality, self.rent, self.water
        );
        if self.directed {
            text.push_str(", asumismenojen_maaraaika: 2024-04-30");
        }
        if let Some(allowance) = self.decided_allowance {
            text.push_str(&format!(", paatoksen_asumistuki: {allowance}"));
        }
        text.push_str("}\nhenkilot:\n");
        for (i, a) in self.adults.iter().enumerate() {
            text.push_str(&format!(
                "  a{i}: {{ika: {}, palkkatulo: {}, veroprosentti: {} %, tyottomyysturva: {{tyoton_tyonhakija: {}}}}}\n",
                a.age, a.wages, a.tax_percent, a.jobseeker
            ));
        }
        for (i, age) in self.children.iter().enumerate() {
            text.push_str(&format!("  c{i}: {{ika: {age}}}\n"));
        }
        text
    }

    fn household(&self, rules: &RuleSet) -> Household {
        rules
            .household_from_yaml(&self.yaml())
            .unwrap_or_else(|e| panic!("{e}\n{}", self.yaml()))
    }
}

fn rules() -> &'static RuleSet {
    etuus::rules().unwrap_or_else(|d| panic!("{d}"))
}

fn number(rules: &RuleSet, household: &Household, month: Month, name: &str) -> Decimal {
    let calc = rules
        .calculate(household, month)
        .unwrap_or_else(|e| panic!("{e}"));
    if let Some((_, e)) = calc.failed_results().first() {
        panic!("{e}");
    }
    calc.number(name)
        .unwrap_or_else(|| panic!("{name} is computed"))
}

fn assistance(rules: &RuleSet, household: &Household, month: Month) -> Decimal {
    number(rules, household, month, "toimeentulotuki.toimeentulotuki")
}

fn left_after_housing(rules: &RuleSet, household: &Household, month: Month) -> Decimal {
    number(
        rules,
        household,
        month,
        "yhteensa.tulot_asumismenojen_jalkeen",
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn never_negative(family in family()) {
        let rules = rules();
        let household = family.household(rules);
        let now = assistance(rules, &household, family.month);
        let decided = number(rules, &household, family.month, "toimeentulotuki.toimeentulotuki_ratkaisun_jalkeen");
        prop_assert!(now >= Decimal::ZERO);
        prop_assert_eq!(now, decided, "nothing is pending, so both are the same");
    }

    /// With the housing allowance fixed by a decision, a higher rent within the
    /// limits raises toimeentulotuki by as much (or leaves it at zero), and
    /// never lowers it.
    #[test]
    fn higher_rent_within_the_limits_never_lowers_it(family in family(), allowance in 0u32..700, rise in 1u32..300) {
        let rules = rules();
        let mut family = family;
        family.decided_allowance = Some(allowance);
        let before = assistance(rules, &family.household(rules), family.month);
        family.rent += rise;
        let after = assistance(rules, &family.household(rules), family.month);
        prop_assert!(after >= before, "{before} → {after} when the rent rose by {rise}");
        prop_assert!(after - before <= Decimal::from(rise));
    }

    /// With the housing allowance computed too, toimeentulotuki and the housing
    /// allowance together never fall when the rent rises.
    #[test]
    fn higher_rent_never_lowers_the_housing_support(family in family(), rise in 1u32..300) {
        let rules = rules();
        let mut family = family;
        let support = |f: &Family| {
            let h = f.household(rules);
            assistance(rules, &h, f.month) + number(rules, &h, f.month, "asumistuki.yleinen_asumistuki")
        };
        let before = support(&family);
        family.rent += rise;
        let after = support(&family);
        prop_assert!(after >= before, "{before} → {after} when the rent rose by {rise}");
    }

    /// 100 € more gross wages never leave the household with less to live
    /// on. While it receives toimeentulotuki, it often keeps nothing of the
    /// raise: see `social_assistance_takes_all_of_a_raise`.
    #[test]
    fn a_raise_never_leaves_less(family in family()) {
        let rules = rules();
        let mut family = family;
        let before = left_after_housing(rules, &family.household(rules), family.month);
        family.adults[0].wages += 100;
        let after = left_after_housing(rules, &family.household(rules), family.month);
        prop_assert!(after >= before, "{before} → {after} after a raise of 100 € in {}", family.month);
    }
}

/// The incentive trap: from 1.3.2026 an adult's earnings no longer have the
/// 150 € disregard, so while the household receives toimeentulotuki every
/// euro of net wages lowers the assistance by a euro, and a 100 € raise leaves
/// the household exactly as well off as before. Until 28.2.2026 the first
/// 150 € of net wages a month were the worker's own.
#[test]
fn social_assistance_takes_all_of_a_raise() {
    let rules = rules();
    let household = |wages: u32| {
        rules
            .household_from_yaml(&format!(
                "kunta: Tampere\nvuokra: 700\ntoimeentulotuki: {{paatoksen_asumistuki: 350}}\nhenkilot:\n  a: {{ika: 30, palkkatulo: {wages}, veroprosentti: 10 %}}\n"
            ))
            .unwrap()
    };
    let left = |wages, month| left_after_housing(rules, &household(wages), month);
    let march_2026 = Month {
        year: 2026,
        month: 3,
    };
    let february_2026 = Month {
        year: 2026,
        month: 2,
    };
    // From March 2026: the raise of 100 € gross (90 € net) is all taken back.
    assert_eq!(left(200, march_2026), left(300, march_2026));
    assert_eq!(
        assistance(rules, &household(200), march_2026)
            - assistance(rules, &household(300), march_2026),
        Decimal::from(90)
    );
    // Until February 2026 a raise from 0 to 100 € was kept in full (net 90 €).
    assert_eq!(
        left(100, february_2026) - left(0, february_2026),
        Decimal::from(90)
    );
    // …but above the 150 € disregard the trap was the same.
    assert_eq!(left(300, february_2026), left(400, february_2026));
}
