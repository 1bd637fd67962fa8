//! The checker's shared state and the order of its passes.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::NaiveDate;
use serde_saphyr::Spanned;
use sha2::{Digest, Sha256};

use crate::compile::ids::{EntityId, EnumId, NodeId, ParamId, UnitId, VarId};
use crate::compile::{
    EntityDef, EnumDef, Labels, Month, Node, ParamDef, Program, ResultDef, RulesetInfo, UnitDef,
    VarDef,
};
use crate::diagnostic::{DiagnosticKind, Diagnostics, RuleDiagnostic, Severity};
use crate::load::{load_file, LoadedFile, RawFile};
use crate::source::{FileId, SourceMap, Span};

/// A name a formula can refer to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Item {
    Var(VarId),
    Param(ParamId),
}

/// Checks and compiles a rule set. Returns the program and any warnings, or
/// every error found (with the warnings).
pub fn check(sources: SourceMap) -> Result<(Program, Diagnostics), Diagnostics> {
    let sources = Arc::new(sources);
    let mut files = Vec::new();
    let mut diagnostics = Vec::new();
    for (index, _) in sources.files().iter().enumerate() {
        let file = FileId(index as u32);
        match load_file(&sources, file) {
            Ok(raw) => files.push(LoadedFile { file, raw }),
            Err(d) => diagnostics.push(d),
        }
    }
    // Names in a file that does not parse are unknown to the rest, so every
    // later error would be noise: report the YAML errors alone.
    if !diagnostics.is_empty() {
        return Err(Diagnostics::new(sources, diagnostics));
    }
    let mut checker = Checker::new(sources.clone(), diagnostics);
    let program = checker.run(&files);
    let diagnostics = Diagnostics::new(sources, checker.diags);
    match program {
        Some(program) if diagnostics.error_count() == 0 => Ok((program, diagnostics)),
        _ => Err(diagnostics),
    }
}

/// One raw item together with where it comes from.
pub(super) struct Raw<'a, T> {
    pub file: FileId,
    pub namespace: Option<&'a str>,
    /// The file's `law_date`, if any.
    pub law_date: Option<&'a Spanned<String>>,
    pub name_span: Span,
    pub raw: &'a T,
}

/// State shared by the passes.
pub(super) struct Checker<'a> {
    pub sources: Arc<SourceMap>,
    pub diags: Vec<RuleDiagnostic>,
    pub languages: Vec<String>,
    pub first_month: Month,
    pub last_month: Month,
    pub entities: Vec<EntityDef>,
    pub entity_by_name: HashMap<String, EntityId>,
    pub entity_by_plural: HashMap<String, EntityId>,
    pub units: Vec<UnitDef>,
    pub unit_by_name: HashMap<String, UnitId>,
    pub enums: Vec<EnumDef>,
    pub enum_by_name: HashMap<String, EnumId>,
    pub items: HashMap<String, Item>,
    pub namespaces: Vec<String>,
    pub params: Vec<ParamDef>,
    pub raw_params: Vec<Raw<'a, crate::load::RawParameter>>,
    pub vars: Vec<VarDef>,
    pub raw_vars: Vec<Raw<'a, crate::load::RawVariable>>,
    pub nodes: Vec<Node>,
    pub args: Vec<NodeId>,
    /// Per variable, per formula version: variables it reads.
    pub var_deps: Vec<Vec<Vec<VarId>>>,
    /// Per variable, per formula version: parameters it reads in the evaluated month.
    pub param_deps: Vec<Vec<Vec<(ParamId, Span)>>>,
    /// Parameters read at a fixed date: (parameter, date, where).
    pub fixed_date_uses: Vec<(ParamId, NaiveDate, Span)>,
    pub param_used: Vec<bool>,
    pub var_used: Vec<bool>,
    pub results: Vec<ResultDef>,
    /// Per variable: its formulas as written, lowered by a later pass.
    pub pending_formulas: Vec<Vec<Option<&'a Spanned<String>>>>,
    /// Per node: whether its value is money.
    pub node_money: Vec<bool>,
    /// Base units that money is counted in (from `money` declarations).
    pub money_units: Vec<UnitId>,
    /// Input checks as written.
    pub raw_checks: Vec<Raw<'a, crate::load::RawCheck>>,
    /// Compiled input checks.
    pub checks: Vec<crate::compile::CheckDef>,
    /// Per check: parameters it reads in the evaluated month.
    pub check_param_deps: Vec<Vec<(ParamId, Span)>>,
    /// Per variable: the variables its notes' `when:` conditions read.
    pub note_var_deps: Vec<Vec<VarId>>,
    /// Group entities whose grouped entity and key are resolved once the
    /// variables are declared.
    pub pending_groupings: Vec<(FileId, EntityId, &'a crate::load::RawEntity)>,
}

