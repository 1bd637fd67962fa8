//! The arguments of a call, read from JSON with an error naming the option
//! at fault: the household, the options (`month`, `lang`, …), the options
//! a comparison compares and the range a sweep varies.

use etuus::whatif::{Change, Scenario, SweepSpec, MAX_POINTS};
use etuus_engine::{Household, Program, RuleSet};
use rust_decimal::Decimal;
use serde_json::{Map, Value};

use crate::error::ApiError;
use crate::month::{choose, ChosenMonth};

/// The options every calculation takes.
#[derive(Debug, Clone)]
pub struct Common {
    /// Index of the language.
    pub lang: usize,
    /// Its code.
    pub lang_code: String,
    /// The month and how it was chosen.
    pub month: ChosenMonth,
}

/// The options of a call, checked against the keys it accepts.
pub struct Options {
    map: Map<String, Value>,
}

impl Options {
    /// Reads the options (`""` or `null` for none); a key the call does not
    /// take is an error, so a misspelt option is not silently ignored.
    pub fn parse(text: &str, accepted: &[&str]) -> Result<Options, ApiError> {
        let value: Value = if text.trim().is_empty() {
            Value::Null
        } else {
            serde_json::from_str(text)
                .map_err(|e| ApiError::option("options", format!("not valid JSON: {e}")))?
        };
        let map = match value {
            Value::Null => Map::new(),
            Value::Object(map) => map,
            _ => {
                return Err(ApiError::option("options", "the options are an object")
                    .allowing("an object such as {\"month\": \"2026-06\", \"lang\": \"fi\"}"))
            }
        };
        if let Some(key) = map.keys().find(|k| !accepted.contains(&k.as_str())) {
            return Err(ApiError::option(
                format!("options.{key}"),
                format!("unknown option `{key}`"),
            )
            .allowing(format!("one of {}", accepted.join(", "))));
        }
        Ok(Options { map })
    }

    /// An option's value, `None` if absent or `null`.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.map.get(key).filter(|v| !v.is_null())
    }

    /// A text option.
    pub fn text(&self, key: &str) -> Result<Option<&str>, ApiError> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s)),
            Some(_) => Err(ApiError::option(
                format!("options.{key}"),
                "expected a text",
            )),
        }
    }

    /// A true/false option, false if absent.
    pub fn flag(&self, key: &str) -> Result<bool, ApiError> {
        match self.get(key) {
            None => Ok(false),
            Some(Value::Bool(b)) => Ok(*b),
            Some(_) => Err(
                ApiError::option(format!("options.{key}"), "expected true or false")
                    .allowing("true or false"),
            ),
        }
    }

    /// A number option.
    pub fn number(&self, key: &str) -> Result<Option<Decimal>, ApiError> {
        self.get(key)
            .map(|v| decimal(v, &format!("options.{key}")))
            .transpose()
    }

    /// The language, the month and whether to carry the law forward.
    pub fn common(&self, program: &Program) -> Result<Common, ApiError> {
        let languages = &program.info.languages;
        let code = self.text("lang")?.unwrap_or(&languages[0]);
        let lang = program.language(code).ok_or_else(|| {
            ApiError::option(
                "options.lang",
                format!("`{code}` is not a language of these rules"),
            )
            .allowing(format!("one of {}", languages.join(", ")))
        })?;
        let month = choose(
            program,
            self.text("month")?,
            self.text("today")?,
            self.flag("assumeLatest")?,
            code,
        )?;
        Ok(Common {
            lang,
            lang_code: code.to_string(),
            month,
        })
    }

    /// The results asked for by name; empty means the rule set's own.
    pub fn results(
        &self,
        program: &Program,
    ) -> Result<Vec<etuus_engine::compile::ids::ResultId>, ApiError> {
        let Some(value) = self.get("results") else {
            return Ok(Vec::new());
        };
        let names: Vec<&str> = program.results.iter().map(|r| r.name.as_str()).collect();
        let allowed = || format!("a list of {}", names.join(", "));
        let Value::Array(list) = value else {
            return Err(
                ApiError::option("options.results", "expected a list of result names")
                    .allowing(allowed()),
            );
        };
        list.iter()
            .map(|item| {
                item.as_str()
                    .and_then(|name| program.result_named(name))
                    .ok_or_else(|| {
                        ApiError::option("options.results", format!("no result {item}"))
                            .allowing(allowed())
                    })
            })
            .collect()
    }
}

