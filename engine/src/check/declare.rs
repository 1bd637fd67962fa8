//! First pass: entities, units, enumerations and the names of parameters and variables.

use crate::compile::ids::{EntityId, EnumId, ParamId, UnitId, VarId};
use crate::compile::{EntityDef, EnumDef, UnitDef, VariantDef};
use crate::diagnostic::DiagnosticKind;
use crate::load::LoadedFile;
use crate::source::Span;
use crate::types::{DeclaredType, NumKind, Unit};

use super::checker::{raw_files, Checker, Item, Raw};
use super::suggest::closest;

impl<'a> Checker<'a> {
    /// Declares entities; the root named by the manifest becomes entity 0.
    pub(super) fn declare_entities(&mut self, files: &'a [LoadedFile], root: &(String, Span)) {
        let mut declared = Vec::new();
        for (file, raw) in raw_files(files) {
            for (name, entity) in raw.entities.iter().flat_map(|e| e.iter()) {
                declared.push((file, name, entity));
            }
        }
        // The root comes first so that `EntityId(0)` is always the root.
        declared.sort_by_key(|(_, name, _)| name.value != root.0);
        for (file, name, entity) in &declared {
            let span = self.span(*file, name);
            if self.entity_by_name.contains_key(&name.value) {
                self.error(
                    DiagnosticKind::Duplicate,
                    span,
                    format!("entity `{}` is declared twice", name.value),
                );
                continue;
            }
            let labels = self.labels(*file, &entity.labels, &name.value, span);
            let id = EntityId(self.entities.len() as u32);
            self.entity_by_name.insert(name.value.clone(), id);
            self.entity_by_plural
                .insert(entity.plural.value.clone(), id);
            self.entities.push(EntityDef {
                name: name.value.clone(),
                plural: entity.plural.value.clone(),
                labels,
                member_of: None,
                min_members: entity.min_members.as_ref().map_or(0, |m| m.value),
                grouping: None,
            });
            if entity.groups.is_some() || entity.key.is_some() {
                self.pending_groupings.push((*file, id, *entity));
            }
        }
        if self.entities.first().map(|e| &e.name) != Some(&root.0) {
            self.error(
                DiagnosticKind::UnknownName,
                root.1,
                format!(
                    "the root entity `{}` is not declared under `entities:`",
                    root.0
                ),
            );
            return;
        }
        for (file, name, entity) in &declared {
            let Some(&id) = self.entity_by_name.get(&name.value) else {
                continue;
            };
            match &entity.member_of {
                Some(parent) => match self.entity_by_name.get(&parent.value) {
                    Some(&p) if p.index() == 0 => self.entities[id.index()].member_of = Some(p),
                    Some(_) => {
                        let span = self.span(*file, parent);
                        self.error(
                            DiagnosticKind::InvalidValue,
                            span,
                            "members can only belong to the root entity in this version of etuus",
                        );
                    }
                    None => {
                        let span = self.span(*file, parent);
                        self.error(
                            DiagnosticKind::UnknownName,
                            span,
                            format!("no entity `{}`", parent.value),
                        );
                    }
                },
                None if id.index() != 0 => {
                    let span = self.span(*file, name);
                    let root_name = root.0.clone();
                    self.error(
                        DiagnosticKind::MissingMetadata,
                        span,
                        format!(
                            "entity `{}` does not say which entity its members belong to",
                            name.value
                        ),
                    )
                    .help(format!("add `member_of: {root_name}`"));
                }
                None => {}
            }
        }
    }

