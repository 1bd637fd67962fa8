//! Households: the inputs of one calculation, read from YAML or JSON and
//! checked against the rule set's input declarations.
//!
//! A household file is a mapping. Its keys are the root entity's inputs (a
//! namespaced input may be written `asumistuki.paatospaiva: …` or nested as
//! `asumistuki: {paatospaiva: …}`), and, under each member entity's plural
//! (`henkilot:`), a mapping from member ids to their inputs. A `description`
//! key is free text and ignored. Every error names the field's path.
//!
//! The text is read straight into a [`Household`] (no intermediate tree):
//! each key is resolved to an input while it is parsed, each value checked
//! against the input's type and range as it is read, and duplicate keys are
//! refused at every level, in JSON as in YAML.

mod error;
pub(crate) mod index;
mod members;
mod read;
mod typed;

pub use error::{InputError, InputErrorKind};

use serde::de::DeserializeSeed as _;

use crate::compile::ids::{EntityId, VarId};
use crate::compile::Program;
use crate::value::Value;
use error::quoted;
use index::{Entry, InputIndex};
use read::{HouseholdSeed, Reader};

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

/// How YAML is read: YAML 1.2 core scalars (`yes` is text, not a truth
/// value), `091` kept as written (a municipality code), `1_000` as text, and
/// duplicate keys handed to the reader, which refuses them with the field's path.
#[cfg(feature = "loader")]
fn yaml_options() -> serde_saphyr::Options {
    serde_saphyr::options! {
        leading_zero_numbers_as_strings: true,
        underscored_numbers_as_strings: true,
        strict_booleans: true,
        duplicate_keys: serde_saphyr::DuplicateKeyPolicy::PassThrough,
    }
}

impl Household {
    /// Reads a household from YAML text.
    #[cfg(feature = "loader")]
    pub fn from_yaml(program: &Program, text: &str) -> Result<Household, InputError> {
        let mut reader = Reader::new(program, index(program));
        let parsed =
            serde_saphyr::with_deserializer_from_str_with_options(text, yaml_options(), |d| {
                HouseholdSeed(&mut reader).deserialize(d)
            });
        let household = parsed.map_err(|e| match reader.error.take() {
            Some(error) => yaml_syntax(text).unwrap_or(error),
            None => yaml_error(&e),
        })?;
        household.validated(program)
    }

    /// Reads a household from JSON text. A key given twice is an error.
    pub fn from_json(program: &Program, text: &str) -> Result<Household, InputError> {
        let mut reader = Reader::new(program, index(program));
        let mut de = serde_json::Deserializer::from_str(text);
        let parsed = HouseholdSeed(&mut reader)
            .deserialize(&mut de)
            .and_then(|h| de.end().map(|()| h));
        let household = parsed.map_err(|e| match reader.error.take() {
            Some(error) => json_syntax(text).unwrap_or(error),
            None => json_error(&e),
        })?;
        household.validated(program)
    }

    /// Reads a household from a parsed YAML or JSON tree (e.g. one inside a
    /// test-case file).
    pub fn from_tree(program: &Program, tree: &serde_json::Value) -> Result<Household, InputError> {
        let mut reader = Reader::new(program, index(program));
        let household = HouseholdSeed(&mut reader).deserialize(tree).map_err(|e| {
            reader
                .error
                .take()
                .unwrap_or_else(|| InputError::new(InputErrorKind::InvalidValue, "", e.to_string()))
        })?;
        household.validated(program)
    }

