//! One household against options, side by side, with the rules that moved
//! each difference.

use etuus_engine::eval::Options;
use etuus_engine::explain::{explain, Explanation};
use etuus_engine::{Household, Month, RuleSet};
use rust_decimal::Decimal;

use super::change::{apply, Scenario};
use super::ledger::{Ledger, Profile};
use super::why::{moved_lines, Incentive, Reason};
use super::words::word;
use super::WhatIfError;

/// A household calculated: one column of a comparison.
#[derive(Debug, Clone)]
pub struct Column {
    /// Its heading.
    pub name: String,
    /// The changes that made it, in short.
    pub description: String,
    /// Its totals.
    pub ledger: Ledger,
}

/// One line of the comparison that differs from the household as it is.
#[derive(Debug, Clone)]
pub struct Difference {
    /// `benefit:<key>`, `earnings`, `earnings_tax`, `other_net` or `housing`.
    pub key: String,
    /// Its label.
    pub label: String,
    /// The change in the gross amount.
    pub gross: Decimal,
    /// The change in tax.
    pub tax: Decimal,
    /// The change after tax (for housing costs: the change in the costs).
    pub net: Decimal,
    /// The lines of the calculation that moved it.
    pub reasons: Vec<Reason>,
    /// The rules' own words for a zero in the option's calculation
    /// ("ansiotulovähennys 0 €, koska …").
    pub notes: Vec<String>,
}

/// One option compared with the household as it is.
#[derive(Debug, Clone)]
pub struct OptionOutcome {
    /// The option calculated.
    pub column: Column,
    /// What differs, benefit by benefit.
    pub differences: Vec<Difference>,
    /// "Does work pay?", when the option changes the earnings.
    pub incentive: Option<Incentive>,
    /// The change in income after housing costs.
    pub after_housing: Decimal,
}

/// A household and its options in one month.
#[derive(Debug, Clone)]
pub struct Comparison {
    /// The month.
    pub month: Month,
    /// Language code of the labels.
    pub language: String,
    /// The household as it is.
    pub base: Column,
    /// Each option.
    pub options: Vec<OptionOutcome>,
}

/// Calculates the household and each option and compares them.
pub fn compare(
    rules: &RuleSet,
    base: &Household,
    scenarios: &[Scenario],
    month: Month,
    lang: usize,
    profile: &Profile,
) -> Result<Comparison, WhatIfError> {
    let program = rules.program();
    profile.check(program)?;
    let code = program.info.languages[lang].clone();
    let traced = Options {
        trace: true,
        ..Options::default()
    };
    let base_calc = rules.calculate_with(base, month, &traced)?;
    let base_ledger = Ledger::of(&base_calc, profile, lang)?;
    let mut options = Vec::new();
    for scenario in scenarios {
        let household = apply(program, base, &scenario.changes)?;
        let calc = rules
            .calculate_with(&household, month, &traced)
            .map_err(|e| WhatIfError::new(format!("{}: {e}", scenario.name)))?;
        let ledger = Ledger::of(&calc, profile, lang)?;
        let explanation = explain(&calc, lang);
        let mut differences = Vec::new();
        for spec in &profile.benefits {
            let (Some(b), Some(a)) = (base_ledger.benefit(spec.key), ledger.benefit(spec.key))
            else {
                continue;
            };
            if a.gross == b.gross && a.tax == b.tax {
                continue;
            }
            let mut reasons = moved_lines(&base_calc, &calc, spec.result, lang);
            // The amount itself is the difference; its lines say why.
            reasons.retain(|r| !profile.benefits.iter().any(|s| s.gross == r.name));
            differences.push(Difference {
                key: format!("benefit:{}", spec.key),
                label: a.label.clone(),
                gross: a.gross - b.gross,
                tax: a.tax - b.tax,
                net: a.net - b.net,
                reasons,
                notes: reason_notes(&explanation, spec.result),
            });
        }
        let simple = [
            ("earnings", base_ledger.earnings, ledger.earnings),
            (
                "earnings_tax",
                base_ledger.earnings_tax,
                ledger.earnings_tax,
            ),
            ("other_net", base_ledger.other_net, ledger.other_net),
            ("housing", base_ledger.housing, ledger.housing),
        ];
        for (key, b, a) in simple {
            if a != b {
                differences.push(Difference {
                    key: key.to_string(),
                    label: word(key, &code).to_string(),
                    gross: a - b,
                    tax: Decimal::ZERO,
                    net: a - b,
                    reasons: Vec::new(),
                    notes: Vec::new(),
                });
            }
        }
        options.push(OptionOutcome {
            incentive: Incentive::between(&base_ledger, &ledger, &code),
            after_housing: ledger.after_housing - base_ledger.after_housing,
            column: Column {
                name: scenario.name.clone(),
                description: scenario.describe(),
                ledger,
            },
            differences,
        });
    }
    Ok(Comparison {
        month,
        language: code.clone(),
        base: Column {
            name: word("now", &code).to_string(),
            description: String::new(),
            ledger: base_ledger,
        },
        options,
    })
}

/// The "why zero" remarks on the lines of one result of an explanation.
pub(crate) fn reason_notes(explanation: &Explanation, result: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for r in explanation.results.iter().filter(|r| r.name == result) {
        for line in &r.lines {
            for (kind, text) in &line.flags {
                if kind == "reason" && !out.contains(text) {
                    out.push(text.clone());
                }
            }
        }
    }
    out
}