    /// Resolves each group entity's grouped entity and key variable (after
    /// the variables are declared): `groups:` names a listed member entity,
    /// `key:` one of its variables.
    pub(super) fn resolve_groupings(&mut self) {
        for (file, id, raw) in std::mem::take(&mut self.pending_groupings) {
            let name = self.entities[id.index()].name.clone();
            let (Some(groups), Some(key)) = (&raw.groups, &raw.key) else {
                let text = raw.groups.as_ref().or(raw.key.as_ref());
                let span = text.map_or_else(|| Span::new(file, 0, 0), |t| self.span(file, t));
                self.error(
                    DiagnosticKind::MissingMetadata,
                    span,
                    format!("group entity `{name}` needs both `groups:` and `key:`"),
                )
                .help("e.g. `groups: henkilo` and `key: perheen_numero`: members with equal keys form one group");
                continue;
            };
            let of = match self.entity_by_name.get(&groups.value) {
                Some(&of) if self.entities[of.index()].member_of.is_some() && of != id => of,
                _ => {
                    let span = self.span(file, groups);
                    self.error(
                        DiagnosticKind::UnknownName,
                        span,
                        format!(
                            "`groups:` must name an entity whose members a household lists, not `{}`",
                            groups.value
                        ),
                    );
                    continue;
                }
            };
            if self.entities[id.index()].member_of != Some(EntityId(0)) {
                let span = self.span(file, groups);
                self.error(
                    DiagnosticKind::InvalidValue,
                    span,
                    format!("group entity `{name}` must belong to the root entity (`member_of`)"),
                );
                continue;
            }
            let var = match self.resolve(&key.value, &super::lower::Scope::global()) {
                Some(Item::Var(var)) if self.vars[var.index()].entity == of => var,
                _ => {
                    let span = self.span(file, key);
                    self.error(
                        DiagnosticKind::UnknownName,
                        span,
                        format!(
                            "`key:` must name a variable of `{}` (members with equal values form one `{name}`), not `{}`",
                            groups.value, key.value
                        ),
                    );
                    continue;
                }
            };
            self.entities[id.index()].grouping = Some(crate::compile::Grouping { of, key: var });
            self.var_used[var.index()] = true;
            // A group is derived from its members: nothing of it is given.
            let inputs: Vec<Span> = self
                .vars
                .iter()
                .filter(|v| v.entity == id && v.input.is_some())
                .map(|v| v.origin.span)
                .collect();
            for span in inputs {
                self.error(
                    DiagnosticKind::EntityMismatch,
                    span,
                    format!("`{name}` is a group derived from its members; its variables are computed, not inputs"),
                )
                .help("declare the input on the members and sum or count it in the group's formula");
            }
        }
    }

    /// Declares the base units.
    pub(super) fn declare_units(&mut self, files: &'a [LoadedFile]) {
        for (file, raw) in raw_files(files) {
            for (name, unit) in raw.units.iter().flat_map(|u| u.iter()) {
                let span = self.span(file, name);
                if self.unit_by_name.contains_key(&name.value) {
                    self.error(
                        DiagnosticKind::Duplicate,
                        span,
                        format!("unit `{}` is declared twice", name.value),
                    );
                    continue;
                }
                let labels = self.labels(file, &unit.labels, &name.value, span);
                self.unit_by_name
                    .insert(name.value.clone(), UnitId(self.units.len() as u32));
                self.units.push(UnitDef {
                    name: name.value.clone(),
                    labels,
                });
            }
        }
    }

    /// Declares enumerations and their variants.
    pub(super) fn declare_enums(&mut self, files: &'a [LoadedFile]) {
        for (file, raw) in raw_files(files) {
            for (name, def) in raw.enums.iter().flat_map(|e| e.iter()) {
                let span = self.span(file, name);
                if self.enum_by_name.contains_key(&name.value) {
                    self.error(
                        DiagnosticKind::Duplicate,
                        span,
                        format!("enum `{}` is declared twice", name.value),
                    );
                    continue;
                }
                let labels = self.labels(file, &def.labels, &name.value, span);
                let mut variants: Vec<VariantDef> = Vec::new();
                for (key, variant) in def.values.iter() {
                    let key_span = self.span(file, key);
                    if variants.iter().any(|v| v.key == key.value) {
                        self.error(
                            DiagnosticKind::Duplicate,
                            key_span,
                            format!("`{}` is listed twice in enum `{}`", key.value, name.value),
                        );
                        continue;
                    }
                    let owner = format!("{}.{}", name.value, key.value);
                    let labels = self.labels(file, &variant.labels, &owner, key_span);
                    let rejected = variant
                        .rejected
                        .as_ref()
                        .map(|r| self.labels(file, r, &owner, key_span));
                    variants.push(VariantDef {
                        key: key.value.clone(),
                        labels,
                        rejected,
                    });
                }
                self.enum_by_name
                    .insert(name.value.clone(), EnumId(self.enums.len() as u32));
                self.enums
                    .push(EnumDef::new(name.value.clone(), labels, variants));
            }
        }
    }