/// Reads the household: a JSON object as in a household file.
pub fn household(rules: &RuleSet, text: &str) -> Result<Household, ApiError> {
    rules
        .household_from_json(text)
        .map_err(|e| ApiError::input(rules.program(), &e))
}

/// A number given as a JSON number or as text (`"1234.50"`).
pub fn decimal(value: &Value, field: &str) -> Result<Decimal, ApiError> {
    let text = match value {
        Value::Number(n) => n.to_string(),
        Value::String(s) => s.trim().to_string(),
        _ => String::new(),
    };
    text.parse::<Decimal>()
        .or_else(|_| Decimal::from_scientific(&text))
        .map_err(|_| {
            ApiError::option(field, format!("expected a number, found {value}"))
                .allowing("a number")
        })
}

/// An input's value as a household file writes it.
fn value_text(value: &Value, field: &str) -> Result<String, ApiError> {
    match value {
        Value::String(s) => Ok(s.clone()),
        Value::Number(n) => Ok(n.to_string()),
        Value::Bool(b) => Ok(b.to_string()),
        _ => Err(ApiError::option(
            field,
            format!("expected a number, text or true/false, found {value}"),
        )),
    }
}

/// The options a comparison compares: a list of
/// `{name, household?, remove?: [id], add?: {id: {input: value}}, set?: {path: value}}`,
/// applied in that order (another household first, then the people removed
/// and added, then the inputs set).
pub fn scenarios(rules: &RuleSet, text: &str) -> Result<Vec<Scenario>, ApiError> {
    let list: Value = serde_json::from_str(text)
        .map_err(|e| ApiError::option("options", format!("not valid JSON: {e}")))?;
    let Value::Array(list) = list else {
        return Err(
            ApiError::option("options", "expected a list of options to compare")
                .allowing("[{\"name\": \"600 € job\", \"set\": {\"aino.palkkatulo\": 600}}]"),
        );
    };
    if list.is_empty() {
        return Err(ApiError::option(
            "options",
            "give at least one option to compare",
        ));
    }
    list.iter()
        .enumerate()
        .map(|(i, item)| scenario(rules, item, i))
        .collect()
}

