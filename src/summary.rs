//! The results of a calculation and the lines that explain them, as flat
//! rows: what a Kela laskelma shows, and nothing of the intermediate values
//! behind it.
//!
//! The rows are what a rule change is reviewed on: [`snapshot_document`]
//! writes them, month by month, as one stable text per household, and
//! [`crate::diff`] compares them between two months or two rule sets.

use etuus_engine::output::result::value_out;
use etuus_engine::output::Out;
use etuus_engine::trace::ROOT;
use etuus_engine::types::DeclaredType;
use etuus_engine::{Calculation, Household, Month, RuleSet};

/// One result of a calculation: its amount and its lines, or why it could not
/// be computed.
#[derive(Debug, Clone, PartialEq)]
pub struct ResultRows {
    /// The result's name, e.g. `yleinen_asumistuki`.
    pub name: String,
    /// The amount first, then the lines in the result's order. Lines the
    /// laskelma leaves out (zero lines where the result says so, lines whose
    /// filter does not hold, variables not in force this month) are left out.
    pub rows: Vec<Row>,
    /// Why the result could not be computed (an input it needs is missing).
    pub error: Option<String>,
}

/// One value shown in a result.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// The variable's name, e.g. `asumistuki.perusomavastuu`.
    pub name: String,
    /// The member the value is about (`None` for the household).
    pub member: Option<String>,
    /// The value, written as in the result document (exact decimals, enum codes).
    pub value: Out,
    /// The unit as rule files write it, e.g. `eur/month`; `None` for no unit.
    pub unit: Option<String>,
    /// Whether this row is the result's amount.
    pub is_amount: bool,
}

impl Row {
    /// The value as text: `108.15`, `peruspaivaraha`, `true`.
    pub fn value_text(&self) -> String {
        out_text(&self.value)
    }

    /// `name` or `name [member]`.
    pub fn key(&self) -> String {
        match &self.member {
            Some(member) => format!("{} [{member}]", self.name),
            None => self.name.clone(),
        }
    }
}

/// A scalar of the result document as plain text.
pub fn out_text(value: &Out) -> String {
    match value {
        Out::Str(s) => s.clone(),
        other => other.to_json_line(),
    }
}

/// The results of a calculation, in the rule set's order, each with the
/// lines its laskelma shows.
pub fn result_rows(calc: &Calculation<'_>) -> Vec<ResultRows> {
    let program = calc.program();
    let mut out = Vec::new();
    for &result in calc.results() {
        let mut rows = Vec::new();
        for shown in calc.shown_lines(result) {
            let def = &program.vars[shown.var.index()];
            let Some(value) = calc.value(shown.var, shown.member) else {
                continue;
            };
            let row = Row {
                name: def.name.clone(),
                member: (shown.member != ROOT)
                    .then(|| calc.household().members[shown.member as usize].id.clone()),
                value: value_out(program, &def.ty, value),
                unit: match &def.ty {
                    DeclaredType::Number(_, unit) if !unit.is_one() => {
                        Some(program.unit_name(unit))
                    }
                    _ => None,
                },
                is_amount: shown.is_amount,
            };
            if shown.is_amount {
                rows.insert(0, row);
            } else {
                rows.push(row);
            }
        }
        out.push((
            result,
            ResultRows {
                name: program.results[result.index()].name.clone(),
                rows,
                error: None,
            },
        ));
    }
    for (result, error) in calc.failed_results() {
        out.push((
            *result,
            ResultRows {
                name: program.results[result.index()].name.clone(),
                rows: Vec::new(),
                error: Some(error.to_string()),
            },
        ));
    }
    out.sort_by_key(|(r, _)| {
        program
            .default_results
            .iter()
            .position(|d| d == r)
            .unwrap_or(usize::MAX)
    });
    out.into_iter().map(|(_, rows)| rows).collect()
}

/// Where the value column starts in a snapshot document; longer names push it.
const NAME_WIDTH: usize = 60;

/// One household's results and their lines in each month, as a compact text
/// for snapshot tests: one line per value, each starting with its month, so a
/// rule change shows exactly the amounts it moved and every changed line
/// says which month it is about.
///
/// ```text
/// 2024-04  yleinen_asumistuki                                     108.15 eur/month
/// 2024-04    asumistuki.perusomavastuu                            826.50 eur/month
/// 2024-04    asumistuki.huomioon_otettavat_tulot [aino]          2300.00 eur/month
/// ```
pub fn snapshot_document(rules: &RuleSet, household: &Household, months: &[Month]) -> String {
    let mut text = String::new();
    if let Some(description) = &household.description {
        text.push_str(&format!("# {}\n", description.trim()));
    }
    for &month in months {
        let calc = match rules.calculate(household, month) {
            Ok(calc) => calc,
            Err(e) => {
                text.push_str(&format!("{month}  error: {e}\n"));
                continue;
            }
        };
        for result in result_rows(&calc) {
            if let Some(error) = &result.error {
                text.push_str(&format!(
                    "{month}  {}: not computed: {error}\n",
                    result.name
                ));
                continue;
            }
            for row in &result.rows {
                let name = if row.is_amount {
                    result.name.clone()
                } else {
                    format!("  {}", row.key())
                };
                let value = row.value_text();
                let unit = row
                    .unit
                    .as_deref()
                    .map_or(String::new(), |u| format!(" {u}"));
                let pad = NAME_WIDTH.saturating_sub(name.chars().count() + value.chars().count());
                text.push_str(&format!(
                    "{month}  {name} {:pad$}{value}{unit}\n",
                    "",
                    pad = pad
                ));
            }
        }
    }
    text
}
