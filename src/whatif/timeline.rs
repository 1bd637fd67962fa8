//! The months ahead: the household month by month, with the unemployment
//! benefit's paid days advancing, the step-downs and the end of the maximum
//! period, and the law changes on the way named with their dates.

use std::collections::HashMap;

use etuus_engine::compile::ids::{ParamId, VarId};
use etuus_engine::compile::ParamValue;
use etuus_engine::eval::Options;
use etuus_engine::explain::explain;
use etuus_engine::output::{format_number, format_value, NumberStyle};
use etuus_engine::trace::{Dep, ROOT};
use etuus_engine::{Calculation, Household, Month, RuleSet, Value};
use rust_decimal::Decimal;

use super::compare::Difference;
use super::ledger::{Ledger, Profile};
use super::why::moved_lines;
use super::words::word;
use super::WhatIfError;

/// How a timeline advances the unemployment benefit.
#[derive(Debug, Clone)]
pub struct TimelineOptions {
    /// First month.
    pub from: Month,
    /// Last month.
    pub to: Month,
    /// The maximum period in days; `None` assumes [`Self::DEFAULT_MAX_DAYS`]
    /// and says so.
    pub max_days: Option<Decimal>,
    /// The input counting the days already paid.
    pub paid_days: &'static str,
    /// The input saying the maximum period is used up.
    pub period_full: &'static str,
    /// A person's days paid in the month (day/month).
    pub days: &'static str,
    /// A person's daily amount before adjustment and after it: adjusted
    /// days use up the period in proportion (1290/2002 6 luku 2 §).
    pub full_daily: &'static str,
    /// The daily amount after adjustment.
    pub adjusted_daily: &'static str,
    /// The benefit's monthly amount.
    pub monthly: &'static str,
}

impl TimelineOptions {
    /// The usual maximum period: 400 days with over three years of work
    /// history (1290/2002 6 luku 7 §).
    pub const DEFAULT_MAX_DAYS: u32 = 400;

    /// The Finnish rules' unemployment inputs.
    pub fn finnish(from: Month, to: Month) -> TimelineOptions {
        TimelineOptions {
            from,
            to,
            max_days: None,
            paid_days: "tyottomyysturva.maksetut_paivat",
            period_full: "tyottomyysturva.enimmaisaika_taynna",
            days: "tyottomyysturva.maksupaivia",
            full_daily: "tyottomyysturva.taysi_paivaraha",
            adjusted_daily: "tyottomyysturva.soviteltu_pv",
            monthly: "tyottomyysturva.kuukausimaara",
        }
    }
}

/// Something that happens in a month.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    /// `law`, `days` or `max_period`.
    pub kind: &'static str,
    /// The text.
    pub text: String,
    /// Statute and section, for law changes.
    pub reference: Option<String>,
}

/// One month of a timeline.
#[derive(Debug, Clone)]
pub struct TimelineMonth {
    /// The month.
    pub month: Month,
    /// The totals.
    pub ledger: Ledger,
    /// Per unemployed person: (id, days paid before the month, days used in it).
    pub days: Vec<(String, Decimal, Decimal)>,
    /// What changed from the month before, benefit by benefit.
    pub changes: Vec<Difference>,
    /// Law changes and milestones of the month.
    pub events: Vec<Event>,
}

/// A finished timeline.
#[derive(Debug, Clone)]
pub struct Timeline {
    /// Language code.
    pub language: String,
    /// The months.
    pub months: Vec<TimelineMonth>,
    /// Assumptions the timeline made.
    pub assumptions: Vec<String>,
}

