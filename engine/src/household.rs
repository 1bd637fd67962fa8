//! Households: the inputs of one calculation, read from YAML or JSON and
//! checked against the rule set's input declarations.
//!
//! A household file is a mapping. Its keys are the root entity's inputs (a
//! namespaced input may be written `asumistuki.paatospaiva: …` or nested as
//! `asumistuki: {paatospaiva: …}`), and, under each member entity's plural
//! (`henkilot:`), a mapping from member ids to their inputs. A `description`
//! key is free text and ignored. Every error names the field's path.

use std::fmt;

use crate::compile::ids::{EntityId, VarId};
use crate::compile::Program;
use crate::literal::{parse_value, LiteralError};
use crate::types::{DeclaredType, NumKind};
use crate::value::Value;
use rust_decimal::Decimal;

/// What is wrong with a household input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum InputErrorKind {
    /// The text is not valid YAML or JSON.
    Syntax,
    /// A key the rule set does not know.
    UnknownField,
    /// A value of the wrong type or format.
    InvalidValue,
    /// A value outside its allowed range.
    OutOfRange,
    /// A required value is missing.
    Missing,
    /// A value the rules refuse (e.g. an Åland municipality).
    Rejected,
    /// A month the rule set does not cover.
    MonthNotCovered,
}

/// A problem with a household or a calculation's inputs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputError {
    /// What kind of problem.
    pub kind: InputErrorKind,
    /// The field's path, e.g. `henkilot.hakija.ika`; empty for the whole file.
    pub path: String,
    /// What is wrong and what is allowed.
    pub message: String,
}

impl InputError {
    pub(crate) fn new(
        kind: InputErrorKind,
        path: impl Into<String>,
        message: impl Into<String>,
    ) -> InputError {
        InputError {
            kind,
            path: path.into(),
            message: message.into(),
        }
    }
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

impl std::error::Error for InputError {}

/// One member of a household (e.g. a person), with the inputs given for them.
#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    /// Id from the household file, e.g. `hakija`.
    pub id: String,
    /// Which entity the member is.
    pub entity: EntityId,
    /// Inputs given.
    pub values: Vec<(VarId, Value)>,
}

/// A checked household: inputs of the root entity and of each member.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Household {
    /// Root-entity inputs given.
    pub values: Vec<(VarId, Value)>,
    /// Members, in file order.
    pub members: Vec<Member>,
    /// Free-text description, if the file had one.
    pub description: Option<String>,
}

const DESCRIPTION_KEY: &str = "description";

impl Household {
    /// Reads a household from YAML text.
    #[cfg(feature = "loader")]
    pub fn from_yaml(program: &Program, text: &str) -> Result<Household, InputError> {
        let options = serde_saphyr::options! { leading_zero_numbers_as_strings: true };
        let tree: serde_json::Value =
            serde_saphyr::from_str_with_options(text, options).map_err(|e| {
                InputError::new(
                    InputErrorKind::Syntax,
                    "",
                    format!("not valid YAML: {}", e.without_snippet()),
                )
            })?;
        Household::from_tree(program, &tree)
    }

    /// Reads a household from JSON text.
    pub fn from_json(program: &Program, text: &str) -> Result<Household, InputError> {
        let tree: serde_json::Value = serde_json::from_str(text).map_err(|e| {
            InputError::new(InputErrorKind::Syntax, "", format!("not valid JSON: {e}"))
        })?;
        Household::from_tree(program, &tree)
    }