    /// Declares every parameter and variable by its qualified name.
    pub(super) fn declare_items(&mut self, files: &'a [LoadedFile]) {
        let mut first_seen: std::collections::HashMap<String, Span> = Default::default();
        for (file, raw) in raw_files(files) {
            let namespace = raw.namespace.as_ref().map(|n| n.value.as_str());
            let law_date = raw.law_date.as_ref();
            if let Some(ns) = namespace {
                if !self.namespaces.iter().any(|n| n == ns) {
                    self.namespaces.push(ns.to_string());
                }
            }
            for (name, def) in raw.parameters.iter().flat_map(|p| p.iter()) {
                let span = self.span(file, name);
                let qualified = Self::qualify(namespace, &name.value);
                if self.check_new_name(&qualified, span, &mut first_seen) {
                    self.items.insert(
                        qualified,
                        Item::Param(ParamId(self.raw_params.len() as u32)),
                    );
                    self.raw_params.push(Raw {
                        file,
                        namespace,
                        law_date,
                        name_span: span,
                        raw: def,
                    });
                }
            }
            for (name, def) in raw.checks.iter().flat_map(|c| c.iter()) {
                let span = self.span(file, name);
                let qualified = Self::qualify(namespace, &name.value);
                if self.check_new_name(&qualified, span, &mut first_seen) {
                    self.raw_checks.push(Raw {
                        file,
                        namespace,
                        law_date,
                        name_span: span,
                        raw: def,
                    });
                }
            }
            for (name, def) in raw.variables.iter().flat_map(|v| v.iter()) {
                let span = self.span(file, name);
                let qualified = Self::qualify(namespace, &name.value);
                if self.check_new_name(&qualified, span, &mut first_seen) {
                    self.items
                        .insert(qualified, Item::Var(VarId(self.raw_vars.len() as u32)));
                    self.raw_vars.push(Raw {
                        file,
                        namespace,
                        law_date,
                        name_span: span,
                        raw: def,
                    });
                }
            }
        }
    }

    fn check_new_name(
        &mut self,
        qualified: &str,
        span: Span,
        first_seen: &mut std::collections::HashMap<String, Span>,
    ) -> bool {
        let local = qualified.rsplit('.').next().unwrap_or(qualified);
        let valid = !local.is_empty()
            && local
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
            && !local.starts_with(|c: char| c.is_ascii_digit());
        if !valid {
            self.error(
                DiagnosticKind::InvalidValue,
                span,
                format!("`{local}` is not a valid name"),
            )
            .label("invalid name")
            .help("names are ASCII snake_case, in the law's own terms: `perusomavastuu`, `enimmaisasumismenot`");
            return false;
        }
        if let Some(&first) = first_seen.get(qualified) {
            self.error(
                DiagnosticKind::Duplicate,
                span,
                format!("`{qualified}` is defined twice"),
            )
            .label("second definition")
            .related(first, "first defined here")
            .help("rename one of them, or put them in different namespaces");
            return false;
        }
        first_seen.insert(qualified.to_string(), span);
        true
    }

