//! Reading a household straight from YAML or JSON: serde seeds that resolve
//! each key to an input while parsing and check each value as it is read.
//!
//! No intermediate tree is built. A key is looked up once in the rule set's
//! [`InputIndex`]; a path string is built only when an error is reported. A
//! semantic problem is kept in [`Reader::error`] and the deserializer is only
//! told to stop, so the error keeps its field, kind and allowed values.

use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

use super::error::{quoted, InputError, InputErrorKind};
use super::index::{Entry, InputIndex, Scope};
use super::members::MembersSeed;
use super::typed::{typed_value, Found};
use super::{Household, Member};
use crate::compile::ids::{EntityId, VarId};
use crate::compile::Program;
use crate::value::Value;

/// The state of one read: the rule set, and the first problem found.
pub(crate) struct Reader<'p> {
    pub program: &'p Program,
    pub index: &'p InputIndex,
    /// The problem that stopped the read; `None` if the text itself was bad.
    pub error: Option<InputError>,
    /// Keys seen in the mappings being read, to find duplicates.
    seen: Vec<Entry>,
}

impl<'p> Reader<'p> {
    pub fn new(program: &'p Program, index: &'p InputIndex) -> Reader<'p> {
        Reader {
            program,
            index,
            error: None,
            seen: Vec::new(),
        }
    }

    /// Records `error` and returns the deserializer error that stops the read.
    #[cold]
    pub(super) fn fail<E: de::Error>(&mut self, error: InputError) -> E {
        self.error = Some(error);
        E::custom("invalid household input")
    }

    /// Puts `prefix` in front of a recorded error's path, on the way out of
    /// the member the error is in.
    #[cold]
    pub(super) fn prefix(&mut self, prefix: impl FnOnce() -> String) {
        if let Some(error) = self.error.take() {
            self.error = Some(error.under(&prefix()));
        }
    }
}

/// What a handler does with each shape of value; the shapes it does not
/// take are refused with a message that says what was expected.
pub(super) trait Handler<'de>: Sized {
    type Value;

    /// Refuses a value of a shape this handler does not take.
    fn refuse<E: de::Error>(self, found: Found<'_>) -> E;

    /// `null` or `~`.
    fn null<E: de::Error>(self) -> Result<Self::Value, E>;

    fn scalar<E: de::Error>(self, found: Found<'_>) -> Result<Self::Value, E> {
        Err(self.refuse(found))
    }

    fn map<A: MapAccess<'de>>(self, _map: A) -> Result<Self::Value, A::Error> {
        Err(self.refuse(Found::Mapping))
    }

    fn seq<A: SeqAccess<'de>>(self, _seq: A) -> Result<Self::Value, A::Error> {
        Err(self.refuse(Found::List))
    }
}

/// A serde visitor that hands every shape to a [`Handler`].
pub(super) struct Node<H>(pub H);

