//! The compiled rule set and the definitions it holds.

use std::sync::Arc;

use chrono::NaiveDate;

use super::ids::{EntityId, EnumId, NodeId, ParamId, ResultId, UnitId, VarId};
use super::month::{Month, MonthPlan};
use super::node::{Args, Node};
use crate::source::{SourceMap, Span};
use crate::types::{DeclaredType, Unit};
use crate::value::Value;

/// Text in each of the rule set's languages, in the order the rule set lists them.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Labels(pub Vec<String>);

impl Labels {
    /// The text in language number `lang`, falling back to the first language.
    pub fn get(&self, lang: usize) -> &str {
        self.0
            .get(lang)
            .filter(|s| !s.is_empty())
            .or_else(|| self.0.first())
            .map_or("", String::as_str)
    }
}

/// How well a value or formula is sourced; the explanation shows anything
/// but `Confirmed` at the line that used it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub enum Status {
    /// From a primary source.
    #[default]
    Confirmed,
    /// Supported only by a secondary source.
    Unconfirmed,
    /// Computed from other sourced values.
    Derived,
}

impl Status {
    /// The status's name.
    pub fn name(self) -> &'static str {
        match self {
            Status::Confirmed => "confirmed",
            Status::Unconfirmed => "unconfirmed",
            Status::Derived => "derived",
        }
    }
}

/// The kind of a remark on an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum NoteKind {
    /// The law or practice is unclear; the rule makes a stated choice.
    Ambiguous,
    /// A person decides this case by case; the engine takes it as input.
    Discretion,
    /// Something the rule does not model.
    Gap,
    /// Background for the reader.
    Info,
}

impl NoteKind {
    /// The kind with the given name.
    pub fn from_name(name: &str) -> Option<NoteKind> {
        Some(match name {
            "ambiguous" => NoteKind::Ambiguous,
            "discretion" => NoteKind::Discretion,
            "gap" => NoteKind::Gap,
            "info" => NoteKind::Info,
            _ => return None,
        })
    }

    /// The kind's name.
    pub fn name(self) -> &'static str {
        match self {
            NoteKind::Ambiguous => "ambiguous",
            NoteKind::Discretion => "discretion",
            NoteKind::Gap => "gap",
            NoteKind::Info => "info",
        }
    }
}

/// A remark on a variable or parameter.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Note {
    /// Its kind.
    pub kind: NoteKind,
    /// Its text.
    pub text: Labels,
    /// Shown only when this condition holds.
    pub when: Option<NodeId>,
}

/// The rule set's identity and coverage.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct RulesetInfo {
    /// Name, e.g. `etuus-fi`.
    pub name: String,
    /// Version of the rules.
    pub version: String,
    /// First covered month.
    pub first_month: Month,
    /// Last covered month.
    pub last_month: Month,
    /// Language codes; labels are stored in this order.
    pub languages: Vec<String>,
    /// SHA-256 of every rule file's name and text, in hex.
    pub hash: String,
    /// Shown under every explanation.
    pub disclaimer: Option<Labels>,
}

/// A kind of entity.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct EntityDef {
    /// Name, e.g. `henkilo`.
    pub name: String,
    /// Plural, used as the key of its members in household files: `henkilot`.
    pub plural: String,
    /// Labels.
    pub labels: Labels,
    /// The entity its members belong to; `None` for the root.
    pub member_of: Option<EntityId>,
    /// Fewest members a household must list.
    pub min_members: u32,
    /// For a group entity derived from the members of another (a family of
    /// persons): how its instances are formed.
    pub grouping: Option<Grouping>,
}

impl EntityDef {
    /// Whether a household file lists this entity's members (persons do; the
    /// root and derived groups do not).
    pub fn is_listed(&self) -> bool {
        self.member_of.is_some() && self.grouping.is_none()
    }
}

/// How a group entity's instances are derived: the members of entity `of`
/// with equal values of `key` form one instance, numbered in the order their
/// first member is listed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Grouping {
    /// The entity whose members are grouped (e.g. persons).
    pub of: EntityId,
    /// A variable of that entity; members with equal values share a group.
    pub key: VarId,
}

/// A base unit.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct UnitDef {
    /// Name used in rule files, e.g. `eur`.
    pub name: String,
    /// How it is written in each language.
    pub labels: Labels,
}

/// An enumeration.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct EnumDef {
    /// Name.
    pub name: String,
    /// Labels.
    pub labels: Labels,
    /// Variants in declaration order; a value is an index into this.
    pub variants: Vec<VariantDef>,
    /// Every variant's key and labels, lower-cased, to its index (rebuilt
    /// when a serialised program is loaded).
    #[serde(skip)]
    pub lookup: std::collections::HashMap<String, u32>,
}