    /// Reads a declared type and unit: `type: money, unit: eur/month`.
    pub(super) fn declared_type(
        &mut self,
        file: crate::source::FileId,
        ty: &serde_saphyr::Spanned<String>,
        unit: Option<&serde_saphyr::Spanned<String>>,
    ) -> Option<DeclaredType> {
        let span = self.span(file, ty);
        let kind = match ty.value.as_str() {
            "money" => Some(NumKind::Money),
            "rate" => Some(NumKind::Rate),
            "integer" => Some(NumKind::Integer),
            "number" => Some(NumKind::Number),
            _ => None,
        };
        let parsed_unit = match unit {
            Some(u) => Some(self.unit(file, u)?),
            None => None,
        };
        match kind {
            Some(kind) => {
                if kind == NumKind::Money && parsed_unit.is_none() {
                    self.error(DiagnosticKind::MissingMetadata, span, "money needs a unit")
                        .label("no unit")
                        .help("add e.g. `unit: eur/month`");
                    return None;
                }
                if matches!(kind, NumKind::Rate)
                    && parsed_unit.as_ref().is_some_and(|u| !u.is_one())
                {
                    let at = unit.map_or(span, |u| self.span(file, u));
                    self.error(DiagnosticKind::UnitMismatch, at, "a rate has no unit")
                        .help("use `type: number` for a quantity with a unit");
                    return None;
                }
                Some(DeclaredType::Number(kind, parsed_unit.unwrap_or_default()))
            }
            None => {
                if let Some(u) = unit {
                    let at = self.span(file, u);
                    self.error(
                        DiagnosticKind::UnitMismatch,
                        at,
                        format!("a value of type `{}` has no unit", ty.value),
                    );
                }
                match ty.value.as_str() {
                    "bool" => Some(DeclaredType::Bool),
                    "date" => Some(DeclaredType::Date),
                    other => match self.enum_by_name.get(other) {
                        Some(&id) => Some(DeclaredType::Enum(id)),
                        None => {
                            let mut names: Vec<&str> =
                                vec!["money", "rate", "integer", "number", "bool", "date"];
                            names.extend(self.enum_by_name.keys().map(String::as_str));
                            let suggestion =
                                closest(other, names.iter().copied()).map(str::to_string);
                            let help = match suggestion {
                                Some(s) => format!("did you mean `{s}`?"),
                                None => "a type is money, rate, integer, number, bool, date or the name of an enum".into(),
                            };
                            self.error(
                                DiagnosticKind::UnknownName,
                                span,
                                format!("unknown type `{other}`"),
                            )
                            .label("not a type")
                            .help(help);
                            None
                        }
                    },
                }
            }
        }
    }

    /// Reads a unit written as text: `eur/month`.
    pub(super) fn unit(
        &mut self,
        file: crate::source::FileId,
        text: &serde_saphyr::Spanned<String>,
    ) -> Option<Unit> {
        let span = self.span(file, text);
        let map = crate::expr::OffsetMap::new(&self.sources.file(file).text, span, &text.value);
        match crate::expr::parse_unit_text(&text.value, &map) {
            Ok(factors) => self.resolve_unit(&factors),
            Err(e) => {
                self.error(DiagnosticKind::Syntax, e.span, e.message)
                    .help("write a unit as base units joined by `/` and `*`, e.g. `eur/month`");
                None
            }
        }
    }

    /// Resolves parsed unit factors to a unit.
    pub(super) fn resolve_unit(&mut self, factors: &[(crate::expr::Name, i32)]) -> Option<Unit> {
        let mut ids = Vec::new();
        let mut ok = true;
        for (name, exponent) in factors {
            match self.unit_by_name.get(&name.text) {
                Some(&id) => ids.push((id, *exponent)),
                None => {
                    let suggestion =
                        closest(&name.text, self.unit_by_name.keys().map(String::as_str))
                            .map(str::to_string);
                    let known: Vec<&str> = self.units.iter().map(|u| u.name.as_str()).collect();
                    let help = match suggestion {
                        Some(s) => format!("did you mean `{s}`?"),
                        None => format!("the units are {}", known.join(", ")),
                    };
                    self.error(
                        DiagnosticKind::UnknownName,
                        name.span,
                        format!("unknown unit `{}`", name.text),
                    )
                    .label("not a unit")
                    .help(help);
                    ok = false;
                }
            }
        }
        ok.then(|| Unit::from_factors(ids))
    }
}