fn scenario(rules: &RuleSet, item: &Value, index: usize) -> Result<Scenario, ApiError> {
    let at = |key: &str| format!("options[{index}].{key}");
    let Value::Object(map) = item else {
        return Err(
            ApiError::option(format!("options[{index}]"), "expected an object")
                .allowing("{name, household, remove, add, set}"),
        );
    };
    const KEYS: &[&str] = &["name", "household", "remove", "add", "set"];
    if let Some(key) = map.keys().find(|k| !KEYS.contains(&k.as_str())) {
        return Err(ApiError::option(at(key), format!("unknown key `{key}`"))
            .allowing(format!("one of {}", KEYS.join(", "))));
    }
    let mut changes = Vec::new();
    if let Some(other) = map.get("household").filter(|v| !v.is_null()) {
        let household = household(rules, &other.to_string()).map_err(|mut e| {
            e.field = Some(match e.field {
                Some(f) => format!("{}.{f}", at("household")),
                None => at("household"),
            });
            e
        })?;
        changes.push(Change::Replace(Box::new(household)));
    }
    match map.get("remove") {
        None | Some(Value::Null) => {}
        Some(Value::Array(ids)) => {
            for id in ids {
                let id = id.as_str().ok_or_else(|| {
                    ApiError::option(at("remove"), "expected a list of person ids")
                })?;
                changes.push(Change::remove(id));
            }
        }
        Some(_) => {
            return Err(
                ApiError::option(at("remove"), "expected a list of person ids")
                    .allowing("[\"lapsi\"]"),
            )
        }
    }
    match map.get("add") {
        None | Some(Value::Null) => {}
        Some(Value::Object(people)) => {
            for (id, inputs) in people {
                let field = format!("{}.{id}", at("add"));
                match inputs {
                    Value::Object(inputs) if !inputs.is_empty() => {
                        for (name, value) in inputs {
                            let text = value_text(value, &format!("{field}.{name}"))?;
                            changes.push(
                                Change::add(&format!("{id}.{name}={text}"))
                                    .map_err(|e| what_if_at(&e, &field))?,
                            );
                        }
                    }
                    Value::Object(_) | Value::Null => {
                        changes.push(Change::add(id).map_err(|e| what_if_at(&e, &field))?)
                    }
                    _ => {
                        return Err(ApiError::option(field, "expected the person's inputs")
                            .allowing("{\"ika\": 36, \"palkkatulo\": 2300}"))
                    }
                }
            }
        }
        Some(_) => {
            return Err(ApiError::option(at("add"), "expected people to add")
                .allowing("{\"puoliso\": {\"ika\": 36}}"))
        }
    }
    match map.get("set") {
        None | Some(Value::Null) => {}
        Some(Value::Object(inputs)) => {
            for (path, value) in inputs {
                let field = format!("{}.{path}", at("set"));
                let text = value_text(value, &field)?;
                changes.push(Change::Set {
                    path: path.clone(),
                    value: text,
                });
            }
        }
        Some(_) => {
            return Err(ApiError::option(at("set"), "expected inputs to set")
                .allowing("{\"aino.palkkatulo\": 600}"))
        }
    }
    let mut scenario = Scenario {
        name: String::new(),
        changes,
    };
    scenario.name = match map.get("name") {
        Some(Value::String(name)) if !name.trim().is_empty() => name.clone(),
        _ => scenario.describe(),
    };
    Ok(scenario)
}

fn what_if_at(error: &etuus::whatif::WhatIfError, field: &str) -> ApiError {
    let mut e = ApiError::what_if(error);
    e.kind = "options";
    e.field = Some(field.to_string());
    e
}

/// The sweep's range: `{path, from, to, step}`.
pub fn sweep_spec(options: &Options) -> Result<SweepSpec, ApiError> {
    let Some(Value::Object(vary)) = options.get("vary") else {
        return Err(ApiError::option("options.vary", "say what to vary")
            .allowing("{\"path\": \"aino.palkkatulo\", \"from\": 0, \"to\": 3000, \"step\": 50}"));
    };
    let number = |key: &str| {
        let field = format!("options.vary.{key}");
        vary.get(key)
            .ok_or_else(|| {
                ApiError::option(&field, format!("`{key}` is missing")).allowing("a number")
            })
            .and_then(|v| decimal(v, &field))
    };
    let path = match vary.get("path") {
        Some(Value::String(p)) if !p.trim().is_empty() => p.trim().to_string(),
        _ => {
            return Err(
                ApiError::option("options.vary.path", "name the input to vary")
                    .allowing("an input path such as aino.palkkatulo"),
            )
        }
    };
    let spec = SweepSpec {
        path,
        from: number("from")?,
        to: number("to")?,
        step: number("step")?,
        trap_rate: match options.number("keepUnder")? {
            Some(pct) if pct >= Decimal::ZERO && pct <= Decimal::ONE_HUNDRED => {
                Some(Decimal::ONE - pct / Decimal::ONE_HUNDRED)
            }
            Some(_) => {
                return Err(ApiError::option(
                    "options.keepUnder",
                    "the share of a raise kept is a percentage",
                )
                .allowing("a number 0 … 100"))
            }
            None => None,
        },
    };
    if spec.step <= Decimal::ZERO {
        return Err(
            ApiError::option("options.vary.step", "the step must be above 0")
                .allowing("a number above 0"),
        );
    }
    if spec.to < spec.from {
        return Err(
            ApiError::option("options.vary.to", "`to` must not be below `from`")
                .allowing(format!("a number ≥ {}", spec.from)),
        );
    }
    if spec.count() > MAX_POINTS {
        return Err(ApiError::option(
            "options.vary.step",
            format!(
                "{} points is more than {MAX_POINTS}; use a larger step",
                spec.count()
            ),
        ));
    }
    Ok(spec)
}