impl<'a> Checker<'a> {
    fn new(sources: Arc<SourceMap>, diags: Vec<RuleDiagnostic>) -> Self {
        Checker {
            sources,
            diags,
            languages: Vec::new(),
            first_month: Month { year: 1, month: 1 },
            last_month: Month { year: 1, month: 1 },
            entities: Vec::new(),
            entity_by_name: HashMap::new(),
            entity_by_plural: HashMap::new(),
            units: Vec::new(),
            unit_by_name: HashMap::new(),
            enums: Vec::new(),
            enum_by_name: HashMap::new(),
            items: HashMap::new(),
            namespaces: Vec::new(),
            params: Vec::new(),
            raw_params: Vec::new(),
            vars: Vec::new(),
            raw_vars: Vec::new(),
            nodes: Vec::new(),
            args: Vec::new(),
            var_deps: Vec::new(),
            param_deps: Vec::new(),
            fixed_date_uses: Vec::new(),
            param_used: Vec::new(),
            var_used: Vec::new(),
            results: Vec::new(),
            pending_formulas: Vec::new(),
            raw_checks: Vec::new(),
            node_money: Vec::new(),
            money_units: Vec::new(),
            checks: Vec::new(),
            check_param_deps: Vec::new(),
            note_var_deps: Vec::new(),
            pending_groupings: Vec::new(),
        }
    }

    fn run(&mut self, files: &'a [LoadedFile]) -> Option<Program> {
        let manifest = self.read_manifest(files)?;
        self.declare_entities(files, &manifest.root_entity);
        self.declare_units(files);
        self.declare_enums(files);
        self.declare_items(files);
        self.read_params();
        self.read_vars();
        self.resolve_groupings();
        self.find_money_units();
        self.lower_formulas();
        self.lower_checks();
        self.read_results(files, &manifest.default_results);
        self.check_cycles();
        self.check_coverage();
        self.warn_unused();
        if self.diags.iter().any(|d| d.severity == Severity::Error) {
            return None;
        }
        let months = self.month_plans();
        let (root_slots, member_slots) = self.assign_slots();
        let var_index = self
            .vars
            .iter()
            .enumerate()
            .map(|(i, v)| (v.name.clone(), crate::compile::ids::VarId(i as u32)))
            .collect();
        let mut namespaces: Vec<String> = self
            .vars
            .iter()
            .filter_map(|v| v.name.rsplit_once('.').map(|(ns, _)| ns.to_string()))
            .collect();
        namespaces.sort();
        namespaces.dedup();
        let input_vars = self
            .vars
            .iter()
            .enumerate()
            .filter(|(_, v)| v.input.is_some())
            .map(|(i, _)| crate::compile::ids::VarId(i as u32))
            .collect();
        let default_results = manifest
            .default_results
            .iter()
            .filter_map(|(name, _)| {
                self.results
                    .iter()
                    .position(|r| &r.name == name)
                    .map(|i| crate::compile::ids::ResultId(i as u32))
            })
            .collect();
        let month_count = months.len();
        Some(Program {
            info: RulesetInfo {
                name: manifest.name,
                version: manifest.version,
                first_month: self.first_month,
                last_month: self.last_month,
                languages: self.languages.clone(),
                hash: hash_sources(&self.sources),
                disclaimer: manifest.disclaimer,
            },
            entities: std::mem::take(&mut self.entities),
            units: std::mem::take(&mut self.units),
            enums: std::mem::take(&mut self.enums),
            params: std::mem::take(&mut self.params),
            vars: std::mem::take(&mut self.vars),
            results: std::mem::take(&mut self.results),
            default_results,
            checks: std::mem::take(&mut self.checks),
            nodes: std::mem::take(&mut self.nodes),
            node_money: std::mem::take(&mut self.node_money),
            args: std::mem::take(&mut self.args),
            months,
            input_vars,
            var_index,
            namespaces,
            root_slots,
            member_slots,
            sources: self.sources.clone(),
            code_cache: crate::vm::CodeCache::new(month_count),
            output_layout: std::sync::OnceLock::new(),
            natives: None,
            input_index: std::sync::OnceLock::new(),
        })
    }

