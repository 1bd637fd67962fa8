//! The members of a household (`henkilot:`): ids and each member's inputs.

use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

use super::error::{quoted, InputError, InputErrorKind};
use super::read::{read_mapping, Handler, Node, Reader};
use super::typed::Found;
use super::Member;
use crate::compile::ids::{EntityId, VarId};
use crate::value::Value;

/// The members of one entity: a mapping from id to inputs, or a list.
pub(super) struct MembersSeed<'r, 'p, 'o> {
    pub reader: &'r mut Reader<'p>,
    pub entity: EntityId,
    pub out: &'o mut Vec<Member>,
}

impl<'de> DeserializeSeed<'de> for MembersSeed<'_, '_, '_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(Node(self))
    }
}

impl MembersSeed<'_, '_, '_> {
    fn plural(&self) -> &str {
        &self.reader.program.entities[self.entity.index()].plural
    }

    /// Checks a member's id before its inputs are read.
    fn check_id(&self, id: &str) -> Result<(), InputError> {
        let plural = self.plural();
        if id.trim().is_empty() {
            return Err(InputError::new(
                InputErrorKind::InvalidValue,
                plural,
                format!(
                    "a member's id is empty; give each an id, e.g. `{plural}: {{hakija: {{…}}}}`"
                ),
            ));
        }
        if id.contains('.') {
            return Err(InputError::new(
                InputErrorKind::InvalidValue,
                format!("{plural}.{id}"),
                format!("a member's id may not contain `.`: {} would make paths such as `{plural}.{id}.…` ambiguous", quoted(id)),
            ));
        }
        // Past the limit the reading stops: a huge list is refused after one
        // linear read, and the check for a repeated id stays cheap.
        if self.out.len() >= crate::limits::MAX_MEMBERS {
            return Err(crate::limits::too_many_members(plural, None));
        }
        if self
            .out
            .iter()
            .any(|m| m.entity == self.entity && m.id == id)
        {
            return Err(InputError::new(
                InputErrorKind::Duplicate,
                format!("{plural}.{id}"),
                format!(
                    "the id {} is given twice; each member needs an id of its own",
                    quoted(id)
                ),
            ));
        }
        Ok(())
    }
}

impl<'de> Handler<'de> for MembersSeed<'_, '_, '_> {
    type Value = ();

    fn refuse<E: de::Error>(self, _found: Found<'_>) -> E {
        let plural = self.plural().to_string();
        self.reader.fail(InputError::new(
            InputErrorKind::InvalidValue,
            plural.as_str(),
            format!("`{plural}` lists the members by id: `{plural}: {{hakija: {{…}}}}`"),
        ))
    }

    fn null<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }

    fn map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(id) = map.next_key_seed(IdSeed)? {
            if let Err(error) = self.check_id(&id) {
                return Err(self.reader.fail(error));
            }
            self.out.push(Member {
                id,
                entity: self.entity,
                values: Vec::with_capacity(8),
            });
            let Some(member) = self.out.last_mut() else {
                continue;
            };
            let seed = MemberSeed {
                reader: &mut *self.reader,
                entity: self.entity,
                out: &mut member.values,
            };
            if let Err(e) = map.next_value_seed(seed) {
                let plural = &self.reader.program.entities[self.entity.index()].plural;
                let path = format!("{plural}.{}", member.id);
                self.reader.prefix(|| path);
                return Err(e);
            }
        }
        Ok(())
    }

    fn seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut number = 0usize;
        loop {
            number += 1;
            let id = number.to_string();
            let mut values = Vec::with_capacity(8);
            let seed = MemberSeed {
                reader: &mut *self.reader,
                entity: self.entity,
                out: &mut values,
            };
            match seq.next_element_seed(seed) {
                Ok(Some(())) => {}
                Ok(None) => return Ok(()),
                Err(e) => {
                    let plural = &self.reader.program.entities[self.entity.index()].plural;
                    let path = format!("{plural}.{id}");
                    self.reader.prefix(|| path);
                    return Err(e);
                }
            }
            self.out.push(Member {
                id,
                entity: self.entity,
                values,
            });
        }
    }
}

/// A member's id: a mapping key, kept as text.
struct IdSeed;

impl<'de> DeserializeSeed<'de> for IdSeed {
    type Value = String;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<String, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for IdSeed {
    type Value = String;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a member's id")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
        Ok(v.to_string())
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<String, E> {
        Ok(v.to_string())
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<String, E> {
        Ok(v.to_string())
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<String, E> {
        Ok(v.to_string())
    }

    fn visit_unit<E: de::Error>(self) -> Result<String, E> {
        Ok(String::new())
    }
}

/// One member's inputs, read into `out`.
struct MemberSeed<'r, 'p, 'o> {
    reader: &'r mut Reader<'p>,
    entity: EntityId,
    out: &'o mut Vec<(VarId, Value)>,
}

impl<'de> DeserializeSeed<'de> for MemberSeed<'_, '_, '_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(Node(self))
    }
}

impl<'de> Handler<'de> for MemberSeed<'_, '_, '_> {
    type Value = ();

    fn refuse<E: de::Error>(self, _found: Found<'_>) -> E {
        self.reader.fail(InputError::new(
            InputErrorKind::InvalidValue,
            "",
            "a member is a mapping of inputs, e.g. `{ika: 35}`",
        ))
    }

    fn null<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }

    fn map<A: MapAccess<'de>>(self, map: A) -> Result<(), A::Error> {
        let top = self.reader.index.top(self.entity);
        read_mapping(self.reader, top, self.out, None, map)
    }
}
