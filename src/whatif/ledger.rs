//! One calculation in the terms a counsellor compares: each benefit gross,
//! its tax and net, the earnings and their tax, and the income left after
//! housing costs.

use etuus_engine::{Calculation, Month, Program};
use rust_decimal::Decimal;

use super::WhatIfError;

/// A benefit of the combined entitlement and where the rules keep it.
#[derive(Debug, Clone, Copy)]
pub struct BenefitSpec {
    /// A stable key for programs (`tyottomyysetuudet`).
    pub key: &'static str,
    /// The variable holding its gross monthly amount.
    pub gross: &'static str,
    /// The variable holding the tax withheld from it, if taxable.
    pub tax: Option<&'static str>,
    /// The result that explains it, for naming the rules that moved it.
    pub result: &'static str,
}

/// Where the rule set keeps the household's totals.
#[derive(Debug, Clone)]
pub struct Profile {
    /// The benefits, in the order they are decided.
    pub benefits: Vec<BenefitSpec>,
    /// Gross earnings (wages, self-employment income).
    pub earnings: &'static str,
    /// Tax withheld from the earnings.
    pub earnings_tax: &'static str,
    /// Other income after tax.
    pub other_net: &'static str,
    /// Benefits after tax.
    pub benefits_net: &'static str,
    /// Disposable income.
    pub disposable: &'static str,
    /// Housing costs.
    pub housing: &'static str,
    /// Income after housing costs.
    pub after_housing: &'static str,
}

impl Profile {
    /// The Finnish rule set's combined entitlement (`rules/yhteensa`).
    pub fn finnish() -> Profile {
        Profile {
            benefits: vec![
                BenefitSpec {
                    key: "tyottomyysetuudet",
                    gross: "yhteensa.tyottomyysetuudet_brutto",
                    tax: Some("yhteensa.tyottomyysetuuksien_vero"),
                    result: "tyottomyysturva",
                },
                BenefitSpec {
                    key: "kulukorvaukset",
                    gross: "yhteensa.kulukorvaukset",
                    tax: None,
                    result: "tyottomyysturva",
                },
                BenefitSpec {
                    key: "asumistuki",
                    gross: "yhteensa.asumistuki",
                    tax: None,
                    result: "yleinen_asumistuki",
                },
                BenefitSpec {
                    key: "toimeentulotuki",
                    gross: "yhteensa.toimeentulotuki",
                    tax: None,
                    result: "toimeentulotuki",
                },
                BenefitSpec {
                    key: "lapsilisa",
                    gross: "yhteensa.lapsilisa",
                    tax: None,
                    result: "lapsilisa",
                },
            ],
            earnings: "yhteensa.tyotulot_brutto",
            earnings_tax: "yhteensa.tyotulojen_vero",
            other_net: "yhteensa.muut_tulot_netto",
            benefits_net: "yhteensa.etuudet_netto",
            disposable: "yhteensa.kaytettavissa_olevat_tulot",
            housing: "yhteensa.asumismenot",
            after_housing: "yhteensa.tulot_asumismenojen_jalkeen",
        }
    }

    /// Checks that every variable the profile names exists in `program`.
    pub fn check(&self, program: &Program) -> Result<(), WhatIfError> {
        let mut names: Vec<&str> = vec![
            self.earnings,
            self.earnings_tax,
            self.other_net,
            self.benefits_net,
            self.disposable,
            self.housing,
            self.after_housing,
        ];
        for b in &self.benefits {
            names.push(b.gross);
            names.extend(b.tax);
        }
        match names.iter().find(|n| program.var_named(n).is_none()) {
            Some(missing) => Err(WhatIfError::new(format!(
                "these rules have no `{missing}`, which what-if calculations need \
                 (the household's totals of rules/yhteensa)"
            ))),
            None => Ok(()),
        }
    }
}

/// One benefit's amounts in a month.
#[derive(Debug, Clone, PartialEq)]
pub struct BenefitAmount {
    /// The benefit's key.
    pub key: &'static str,
    /// Its label in the language asked for.
    pub label: String,
    /// Gross €/month.
    pub gross: Decimal,
    /// Tax withheld €/month.
    pub tax: Decimal,
    /// Net €/month.
    pub net: Decimal,
}

/// A household's month in totals.
#[derive(Debug, Clone, PartialEq)]
pub struct Ledger {
    /// The month.
    pub month: Month,
    /// Each benefit.
    pub benefits: Vec<BenefitAmount>,
    /// Gross earnings.
    pub earnings: Decimal,
    /// Tax withheld from earnings.
    pub earnings_tax: Decimal,
    /// Other income after tax.
    pub other_net: Decimal,
    /// All benefits gross.
    pub benefits_gross: Decimal,
    /// Tax withheld from benefits.
    pub benefits_tax: Decimal,
    /// All benefits after tax.
    pub benefits_net: Decimal,
    /// Disposable income.
    pub disposable: Decimal,
    /// Housing costs.
    pub housing: Decimal,
    /// Income after housing costs.
    pub after_housing: Decimal,
}

impl Ledger {
    /// Reads the totals of a calculation of the default results.
    pub fn of(
        calc: &Calculation<'_>,
        profile: &Profile,
        lang: usize,
    ) -> Result<Ledger, WhatIfError> {
        let program = calc.program();
        let number = |name: &str| -> Result<Decimal, WhatIfError> {
            calc.number(name).ok_or_else(|| {
                let why = calc
                    .failed_results()
                    .first()
                    .map(|(_, e)| format!(": {e}"))
                    .unwrap_or_default();
                WhatIfError::new(format!("`{name}` could not be calculated{why}"))
            })
        };
        let mut benefits = Vec::new();
        for spec in &profile.benefits {
            let gross = number(spec.gross)?;
            let tax = match spec.tax {
                Some(t) => number(t)?,
                None => Decimal::ZERO,
            };
            let label = program
                .result_named(spec.result)
                .map(|r| program.results[r.index()].labels.get(lang).to_string())
                .unwrap_or_else(|| spec.key.to_string());
            let label = if spec.key == "kulukorvaukset" {
                program
                    .var_named(spec.gross)
                    .map(|v| program.vars[v.index()].labels.get(lang).to_string())
                    .unwrap_or(label)
            } else {
                label
            };
            benefits.push(BenefitAmount {
                key: spec.key,
                label,
                gross,
                tax,
                net: gross - tax,
            });
        }
        let benefits_gross = benefits.iter().map(|b| b.gross).sum();
        let benefits_tax = benefits.iter().map(|b| b.tax).sum();
        Ok(Ledger {
            month: calc.month(),
            benefits,
            earnings: number(profile.earnings)?,
            earnings_tax: number(profile.earnings_tax)?,
            other_net: number(profile.other_net)?,
            benefits_gross,
            benefits_tax,
            benefits_net: number(profile.benefits_net)?,
            disposable: number(profile.disposable)?,
            housing: number(profile.housing)?,
            after_housing: number(profile.after_housing)?,
        })
    }

    /// The benefit with the given key.
    pub fn benefit(&self, key: &str) -> Option<&BenefitAmount> {
        self.benefits.iter().find(|b| b.key == key)
    }
}
