//! A lookup from the keys of a household file to the rule set's inputs,
//! built once per rule set, so reading a household resolves each key with one
//! hash lookup and builds no strings.

use foldhash::HashMap;
use rust_decimal::Decimal;

use crate::compile::ids::{EntityId, VarId};
use crate::compile::Program;
use crate::types::{DeclaredType, NumKind};
use crate::value::Value;

/// What a key of a household mapping stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Entry {
    /// An input of the mapping's entity.
    Input(VarId),
    /// A namespace holding a nested mapping of inputs (`tyottomyysturva:`).
    Scope(u32),
    /// The members of an entity (`henkilot:`), at the top of the household.
    Members(EntityId),
    /// Free text (`description:`), at the top of the household.
    Description,
}

/// The keys one mapping of a household file may hold: an entity's inputs,
/// or those in one of its namespaces.
#[derive(Debug, Clone)]
pub(crate) struct Scope {
    /// The entity whose inputs the mapping gives.
    pub entity: EntityId,
    /// The namespace of the mapping (`tyottomyysturva`); empty at an entity's top.
    pub prefix: Box<str>,
    keys: HashMap<Box<str>, Entry>,
}

impl Scope {
    /// What `key` stands for in this mapping.
    #[inline]
    pub fn get(&self, key: &str) -> Option<Entry> {
        self.keys.get(key).copied()
    }

    /// An input this mapping takes, for examples in messages.
    pub fn example_input(&self) -> Option<&str> {
        let mut names: Vec<&str> = self
            .keys
            .iter()
            .filter(|(k, e)| matches!(e, Entry::Input(_)) && !k.contains('.'))
            .map(|(k, _)| &**k)
            .collect();
        names.sort_unstable();
        names.first().copied()
    }
}

/// What the common values of an input need checked, kept apart from the
/// variable's full declaration so reading a number touches little memory.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Quick {
    /// A number with its allowed range (`Decimal::MIN`/`MAX` when open).
    Number { min: Decimal, max: Decimal },
    /// A rate, which may also be written as a percentage (`"18.5 %"`).
    Rate { min: Decimal, max: Decimal },
    /// A truth value.
    Bool,
    /// An enum value, looked up in [`InputIndex::variant`] by its name as written.
    Enum(u32),
    /// Anything else: read by the general path.
    Other,
}

/// Every mapping a household file may hold, and what each entity requires.
#[derive(Debug, Clone, Default)]
pub(crate) struct InputIndex {
    scopes: Vec<Scope>,
    /// Per variable: how its common values are checked.
    quick: Vec<Quick>,
    /// Per enum: the variants that may be chosen, by code and by every
    /// label, as written and in lowercase.
    variants: Vec<HashMap<Box<str>, u32>>,
    /// Per entity: the scope of its top mapping.
    top: Vec<u32>,
    /// Per entity: the inputs a household must give.
    required: Vec<Vec<VarId>>,
}

pub(crate) const DESCRIPTION_KEY: &str = "description";