impl<'de, H: Handler<'de>> Visitor<'de> for Node<H> {
    type Value = H::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a household input")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<H::Value, E> {
        self.0.scalar(Found::Bool(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<H::Value, E> {
        self.0.scalar(Found::Signed(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<H::Value, E> {
        self.0.scalar(Found::Unsigned(v))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<H::Value, E> {
        self.0.scalar(Found::Float(v))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<H::Value, E> {
        self.0.scalar(Found::Text(v))
    }

    fn visit_unit<E: de::Error>(self) -> Result<H::Value, E> {
        self.0.null()
    }

    fn visit_none<E: de::Error>(self) -> Result<H::Value, E> {
        self.0.null()
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<H::Value, D::Error> {
        d.deserialize_any(self)
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<H::Value, D::Error> {
        d.deserialize_any(self)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<H::Value, A::Error> {
        self.0.map(map)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<H::Value, A::Error> {
        self.0.seq(seq)
    }
}

/// Implements `DeserializeSeed` for a handler: every value is read with
/// `deserialize_any`, so its shape decides what happens.
macro_rules! seed {
    ($handler:ident, $value:ty) => {
        impl<'de> DeserializeSeed<'de> for $handler<'_, '_> {
            type Value = $value;

            fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<$value, D::Error> {
                d.deserialize_any(Node(self))
            }
        }
    };
}

/// The whole household file.
pub(crate) struct HouseholdSeed<'r, 'p>(pub &'r mut Reader<'p>);
seed!(HouseholdSeed, Household);

impl<'de> Handler<'de> for HouseholdSeed<'_, '_> {
    type Value = Household;

    fn refuse<E: de::Error>(self, found: Found<'_>) -> E {
        let what = match found {
            Found::List => "a list",
            Found::Text(_) => "text",
            _ => "a single value",
        };
        self.0.fail(InputError::new(
            InputErrorKind::InvalidValue,
            "",
            format!("a household is a mapping of inputs, e.g. `kunta: …` and `henkilot: {{…}}`; found {what}"),
        ))
    }

    fn null<E: de::Error>(self) -> Result<Household, E> {
        Err(self.0.fail(InputError::new(
            InputErrorKind::InvalidValue,
            "",
            "the household is empty; it is a mapping of inputs",
        )))
    }

    fn map<A: MapAccess<'de>>(self, map: A) -> Result<Household, A::Error> {
        let reader = self.0;
        let mut household = Household {
            values: Vec::with_capacity(8),
            members: Vec::with_capacity(4),
            description: None,
        };
        let top = reader.index.top(EntityId(0));
        let mut root = Root {
            members: &mut household.members,
            description: &mut household.description,
        };
        read_mapping(reader, top, &mut household.values, Some(&mut root), map)?;
        Ok(household)
    }
}

/// What only the household's top mapping holds.
pub(super) struct Root<'h> {
    members: &'h mut Vec<Member>,
    description: &'h mut Option<String>,
}

/// Reads one mapping of an entity's inputs (its top or a namespace).
pub(super) fn read_mapping<'de, A: MapAccess<'de>>(
    reader: &mut Reader<'_>,
    scope: u32,
    out: &mut Vec<(VarId, Value)>,
    mut root: Option<&mut Root<'_>>,
    mut map: A,
) -> Result<(), A::Error> {
    let index = reader.index;
    let keys = index.get(scope);
    let mark = reader.seen.len();
    while let Some(key) = map.next_key_seed(KeySeed { scope: keys })? {
        let entry = match key {
            Key::Known(entry) => entry,
            Key::Unknown(name) => {
                let error = unknown_key(reader.program, keys, &name);
                return Err(reader.fail(error));
            }
        };
        // An input given is found in `out` (also when given once dotted,
        // once nested); the other keys, and inputs given as null, in `seen`.
        let given = match entry {
            Entry::Input(var) => out.iter().any(|(v, _)| *v == var),
            _ => false,
        };
        if given || reader.seen[mark..].contains(&entry) {
            let error = InputError::new(
                InputErrorKind::Duplicate,
                entry_path(reader.program, index, entry),
                "given twice; give each input once",
            );
            return Err(reader.fail(error));
        }
        match entry {
            Entry::Input(var) => map.next_value_seed(ValueSeed { reader, var, out })?,
            Entry::Scope(inner) => {
                reader.seen.push(entry);
                map.next_value_seed(ScopeSeed {
                    reader,
                    scope: inner,
                    out,
                })?
            }
            Entry::Members(entity) => match root.as_deref_mut() {
                Some(root) => {
                    reader.seen.push(entry);
                    map.next_value_seed(MembersSeed {
                        reader,
                        entity,
                        out: root.members,
                    })?
                }
                None => return Err(reader.fail(unknown_key(reader.program, keys, "?"))),
            },
            Entry::Description => match root.as_deref_mut() {
                Some(root) => {
                    reader.seen.push(entry);
                    *root.description = map.next_value_seed(DescriptionSeed(reader))?
                }
                None => return Err(reader.fail(unknown_key(reader.program, keys, "?"))),
            },
        }
    }
    reader.seen.truncate(mark);
    Ok(())
}

/// The path of a key for messages, relative to its entity.
fn entry_path(program: &Program, index: &InputIndex, entry: Entry) -> String {
    match entry {
        Entry::Input(var) => program.vars[var.index()].name.clone(),
        Entry::Scope(scope) => index.get(scope).prefix.to_string(),
        Entry::Members(e) => program.entities[e.index()].plural.clone(),
        Entry::Description => super::index::DESCRIPTION_KEY.into(),
    }
}

/// An unknown key: a computed variable, or a name that is not an input.
#[cold]
pub(crate) fn unknown_key(program: &Program, scope: &Scope, key: &str) -> InputError {
    let name = if scope.prefix.is_empty() {
        key.to_string()
    } else {
        format!("{}.{key}", scope.prefix)
    };
    let entity = scope.entity;
    let entity_name = &program.entities[entity.index()].name;
    if let Some(var) = program.var_named(&name) {
        let def = &program.vars[var.index()];
        let message = if def.input.is_none() {
            format!("`{name}` is computed by the rules, not given as input")
        } else {
            format!(
                "`{name}` is an input of a {}, not of a {entity_name}",
                program.entities[def.entity.index()].name
            )
        };
        return InputError::new(InputErrorKind::UnknownField, name, message);
    }
    let suggestion = program
        .input_vars
        .iter()
        .map(|v| &program.vars[v.index()])
        .filter(|v| v.entity == entity)
        .map(|v| (strsim::levenshtein(&name, &v.name), v.name.as_str()))
        .filter(|(d, c)| *d <= 2.max(c.len() / 4))
        .min()
        .map(|(_, c)| c);
    let shown = quoted(&name);
    let message = match suggestion {
        Some(s) => format!("unknown input {shown} for a {entity_name}; did you mean `{s}`?"),
        None => {
            format!("unknown input {shown} for a {entity_name}; `etuus schema` lists the inputs")
        }
    };
    InputError::new(InputErrorKind::UnknownField, name, message)
}

/// A key of an entity's mapping, resolved while it is parsed.
enum Key {
    Known(Entry),
    Unknown(String),
}

struct KeySeed<'s> {
    scope: &'s Scope,
}

impl<'de> DeserializeSeed<'de> for KeySeed<'_> {
    type Value = Key;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Key, D::Error> {
        d.deserialize_any(self)
    }
}

impl KeySeed<'_> {
    fn resolve(&self, key: &str) -> Key {
        match self.scope.get(key) {
            Some(entry) => Key::Known(entry),
            None => Key::Unknown(key.to_string()),
        }
    }
}

impl<'de> Visitor<'de> for KeySeed<'_> {
    type Value = Key;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the name of an input")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Key, E> {
        Ok(self.resolve(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Key, E> {
        Ok(self.resolve(&v.to_string()))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Key, E> {
        Ok(self.resolve(&v.to_string()))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Key, E> {
        Ok(self.resolve(&v.to_string()))
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Key, E> {
        Ok(self.resolve(&v.to_string()))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Key, E> {
        Ok(Key::Unknown("null".into()))
    }
}

/// One input's value, added to `out`; a `null` is remembered as seen.
struct ValueSeed<'r, 'p, 'o> {
    reader: &'r mut Reader<'p>,
    var: VarId,
    out: &'o mut Vec<(VarId, Value)>,
}

impl<'de> DeserializeSeed<'de> for ValueSeed<'_, '_, '_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(Node(self))
    }
}

impl<'de> Handler<'de> for ValueSeed<'_, '_, '_> {
    type Value = ();

    fn refuse<E: de::Error>(self, found: Found<'_>) -> E {
        match typed_value(self.reader.program, self.reader.index, self.var, found) {
            Err(error) => self.reader.fail(error),
            Ok(_) => E::custom("a mapping or list accepted as a value"),
        }
    }

    fn null<E: de::Error>(self) -> Result<(), E> {
        self.reader.seen.push(Entry::Input(self.var));
        Ok(())
    }

    fn scalar<E: de::Error>(self, found: Found<'_>) -> Result<(), E> {
        match typed_value(self.reader.program, self.reader.index, self.var, found) {
            Ok(value) => {
                self.out.push((self.var, value));
                Ok(())
            }
            Err(error) => Err(self.reader.fail(error)),
        }
    }
}

/// A namespace's nested mapping (`tyottomyysturva: {…}`).
struct ScopeSeed<'r, 'p, 'o> {
    reader: &'r mut Reader<'p>,
    scope: u32,
    out: &'o mut Vec<(VarId, Value)>,
}

impl<'de> DeserializeSeed<'de> for ScopeSeed<'_, '_, '_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(Node(self))
    }
}

impl<'de> Handler<'de> for ScopeSeed<'_, '_, '_> {
    type Value = ();

    fn refuse<E: de::Error>(self, found: Found<'_>) -> E {
        let scope = self.reader.index.get(self.scope);
        let prefix = &*scope.prefix;
        let example = scope.example_input().unwrap_or("…");
        let found = match found {
            Found::Bool(b) => b.to_string(),
            Found::Unsigned(n) => n.to_string(),
            Found::Signed(n) => n.to_string(),
            Found::Float(f) => f.to_string(),
            Found::Text(t) => quoted(t),
            Found::Mapping => "a mapping".into(),
            Found::List => "a list".into(),
        };
        let error = InputError::new(
            InputErrorKind::InvalidValue,
            prefix,
            format!(
                "expected a mapping of `{prefix}` inputs, e.g. `{prefix}: {{{example}: …}}`; found {found}"
            ),
        )
        .allowing(format!("a mapping of `{prefix}` inputs"));
        self.reader.fail(error)
    }

    fn null<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }

    fn map<A: MapAccess<'de>>(self, map: A) -> Result<(), A::Error> {
        read_mapping(self.reader, self.scope, self.out, None, map)
    }
}

