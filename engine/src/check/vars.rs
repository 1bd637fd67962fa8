//! Third pass: variable declarations, inputs and the dates of their formulas.

use crate::compile::ids::NodeId;
use crate::compile::{FormulaDef, InputDecl, Origin, Status, VarDef};
use crate::diagnostic::DiagnosticKind;
use crate::load::{RawStatus, RawVariable};
use crate::source::FileId;
use crate::types::DeclaredType;

use super::checker::Checker;
use super::suggest::closest;

impl<'a> Checker<'a> {
    /// Reads every variable's declaration; formulas are only dated here and lowered later.
    pub(super) fn read_vars(&mut self) {
        for index in 0..self.raw_vars.len() {
            let (file, namespace, name_span, raw) = {
                let r = &self.raw_vars[index];
                (r.file, r.namespace, r.name_span, r.raw)
            };
            let name = Self::qualify(namespace, self.sources.text(name_span));
            let entity = match self.entity_by_name.get(&raw.entity.value) {
                Some(&id) => id,
                None => {
                    let span = self.span(file, &raw.entity);
                    let names: Vec<&str> = self.entities.iter().map(|e| e.name.as_str()).collect();
                    let help = match closest(&raw.entity.value, names.iter().copied()) {
                        Some(s) => format!("did you mean `{s}`?"),
                        None => format!("the entities are {}", names.join(", ")),
                    };
                    self.error(
                        DiagnosticKind::UnknownName,
                        span,
                        format!("unknown entity `{}`", raw.entity.value),
                    )
                    .help(help);
                    crate::compile::ids::EntityId(0)
                }
            };
            let ty = self.declared_type(file, &raw.ty, raw.unit.as_ref());
            let labels = self.labels(file, &raw.labels, &name, name_span);
            let notes = self.notes(file, raw.notes.as_deref());
            let reference = raw.reference.as_ref().map(|r| self.reference(file, r));
            let input = match (&raw.input, &ty) {
                (Some(input), Some(ty)) => self.input_decl(file, &name, ty, input),
                _ => None,
            };
            let formulas = self.formula_dates(file, &name, name_span, raw, reference.is_some());
            self.vars.push(VarDef {
                name,
                entity,
                ty: ty.unwrap_or(DeclaredType::Bool),
                labels,
                reference,
                notes,
                input,
                formulas,
                origin: Origin { span: name_span },
                slot: 0,
            });
            self.var_used.push(false);
        }
    }

    fn input_decl(
        &mut self,
        file: FileId,
        name: &str,
        ty: &DeclaredType,
        raw: &crate::load::RawInput,
    ) -> Option<InputDecl> {
        let default = match &raw.default {
            Some(text) => Some(self.typed_value(file, text, ty)?),
            None => None,
        };
        let required = raw.required.as_ref().is_some_and(|r| r.value);
        if required && default.is_some() {
            let span = raw.default.as_ref().map(|d| self.span(file, d));
            if let Some(span) = span {
                self.error(
                    DiagnosticKind::InvalidValue,
                    span,
                    format!("`{name}` is required, so a default is never used"),
                )
                .help("remove `default:` or `required: true`");
            }
        }
        let bound = |c: &mut Self,
                     text: &Option<serde_saphyr::Spanned<String>>|
         -> Option<Option<crate::value::Value>> {
            match text {
                Some(t) => {
                    if !matches!(ty, DeclaredType::Number(..) | DeclaredType::Date) {
                        let span = c.span(file, t);
                        c.error(
                            DiagnosticKind::InvalidValue,
                            span,
                            "only numbers and dates have a range",
                        );
                        return None;
                    }
                    Some(Some(c.typed_value(file, t, ty)?))
                }
                None => Some(None),
            }
        };
        let min = bound(self, &raw.min)?;
        let max = bound(self, &raw.max)?;
        let help = raw
            .help
            .as_ref()
            .map(|h| self.labels(file, h, name, crate::source::Span::new(file, 0, 0)));
        Some(InputDecl {
            default,
            required,
            min,
            max,
            help,
        })
    }

    fn formula_dates(
        &mut self,
        file: FileId,
        name: &str,
        name_span: crate::source::Span,
        raw: &'a RawVariable,
        has_reference: bool,
    ) -> Vec<FormulaDef> {
        let mut pending = Vec::new();
        let mut formulas: Vec<FormulaDef> = Vec::new();
        let is_input = raw.input.is_some();
        let given = [is_input, raw.formula.is_some(), raw.formulas.is_some()]
            .iter()
            .filter(|g| **g)
            .count();
        if given != 1 {
            self.error(
                DiagnosticKind::InvalidValue,
                name_span,
                format!("`{name}` needs exactly one of `input`, `formula` or `formulas`"),
            )
            .help("an input is given by households; a computed variable has a formula");
        }
        if let Some(text) = &raw.formula {
            let span = self.span(file, text);
            if !has_reference {
                self.missing_formula_reference(name, span);
            }
            formulas.push(FormulaDef {
                since: chrono::NaiveDate::MIN,
                root: NodeId(0),
                text: text.value.clone(),
                reference: None,
                status: Status::Confirmed,
                note: None,
                span,
                in_force: true,
            });
            pending.push(Some(text));
        }
        for version in raw.formulas.iter().flatten() {
            let span = match &version.formula {
                Some(text) => self.span(file, text),
                None => self.span(file, &version.since),
            };
            let Some(since) = self.date(file, &version.since) else {
                continue;
            };
            if let Some(previous) = formulas.last() {
                if since <= previous.since {
                    let since_span = self.span(file, &version.since);
                    self.error(
                        DiagnosticKind::DateOrder,
                        since_span,
                        format!("formulas of `{name}` must be in ascending date order, but {since} follows {}", previous.since),
                    )
                    .help("list formulas oldest first, one per date");
                    continue;
                }
            }
            let reference = version.reference.as_ref().map(|r| self.reference(file, r));
            if reference.is_none() && !has_reference {
                self.missing_formula_reference(name, span);
            }
            let status = match version.status.as_ref().map(|s| s.value) {
                None | Some(RawStatus::Confirmed) => Status::Confirmed,
                Some(RawStatus::Unconfirmed) => Status::Unconfirmed,
                Some(RawStatus::Derived) => Status::Derived,
            };
            formulas.push(FormulaDef {
                since,
                root: NodeId(0),
                text: version
                    .formula
                    .as_ref()
                    .map_or_else(String::new, |f| f.value.clone()),
                reference,
                status,
                note: version.note.as_ref().map(|n| n.value.clone()),
                span,
                in_force: version.formula.is_some(),
            });
            pending.push(version.formula.as_ref());
        }
        self.pending_formulas.push(pending);
        formulas
    }

    fn missing_formula_reference(&mut self, name: &str, span: crate::source::Span) {
        self.error(
            DiagnosticKind::MissingMetadata,
            span,
            format!("the formula of `{name}` cites no statute"),
        )
        .label("no reference")
        .help("add `reference: <act> <section>` to the variable or to this formula");
    }
}