/// Calculates the household month by month.
pub fn timeline(
    rules: &RuleSet,
    base: &Household,
    options: &TimelineOptions,
    lang: usize,
    profile: &Profile,
) -> Result<Timeline, WhatIfError> {
    let program = rules.program();
    profile.check(program)?;
    let code = program.info.languages[lang].clone();
    let style = NumberStyle::for_language(&code);
    if options.to < options.from {
        return Err(WhatIfError::new(format!(
            "--to {} is before --from {}",
            options.to, options.from
        )));
    }
    if options.from.months_until(options.to) > 120 {
        return Err(WhatIfError::new("a timeline covers at most 120 months"));
    }
    let var = |name: &str| {
        program.var_named(name).ok_or_else(|| {
            WhatIfError::new(format!(
                "these rules have no `{name}`, which the timeline needs"
            ))
        })
    };
    let paid_var = var(options.paid_days)?;
    let full_var = var(options.period_full)?;
    let (days_var, full_daily, adjusted_daily, monthly) = (
        var(options.days)?,
        var(options.full_daily)?,
        var(options.adjusted_daily)?,
        var(options.monthly)?,
    );
    let mut assumptions = Vec::new();
    let max_days = match options.max_days {
        Some(d) => d,
        None => {
            let uses_benefit = base.members.iter().any(|m| {
                m.values.iter().any(|(v, value)| {
                    program.vars[v.index()].name.starts_with("tyottomyysturva.")
                        && *value == Value::Bool(true)
                })
            });
            if uses_benefit {
                assumptions.push(
                    word("max_period_assumed", &code)
                        .replace("{days}", &TimelineOptions::DEFAULT_MAX_DAYS.to_string()),
                );
            }
            Decimal::from(TimelineOptions::DEFAULT_MAX_DAYS)
        }
    };
    // Days paid so far, by person.
    let mut counters: HashMap<String, Decimal> = base
        .members
        .iter()
        .map(|m| {
            let given = m
                .values
                .iter()
                .find(|(v, _)| *v == paid_var)
                .and_then(|(_, v)| v.as_num())
                .unwrap_or(Decimal::ZERO);
            (m.id.clone(), given)
        })
        .collect();
    let trace = Options {
        trace: true,
        ..Options::default()
    };
    let mut months: Vec<TimelineMonth> = Vec::new();
    let mut previous: Option<(Household, Month)> = None;
    let mut month = options.from;
    loop {
        let mut household = base.clone();
        for member in &mut household.members {
            let paid = counters.get(&member.id).copied().unwrap_or(Decimal::ZERO);
            set_value(&mut member.values, paid_var, Value::Num(paid));
            if paid >= max_days {
                set_value(&mut member.values, full_var, Value::Bool(true));
            }
        }
        let calc = rules
            .calculate_with(&household, month, &trace)
            .map_err(|e| WhatIfError::new(format!("{month}: {e}")))?;
        let ledger = Ledger::of(&calc, profile, lang)?;
        let mut days = Vec::new();
        let mut events = Vec::new();
        for (index, member) in household.members.iter().enumerate() {
            let at = index as u32;
            let amount = calc.value(monthly, at).and_then(Value::as_num);
            if amount.is_none_or(|a| a <= Decimal::ZERO) {
                continue;
            }
            let paid_days = calc
                .value(days_var, at)
                .and_then(Value::as_num)
                .unwrap_or_default();
            let full = calc
                .value(full_daily, at)
                .and_then(Value::as_num)
                .unwrap_or_default();
            let adjusted = calc
                .value(adjusted_daily, at)
                .and_then(Value::as_num)
                .unwrap_or(full);
            // An adjusted benefit uses up the period in proportion to the full one.
            let used = if full > Decimal::ZERO && adjusted < full {
                (paid_days * adjusted / full)
                    .round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
            } else {
                paid_days
            };
            let before = counters.get(&member.id).copied().unwrap_or_default();
            let after = before + used;
            if before < max_days && after >= max_days {
                events.push(Event {
                    kind: "max_period",
                    text: format!(
                        "{} ({}): {} {}",
                        word("max_period", &code),
                        member.id,
                        word("paid_days", &code),
                        format_number(max_days, false, style)
                    ),
                    reference: program.vars[full_var.index()]
                        .reference
                        .as_deref()
                        .map(|r| etuus_engine::explain::localize_reference(r, &code)),
                });
            }
            counters.insert(member.id.clone(), after);
            days.push((member.id.clone(), before, used));
        }
        let mut changes = Vec::new();
        if let Some((prev_household, prev_month)) = &previous {
            let prev_calc = rules.calculate_with(prev_household, *prev_month, &trace)?;
            events.splice(0..0, law_changes(&prev_calc, &calc, lang));
            let prev_ledger = &months.last().expect("a previous month").ledger;
            for spec in &profile.benefits {
                let (Some(b), Some(a)) = (prev_ledger.benefit(spec.key), ledger.benefit(spec.key))
                else {
                    continue;
                };
                if a.gross == b.gross {
                    continue;
                }
                let mut reasons = moved_lines(&prev_calc, &calc, spec.result, lang);
                reasons.retain(|r| !profile.benefits.iter().any(|s| s.gross == r.name));
                changes.push(Difference {
                    key: format!("benefit:{}", spec.key),
                    label: a.label.clone(),
                    gross: a.gross - b.gross,
                    tax: a.tax - b.tax,
                    net: a.net - b.net,
                    reasons,
                    notes: super::compare::reason_notes(&explain(&calc, lang), spec.result),
                });
            }
        }
        months.push(TimelineMonth {
            month,
            ledger,
            days,
            changes,
            events,
        });
        previous = Some((household, month));
        if month == options.to {
            break;
        }
        month = month.next();
    }
    Ok(Timeline {
        language: code,
        months,
        assumptions,
    })
}