    /// Reads a household from a parsed YAML or JSON tree.
    pub fn from_tree(program: &Program, tree: &serde_json::Value) -> Result<Household, InputError> {
        let serde_json::Value::Object(map) = tree else {
            return Err(InputError::new(
                InputErrorKind::InvalidValue,
                "",
                "a household is a mapping of inputs",
            ));
        };
        let mut household = Household::default();
        let root = EntityId(0);
        let mut reader = Reader { program };
        for (key, value) in map {
            if key == DESCRIPTION_KEY {
                household.description = value.as_str().map(str::to_string);
                continue;
            }
            if let Some(entity) = program
                .entities
                .iter()
                .position(|e| e.plural == *key && e.member_of.is_some())
            {
                reader.members(EntityId(entity as u32), key, value, &mut household.members)?;
                continue;
            }
            reader.field(root, "", key, key, value, &mut household.values)?;
        }
        for (index, entity) in program.entities.iter().enumerate() {
            let count = household
                .members
                .iter()
                .filter(|m| m.entity.index() == index)
                .count();
            if count < entity.min_members as usize {
                return Err(InputError::new(
                    InputErrorKind::Missing,
                    entity.plural.clone(),
                    format!(
                        "a household needs at least {} {} (found {count})",
                        entity.min_members, entity.plural
                    ),
                ));
            }
        }
        reader.required(root, "", &household.values)?;
        for member in &household.members {
            let plural = &program.entities[member.entity.index()].plural;
            reader.required(
                member.entity,
                &format!("{plural}.{}.", member.id),
                &member.values,
            )?;
        }
        Ok(household)
    }

    /// Sets one input, as a what-if: `vuokra=700`, `hakija.palkkatulo=600`
    /// or `henkilot.hakija.palkkatulo=600`.
    pub fn set(&mut self, program: &Program, path: &str, text: &str) -> Result<(), InputError> {
        let reader = Reader { program };
        let parts: Vec<&str> = path.split('.').collect();
        // A member's input: `[plural.]id.name`.
        let member_target = {
            let (plural, rest) = match program
                .entities
                .iter()
                .find(|e| Some(&e.plural.as_str()) == parts.first())
            {
                Some(e) => (Some(e.plural.clone()), &parts[1..]),
                None => (None, &parts[..]),
            };
            rest.first().and_then(|id| {
                self.members
                    .iter()
                    .position(|m| {
                        m.id == *id
                            && plural
                                .as_ref()
                                .is_none_or(|p| *p == program.entities[m.entity.index()].plural)
                    })
                    .map(|i| (i, rest[1..].join(".")))
            })
        };
        match member_target {
            Some((index, name)) => {
                let member = &mut self.members[index];
                let plural = program.entities[member.entity.index()].plural.clone();
                let full_path = format!("{plural}.{}.{name}", member.id);
                let var = reader.input_var(member.entity, &name, &full_path)?;
                let value = reader.scalar(
                    var,
                    &full_path,
                    &serde_json::Value::String(text.to_string()),
                )?;
                upsert(&mut member.values, var, value);
            }
            None => {
                let var = reader.input_var(EntityId(0), path, path)?;
                let value =
                    reader.scalar(var, path, &serde_json::Value::String(text.to_string()))?;
                upsert(&mut self.values, var, value);
            }
        }
        Ok(())
    }

    /// The member with the given id.
    pub fn member(&self, id: &str) -> Option<&Member> {
        self.members.iter().find(|m| m.id == id)
    }
}

fn upsert(values: &mut Vec<(VarId, Value)>, var: VarId, value: Value) {
    match values.iter_mut().find(|(v, _)| *v == var) {
        Some(slot) => slot.1 = value,
        None => values.push((var, value)),
    }
}

struct Reader<'p> {
    program: &'p Program,
}