    /// Base units that appear in the unit of some `money` declaration.
    fn find_money_units(&mut self) {
        let declared = self
            .vars
            .iter()
            .map(|v| &v.ty)
            .chain(self.params.iter().map(|p| &p.ty));
        for ty in declared {
            if let crate::types::DeclaredType::Number(crate::types::NumKind::Money, unit) = ty {
                for &(id, exp) in unit.factors() {
                    if exp == 1 && !self.money_units.contains(&id) {
                        self.money_units.push(id);
                    }
                }
            }
        }
    }

    fn assign_slots(&mut self) -> (u32, u32) {
        let (mut root, mut member) = (0, 0);
        for var in &mut self.vars {
            if var.entity.index() == 0 {
                var.slot = root;
                root += 1;
            } else {
                var.slot = member;
                member += 1;
            }
        }
        (root, member)
    }

    /// Records an error; the returned handle adds a label and help.
    pub fn error(
        &mut self,
        kind: DiagnosticKind,
        span: Span,
        message: impl Into<String>,
    ) -> Reported<'_> {
        self.diags.push(RuleDiagnostic::error(kind, span, message));
        Reported(self.diags.last_mut().expect("just pushed"))
    }

    /// Records a warning; the returned handle adds a label and help.
    pub fn warn(
        &mut self,
        kind: DiagnosticKind,
        span: Span,
        message: impl Into<String>,
    ) -> Reported<'_> {
        self.diags
            .push(RuleDiagnostic::error(kind, span, message).warning());
        Reported(self.diags.last_mut().expect("just pushed"))
    }

    /// The span of a spanned YAML value.
    pub fn span<T>(&self, file: FileId, spanned: &Spanned<T>) -> Span {
        let loc = spanned.referenced;
        let span = loc.span();
        match (span.byte_offset(), span.byte_len()) {
            (Some(offset), Some(len)) => Span::new(file, offset as usize, len as usize),
            _ => {
                let text = &self.sources.file(file).text;
                let line_start: usize = text
                    .split_inclusive('\n')
                    .take((loc.line() as usize).saturating_sub(1))
                    .map(str::len)
                    .sum();
                Span::new(
                    file,
                    line_start + (loc.column() as usize).saturating_sub(1),
                    1,
                )
            }
        }
    }

    /// Reads labels in every language of the rule set; reports missing ones.
    pub fn labels(
        &mut self,
        file: FileId,
        raw: &crate::load::Labels,
        owner: &str,
        at: Span,
    ) -> Labels {
        let mut labels = vec![String::new(); self.languages.len()];
        for (lang, text) in raw.iter() {
            match self.languages.iter().position(|l| *l == lang.value) {
                Some(i) => labels[i] = text.value.trim().to_string(),
                None => {
                    let span = self.span(file, lang);
                    let languages = self.languages.join(", ");
                    self.error(
                        DiagnosticKind::MissingMetadata,
                        span,
                        format!("`{}` is not a language of this rule set", lang.value),
                    )
                    .label("unknown language")
                    .help(format!("the rule set's languages are {languages}"));
                }
            }
        }
        let missing: Vec<String> = self
            .languages
            .iter()
            .zip(&labels)
            .filter(|(_, l)| l.is_empty())
            .map(|(lang, _)| lang.clone())
            .collect();
        if !missing.is_empty() {
            let template = self
                .languages
                .iter()
                .map(|l| format!("{l}: …"))
                .collect::<Vec<_>>()
                .join(", ");
            self.error(
                DiagnosticKind::MissingMetadata,
                at,
                format!("`{owner}` has no label in {}", missing.join(", ")),
            )
            .label("label missing")
            .help(format!(
                "add `labels: {{{template}}}`; labels are what counsellors read in the explanation"
            ));
        }
        Labels(labels)
    }

    /// Reads a `since` date.
    pub fn date(&mut self, file: FileId, text: &Spanned<String>) -> Option<NaiveDate> {
        match crate::literal::parse_date(&text.value) {
            Some(date) => Some(date),
            None => {
                let span = self.span(file, text);
                self.error(
                    DiagnosticKind::DateOrder,
                    span,
                    format!("`{}` is not a date", text.value),
                )
                .label("expected YYYY-MM-DD")
                .help("write dates as YYYY-MM-DD, e.g. 2024-04-01");
                None
            }
        }
    }

    /// Checks that a legal reference names a statute: an act number such as
    /// `938/2014`, a government proposal (`HE 74/2023`) or Kela's practice.
    pub fn reference(&mut self, file: FileId, text: &Spanned<String>) -> String {
        let value = text.value.trim().to_string();
        if !looks_like_reference(&value) {
            let span = self.span(file, text);
            self.error(
                DiagnosticKind::MissingMetadata,
                span,
                format!("`{value}` does not name a statute or an official source"),
            )
            .label("not a legal reference")
                    .help(
                "write the act number and section, e.g. `938/2014 16 §`; for Kela's practice, start with `Kela`",
            );
        }
        value
    }

    /// The qualified name of an item written in a file with `namespace`.
    pub fn qualify(namespace: Option<&str>, name: &str) -> String {
        match namespace {
            Some(ns) => format!("{ns}.{name}"),
            None => name.to_string(),
        }
    }

    /// The rule set's covered range as dates.
    pub fn coverage(&self) -> (NaiveDate, NaiveDate) {
        (self.first_month.first_day(), self.last_month.last_day())
    }
}