impl EnumDef {
    /// An enumeration, with its lookup table built from the variants.
    pub fn new(name: String, labels: Labels, variants: Vec<VariantDef>) -> EnumDef {
        let mut lookup = std::collections::HashMap::new();
        for (index, variant) in variants.iter().enumerate() {
            for name in std::iter::once(&variant.key).chain(variant.labels.0.iter()) {
                lookup.entry(name.to_lowercase()).or_insert(index as u32);
            }
        }
        EnumDef {
            name,
            labels,
            variants,
            lookup,
        }
    }
}

/// A variant of an enumeration.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct VariantDef {
    /// Its code, e.g. `091` or `vuokra`.
    pub key: String,
    /// Labels.
    pub labels: Labels,
    /// If set, a household may not choose it; the text says why.
    pub rejected: Option<Labels>,
}

/// Where an item is defined, for messages and documentation.
#[derive(Debug, Clone, Copy, serde::Serialize, serde::Deserialize)]
pub struct Origin {
    /// The item's name in its file.
    pub span: Span,
}

/// A parameter and its dated values.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct ParamDef {
    /// Qualified name.
    pub name: String,
    /// Type of each value (of each cell, for tables).
    pub ty: DeclaredType,
    /// For tables, the type of each key.
    pub keys: Vec<KeyType>,
    /// Labels.
    pub labels: Labels,
    /// Remarks.
    pub notes: Vec<Note>,
    /// Dated values, ascending by date.
    pub versions: Vec<ParamVersion>,
    /// Where it is defined.
    pub origin: Origin,
}

/// The type of a table key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum KeyType {
    /// A variant of this enumeration.
    Enum(EnumId),
    /// A whole number.
    Integer,
}

/// One dated value of a parameter.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct ParamVersion {
    /// First day in force.
    #[serde(with = "crate::serial::date")]
    pub since: NaiveDate,
    /// The value.
    pub value: ParamValue,
    /// Statute and section.
    pub reference: String,
    /// URL of the source, if known.
    pub source: Option<String>,
    /// How well it is sourced.
    pub status: Status,
    /// A remark.
    pub note: Option<String>,
    /// Where it is written.
    pub span: Span,
}

/// The value of a parameter version.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub enum ParamValue {
    /// A single value.
    Scalar(Value),
    /// A table.
    Table(Table),
    /// The parameter no longer exists.
    Abolished,
}

/// A table of values keyed by one or more enum or integer keys.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Table {
    /// One per key, in order.
    pub dims: Vec<TableDim>,
    /// Cells in row-major order; `None` where the table has no row.
    pub cells: Vec<Option<Value>>,
    /// Value for keys without a cell.
    pub default: Option<Value>,
}

/// One dimension of a table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum TableDim {
    /// Keyed by the variants of an enumeration.
    Enum {
        /// Number of variants.
        len: u32,
    },
    /// Keyed by whole numbers `min..min + len`.
    Integer {
        /// Smallest key.
        min: i64,
        /// Number of keys.
        len: u32,
    },
}

impl TableDim {
    /// Number of positions in this dimension.
    pub fn len(self) -> usize {
        match self {
            TableDim::Enum { len } | TableDim::Integer { len, .. } => len as usize,
        }
    }

    /// Whether the dimension has no positions.
    pub fn is_empty(self) -> bool {
        self.len() == 0
    }
}

impl Table {
    /// The cell for the given key positions, or the default.
    #[inline]
    pub fn get(&self, positions: &[usize]) -> Option<Value> {
        let mut index = 0;
        for (dim, &pos) in self.dims.iter().zip(positions) {
            index = index * dim.len() + pos;
        }
        self.cells.get(index).copied().flatten().or(self.default)
    }
}

/// How a household gives an input variable.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct InputDecl {
    /// Value used when none is given; `None` with `required == false` makes the input optional.
    pub default: Option<Value>,
    /// The household must give it.
    pub required: bool,
    /// Smallest allowed value.
    pub min: Option<Value>,
    /// Largest allowed value.
    pub max: Option<Value>,
    /// Longer help for forms.
    pub help: Option<Labels>,
}

