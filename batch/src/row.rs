//! One output row as the writers see it.

use etuus_engine::{Household, Month, Value};

use crate::compute::RowValues;
use crate::error::RowError;

/// A row's id as the input gave it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Id<'a> {
    /// No id.
    None,
    /// Text.
    Text(&'a str),
    /// A JSON value other than text (a number), as written.
    Json(&'a str),
    /// A whole number.
    Int(i64),
}

/// One household-month(-scenario) row, ready to write.
#[derive(Debug, Clone, Copy)]
pub struct Row<'a> {
    /// The household's 1-based position in the input (the line, for JSON lines).
    pub row: u64,
    /// Its id.
    pub id: Id<'a>,
    /// The month calculated, if the row got as far as having one.
    pub month: Option<Month>,
    /// The scenario's index in the grid.
    pub scenario: usize,
    /// The household, if it could be read (member ids come from it).
    pub household: Option<&'a Household>,
    /// The values (all empty for a failed row).
    pub values: &'a RowValues,
    /// Why the row failed or is incomplete.
    pub error: Option<&'a RowError>,
}

impl Row<'_> {
    /// The id of member `m` of member group `g`: a household member's id,
    /// or a group's (a family's) members' ids.
    pub fn member_id(&self, g: usize, m: u32) -> &str {
        if let Some(label) = self
            .values
            .group_labels
            .get(g)
            .and_then(|labels| labels.get(m as usize))
        {
            return label;
        }
        self.household
            .and_then(|h| h.members.get(m as usize))
            .map_or("", |member| member.id.as_str())
    }
}

/// Formats a value the way the result document does: money with at least
/// two decimals, enum values by their code, dates `YYYY-MM-DD`.
pub fn value_text(
    program: &etuus_engine::Program,
    ty: &etuus_engine::types::DeclaredType,
    value: Value,
    out: &mut String,
) {
    use etuus_engine::types::{DeclaredType, NumKind};
    use std::fmt::Write as _;
    match (ty, value) {
        (DeclaredType::Number(NumKind::Money, _), Value::Num(d)) if d.scale() < 2 => {
            let mut d = d;
            d.rescale(2);
            let _ = write!(out, "{d}");
        }
        (_, Value::Num(d)) => {
            let _ = write!(out, "{d}");
        }
        (_, Value::Bool(b)) => out.push_str(if b { "true" } else { "false" }),
        (_, Value::Date(d)) => {
            let _ = write!(out, "{}", d.format("%Y-%m-%d"));
        }
        (DeclaredType::Enum(id), Value::Enum(v)) => {
            if let Some(variant) = program.enums[id.index()].variants.get(v as usize) {
                out.push_str(&variant.key);
            }
        }
        (_, Value::Enum(v)) => {
            let _ = write!(out, "{v}");
        }
    }
}