    /// Checks what only the whole household shows: enough members, and
    /// every required input given.
    fn validated(self, program: &Program) -> Result<Household, InputError> {
        let index = index(program);
        for (e, entity) in program.entities.iter().enumerate() {
            let count = self
                .members
                .iter()
                .filter(|m| m.entity.index() == e)
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
        missing_required(program, index, EntityId(0), &self.values, String::new)?;
        for member in &self.members {
            missing_required(program, index, member.entity, &member.values, || {
                let plural = &program.entities[member.entity.index()].plural;
                format!("{plural}.{}", member.id)
            })?;
        }
        Ok(self)
    }

    /// Sets one input, as a what-if: `vuokra=700`, `hakija.palkkatulo=600`
    /// or `henkilot.hakija.palkkatulo=600`. The value is written as in a
    /// YAML household file (`700`, `true`, `18.5 %`, `2024-06-01`, `Turku`)
    /// and checked the same way.
    pub fn set(&mut self, program: &Program, path: &str, text: &str) -> Result<(), InputError> {
        let index = index(program);
        let parts: Vec<&str> = path.split('.').collect();
        // A member's input: `[plural.]id.name`.
        let member_target = {
            let (plural, rest) = match program
                .entities
                .iter()
                .find(|e| e.member_of.is_some() && Some(&e.plural.as_str()) == parts.first())
            {
                Some(e) => (Some(e.plural.as_str()), &parts[1..]),
                None => (None, &parts[..]),
            };
            rest.first().and_then(|id| {
                self.members
                    .iter()
                    .position(|m| {
                        m.id == *id
                            && plural.is_none_or(|p| p == program.entities[m.entity.index()].plural)
                    })
                    .map(|i| (i, rest[1..].join(".")))
            })
        };
        let (entity, name, prefix, values) = match member_target {
            Some((i, name)) => {
                let member = &mut self.members[i];
                let plural = &program.entities[member.entity.index()].plural;
                let prefix = format!("{plural}.{}", member.id);
                (member.entity, name, prefix, &mut member.values)
            }
            None => (
                EntityId(0),
                path.to_string(),
                String::new(),
                &mut self.values,
            ),
        };
        let under = |e: InputError| {
            if prefix.is_empty() {
                e
            } else {
                e.under(&prefix)
            }
        };
        let top = index.get(index.top(entity));
        let var = match top.get(&name) {
            Some(Entry::Input(var)) => var,
            _ => return Err(under(read::unknown_key(program, top, &name))),
        };
        let full_path = if prefix.is_empty() {
            name.clone()
        } else {
            format!("{prefix}.{name}")
        };
        if text.trim().is_empty() {
            return Err(InputError::new(
                InputErrorKind::Missing,
                full_path,
                format!("give a value after `=`, e.g. `{path}=…`"),
            ));
        }
        let mut reader = Reader::new(program, index);
        #[cfg(feature = "loader")]
        let parsed =
            serde_saphyr::with_deserializer_from_str_with_options(text, yaml_options(), |d| {
                read::read_value(&mut reader, var, d)
            });
        // Without the YAML reader: the value as JSON, or else as text.
        #[cfg(not(feature = "loader"))]
        let parsed = {
            let json = serde_json::from_str::<serde_json::Value>(text)
                .unwrap_or_else(|_| serde_json::Value::String(text.trim().to_string()));
            read::read_value(&mut reader, var, json)
        };
        let value = match parsed {
            Ok(Some(value)) => value,
            Ok(None) => {
                return Err(InputError::new(
                    InputErrorKind::Missing,
                    full_path,
                    format!("give a value after `=`, e.g. `{path}=…`"),
                ))
            }
            Err(_) => {
                return Err(match reader.error.take() {
                    Some(e) => under(e),
                    None => InputError::new(
                        InputErrorKind::InvalidValue,
                        full_path,
                        format!("{} is not a single value", quoted(text)),
                    ),
                })
            }
        };
        match values.iter_mut().find(|(v, _)| *v == var) {
            Some(slot) => slot.1 = value,
            None => values.push((var, value)),
        }
        Ok(())
    }

    /// The member with the given id.
    pub fn member(&self, id: &str) -> Option<&Member> {
        self.members.iter().find(|m| m.id == id)
    }
}

#[cfg(feature = "loader")]
fn yaml_error(e: &serde_saphyr::Error) -> InputError {
    let message = match e.without_snippet() {
        // The parser's own hint names library functions.
        serde_saphyr::Error::MultipleDocuments { location, .. } => format!(
            "a household file holds one YAML document; a second starts at line {} (`---`)",
            location.line()
        ),
        _ => format!("not valid YAML: {}", e.without_snippet()),
    };
    InputError::new(InputErrorKind::Syntax, "", message)
}

fn json_error(e: &serde_json::Error) -> InputError {
    InputError::new(InputErrorKind::Syntax, "", format!("not valid JSON: {e}"))
}

/// A syntax error anywhere in the text. The reader stops at the first bad
/// input, which may come before a syntax error further on; a file that is
/// not valid YAML or JSON at all is reported as such.
#[cold]
#[cfg(feature = "loader")]
fn yaml_syntax(text: &str) -> Option<InputError> {
    serde_saphyr::from_str_with_options::<serde::de::IgnoredAny>(text, yaml_options())
        .err()
        .map(|e| yaml_error(&e))
}

#[cold]
fn json_syntax(text: &str) -> Option<InputError> {
    serde_json::from_str::<serde::de::IgnoredAny>(text)
        .err()
        .map(|e| json_error(&e))
}

/// What an input accepts, in the words of [`InputError::allowed`]: its type
/// and range, e.g. `a whole number, 0 … 120` or `true or false`.
pub fn allowed(program: &Program, var: VarId) -> String {
    typed::allowed(program, &program.vars[var.index()])
}

/// The index of the program's inputs, built on first use.
fn index(program: &Program) -> &InputIndex {
    program.input_index.get_or_init(|| InputIndex::new(program))
}

/// The first required input of `entity` that `given` lacks.
fn missing_required(
    program: &Program,
    index: &InputIndex,
    entity: EntityId,
    given: &[(VarId, Value)],
    prefix: impl Fn() -> String,
) -> Result<(), InputError> {
    for &var in index.required(entity) {
        if !given.iter().any(|(v, _)| *v == var) {
            let def = &program.vars[var.index()];
            let kind = typed::describe(program, &def.ty);
            let error = InputError::new(
                InputErrorKind::Missing,
                def.name.as_str(),
                format!(
                    "required: {} ({kind})",
                    def.labels.get(program.message_language()),
                ),
            )
            .allowing(typed::allowed(program, def));
            let prefix = prefix();
            return Err(if prefix.is_empty() {
                error
            } else {
                error.under(&prefix)
            });
        }
    }
    Ok(())
}
