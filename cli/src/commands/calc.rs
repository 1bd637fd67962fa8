//! `etuus calc`: one household, one month.

use std::io::Write;
use std::path::Path;

use etuus_engine::eval::Options;
use etuus_engine::explain::{explain, explanation_document, render_text};
use etuus_engine::household::InputErrorKind;
use etuus_engine::output::{format_value, result_document, Out};
use etuus_engine::{Household, Month, RuleSet};

use crate::args::Format;
use crate::failure::{Failure, FieldFailure};
use crate::rules::Rules;

pub struct CalcArgs<'a> {
    pub rules: Option<&'a Path>,
    pub household: &'a Path,
    pub month: Option<&'a str>,
    pub explain: bool,
    pub format: Format,
    pub lang: &'a str,
    pub set: &'a [String],
    pub results: &'a [String],
    pub allow_partial: bool,
}

/// Runs `etuus calc`. Under `--format json` (or `yaml`) a failure is a
/// document on standard output, `{"error": {"field", "message", "allowed"}}`,
/// with the same exit code as in text.
pub fn run(args: &CalcArgs<'_>, out: &mut dyn Write) -> Result<u8, Failure> {
    let failure = match calculate(args, out) {
        Ok(code) => return Ok(code),
        Err(failure) => failure,
    };
    let code = failure.exit_code();
    let document = failure.document();
    let text = match args.format {
        Format::Text => return Err(failure),
        _ if code == 0 => return Err(failure),
        Format::Json => document.to_json(),
        Format::Yaml => document.to_yaml(),
    };
    out.write_all(text.as_bytes())?;
    Err(Failure::Written(code))
}

fn field(field: &str, message: String, allowed: Option<String>) -> Failure {
    Failure::Field(Box::new(FieldFailure {
        origin: None,
        field: Some(field.to_string()),
        message,
        allowed,
    }))
}

fn calculate(args: &CalcArgs<'_>, out: &mut dyn Write) -> Result<u8, Failure> {
    let rules = Rules::load(args.rules)?;
    let rules = rules.get();
    let program = rules.program();
    let languages = program.info.languages.join(", ");
    let lang = program.language(args.lang).ok_or_else(|| {
        field(
            "lang",
            format!(
                "`{}` is not a language of these rules; choose one of {languages}",
                args.lang
            ),
            Some(languages.clone()),
        )
    })?;
    let covered = format!("{} … {}", program.info.first_month, program.info.last_month);
    let month = match args.month {
        Some(text) => text
            .parse::<Month>()
            .map_err(|e| field("month", e.to_string(), Some(format!("YYYY-MM, {covered}"))))?,
        None => current_month(),
    };
    let mut household = read_household(rules, args.household)?;
    for assignment in args.set {
        let origin = format!("--set `{assignment}`");
        let (path, value) = assignment.split_once('=').ok_or_else(|| {
            Failure::Input(format!("{origin}: write it as PATH=VALUE, e.g. vuokra=700"))
        })?;
        household
            .set(program, path.trim(), value.trim())
            .map_err(|e| Failure::field(e, Some(origin)))?;
    }
    let mut results = Vec::new();
    for name in args.results {
        let id = program.result_named(name).ok_or_else(|| {
            let names: Vec<&str> = program.results.iter().map(|r| r.name.as_str()).collect();
            field(
                "result",
                format!("no result `{name}`; the results are {}", names.join(", ")),
                Some(names.join(", ")),
            )
        })?;
        results.push(id);
    }
    let options = Options {
        results,
        trace: args.explain,
        ..Options::default()
    };
    let calc = rules
        .calculate_with(&household, month, &options)
        .map_err(|e| month_range(e, &covered))?;
    // A result that lacks an input is an error unless the caller asked for
    // whatever could be calculated.
    if !args.allow_partial {
        if let Some(failure) = missing_results(&calc) {
            return Err(failure);
        }
    }
    match args.format {
        Format::Text if args.explain => write!(out, "{}", render_text(&explain(&calc, lang)))?,
        Format::Text => write_summary(&calc, lang, out)?,
        Format::Json | Format::Yaml => {
            let mut document = result_document(&calc, lang);
            if args.explain {
                if let Out::Map(entries) = &mut document {
                    entries.push((
                        "explanation".into(),
                        explanation_document(&explain(&calc, lang)),
                    ));
                }
            }
            let text = if args.format == Format::Json {
                document.to_json()
            } else {
                document.to_yaml()
            };
            out.write_all(text.as_bytes())?;
        }
    }
    Ok(0)
}

