//! Second pass: parameter values, scalar and tabular.

use serde_saphyr::Spanned;

use crate::compile::{
    KeyType, Note, NoteKind, Origin, ParamDef, ParamValue, ParamVersion, Status, Table, TableDim,
};
use crate::diagnostic::DiagnosticKind;
use crate::load::{Entries, RawCell, RawNote, RawParamValue, RawStatus};
use crate::source::{FileId, Span};
use crate::types::DeclaredType;
use crate::value::Value;

use super::checker::Checker;

impl<'a> Checker<'a> {
    /// Reads every parameter's declaration and values.
    pub(super) fn read_params(&mut self) {
        for index in 0..self.raw_params.len() {
            let (file, namespace, name_span, raw) = {
                let r = &self.raw_params[index];
                (r.file, r.namespace, r.name_span, r.raw)
            };
            let name = Self::qualify(namespace, self.sources.text(name_span));
            let ty = self.declared_type(file, &raw.ty, raw.unit.as_ref());
            let keys = self.table_keys(file, raw.keys.as_deref());
            let labels = self.labels(file, &raw.labels, &name, name_span);
            let notes = self.notes(file, raw.notes.as_deref());
            for note in raw.notes.iter().flatten() {
                if let Some(when) = &note.when {
                    let span = self.span(file, when);
                    self.error(
                        DiagnosticKind::InvalidValue,
                        span,
                        "only a variable's notes can have `when`",
                    )
                    .help("a parameter's note is shown whenever the parameter is used");
                }
            }
            let param_reference = raw.reference.as_ref().map(|r| self.reference(file, r));
            let mut versions: Vec<ParamVersion> = Vec::new();
            if let (Some(ty), Some(keys)) = (&ty, &keys) {
                for value in &raw.values {
                    if let Some(version) =
                        self.param_version(file, &name, ty, keys, value, param_reference.as_deref())
                    {
                        if let Some(previous) = versions.last() {
                            if version.since <= previous.since {
                                let previous_since = previous.since;
                                self.error(
                                    DiagnosticKind::DateOrder,
                                    version.span,
                                    format!(
                                        "values of `{name}` must be in ascending date order, but {} follows {previous_since}",
                                        version.since
                                    ),
                                )
                                .label("out of order")
                                .help("list values oldest first, one per date");
                                continue;
                            }
                        }
                        versions.push(version);
                    }
                }
            }
            if raw.values.is_empty() {
                self.error(
                    DiagnosticKind::CoverageGap,
                    name_span,
                    format!("`{name}` has no values"),
                )
                .help("add `values: [{since: YYYY-MM-DD, value: …, reference: …}]`");
            }
            self.params.push(ParamDef {
                name,
                ty: ty.unwrap_or(DeclaredType::Bool),
                keys: keys.unwrap_or_default(),
                labels,
                notes,
                versions,
                origin: Origin { span: name_span },
            });
            self.param_used.push(false);
        }
    }

    /// Reads remarks attached to an item.
    pub(super) fn notes(&mut self, file: FileId, raw: Option<&[RawNote]>) -> Vec<Note> {
        let mut notes = Vec::new();
        for note in raw.unwrap_or_default() {
            let span = self.span(file, &note.kind);
            let Some(kind) = NoteKind::from_name(&note.kind.value) else {
                self.error(
                    DiagnosticKind::InvalidValue,
                    span,
                    format!("unknown note kind `{}`", note.kind.value),
                )
                .help("a note is `ambiguous`, `discretion`, `gap` or `info`");
                continue;
            };
            let text = self.labels(file, &note.text, "note", span);
            notes.push(Note {
                kind,
                text,
                when: None,
            });
        }
        notes
    }

    fn table_keys(
        &mut self,
        file: FileId,
        raw: Option<&[Spanned<String>]>,
    ) -> Option<Vec<KeyType>> {
        let mut keys = Vec::new();
        for key in raw.unwrap_or_default() {
            if key.value == "integer" {
                keys.push(KeyType::Integer);
            } else if let Some(&id) = self.enum_by_name.get(&key.value) {
                keys.push(KeyType::Enum(id));
            } else {
                let span = self.span(file, key);
                self.error(
                    DiagnosticKind::UnknownName,
                    span,
                    format!("unknown key type `{}`", key.value),
                )
                .help("a table key is `integer` or the name of an enum");
                return None;
            }
        }
        Some(keys)
    }

