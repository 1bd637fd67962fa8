//! One input over a range: each benefit, tax and net income at each step,
//! the effective marginal tax rate between steps, and the incentive traps.

use std::str::FromStr;

use etuus_engine::{Household, Month, RuleSet};
use rust_decimal::Decimal;

use super::change::{apply, Change};
use super::ledger::{Ledger, Profile};
use super::why::Incentive;
use super::words::word;
use super::WhatIfError;

/// The most points one sweep calculates.
pub const MAX_POINTS: usize = 10_000;

/// What to vary: `hakija.palkkatulo=0..3000:50`.
#[derive(Debug, Clone, PartialEq)]
pub struct SweepSpec {
    /// The input's path, as for `--set`.
    pub path: String,
    /// First value.
    pub from: Decimal,
    /// Last value (included when a whole number of steps away).
    pub to: Decimal,
    /// Step, positive.
    pub step: Decimal,
    /// The effective marginal tax rate from which a step is a trap; `None`
    /// means 1: more pay leaves the household nothing or less.
    pub trap_rate: Option<Decimal>,
}

impl FromStr for SweepSpec {
    type Err = WhatIfError;

    fn from_str(text: &str) -> Result<SweepSpec, WhatIfError> {
        let bad = |why: &str| {
            WhatIfError::new(format!(
                "--vary `{text}`: {why}; write PATH=FROM..TO:STEP, e.g. hakija.palkkatulo=0..3000:50"
            ))
        };
        let (path, range) = text.split_once('=').ok_or_else(|| bad("no `=`"))?;
        let (span, step) = range.split_once(':').ok_or_else(|| bad("no `:STEP`"))?;
        let (from, to) = span.split_once("..").ok_or_else(|| bad("no `..`"))?;
        let number = |s: &str, what: &str| {
            Decimal::from_str(s.trim())
                .map_err(|_| bad(&format!("{what} `{}` is not a number", s.trim())))
        };
        let spec = SweepSpec {
            path: path.trim().to_string(),
            from: number(from, "FROM")?,
            to: number(to, "TO")?,
            step: number(step, "STEP")?,
            trap_rate: None,
        };
        if spec.path.is_empty() {
            return Err(bad("no input path"));
        }
        if spec.step <= Decimal::ZERO {
            return Err(bad("STEP must be above 0"));
        }
        if spec.to < spec.from {
            return Err(bad("TO must not be below FROM"));
        }
        let count = spec.count();
        if count > MAX_POINTS {
            return Err(bad(&format!(
                "{count} steps is more than {MAX_POINTS}; use a larger STEP"
            )));
        }
        Ok(spec)
    }
}

impl SweepSpec {
    /// Number of points.
    pub fn count(&self) -> usize {
        use rust_decimal::prelude::ToPrimitive as _;
        ((self.to - self.from) / self.step)
            .floor()
            .to_usize()
            .map_or(usize::MAX, |n| n.saturating_add(1))
    }

    /// The values, from `from` in steps of `step` up to `to`.
    pub fn values(&self) -> Vec<Decimal> {
        (0..self.count())
            .map(|i| self.from + self.step * Decimal::from(i as u64))
            .collect()
    }
}

/// One step of a sweep.
#[derive(Debug, Clone)]
pub struct SweepPoint {
    /// The input's value.
    pub value: Decimal,
    /// The household's totals.
    pub ledger: Ledger,
    /// From the previous step: the effective marginal tax rate and what took
    /// it; `None` at the first step or when the earnings did not change.
    pub incentive: Option<Incentive>,
}

/// A range of the input where work does not pay.
#[derive(Debug, Clone, PartialEq)]
pub struct Trap {
    /// The input's value where it starts (the step before).
    pub from: Decimal,
    /// Where it ends.
    pub to: Decimal,
    /// The highest effective marginal tax rate in it.
    pub worst_rate: Decimal,
    /// Whether more pay leaves the household with less (rate above 100 %).
    pub loses: bool,
    /// What the household keeps of the raise across the range.
    pub kept: Decimal,
    /// The change in earnings across the range.
    pub earnings: Decimal,
    /// The benefits and taxes responsible, largest first, with their change
    /// across the range.
    pub responsible: Vec<(String, Decimal)>,
}

/// A finished sweep.
#[derive(Debug, Clone)]
pub struct Sweep {
    /// What was varied.
    pub spec: SweepSpec,
    /// Its label.
    pub label: String,
    /// The month.
    pub month: Month,
    /// Language code.
    pub language: String,
    /// Each step.
    pub points: Vec<SweepPoint>,
    /// The rate from which a step is a trap (1 = the household keeps nothing).
    pub threshold: Decimal,
    /// The traps found.
    pub traps: Vec<Trap>,
}