/// One dated formula of a variable.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct FormulaDef {
    /// First day in force.
    #[serde(with = "crate::serial::date")]
    pub since: NaiveDate,
    /// Root of the compiled expression.
    pub root: NodeId,
    /// The formula as written.
    pub text: String,
    /// Statute and section.
    pub reference: Option<String>,
    /// How well it is sourced.
    pub status: Status,
    /// A remark.
    pub note: Option<String>,
    /// Where the formula is written.
    pub span: Span,
    /// False for a `formula: ~` version: the variable does not exist then,
    /// results leave it out and no formula may read it.
    pub in_force: bool,
}

/// A variable.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct VarDef {
    /// Qualified name.
    pub name: String,
    /// The entity it belongs to.
    pub entity: EntityId,
    /// Its type.
    pub ty: DeclaredType,
    /// Labels.
    pub labels: Labels,
    /// Statute and section.
    pub reference: Option<String>,
    /// Remarks.
    pub notes: Vec<Note>,
    /// Present for inputs.
    pub input: Option<InputDecl>,
    /// Dated formulas, ascending; empty for inputs.
    pub formulas: Vec<FormulaDef>,
    /// Where it is defined.
    pub origin: Origin,
    /// Slot of the variable: for root variables the slot itself, for member
    /// variables the index among member variables.
    pub slot: u32,
}

/// A result the rule set reports.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct ResultDef {
    /// Name.
    pub name: String,
    /// Labels.
    pub labels: Labels,
    /// The variable holding the amount.
    pub amount: VarId,
    /// Variables shown as explanation lines.
    pub lines: Vec<VarId>,
    /// Per line: its own filter (`name where flag`), else `members_where`.
    /// A root-entity flag shows or hides the whole line.
    pub line_filters: Vec<Option<VarId>>,
    /// The explanation leaves out lines whose value is zero.
    pub omit_zero_lines: bool,
    /// Member lines are shown only for members for whom this variable is true.
    pub members_where: Option<VarId>,
    /// Statute the result rests on.
    pub reference: Option<String>,
}

/// A condition the inputs must meet.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct CheckDef {
    /// Qualified name.
    pub name: String,
    /// The entity it is about.
    pub entity: EntityId,
    /// The condition's compiled root.
    pub root: NodeId,
    /// The input the error names.
    pub field: String,
    /// The error message.
    pub message: Labels,
    /// The statute behind it.
    pub reference: Option<String>,
}

/// Where a month lies relative to the months a rule set covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Coverage {
    /// Before the first covered month: the rules do not answer for it.
    Before,
    /// Covered.
    Covered,
    /// After the last covered month: the law may since have changed; the
    /// last known law can be carried forward, every value marked unconfirmed.
    After,
}

/// A checked, compiled rule set, ready to evaluate households.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Program {
    /// Identity and coverage.
    pub info: RulesetInfo,
    /// Entities; index 0 is the root.
    pub entities: Vec<EntityDef>,
    /// Base units.
    pub units: Vec<UnitDef>,
    /// Enumerations.
    pub enums: Vec<EnumDef>,
    /// Parameters.
    pub params: Vec<ParamDef>,
    /// Variables.
    pub vars: Vec<VarDef>,
    /// Results.
    pub results: Vec<ResultDef>,
    /// Results calculated by default.
    pub default_results: Vec<ResultId>,
    /// Conditions on the inputs.
    pub checks: Vec<CheckDef>,
    /// The expression graph of every formula.
    pub nodes: Vec<Node>,
    /// Argument lists of nodes with several children.
    pub args: Vec<NodeId>,
    /// Per node: whether its value is an amount of money (for display).
    pub node_money: Vec<bool>,
    /// One plan per covered month, from the first.
    pub months: Vec<MonthPlan>,
    /// Variables by qualified name, for reading households and results
    /// (rebuilt when a serialised program is loaded).
    #[serde(skip)]
    pub var_index: std::collections::HashMap<String, VarId>,
    /// Namespaces of variables.
    pub namespaces: Vec<String>,
    /// The input variables, in declaration order.
    pub input_vars: Vec<VarId>,
    /// Number of root-entity variables (their slots come first).
    pub root_slots: u32,
    /// Number of member-entity variables.
    pub member_slots: u32,
    /// The rule files, for messages (empty in a program loaded from its
    /// serialised form: it is checked already).
    #[serde(skip)]
    pub sources: Arc<SourceMap>,
    /// The flat evaluator's code per month plan, compiled on first use.
    #[serde(skip)]
    pub code_cache: crate::vm::CodeCache,
    /// Formulas generated as Rust at build time for this program, if any
    /// ([`crate::vm::native`]): the flat evaluator runs them in place of its
    /// closures.
    #[serde(skip)]
    pub natives: Option<&'static crate::vm::native::Natives>,
    /// Where each value goes in a result document, built on first use.
    #[serde(skip)]
    pub(crate) output_layout: std::sync::OnceLock<crate::output::Layout>,
    /// The keys a household file may hold, built on first use.
    #[serde(skip)]
    pub(crate) input_index: std::sync::OnceLock<crate::household::index::InputIndex>,
}