    fn param_version(
        &mut self,
        file: FileId,
        name: &str,
        ty: &DeclaredType,
        keys: &[KeyType],
        raw: &RawParamValue,
        param_reference: Option<&str>,
    ) -> Option<ParamVersion> {
        let span = self.span(file, &raw.since);
        let since = self.date(file, &raw.since)?;
        let reference = match (&raw.reference, param_reference) {
            (Some(r), _) => self.reference(file, r),
            (None, Some(r)) => r.to_string(),
            (None, None) => {
                self.error(
                    DiagnosticKind::MissingMetadata,
                    span,
                    format!("the value of `{name}` from {since} cites no statute"),
                )
                .label("no reference")
                .help("add `reference: <act> <section>`, e.g. `938/2014 16 §`, to the value or the parameter");
                String::new()
            }
        };
        if let Some(source) = &raw.source {
            if !source.value.starts_with("http://") && !source.value.starts_with("https://") {
                let at = self.span(file, source);
                self.error(DiagnosticKind::MissingMetadata, at, "a source is a URL")
                    .help("give the address of the page the value comes from");
            }
        }
        let abolished = raw.abolished.as_ref().is_some_and(|a| a.value);
        let given = [raw.value.is_some(), raw.table.is_some(), abolished]
            .iter()
            .filter(|g| **g)
            .count();
        if given != 1 {
            self.error(
                DiagnosticKind::InvalidValue,
                span,
                format!("the value of `{name}` from {since} needs exactly one of `value`, `table` or `abolished: true`"),
            );
            return None;
        }
        let value = if abolished {
            ParamValue::Abolished
        } else if let Some(text) = &raw.value {
            if !keys.is_empty() {
                let at = self.span(file, text);
                self.error(
                    DiagnosticKind::InvalidValue,
                    at,
                    format!("`{name}` is a table; give `table:` instead of `value:`"),
                );
                return None;
            }
            ParamValue::Scalar(self.typed_value(file, text, ty)?)
        } else {
            let table = raw.table.as_ref()?;
            if keys.is_empty() {
                self.error(
                    DiagnosticKind::InvalidValue,
                    span,
                    format!("`{name}` has a table but declares no `keys:`"),
                )
                .help("declare the key types, e.g. `keys: [kuntaryhma, integer]`");
                return None;
            }
            let default = match &raw.default {
                Some(text) => Some(self.typed_value(file, text, ty)?),
                None => None,
            };
            ParamValue::Table(self.table(file, name, since, span, ty, keys, table, default)?)
        };
        let status = match raw.status.as_ref().map(|s| s.value) {
            None | Some(RawStatus::Confirmed) => Status::Confirmed,
            Some(RawStatus::Unconfirmed) => Status::Unconfirmed,
            Some(RawStatus::Derived) => Status::Derived,
        };
        Some(ParamVersion {
            since,
            value,
            reference,
            source: raw.source.as_ref().map(|s| s.value.clone()),
            status,
            note: raw.note.as_ref().map(|n| n.value.clone()),
            span,
        })
    }

    /// Parses a value written in a rule file by its declared type.
    pub(super) fn typed_value(
        &mut self,
        file: FileId,
        text: &Spanned<String>,
        ty: &DeclaredType,
    ) -> Option<Value> {
        let span = self.span(file, text);
        self.typed_text(span, &text.value, ty)
    }