/// The household's free-text description.
struct DescriptionSeed<'r, 'p>(&'r mut Reader<'p>);
seed!(DescriptionSeed, Option<String>);

impl<'de> Handler<'de> for DescriptionSeed<'_, '_> {
    type Value = Option<String>;

    fn refuse<E: de::Error>(self, _found: Found<'_>) -> E {
        self.0.fail(InputError::new(
            InputErrorKind::InvalidValue,
            super::index::DESCRIPTION_KEY,
            "the description is free text",
        ))
    }

    fn null<E: de::Error>(self) -> Result<Option<String>, E> {
        Ok(None)
    }

    fn scalar<E: de::Error>(self, found: Found<'_>) -> Result<Option<String>, E> {
        match found {
            Found::Text(text) => Ok(Some(text.to_string())),
            other => Err(self.refuse(other)),
        }
    }
}

/// Reads one input's value from a deserializer: the what-if of
/// [`Household::set`](super::Household::set), with the same checks as a file.
pub(crate) fn read_value<'de, D: Deserializer<'de>>(
    reader: &mut Reader<'_>,
    var: VarId,
    d: D,
) -> Result<Option<Value>, D::Error> {
    let mut out = Vec::with_capacity(1);
    ValueSeed {
        reader,
        var,
        out: &mut out,
    }
    .deserialize(d)?;
    Ok(out.pop().map(|(_, value)| value))
}
