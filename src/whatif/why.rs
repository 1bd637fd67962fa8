//! Why a benefit moved: the lines of its calculation whose values changed
//! between two calculations, each with its legal reference; and what a change
//! in pay leaves the household with.

use etuus_engine::output::{format_number, format_value, NumberStyle};
use etuus_engine::trace::ROOT;
use etuus_engine::{Calculation, Value};
use rust_decimal::Decimal;

use super::ledger::Ledger;
use super::words::word;

/// A line of a benefit's calculation that changed.
#[derive(Debug, Clone, PartialEq)]
pub struct Reason {
    /// The variable's name.
    pub name: String,
    /// Its label.
    pub label: String,
    /// The person it is about, if any.
    pub member: Option<String>,
    /// The value before, as people read it (`–` if it had none).
    pub before: String,
    /// The value after.
    pub after: String,
    /// The change, for numbers.
    pub delta: Option<Decimal>,
    /// Whether the number is money.
    pub money: bool,
    /// Statute and section of the rule in force.
    pub reference: Option<String>,
}

/// The lines of result `result` that differ between `before` and `after`,
/// in the order of the calculation. People are matched by id, so a person
/// added or removed shows as a line with no value on one side.
pub fn moved_lines(
    before: &Calculation<'_>,
    after: &Calculation<'_>,
    result: &str,
    lang: usize,
) -> Vec<Reason> {
    let program = after.program();
    let Some(r) = program.result_named(result) else {
        return Vec::new();
    };
    let def = &program.results[r.index()];
    // The instances of an entity (persons, or groups such as families) by
    // their names, so that the same person or family is compared before and
    // after even when others join or leave.
    let labels = |calc: &Calculation<'_>, entity: etuus_engine::compile::ids::EntityId| {
        (0..calc.instances(entity))
            .map(|i| calc.instance_label(entity, i))
            .collect::<Vec<String>>()
    };
    let index_of = |calc: &Calculation<'_>, entity, id: &str| {
        labels(calc, entity)
            .iter()
            .position(|l| l == id)
            .map(|i| i as u32)
    };
    // A line shown only where its filter holds (a family's total on its first
    // member) is compared only there.
    let holds = |calc: &Calculation<'_>,
                 flag: Option<etuus_engine::compile::ids::VarId>,
                 member: Option<u32>| {
        match (flag, member) {
            (None, _) => true,
            (Some(_), None) => false,
            (Some(f), Some(m)) => {
                let at = if program.is_root_var(f) { ROOT } else { m };
                calc.value(f, at) == Some(Value::Bool(true))
            }
        }
    };
    let mut out = Vec::new();
    for (i, &var) in def.lines.iter().enumerate() {
        let vdef = &program.vars[var.index()];
        let filter = def.line_filters.get(i).copied().flatten();
        let filter = if program.is_root_var(var) {
            filter
        } else {
            // A filter of another entity (a person's flag on a family's line)
            // does not apply.
            filter.or(def.members_where).filter(|f| {
                let of = program.vars[f.index()].entity;
                of == vdef.entity || of.index() == 0
            })
        };
        let members: Vec<(Option<String>, Option<u32>, Option<u32>)> = if program.is_root_var(var) {
            vec![(None, Some(ROOT), Some(ROOT))]
        } else {
            let mut ids = labels(after, vdef.entity);
            for id in labels(before, vdef.entity) {
                if !ids.contains(&id) {
                    ids.push(id);
                }
            }
            ids.iter()
                .map(|id| {
                    (
                        Some(id.clone()),
                        index_of(before, vdef.entity, id),
                        index_of(after, vdef.entity, id),
                    )
                })
                .collect()
        };
        for (member, b, a) in members {
            if !holds(before, filter, b) && !holds(after, filter, a) {
                continue;
            }
            let vb = b.and_then(|m| before.value(var, m));
            let va = a.and_then(|m| after.value(var, m));
            if vb == va {
                continue;
            }
            // A person who is not there has no zero lines worth listing.
            let zero = |v: Option<Value>| match v {
                None => true,
                Some(Value::Num(d)) => d.is_zero(),
                _ => false,
            };
            if zero(vb) && zero(va) {
                continue;
            }
            let show = |v: Option<Value>| {
                v.map_or_else(
                    || "–".to_string(),
                    |v| format_value(program, &vdef.ty, v, lang),
                )
            };
            let delta = match (vb, va) {
                (Some(Value::Num(x)), Some(Value::Num(y))) => Some(y - x),
                (None, Some(Value::Num(y))) => Some(y),
                (Some(Value::Num(x)), None) => Some(-x),
                _ => None,
            };
            let formula = program.plan_formula(var, after.month());
            let code = program.info.languages.get(lang).map_or("", String::as_str);
            let reference = vdef
                .formulas
                .get(formula)
                .and_then(|f| f.reference.clone())
                .or_else(|| vdef.reference.clone())
                .map(|r| etuus_engine::explain::localize_reference(&r, code));
            out.push(Reason {
                name: vdef.name.clone(),
                label: vdef.labels.get(lang).to_string(),
                member,
                before: show(vb),
                after: show(va),
                delta,
                money: is_money(&vdef.ty),
                reference,
            });
        }
    }
    out
}