impl Reader<'_> {
    fn members(
        &mut self,
        entity: EntityId,
        plural: &str,
        tree: &serde_json::Value,
        out: &mut Vec<Member>,
    ) -> Result<(), InputError> {
        let entries: Vec<(String, &serde_json::Value)> = match tree {
            serde_json::Value::Object(map) => map.iter().map(|(k, v)| (k.clone(), v)).collect(),
            serde_json::Value::Array(list) => list
                .iter()
                .enumerate()
                .map(|(i, v)| ((i + 1).to_string(), v))
                .collect(),
            serde_json::Value::Null => Vec::new(),
            _ => {
                return Err(InputError::new(
                    InputErrorKind::InvalidValue,
                    plural,
                    format!("`{plural}` lists the members by id: `{plural}: {{hakija: {{…}}}}`"),
                ))
            }
        };
        for (id, value) in entries {
            let path = format!("{plural}.{id}");
            let mut values = Vec::new();
            match value {
                serde_json::Value::Object(map) => {
                    for (key, v) in map {
                        self.field(entity, &format!("{path}."), key, key, v, &mut values)?;
                    }
                }
                serde_json::Value::Null => {}
                _ => {
                    return Err(InputError::new(
                        InputErrorKind::InvalidValue,
                        path,
                        "a member is a mapping of inputs",
                    ));
                }
            }
            out.push(Member { id, entity, values });
        }
        Ok(())
    }

    /// Reads one key of an entity's mapping; a namespace key holds a nested mapping.
    fn field(
        &mut self,
        entity: EntityId,
        prefix: &str,
        key: &str,
        name: &str,
        value: &serde_json::Value,
        out: &mut Vec<(VarId, Value)>,
    ) -> Result<(), InputError> {
        let path = format!("{prefix}{key}");
        if let serde_json::Value::Object(inner) = value {
            if self.program.is_namespace(name) {
                for (k, v) in inner {
                    self.field(
                        entity,
                        &format!("{path}."),
                        k,
                        &format!("{name}.{k}"),
                        v,
                        out,
                    )?;
                }
                return Ok(());
            }
        }
        let var = self.input_var(entity, name, &path)?;
        if value.is_null() {
            return Ok(());
        }
        let parsed = self.scalar(var, &path, value)?;
        if out.iter().any(|(v, _)| *v == var) {
            return Err(InputError::new(
                InputErrorKind::InvalidValue,
                path,
                "given twice",
            ));
        }
        out.push((var, parsed));
        Ok(())
    }

    /// The input variable of `entity` named `name`.
    fn input_var(&self, entity: EntityId, name: &str, path: &str) -> Result<VarId, InputError> {
        let found = self
            .program
            .var_named(name)
            .map(|v| v.index())
            .filter(|&i| self.program.vars[i].entity == entity);
        match found {
            Some(index) if self.program.vars[index].input.is_some() => Ok(VarId(index as u32)),
            Some(index) => Err(InputError::new(
                InputErrorKind::UnknownField,
                path,
                format!(
                    "`{}` is computed by the rules, not given as input",
                    self.program.vars[index].name
                ),
            )),
            None => {
                let inputs: Vec<&str> = self
                    .program
                    .vars
                    .iter()
                    .filter(|v| v.entity == entity && v.input.is_some())
                    .map(|v| v.name.as_str())
                    .collect();
                let suggestion = inputs
                    .iter()
                    .map(|c| (strsim::levenshtein(name, c), *c))
                    .filter(|(d, c)| *d <= 2.max(c.len() / 4))
                    .min()
                    .map(|(_, c)| c);
                let entity_name = &self.program.entities[entity.index()].name;
                let message = match suggestion {
                    Some(s) => format!("unknown input `{name}` for a {entity_name}; did you mean `{s}`?"),
                    None => format!(
                        "unknown input `{name}` for a {entity_name}; `etuus schema` lists the inputs"
                    ),
                };
                Err(InputError::new(InputErrorKind::UnknownField, path, message))
            }
        }
    }

    /// Reads a scalar value for `var` and checks it against the declaration.
    fn scalar(
        &self,
        var: VarId,
        path: &str,
        value: &serde_json::Value,
    ) -> Result<Value, InputError> {
        let def = &self.program.vars[var.index()];
        let text = match value {
            serde_json::Value::String(s) => s.clone(),
            serde_json::Value::Bool(b) => b.to_string(),
            serde_json::Value::Number(n) => {
                let text = n.to_string();
                if n.is_f64() && significant_digits(&text) > 15 {
                    return Err(InputError::new(
                        InputErrorKind::InvalidValue,
                        path,
                        format!("`{text}` has more digits than a float keeps exactly; write it in quotes"),
                    ));
                }
                text
            }
            _ => {
                return Err(InputError::new(
                    InputErrorKind::InvalidValue,
                    path,
                    format!(
                        "expected {}, found a list or mapping",
                        describe(self.program, &def.ty)
                    ),
                ))
            }
        };
        let parsed = parse_value(&text, &def.ty, &self.program.enums).map_err(
            |LiteralError {
                 message,
                 suggestions,
             }| {
                let hint = match suggestions.as_slice() {
                    [] => format!("; expected {}", describe(self.program, &def.ty)),
                    list => format!(
                        "; did you mean {}?",
                        list.iter()
                            .map(|s| format!("`{s}`"))
                            .collect::<Vec<_>>()
                            .join(" or ")
                    ),
                };
                InputError::new(
                    InputErrorKind::InvalidValue,
                    path,
                    format!("{message}{hint}"),
                )
            },
        )?;
        if let (Value::Enum(index), DeclaredType::Enum(id)) = (parsed, &def.ty) {
            let variant = &self.program.enums[id.index()].variants[index as usize];
            if let Some(rejected) = &variant.rejected {
                return Err(InputError::new(
                    InputErrorKind::Rejected,
                    path,
                    rejected.get(self.program.message_language()).to_string(),
                ));
            }
        }
        if let Some(input) = &def.input {
            let out_of_range = |bound: &Option<Value>, below: bool| match (bound, parsed) {
                (Some(Value::Num(b)), Value::Num(x)) => {
                    if below {
                        x < *b
                    } else {
                        x > *b
                    }
                }
                (Some(Value::Date(b)), Value::Date(x)) => {
                    if below {
                        x < *b
                    } else {
                        x > *b
                    }
                }
                _ => false,
            };
            if out_of_range(&input.min, true) || out_of_range(&input.max, false) {
                return Err(InputError::new(
                    InputErrorKind::OutOfRange,
                    path,
                    format!(
                        "{text} is outside the allowed range {}",
                        range_text(input.min, input.max, &def.ty)
                    ),
                ));
            }
        }
        Ok(parsed)
    }

    fn required(
        &self,
        entity: EntityId,
        prefix: &str,
        given: &[(VarId, Value)],
    ) -> Result<(), InputError> {
        for (index, var) in self.program.vars.iter().enumerate() {
            let required = var.input.as_ref().is_some_and(|i| i.required);
            if required && var.entity == entity && !given.iter().any(|(v, _)| v.index() == index) {
                return Err(InputError::new(
                    InputErrorKind::Missing,
                    format!("{prefix}{}", var.name),
                    format!(
                        "required: {} ({})",
                        var.labels.get(self.program.message_language()),
                        describe(self.program, &var.ty)
                    ),
                ));
            }
        }
        Ok(())
    }
}