fn set_value(values: &mut Vec<(VarId, Value)>, var: VarId, value: Value) {
    match values.iter_mut().find(|(v, _)| *v == var) {
        Some(slot) => slot.1 = value,
        None => values.push((var, value)),
    }
}

/// Parameters read in both months whose value changed, and formulas whose
/// version changed: the law changes between two months, with their dates.
fn law_changes(before: &Calculation<'_>, after: &Calculation<'_>, lang: usize) -> Vec<Event> {
    let program = after.program();
    let code = &program.info.languages[lang];
    let (Some(tb), Some(ta)) = (before.trace(), after.trace()) else {
        return Vec::new();
    };
    let versions = |records: &[etuus_engine::trace::Record]| {
        let mut map: HashMap<ParamId, u16> = HashMap::new();
        for r in records {
            for dep in &r.deps {
                if let Dep::Param(p, v) = *dep {
                    map.insert(p, v);
                }
            }
        }
        map
    };
    let old = versions(tb.records());
    let new = versions(ta.records());
    let mut events = Vec::new();
    let mut params: Vec<(&ParamId, &u16)> = new.iter().collect();
    params.sort();
    for (p, v) in params {
        let Some(ov) = old.get(p) else { continue };
        if ov == v {
            continue;
        }
        let def = &program.params[p.index()];
        let (Some(was), Some(is)) = (
            def.versions.get(*ov as usize),
            def.versions.get(*v as usize),
        ) else {
            continue;
        };
        let show = |value: &ParamValue| match value {
            ParamValue::Scalar(x) => format_value(program, &def.ty, *x, lang),
            ParamValue::Table(_) => String::new(),
            ParamValue::Abolished => "–".into(),
        };
        let (a, b) = (show(&was.value), show(&is.value));
        let values = if a.is_empty() || a == b {
            String::new()
        } else {
            format!(" {a} → {b}")
        };
        events.push(Event {
            kind: "law",
            text: format!(
                "{} {}: {}{values}",
                word("law_change", code),
                date(is.since, code),
                def.labels.get(lang)
            ),
            reference: Some(etuus_engine::explain::localize_reference(
                &is.reference,
                code,
            )),
        });
    }
    let mut seen: Vec<VarId> = Vec::new();
    for record in ta.records() {
        if seen.contains(&record.var) || record.member != ROOT && record.member != 0 {
            continue;
        }
        seen.push(record.var);
        let was = program.plan_formula(record.var, before.month());
        let is = record.formula as usize;
        if was == is {
            continue;
        }
        let def = &program.vars[record.var.index()];
        let Some(f) = def.formulas.get(is) else {
            continue;
        };
        events.push(Event {
            kind: "law",
            text: format!(
                "{} {}: {}",
                word("law_change", code),
                date(f.since, code),
                def.labels.get(lang)
            ),
            reference: f
                .reference
                .clone()
                .or_else(|| def.reference.clone())
                .map(|r| etuus_engine::explain::localize_reference(&r, code)),
        });
    }
    events
}

/// `1.3.2026` in Finnish and Swedish, `2026-03-01` in English.
pub(super) fn date(d: chrono::NaiveDate, lang: &str) -> String {
    use chrono::Datelike as _;
    if lang == "en" {
        d.to_string()
    } else {
        format!("{}.{}.{}", d.day(), d.month(), d.year())
    }
}