/// A calculation error; a month outside the rules says which months they cover.
fn month_range(error: etuus_engine::EvalError, covered: &str) -> Failure {
    match error.as_input() {
        Some(input) if input.kind == InputErrorKind::MonthNotCovered && input.allowed.is_none() => {
            let mut input = input.clone();
            input.allowed = Some(covered.to_string());
            Failure::field(input, None)
        }
        _ => Failure::from(error),
    }
}

/// The results that could not be calculated, as one error naming the first
/// missing input and every result it stops.
fn missing_results(calc: &etuus_engine::Calculation<'_>) -> Option<Failure> {
    let (_, first) = calc.failed_results().first()?;
    let Some(input) = first.as_input() else {
        return Some(Failure::Internal(first.to_string()));
    };
    let program = calc.program();
    let lang = program.message_language();
    let stopped: Vec<&str> = calc
        .failed_results()
        .iter()
        .filter(|(_, e)| e.as_input().map(|i| &i.path) == Some(&input.path))
        .map(|(r, _)| program.results[r.index()].labels.get(lang))
        .collect();
    let mut input = input.clone();
    if input.allowed.is_none() {
        input.allowed = input_named(program, &input.path)
            .map(|var| etuus_engine::household::allowed(program, var));
    }
    input.message = format!(
        "{}; without it these results cannot be calculated: {}. Give it, or add --allow-partial to get the other results",
        input.message,
        stopped.join(", ")
    );
    Some(Failure::field(input, None))
}

/// The input a field path names: `vuokra`, or a member's `henkilot.aino.ika`.
fn input_named(
    program: &etuus_engine::Program,
    path: &str,
) -> Option<etuus_engine::compile::ids::VarId> {
    program.var_named(path).or_else(|| {
        let (_, rest) = path.split_once('.')?;
        let (_, name) = rest.split_once('.')?;
        program.var_named(name)
    })
}

fn read_household(rules: &RuleSet, path: &Path) -> Result<Household, Failure> {
    let text = if path == Path::new("-") {
        std::io::read_to_string(std::io::stdin())
            .map_err(|e| Failure::Io(format!("standard input: {e}")))?
    } else {
        std::fs::read_to_string(path)
            .map_err(|e| Failure::Input(format!("{}: {e}", path.display())))?
    };
    let parsed = if path.extension().is_some_and(|e| e == "json") {
        rules.household_from_json(&text)
    } else {
        rules.household_from_yaml(&text)
    };
    let origin = if path == Path::new("-") {
        "standard input".to_string()
    } else {
        path.display().to_string()
    };
    parsed.map_err(|e| Failure::field(e, Some(origin)))
}

/// The month of today's date (UTC).
fn current_month() -> Month {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    chrono::DateTime::from_timestamp(seconds, 0)
        .map(|t| Month::of(t.date_naive()))
        .unwrap_or(Month {
            year: 2026,
            month: 1,
        })
}

/// A short answer: each result's amount and its lines.
fn write_summary(
    calc: &etuus_engine::Calculation<'_>,
    lang: usize,
    out: &mut dyn Write,
) -> Result<(), Failure> {
    let program = calc.program();
    // In the rule set's order, whether computed or not.
    let mut order: Vec<_> = calc.results().iter().map(|&r| (r, None)).collect();
    order.extend(calc.failed_results().iter().map(|(r, e)| (*r, Some(e))));
    order.sort_by_key(|(r, _)| program.default_results.iter().position(|d| d == r));
    for (r, error) in order {
        if let Some(error) = error {
            writeln!(
                out,
                "{} {}: — ({error})",
                program.results[r.index()].labels.get(lang),
                calc.month()
            )?;
            continue;
        }
        let def = &program.results[r.index()];
        let amount = &program.vars[def.amount.index()];
        let value = calc
            .value(def.amount, etuus_engine::trace::ROOT)
            .map(|v| format_value(program, &amount.ty, v, lang))
            .unwrap_or_default();
        writeln!(out, "{} {}: {value}", def.labels.get(lang), calc.month())?;
        for shown in calc.shown_lines(r) {
            if shown.is_amount {
                continue;
            }
            let line_def = &program.vars[shown.var.index()];
            let Some(value) = calc.value(shown.var, shown.member) else {
                continue;
            };
            let member = if shown.member == etuus_engine::trace::ROOT {
                String::new()
            } else {
                // The short answer leaves out zero amounts of individual members.
                if matches!(value, etuus_engine::Value::Num(d) if d.is_zero()) {
                    continue;
                }
                format!(" ({})", calc.household().members[shown.member as usize].id)
            };
            writeln!(
                out,
                "  {}{member}: {}",
                line_def.labels.get(lang),
                format_value(program, &line_def.ty, value, lang)
            )?;
        }
    }
    Ok(())
}