fn significant_digits(text: &str) -> usize {
    let mantissa = text.split(['e', 'E']).next().unwrap_or(text);
    mantissa
        .trim_start_matches(['-', '0', '.'])
        .chars()
        .filter(char::is_ascii_digit)
        .count()
}

fn range_text(min: Option<Value>, max: Option<Value>, ty: &DeclaredType) -> String {
    let rate = matches!(ty, DeclaredType::Number(NumKind::Rate, _));
    let show = |v: Option<Value>| match v {
        Some(Value::Num(d)) if rate => format!("{} %", (d * Decimal::ONE_HUNDRED).normalize()),
        Some(Value::Num(d)) => d.to_string(),
        Some(Value::Date(d)) => d.to_string(),
        _ => String::new(),
    };
    match (min, max) {
        (Some(_), Some(_)) => format!("{} … {}", show(min), show(max)),
        (Some(_), None) => format!("≥ {}", show(min)),
        (None, Some(_)) => format!("≤ {}", show(max)),
        (None, None) => "(none)".into(),
    }
}

/// Describes a declared type for input messages.
pub(crate) fn describe(program: &Program, ty: &DeclaredType) -> String {
    match ty {
        DeclaredType::Number(kind, unit) if unit.is_one() => format!("a {kind}"),
        DeclaredType::Number(kind, unit) => format!("{kind} in {}", program.unit_name(unit)),
        DeclaredType::Bool => "true or false".into(),
        DeclaredType::Date => "a date YYYY-MM-DD".into(),
        DeclaredType::Enum(id) => {
            let def = &program.enums[id.index()];
            if def.variants.len() <= 12 {
                let keys: Vec<&str> = def.variants.iter().map(|v| v.key.as_str()).collect();
                format!("one of {}", keys.join(", "))
            } else {
                format!("a {} (code or name)", def.name)
            }
        }
    }
}