fn is_money(ty: &etuus_engine::types::DeclaredType) -> bool {
    matches!(
        ty,
        etuus_engine::types::DeclaredType::Number(etuus_engine::types::NumKind::Money, _)
    )
}

/// What a change in pay leaves the household with.
#[derive(Debug, Clone, PartialEq)]
pub struct Incentive {
    /// The change in gross earnings.
    pub earnings: Decimal,
    /// The change in disposable income: what the household keeps.
    pub kept: Decimal,
    /// The effective marginal tax rate, 1 − kept / earnings.
    pub rate: Decimal,
    /// What took the rest: each benefit's change after tax and the change
    /// in tax on earnings (positive = more tax), by label.
    pub parts: Vec<(String, Decimal)>,
}

impl Incentive {
    /// Between two ledgers; `None` when the earnings did not change.
    pub fn between(before: &Ledger, after: &Ledger, lang: &str) -> Option<Incentive> {
        let earnings = after.earnings - before.earnings;
        if earnings.is_zero() {
            return None;
        }
        let kept = after.disposable - before.disposable;
        let rate = Decimal::ONE - kept / earnings;
        let mut parts = Vec::new();
        for b in &after.benefits {
            let old = before.benefit(b.key).map_or(Decimal::ZERO, |x| x.net);
            let change = b.net - old;
            if !change.is_zero() {
                parts.push((b.label.clone(), change));
            }
        }
        let tax = after.earnings_tax - before.earnings_tax;
        if !tax.is_zero() {
            parts.push((word("earnings_tax", lang).to_string(), tax));
        }
        let other = after.other_net - before.other_net;
        if !other.is_zero() {
            parts.push((word("other_net", lang).to_string(), other));
        }
        Some(Incentive {
            earnings,
            kept,
            rate,
            parts,
        })
    }

    /// "Does work pay?" in one sentence.
    pub fn sentence(&self, lang: &str) -> String {
        let style = NumberStyle::for_language(lang);
        let eur = |d: Decimal| format!("{} €", format_number(d.abs(), true, style));
        let parts: Vec<String> = self
            .parts
            .iter()
            .map(|(label, change)| {
                // Tax is shown as the household sees it: more tax is "+".
                format!("{} {}", lower_first(label), signed_eur(*change, style))
            })
            .collect();
        let rate = percent(self.rate, style);
        let more = self.earnings > Decimal::ZERO;
        let head = match (lang, more) {
            ("fi", true) => format!(
                "Kun bruttopalkka kasvaa {}, kotitaloudelle jää {} {} (efektiivinen rajaveroaste {rate})",
                eur(self.earnings),
                if self.kept < Decimal::ZERO { "miinusta" } else { "siitä" },
                eur(self.kept)
            ),
            ("fi", false) => format!(
                "Kun bruttopalkka pienenee {}, käytettävissä olevat tulot muuttuvat {} (efektiivinen rajaveroaste {rate})",
                eur(self.earnings),
                signed_eur(self.kept, style)
            ),
            ("sv", true) => format!(
                "Av {} mer i bruttolön behåller hushållet {}{} (effektiv marginalskatt {rate})",
                eur(self.earnings),
                if self.kept < Decimal::ZERO { "minus " } else { "" },
                eur(self.kept)
            ),
            ("sv", false) => format!(
                "Med {} mindre i bruttolön ändras de disponibla inkomsterna med {} (effektiv marginalskatt {rate})",
                eur(self.earnings),
                signed_eur(self.kept, style)
            ),
            (_, true) => format!(
                "Of {} more gross pay the household keeps {}{} (effective marginal tax rate {rate})",
                eur(self.earnings),
                if self.kept < Decimal::ZERO { "minus " } else { "" },
                eur(self.kept)
            ),
            (_, false) => format!(
                "With {} less gross pay disposable income changes by {} (effective marginal tax rate {rate})",
                eur(self.earnings),
                signed_eur(self.kept, style)
            ),
        };
        if parts.is_empty() {
            format!("{head}.")
        } else {
            format!("{head}: {}.", parts.join(", "))
        }
    }
}

/// `+120,00 €` / `−386,40 €`.
pub fn signed_eur(d: Decimal, style: NumberStyle) -> String {
    let sign = if d > Decimal::ZERO {
        "+"
    } else if d < Decimal::ZERO {
        "−"
    } else {
        "±"
    };
    format!("{sign}{} €", format_number(d.abs(), true, style))
}

/// A rate as a percentage with at most one decimal: `100 %`, `62,5 %`.
pub fn percent(rate: Decimal, style: NumberStyle) -> String {
    let p = (rate * Decimal::ONE_HUNDRED)
        .round_dp_with_strategy(1, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
    format!("{} %", format_number(p, false, style))
}

/// The label with its first letter in lower case, for use inside a sentence.
pub fn lower_first(label: &str) -> String {
    let mut chars = label.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}