    fn typed_text(&mut self, span: Span, text: &str, ty: &DeclaredType) -> Option<Value> {
        match crate::literal::parse_value(text, ty, &self.enums) {
            Ok(value) => Some(value),
            Err(e) => {
                let help = match e.suggestions.first() {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => format!("expected {}", self.describe_declared(ty)),
                };
                self.error(DiagnosticKind::InvalidValue, span, e.message)
                    .label("invalid value")
                    .help(help);
                None
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn table(
        &mut self,
        file: FileId,
        name: &str,
        since: chrono::NaiveDate,
        span: Span,
        ty: &DeclaredType,
        keys: &[KeyType],
        raw: &Entries<Spanned<RawCell>>,
        default: Option<Value>,
    ) -> Option<Table> {
        let mut cells: Vec<(Vec<i64>, Value)> = Vec::new();
        let mut absent: Vec<Vec<i64>> = Vec::new();
        let mut ok = true;
        self.collect_cells(
            file,
            ty,
            keys,
            raw,
            &mut Vec::new(),
            &mut cells,
            &mut absent,
            &mut ok,
        );
        if !ok {
            return None;
        }
        let mut dims = Vec::new();
        for (level, key) in keys.iter().enumerate() {
            dims.push(match key {
                KeyType::Enum(id) => TableDim::Enum {
                    len: self.enums[id.index()].variants.len() as u32,
                },
                KeyType::Integer => {
                    let min = cells.iter().map(|(k, _)| k[level]).min().unwrap_or(0);
                    let max = cells.iter().map(|(k, _)| k[level]).max().unwrap_or(0);
                    TableDim::Integer {
                        min,
                        len: (max - min + 1) as u32,
                    }
                }
            });
        }
        let size: usize = dims.iter().map(|d| d.len()).product();
        let mut table = Table {
            dims,
            cells: vec![None; size],
            default,
        };
        for (positions, value) in &cells {
            let mut index = 0;
            for (dim, &key) in table.dims.iter().zip(positions) {
                let pos = match dim {
                    TableDim::Enum { .. } => key as usize,
                    TableDim::Integer { min, .. } => (key - min) as usize,
                };
                index = index * dim.len() + pos;
            }
            table.cells[index] = Some(*value);
        }
        if table.default.is_none() {
            self.check_table_complete(name, since, span, keys, &table, &absent);
        }
        Some(table)
    }

    #[allow(clippy::too_many_arguments)]
    fn collect_cells(
        &mut self,
        file: FileId,
        ty: &DeclaredType,
        keys: &[KeyType],
        raw: &Entries<Spanned<RawCell>>,
        prefix: &mut Vec<i64>,
        cells: &mut Vec<(Vec<i64>, Value)>,
        absent: &mut Vec<Vec<i64>>,
        ok: &mut bool,
    ) {
        let level = prefix.len();
        for (key, cell) in raw.iter() {
            let key_span = self.span(file, key);
            let position = match keys[level] {
                KeyType::Integer => match key.value.trim().parse::<i64>() {
                    Ok(k) => Some(k),
                    Err(_) => {
                        self.error(
                            DiagnosticKind::InvalidValue,
                            key_span,
                            format!("`{}` is not a whole number", key.value),
                        )
                        .help("this table's key here is `integer`");
                        None
                    }
                },
                KeyType::Enum(id) => {
                    match crate::literal::find_variant(&self.enums[id.index()], &key.value) {
                        Ok(v) => Some(v as i64),
                        Err(e) => {
                            let help = match e.suggestions.first() {
                                Some(s) => format!("did you mean `{s}`?"),
                                None => format!(
                                    "the keys here are values of `{}`",
                                    self.enums[id.index()].name
                                ),
                            };
                            self.error(DiagnosticKind::InvalidValue, key_span, e.message)
                                .help(help);
                            None
                        }
                    }
                }
            };
            let Some(position) = position else {
                *ok = false;
                continue;
            };
            prefix.push(position);
            let is_leaf_level = level + 1 == keys.len();
            match (&cell.value, is_leaf_level) {
                (RawCell::Map(inner), false) => {
                    self.collect_cells(file, ty, keys, inner, prefix, cells, absent, ok);
                }
                (RawCell::Null, _) => absent.push(prefix.clone()),
                (RawCell::Scalar, true) => {
                    let span = self.span(file, cell);
                    let text = self
                        .sources
                        .text(span)
                        .trim()
                        .trim_matches(['"', '\''])
                        .to_string();
                    if cells.iter().any(|(k, _)| k == prefix) {
                        self.error(
                            DiagnosticKind::Duplicate,
                            key_span,
                            format!("key `{}` appears twice", key.value),
                        );
                        *ok = false;
                    } else {
                        match self.typed_text(span, &text, ty) {
                            Some(value) => cells.push((prefix.clone(), value)),
                            None => *ok = false,
                        }
                    }
                }
                (RawCell::Map(_), true) => {
                    let span = self.span(file, cell);
                    self.error(
                        DiagnosticKind::InvalidValue,
                        span,
                        "expected a value here, but found a further level of keys",
                    )
                    .help(format!("this table has {} key(s)", keys.len()));
                    *ok = false;
                }
                (RawCell::Scalar, false) => {
                    let span = self.span(file, cell);
                    self.error(
                        DiagnosticKind::InvalidValue,
                        span,
                        "expected a mapping of keys here, but found a value",
                    )
                    .help(format!(
                        "this table has {} key(s); nest one mapping per key",
                        keys.len()
                    ));
                    *ok = false;
                }
            }
            prefix.pop();
        }
    }

    fn check_table_complete(
        &mut self,
        name: &str,
        since: chrono::NaiveDate,
        span: Span,
        keys: &[KeyType],
        table: &Table,
        absent: &[Vec<i64>],
    ) {
        let mut missing = Vec::new();
        let mut positions = vec![0usize; keys.len()];
        let total = table.cells.len();
        for index in 0..total {
            let mut rest = index;
            for level in (0..keys.len()).rev() {
                positions[level] = rest % table.dims[level].len();
                rest /= table.dims[level].len();
            }
            if table.cells[index].is_some() {
                continue;
            }
            // Rejected variants never reach a formula, so they need no row.
            let reachable = keys.iter().zip(&positions).all(|(key, &pos)| match key {
                KeyType::Enum(id) => self.enums[id.index()].variants[pos].rejected.is_none(),
                KeyType::Integer => true,
            });
            // Keys written as `~` are declared absent on purpose.
            let declared_absent = absent.iter().any(|prefix| {
                prefix
                    .iter()
                    .enumerate()
                    .all(|(level, &key)| match table.dims[level] {
                        TableDim::Enum { .. } => key as usize == positions[level],
                        TableDim::Integer { min, .. } => (key - min) as usize == positions[level],
                    })
            });
            if reachable && !declared_absent {
                let described: Vec<String> = keys
                    .iter()
                    .zip(&positions)
                    .zip(&table.dims)
                    .map(|((key, &pos), dim)| match (key, dim) {
                        (KeyType::Enum(id), _) => self.enums[id.index()].variants[pos].key.clone(),
                        (KeyType::Integer, TableDim::Integer { min, .. }) => {
                            (min + pos as i64).to_string()
                        }
                        _ => pos.to_string(),
                    })
                    .collect();
                missing.push(described.join(", "));
            }
        }
        if !missing.is_empty() {
            let shown: Vec<String> = missing.iter().take(5).map(|m| format!("[{m}]")).collect();
            let more = if missing.len() > 5 {
                format!(" and {} more", missing.len() - 5)
            } else {
                String::new()
            };
            self.error(
                DiagnosticKind::IncompleteTable,
                span,
                format!(
                    "the table `{name}` from {since} has no value for {}{more}",
                    shown.join(", ")
                ),
            )
            .label("incomplete table")
            .help("add the missing rows, or a `default:` for keys the table does not list");
        }
    }

    /// Describes a declared type for messages: "money in eur/month".
    pub(super) fn describe_declared(&self, ty: &DeclaredType) -> String {
        match ty {
            DeclaredType::Number(kind, unit) if unit.is_one() => format!("a {kind}"),
            DeclaredType::Number(kind, unit) => format!(
                "{kind} in {}",
                unit.render(|id| self.units[id.index()].name.clone())
            ),
            DeclaredType::Bool => "true or false".into(),
            DeclaredType::Date => "a date (YYYY-MM-DD)".into(),
            DeclaredType::Enum(id) => format!("a value of `{}`", self.enums[id.index()].name),
        }
    }
}