/// Calculates the household at every value of the input, one calculation
/// per point. `progress` is called after each point with (done, total).
pub fn sweep(
    rules: &RuleSet,
    base: &Household,
    spec: &SweepSpec,
    month: Month,
    lang: usize,
    profile: &Profile,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Sweep, WhatIfError> {
    let program = rules.program();
    profile.check(program)?;
    let code = program.info.languages[lang].clone();
    let values = spec.values();
    let total = values.len();
    let mut points: Vec<SweepPoint> = Vec::with_capacity(total);
    for (i, value) in values.into_iter().enumerate() {
        let change = Change::Set {
            path: spec.path.clone(),
            value: value.normalize().to_string(),
        };
        let household = apply(program, base, &[change])?;
        let calc = rules.calculate(&household, month)?;
        let ledger = Ledger::of(&calc, profile, lang)?;
        let incentive = points
            .last()
            .and_then(|p| Incentive::between(&p.ledger, &ledger, &code));
        points.push(SweepPoint {
            value,
            ledger,
            incentive,
        });
        progress(i + 1, total);
    }
    let threshold = spec.trap_rate.unwrap_or(Decimal::ONE);
    let traps = find_traps(&points, threshold, &code);
    let label = label_of(program, &spec.path, lang);
    Ok(Sweep {
        spec: spec.clone(),
        label,
        month,
        language: code,
        points,
        threshold,
        traps,
    })
}

/// The input's label with the person: `palkkatulot (brutto) (hakija)`.
fn label_of(program: &etuus_engine::Program, path: &str, lang: usize) -> String {
    let parts: Vec<&str> = path.split('.').collect();
    for skip in 0..parts.len() {
        let name = parts[skip..].join(".");
        if let Some(var) = program.var_named(&name) {
            let label = program.vars[var.index()].labels.get(lang).to_string();
            let person: Vec<&str> = parts[..skip]
                .iter()
                .copied()
                .filter(|p| !program.entities.iter().any(|e| e.plural == *p))
                .collect();
            return if person.is_empty() {
                label
            } else {
                format!("{label} ({})", person.join("."))
            };
        }
    }
    path.to_string()
}

fn find_traps(points: &[SweepPoint], threshold: Decimal, lang: &str) -> Vec<Trap> {
    let mut traps: Vec<Trap> = Vec::new();
    let mut open: Option<Trap> = None;
    for (i, point) in points.iter().enumerate() {
        let hit = point
            .incentive
            .as_ref()
            .filter(|inc| inc.earnings > Decimal::ZERO && inc.rate >= threshold);
        match (hit, open.as_mut()) {
            (Some(inc), Some(trap)) => {
                trap.to = point.value;
                trap.worst_rate = trap.worst_rate.max(inc.rate);
                trap.loses |= inc.rate > Decimal::ONE;
                trap.kept += inc.kept;
                trap.earnings += inc.earnings;
                add_parts(&mut trap.responsible, &inc.parts);
            }
            (Some(inc), None) => {
                let mut responsible = Vec::new();
                add_parts(&mut responsible, &inc.parts);
                open = Some(Trap {
                    from: points[i - 1].value,
                    to: point.value,
                    worst_rate: inc.rate,
                    loses: inc.rate > Decimal::ONE,
                    kept: inc.kept,
                    earnings: inc.earnings,
                    responsible,
                });
            }
            (None, _) => {
                if let Some(trap) = open.take() {
                    traps.push(trap);
                }
            }
        }
    }
    traps.extend(open);
    let tax = word("earnings_tax", lang);
    for trap in &mut traps {
        // What took the raise: lost benefits (negative) and more tax (positive).
        trap.responsible.retain(|(label, change)| {
            if label == tax {
                *change > Decimal::ZERO
            } else {
                *change < Decimal::ZERO
            }
        });
        trap.responsible
            .sort_by_key(|r| std::cmp::Reverse(r.1.abs()));
    }
    traps
}

fn add_parts(total: &mut Vec<(String, Decimal)>, parts: &[(String, Decimal)]) {
    for (label, change) in parts {
        match total.iter_mut().find(|(l, _)| l == label) {
            Some(entry) => entry.1 += change,
            None => total.push((label.clone(), *change)),
        }
    }
}