impl InputIndex {
    /// Builds the index of a program's inputs.
    pub(crate) fn new(program: &Program) -> InputIndex {
        let mut index = InputIndex::default();
        index.variants = program
            .enums
            .iter()
            .map(|def| {
                let mut names = HashMap::default();
                for (i, variant) in def.variants.iter().enumerate() {
                    if variant.rejected.is_some() {
                        continue;
                    }
                    for name in std::iter::once(&variant.key).chain(variant.labels.0.iter()) {
                        names.entry(name.as_str().into()).or_insert(i as u32);
                        names.entry(name.to_lowercase().into()).or_insert(i as u32);
                    }
                }
                names
            })
            .collect();
        index.quick = program
            .vars
            .iter()
            .map(|def| match (&def.ty, &def.input) {
                (DeclaredType::Number(kind, _), Some(input)) => {
                    let bound = |b: Option<Value>, open: Decimal| match b {
                        Some(Value::Num(n)) => n,
                        _ => open,
                    };
                    let (min, max) = (
                        bound(input.min, Decimal::MIN),
                        bound(input.max, Decimal::MAX),
                    );
                    if *kind == NumKind::Rate {
                        Quick::Rate { min, max }
                    } else {
                        Quick::Number { min, max }
                    }
                }
                (DeclaredType::Bool, Some(_)) => Quick::Bool,
                (DeclaredType::Enum(id), Some(_)) => Quick::Enum(id.index() as u32),
                _ => Quick::Other,
            })
            .collect();
        for (e, _) in program.entities.iter().enumerate() {
            let top = index.scope(EntityId(e as u32), "");
            index.top.push(top);
            index.required.push(Vec::new());
        }
        for &var in &program.input_vars {
            let def = &program.vars[var.index()];
            let entity = def.entity;
            if def.input.as_ref().is_some_and(|i| i.required) {
                index.required[entity.index()].push(var);
            }
            // `a.b.c` is reachable as `a.b.c`, `a: {b.c}`, `a: {b: {c}}` and `a.b: {c}`.
            let dots: Vec<usize> = def.name.match_indices('.').map(|(i, _)| i).collect();
            let starts = std::iter::once(0).chain(dots.iter().map(|&d| d + 1));
            for (level, start) in starts.enumerate() {
                let prefix = if start == 0 {
                    ""
                } else {
                    &def.name[..start - 1]
                };
                let scope = index.scope(entity, prefix);
                index.insert(scope, &def.name[start..], Entry::Input(var));
                // The namespaces below this one, as keys of this mapping.
                for &dot in &dots[level..] {
                    let inner = index.scope(entity, &def.name[..dot]);
                    index.insert(scope, &def.name[start..dot], Entry::Scope(inner));
                }
            }
        }
        let root = index.top[0] as usize;
        for (e, entity) in program.entities.iter().enumerate() {
            if entity.member_of.is_some() {
                let key: Box<str> = entity.plural.as_str().into();
                index.scopes[root]
                    .keys
                    .insert(key, Entry::Members(EntityId(e as u32)));
            }
        }
        index.scopes[root]
            .keys
            .entry(DESCRIPTION_KEY.into())
            .or_insert(Entry::Description);
        index
    }

    /// The scope of `entity`'s inputs under `prefix`, created if new.
    fn scope(&mut self, entity: EntityId, prefix: &str) -> u32 {
        if let Some(i) = self
            .scopes
            .iter()
            .position(|s| s.entity == entity && &*s.prefix == prefix)
        {
            return i as u32;
        }
        self.scopes.push(Scope {
            entity,
            prefix: prefix.into(),
            keys: HashMap::default(),
        });
        (self.scopes.len() - 1) as u32
    }

    /// A namespace wins over an input of the same name: a nested mapping
    /// can only be a namespace.
    fn insert(&mut self, scope: u32, key: &str, entry: Entry) {
        let keys = &mut self.scopes[scope as usize].keys;
        match keys.get(key) {
            Some(Entry::Scope(_)) => {}
            _ => {
                keys.insert(key.into(), entry);
            }
        }
    }

    /// A scope by number.
    #[inline]
    pub(crate) fn get(&self, scope: u32) -> &Scope {
        &self.scopes[scope as usize]
    }

    /// How the common values of `var` are checked.
    #[inline]
    pub(crate) fn quick(&self, var: VarId) -> Quick {
        self.quick[var.index()]
    }

    /// The variant of enum `id` named exactly `name` (code or label), if it may be chosen.
    #[inline]
    pub(crate) fn variant(&self, id: u32, name: &str) -> Option<u32> {
        self.variants[id as usize].get(name).copied()
    }

    /// The top mapping of an entity.
    #[inline]
    pub(crate) fn top(&self, entity: EntityId) -> u32 {
        self.top[entity.index()]
    }

    /// The inputs of `entity` a household must give.
    pub(crate) fn required(&self, entity: EntityId) -> &[VarId] {
        &self.required[entity.index()]
    }
}