/// Whether a reference names a statute (`938/2014 16 §`), a proposal or Kela's practice.
pub(super) fn looks_like_reference(text: &str) -> bool {
    let has_act_number = text
        .split(|c: char| !(c.is_ascii_digit() || c == '/'))
        .any(|part| {
            let mut halves = part.split('/');
            matches!(
                (halves.next(), halves.next(), halves.next()),
                (Some(number), Some(year), None)
                    if !number.is_empty() && year.len() == 4
                        && number.bytes().all(|b| b.is_ascii_digit())
            )
        });
    has_act_number || text.starts_with("Kela") || text.starts_with("HE ")
}

fn hash_sources(sources: &SourceMap) -> String {
    let mut files: Vec<_> = sources.files().iter().collect();
    files.sort_by(|a, b| a.name.cmp(&b.name));
    let mut hasher = Sha256::new();
    for file in files {
        hasher.update(file.name.as_bytes());
        hasher.update([0]);
        hasher.update(file.text.as_bytes());
        hasher.update([0]);
    }
    hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The manifest's settings, read first because everything else depends on them.
pub(super) struct Manifest {
    pub name: String,
    pub version: String,
    pub root_entity: (String, Span),
    pub default_results: Vec<(String, Span)>,
    pub disclaimer: Option<Labels>,
}

impl<'a> Checker<'a> {
    fn read_manifest(&mut self, files: &'a [LoadedFile]) -> Option<Manifest> {
        let mut found: Option<(FileId, &crate::load::RawRuleset)> = None;
        for f in files {
            if let Some(ruleset) = &f.raw.ruleset {
                if let Some((first, _)) = found {
                    let span = self.span(f.file, &ruleset.name);
                    let first_name = self.sources.file(first).name.to_string();
                    self.error(
                        DiagnosticKind::Duplicate,
                        span,
                        "a second `ruleset:` section",
                    )
                    .label("second one")
                    .help(format!(
                        "the rule set is already described in {first_name}; keep one"
                    ));
                } else {
                    found = Some((f.file, ruleset));
                }
            }
        }
        let Some((file, ruleset)) = found else {
            self.diags.push(
                RuleDiagnostic::global(
                    DiagnosticKind::MissingMetadata,
                    "no file has a `ruleset:` section, so the covered months and languages are unknown",
                )
                .help("add a manifest file with `ruleset: {name, version, covers_from, covers_until, languages, root_entity, default_results}`"),
            );
            return None;
        };
        self.languages = ruleset.languages.iter().map(|l| l.value.clone()).collect();
        if self.languages.is_empty() {
            let span = self.span(file, &ruleset.name);
            self.error(
                DiagnosticKind::MissingMetadata,
                span,
                "the rule set lists no languages",
            );
        }
        let month = |c: &mut Self, text: &Spanned<String>| match text.value.parse::<Month>() {
            Ok(m) => Some(m),
            Err(e) => {
                let span = c.span(file, text);
                c.error(DiagnosticKind::DateOrder, span, e.to_string());
                None
            }
        };
        self.first_month = month(self, &ruleset.covers_from)?;
        self.last_month = month(self, &ruleset.covers_until)?;
        if self.last_month < self.first_month {
            let span = self.span(file, &ruleset.covers_until);
            self.error(
                DiagnosticKind::DateOrder,
                span,
                "`covers_until` is before `covers_from`",
            );
            return None;
        }
        let root_entity = (
            ruleset.root_entity.value.clone(),
            self.span(file, &ruleset.root_entity),
        );
        let default_results = ruleset
            .default_results
            .iter()
            .map(|r| (r.value.clone(), self.span(file, r)))
            .collect();
        let name_span = self.span(file, &ruleset.name);
        let disclaimer = ruleset
            .disclaimer
            .as_ref()
            .map(|d| self.labels(file, d, "disclaimer", name_span));
        Some(Manifest {
            disclaimer,
            name: ruleset.name.value.clone(),
            version: ruleset.version.value.clone(),
            root_entity,
            default_results,
        })
    }
}

/// All files as raw documents, for passes that walk every file.
pub(super) fn raw_files(files: &[LoadedFile]) -> impl Iterator<Item = (FileId, &RawFile)> {
    files.iter().map(|f| (f.file, &f.raw))
}

/// A diagnostic just recorded, to add a label, help or related places to.
pub(super) struct Reported<'d>(&'d mut RuleDiagnostic);

impl Reported<'_> {
    /// Sets the label under the offending text.
    pub fn label(self, label: impl Into<String>) -> Self {
        self.0.label = label.into();
        self
    }

    /// Sets what to do about it.
    pub fn help(self, help: impl Into<String>) -> Self {
        self.0.help = Some(help.into());
        self
    }

    /// Adds a further labelled place.
    pub fn related(self, span: Span, label: impl Into<String>) -> Self {
        self.0.related.push((span, label.into()));
        self
    }
}

#[cfg(test)]
mod tests {
    use super::looks_like_reference;

    #[test]
    fn references_must_name_a_statute() {
        assert!(looks_like_reference("938/2014 16 §"));
        assert!(looks_like_reference("1241/2023; 938/2014 8 §"));
        assert!(looks_like_reference("Kela: asumistuen tulot"));
        assert!(looks_like_reference("HE 74/2023"));
        assert!(!looks_like_reference("laki"));
        assert!(!looks_like_reference("TODO"));
        assert!(!looks_like_reference("16 §"));
    }
}
