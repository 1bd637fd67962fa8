//! Serde structs that mirror the YAML of a rule file, one struct per kind of item.
//!
//! Every user-written scalar is `Spanned`, so the checker can point at it.
//! Values are kept as the text the author wrote; the checker parses them by
//! their declared type, so `0.80` stays an exact decimal.

use serde::de::{Deserializer, MapAccess, Visitor};
use serde::Deserialize;
use serde_saphyr::Spanned;

use super::entries::Entries;

/// A text with its place in the file.
pub type Text = Spanned<String>;

/// Labels by language code: `{fi: vuokra, sv: hyra, en: rent}`.
pub type Labels = Entries<Text>;

/// One rule file. Every section is optional; a rule set is the union of its files.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFile {
    /// Prefix for every item in the file: `asumistuki` makes `tukiprosentti`
    /// known as `asumistuki.tukiprosentti`.
    pub namespace: Option<Text>,
    /// What the file is about, for readers.
    pub description: Option<Text>,
    /// A date variable whose value, instead of the month's first day, picks
    /// the parameter values every formula in this file reads (e.g. the date
    /// of the decision whose law applies).
    pub law_date: Option<Text>,
    /// The rule set's own settings (exactly one file has them).
    pub ruleset: Option<RawRuleset>,
    /// Kinds of entity: persons and the groups they belong to.
    pub entities: Option<Entries<RawEntity>>,
    /// Base units and how they are written in each language.
    pub units: Option<Entries<RawUnit>>,
    /// Enumerations.
    pub enums: Option<Entries<RawEnum>>,
    /// Parameters: dated values from the law.
    pub parameters: Option<Entries<RawParameter>>,
    /// Variables: inputs and formulas.
    pub variables: Option<Entries<RawVariable>>,
    /// Results: the benefits a calculation reports and the lines that explain them.
    pub results: Option<Entries<RawResult>>,
    /// Conditions a household must meet; a failed one is an input error.
    pub checks: Option<Entries<RawCheck>>,
}

/// A condition on the inputs; if it does not hold, the calculation stops
/// with an input error naming `field`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCheck {
    /// The entity the condition is about.
    pub entity: Text,
    /// A formula that must be true.
    pub condition: Text,
    /// The input the error names, e.g. `asumistuki.paatospaiva`.
    pub field: Text,
    /// What is wrong and what is allowed, by language.
    pub message: Labels,
    /// The statute that makes the input invalid.
    pub reference: Option<Text>,
}

/// The rule set's identity and the months it covers.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRuleset {
    /// Name, e.g. `etuus-fi`.
    pub name: Text,
    /// Version of the rules, e.g. `2026.11.0`.
    pub version: Text,
    /// First covered month, `YYYY-MM`.
    pub covers_from: Text,
    /// Last covered month, `YYYY-MM`.
    pub covers_until: Text,
    /// Languages every label must be given in; the first is the default.
    pub languages: Vec<Text>,
    /// The entity one calculation is about (one per household file).
    pub root_entity: Text,
    /// Results calculated when the caller names none.
    pub default_results: Vec<Text>,
    /// Shown under every explanation, e.g. that the result is an estimate.
    pub disclaimer: Option<Labels>,
}

/// A kind of entity.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawEntity {
    /// Name used in household files and aggregates for its members: `henkilot`.
    pub plural: Text,
    /// Which entity this one's members belong to; absent for the root.
    pub member_of: Option<Text>,
    /// Fewest members a household must list (for member entities).
    pub min_members: Option<Spanned<u32>>,
    /// A derived group entity: the entity whose members it groups (e.g. a
    /// family of persons). Its instances are not listed in household files.
    pub groups: Option<Text>,
    /// For a group entity: the variable of the grouped members whose equal
    /// values put them in one group.
    pub key: Option<Text>,
    /// Labels.
    pub labels: Labels,
}

/// A base unit.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawUnit {
    /// How the unit is written in each language: `{fi: kk, sv: mån, en: month}`.
    pub labels: Labels,
}

/// An enumeration.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawEnum {
    /// Labels of the enumeration itself.
    pub labels: Labels,
    /// The variants, keyed by their code.
    pub values: Entries<RawVariant>,
}

/// One variant of an enumeration.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawVariant {
    /// Labels; a household file may name the variant by its code or any label.
    pub labels: Labels,
    /// If present, choosing this variant in a household is an input error with this message.
    pub rejected: Option<Labels>,
}

/// A status of a value or formula, shown in explanations.
#[derive(Debug, Deserialize, Clone, Copy, PartialEq, Eq, Default)]
#[serde(rename_all = "lowercase")]
pub enum RawStatus {
    /// Confirmed from a primary source.
    #[default]
    Confirmed,
    /// Only a secondary source supports it.
    Unconfirmed,
    /// Computed from other sourced values.
    Derived,
}

/// A remark attached to an item: ambiguity, discretion, or a gap in the model.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawNote {
    /// What kind of remark.
    pub kind: Text,
    /// The remark by language.
    pub text: Labels,
    /// A formula; the remark is shown only when it holds (variables only).
    pub when: Option<Text>,
}

