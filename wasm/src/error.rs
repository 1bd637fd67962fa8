//! Errors as data: what a page needs to put the message next to the field.

use etuus::whatif::WhatIfError;
use etuus_engine::household::InputErrorKind;
use etuus_engine::output::Out;
use etuus_engine::types::{DeclaredType, NumKind};
use etuus_engine::value::Value;
use etuus_engine::{EvalError, InputError, Program};

/// Why a call could not answer. Every error names what it is about and, for
/// an input, what the input accepts; the JavaScript API throws it as an
/// `EtuusError` with the same fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    /// `syntax`, `unknown_field`, `invalid_value`, `out_of_range`, `missing`,
    /// `rejected`, `month`, `options` (a bad argument of the call itself) or
    /// `internal` (a bug in etuus).
    pub kind: &'static str,
    /// The household input (`henkilot.aino.ika`) or option (`options.month`)
    /// at fault; `None` for the whole household.
    pub field: Option<String>,
    /// What is wrong, in English.
    pub message: String,
    /// What the field accepts (`a whole number 0 … 120`), where known.
    pub allowed: Option<String>,
}

impl ApiError {
    /// A bad argument of the call: an option, a change, a sweep range.
    pub fn option(field: impl Into<String>, message: impl Into<String>) -> ApiError {
        ApiError {
            kind: "options",
            field: Some(field.into()),
            message: message.into(),
            allowed: None,
        }
    }

    /// The same error, saying what is allowed.
    pub fn allowing(mut self, allowed: impl Into<String>) -> ApiError {
        self.allowed = Some(allowed.into());
        self
    }

    /// A household input that is not acceptable.
    pub fn input(program: &Program, error: &InputError) -> ApiError {
        let kind = match error.kind {
            InputErrorKind::Syntax => "syntax",
            InputErrorKind::UnknownField => "unknown_field",
            InputErrorKind::OutOfRange => "out_of_range",
            InputErrorKind::Missing => "missing",
            InputErrorKind::Rejected => "rejected",
            InputErrorKind::MonthNotCovered => "month",
            _ => "invalid_value",
        };
        let field = (!error.path.is_empty()).then(|| error.path.clone());
        let allowed = field.as_deref().and_then(|path| allowed_for(program, path));
        ApiError {
            kind,
            field,
            message: error.message.clone(),
            allowed,
        }
    }

    /// A calculation that could not finish.
    pub fn eval(program: &Program, error: &EvalError) -> ApiError {
        match error.as_input() {
            Some(input) => ApiError::input(program, input),
            None => ApiError {
                kind: "internal",
                field: None,
                message: error.to_string(),
                allowed: None,
            },
        }
    }

    /// A what-if calculation that could not be made.
    pub fn what_if(error: &WhatIfError) -> ApiError {
        ApiError {
            kind: if error.input {
                "invalid_value"
            } else {
                "internal"
            },
            field: None,
            message: error.message().to_string(),
            allowed: None,
        }
    }

    /// The error as a document: `{kind, field, message, allowed}`.
    pub fn document(&self) -> Out {
        let opt = |s: &Option<String>| s.clone().map_or(Out::Null, Out::Str);
        Out::Map(vec![
            ("kind".into(), Out::str(self.kind)),
            ("field".into(), opt(&self.field)),
            ("message".into(), Out::str(&self.message)),
            ("allowed".into(), opt(&self.allowed)),
        ])
    }
}

/// What the input at `path` accepts, from its declaration: its type, unit
/// and range, or its values.
pub fn allowed_for(program: &Program, path: &str) -> Option<String> {
    let var = input_named(program, path)?;
    let def = &program.vars[var.index()];
    let input = def.input.as_ref()?;
    let bound = |v: Option<Value>| match v {
        Some(Value::Num(d)) if def.ty.num_kind() == Some(NumKind::Rate) => Some(format!(
            "{} %",
            (d * rust_decimal::Decimal::ONE_HUNDRED).normalize()
        )),
        Some(Value::Num(d)) => Some(d.normalize().to_string()),
        Some(Value::Date(d)) => Some(d.to_string()),
        _ => None,
    };
    let range = match (bound(input.min), bound(input.max)) {
        (Some(lo), Some(hi)) => format!(" {lo} … {hi}"),
        (Some(lo), None) => format!(" ≥ {lo}"),
        (None, Some(hi)) => format!(" ≤ {hi}"),
        (None, None) => String::new(),
    };
    Some(match &def.ty {
        DeclaredType::Number(NumKind::Integer, _) => format!("a whole number{range}"),
        DeclaredType::Number(NumKind::Rate, _) => {
            format!("a percentage (`20 %`) or a share (0.2){range}")
        }
        DeclaredType::Number(NumKind::Money, unit) => {
            format!("an amount in {}{range}", program.unit_name(unit))
        }
        DeclaredType::Number(_, unit) if unit.is_one() => format!("a number{range}"),
        DeclaredType::Number(_, unit) => {
            format!("a number in {}{range}", program.unit_name(unit))
        }
        DeclaredType::Bool => "true or false".into(),
        DeclaredType::Date => format!("a date YYYY-MM-DD{range}"),
        DeclaredType::Enum(id) => {
            let def = &program.enums[id.index()];
            let keys: Vec<&str> = def
                .variants
                .iter()
                .filter(|v| v.rejected.is_none())
                .map(|v| v.key.as_str())
                .collect();
            if keys.len() <= 12 {
                format!("one of {}", keys.join(", "))
            } else {
                format!("a {} by its code or name", def.name)
            }
        }
    })
}

/// The input a household path names: `vuokra`, `asumistuki.paatospaiva`,
/// `henkilot.aino.ika`.
fn input_named(program: &Program, path: &str) -> Option<etuus_engine::compile::ids::VarId> {
    let found = |name: &str| {
        program
            .var_named(name)
            .filter(|v| program.vars[v.index()].input.is_some())
    };
    if let Some(var) = found(path) {
        return Some(var);
    }
    // `plural.id.name`: the member id may not contain the plural's dots.
    let (plural, rest) = path.split_once('.')?;
    program
        .entities
        .iter()
        .find(|e| e.is_listed() && e.plural == plural)?;
    let (_, name) = rest.split_once('.')?;
    found(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn program() -> &'static Program {
        etuus::rules().expect("the embedded rules").program()
    }

    #[test]
    fn says_what_an_input_allows() {
        let p = program();
        assert_eq!(
            allowed_for(p, "henkilot.aino.ika").as_deref(),
            Some("a whole number 0 … 120")
        );
        assert_eq!(
            allowed_for(p, "vuokra").as_deref(),
            Some("an amount in eur/month 0 … 100000")
        );
        assert_eq!(
            allowed_for(p, "henkilot.a.veroprosentti").as_deref(),
            Some("a percentage (`20 %`) or a share (0.2) 0 % … 100 %")
        );
        assert_eq!(
            allowed_for(p, "henkilot.a.tyottomyysturva.kassan_jasen").as_deref(),
            Some("true or false")
        );
        assert!(allowed_for(p, "asumismuoto")
            .unwrap()
            .starts_with("one of vuokra, asumisoikeus"));
        assert_eq!(allowed_for(p, "no_such_input"), None);
    }
}