impl Program {
    /// The children of a node with several.
    #[inline]
    pub fn args(&self, args: Args) -> &[NodeId] {
        &self.args[args.start as usize..(args.start + args.len) as usize]
    }

    /// The variable with the given qualified name.
    pub fn var_named(&self, name: &str) -> Option<VarId> {
        self.var_index.get(name).copied()
    }

    /// Whether `name` is the namespace of some variable (`asumistuki`).
    pub fn is_namespace(&self, name: &str) -> bool {
        self.namespaces.iter().any(|n| n == name)
    }

    /// The parameter with the given qualified name.
    pub fn param_named(&self, name: &str) -> Option<ParamId> {
        self.params
            .iter()
            .position(|p| p.name == name)
            .map(|i| ParamId(i as u32))
    }

    /// The result with the given name.
    pub fn result_named(&self, name: &str) -> Option<ResultId> {
        self.results
            .iter()
            .position(|r| r.name == name)
            .map(|i| ResultId(i as u32))
    }

    /// Index of the formula of `var` in force in the law of `month` (0 if
    /// outside the rules; a month after them uses the last covered month's).
    pub fn plan_formula(&self, var: VarId, month: Month) -> usize {
        self.plan(month)
            .or_else(|| {
                (month > self.info.last_month)
                    .then(|| self.months.last())
                    .flatten()
            })
            .map_or(0, |plan| plan.formula[var.index()] as usize)
    }

    /// Where `month` lies relative to the months the rules cover.
    pub fn coverage(&self, month: Month) -> Coverage {
        if month < self.info.first_month {
            Coverage::Before
        } else if month > self.info.last_month {
            Coverage::After
        } else {
            Coverage::Covered
        }
    }

    /// The plan whose law a calculation of `month` applies: the month's own,
    /// or, for a month after the rules with `carry_forward`, the last covered
    /// month's. `None` if the rules do not answer for the month.
    pub fn law_plan(&self, month: Month, carry_forward: bool) -> Option<&MonthPlan> {
        match self.coverage(month) {
            Coverage::Covered => self.plan(month),
            Coverage::After if carry_forward => self.months.last(),
            _ => None,
        }
    }

    /// The plan for a month, if the rule set covers it.
    pub fn plan(&self, month: Month) -> Option<&MonthPlan> {
        let offset = self.info.first_month.months_until(month);
        usize::try_from(offset)
            .ok()
            .and_then(|i| self.months.get(i))
    }

    /// Where each variable's value goes in a result document.
    pub fn output_layout(&self) -> &crate::output::Layout {
        self.output_layout
            .get_or_init(|| crate::output::Layout::of(self))
    }

    /// The language of input-error messages: English if the rule set has it
    /// (the engine's own messages are English), else its first language.
    pub fn message_language(&self) -> usize {
        self.language("en").unwrap_or(0)
    }

    /// Index of a language code, if the rule set has it.
    pub fn language(&self, code: &str) -> Option<usize> {
        self.info.languages.iter().position(|l| l == code)
    }

    /// A unit rendered in language `lang`: `€/kk`.
    pub fn unit_label(&self, unit: &Unit, lang: usize) -> String {
        if unit.is_one() {
            return String::new();
        }
        unit.render(|id: UnitId| self.units[id.index()].labels.get(lang).to_string())
    }

    /// A unit rendered with its names in rule files: `eur/month`.
    pub fn unit_name(&self, unit: &Unit) -> String {
        unit.render(|id: UnitId| self.units[id.index()].name.clone())
    }

    /// Whether a variable belongs to the root entity.
    #[inline]
    pub fn is_root_var(&self, var: VarId) -> bool {
        self.vars[var.index()].entity.index() == 0
    }

    /// The value version of a parameter in force on a date.
    pub fn param_version_at(&self, param: ParamId, date: NaiveDate) -> Option<usize> {
        let versions = &self.params[param.index()].versions;
        let after = versions.partition_point(|v| v.since <= date);
        let index = after.checked_sub(1)?;
        match versions[index].value {
            ParamValue::Abolished => None,
            _ => Some(index),
        }
    }
}