/// A parameter.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawParameter {
    /// `money`, `rate`, `number`, `integer`, `bool`, `date` or an enum name.
    #[serde(rename = "type")]
    pub ty: Text,
    /// Unit, e.g. `eur/month`.
    pub unit: Option<Text>,
    /// For tables: the type of each key (an enum name or `integer`).
    pub keys: Option<Vec<Text>>,
    /// Labels.
    pub labels: Labels,
    /// Legal reference that applies to every value unless the value gives its own.
    pub reference: Option<Text>,
    /// Remarks.
    pub notes: Option<Vec<RawNote>>,
    /// The dated values, oldest first.
    pub values: Vec<RawParamValue>,
}

/// One dated value of a parameter.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawParamValue {
    /// First day in force, `YYYY-MM-DD`.
    pub since: Text,
    /// The value of a scalar parameter, as written.
    pub value: Option<Text>,
    /// The value of a table parameter: nested mappings, one level per key.
    pub table: Option<Entries<Spanned<RawCell>>>,
    /// Table value for keys the table does not list.
    pub default: Option<Text>,
    /// `true` if the parameter no longer exists from this date.
    pub abolished: Option<Spanned<bool>>,
    /// Statute and section, e.g. `938/2014 16 §`.
    pub reference: Option<Text>,
    /// URL of the source.
    pub source: Option<Text>,
    /// How well the value is sourced.
    pub status: Option<Spanned<RawStatus>>,
    /// Remark on this value.
    pub note: Option<Text>,
}

/// A table cell: a nested mapping or a scalar.
///
/// Scalars keep only their kind here: the checker rereads the exact text
/// from the file at the cell's span, so no decimal passes through a float.
#[derive(Debug)]
pub enum RawCell {
    /// A further level of keys.
    Map(Entries<Spanned<RawCell>>),
    /// A value.
    Scalar,
    /// `~`: no value here, on purpose (the keys cannot occur).
    Null,
}

impl<'de> Deserialize<'de> for RawCell {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct CellVisitor;

        impl<'de> Visitor<'de> for CellVisitor {
            type Value = RawCell;

            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a value or a mapping of keys to values")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawCell, A::Error> {
                let mut entries = Vec::new();
                while let Some(key) = map.next_key()? {
                    entries.push((key, map.next_value()?));
                }
                Ok(RawCell::Map(Entries(entries)))
            }

            fn visit_bool<E>(self, _: bool) -> Result<RawCell, E> {
                Ok(RawCell::Scalar)
            }

            fn visit_i64<E>(self, _: i64) -> Result<RawCell, E> {
                Ok(RawCell::Scalar)
            }

            fn visit_u64<E>(self, _: u64) -> Result<RawCell, E> {
                Ok(RawCell::Scalar)
            }

            fn visit_f64<E>(self, _: f64) -> Result<RawCell, E> {
                Ok(RawCell::Scalar)
            }

            fn visit_str<E>(self, _: &str) -> Result<RawCell, E> {
                Ok(RawCell::Scalar)
            }

            fn visit_unit<E>(self) -> Result<RawCell, E> {
                Ok(RawCell::Null)
            }

            fn visit_none<E>(self) -> Result<RawCell, E> {
                Ok(RawCell::Null)
            }
        }

        deserializer.deserialize_any(CellVisitor)
    }
}

/// A variable: an input or a quantity computed by formulas.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawVariable {
    /// Which entity the variable belongs to.
    pub entity: Text,
    /// `money`, `rate`, `number`, `integer`, `bool`, `date` or an enum name.
    #[serde(rename = "type")]
    pub ty: Text,
    /// Unit, e.g. `eur/month`.
    pub unit: Option<Text>,
    /// Labels.
    pub labels: Labels,
    /// Statute and section.
    pub reference: Option<Text>,
    /// Remarks.
    pub notes: Option<Vec<RawNote>>,
    /// For inputs: how a household gives the value.
    pub input: Option<RawInput>,
    /// A single formula in force for the whole covered range.
    pub formula: Option<Text>,
    /// Dated formulas, oldest first.
    pub formulas: Option<Vec<RawFormula>>,
}

/// How a household file gives an input.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawInput {
    /// Value used when the household does not give one.
    pub default: Option<Text>,
    /// The household must give a value.
    pub required: Option<Spanned<bool>>,
    /// Smallest allowed value.
    pub min: Option<Text>,
    /// Largest allowed value.
    pub max: Option<Text>,
    /// Longer help for forms, by language.
    pub help: Option<Labels>,
}

/// One dated formula of a variable.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFormula {
    /// First day in force.
    pub since: Text,
    /// The expression; `~` says the variable does not exist from `since`
    /// (until a later version brings it back).
    pub formula: Option<Text>,
    /// Statute and section this version implements.
    pub reference: Option<Text>,
    /// How well the rule is sourced.
    pub status: Option<Spanned<RawStatus>>,
    /// Remark on this version.
    pub note: Option<Text>,
}

/// A result a calculation reports: a benefit or a summary, with its explanation lines.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawResult {
    /// Labels.
    pub labels: Labels,
    /// The variable whose value is the result.
    pub amount: Text,
    /// Variables shown as the lines of the explanation, in order.
    pub lines: Vec<Text>,
    /// A member variable (true or false): member lines are shown only for members for whom it holds.
    pub members_where: Option<Text>,
    /// The explanation leaves out lines whose value is zero, as Kela's calculations do.
    pub omit_zero_lines: Option<Spanned<bool>>,
    /// Statute the result rests on, for the explanation's heading.
    pub reference: Option<Text>,
}
