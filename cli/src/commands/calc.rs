//! `etuus calc`: one household, one month.

use std::io::Write;
use std::path::Path;

use etuus_engine::eval::Options;
use etuus_engine::explain::{explain, explanation_document, render_text};
use etuus_engine::household::InputErrorKind;
use etuus_engine::output::{format_value, result_document, Out};
use etuus_engine::{Household, RuleSet};

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
    pub add: &'a [String],
    pub remove: &'a [String],
    pub results: &'a [String],
    pub assume_latest: bool,
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
        _ if code == 0 => return Err(failure),
        Format::Json => document.to_json(),
        Format::Yaml => document.to_yaml(),
        // People's formats report on standard error.
        _ => return Err(failure),
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
    let household = read_household(rules, args.household)?;
    // As in `etuus compare`: a person who is not there is named as such.
    use etuus::whatif::Change;
    let mut changes = Vec::new();
    for a in args.add {
        changes.push(Change::add(a)?);
    }
    changes.extend(args.remove.iter().map(|r| Change::remove(r)));
    for s in args.set {
        changes.push(Change::set(s)?);
    }
    let household = etuus::whatif::apply(program, &household, &changes)?;
    let chosen = crate::coverage::choose_month(program, args.month, args.assume_latest)?;
    let month = chosen.month;
    if let Some(notice) = &chosen.notice {
        eprintln!("note: {notice}");
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
    let summary = matches!(
        args.format,
        Format::Summary | Format::Markdown | Format::Html
    );
    let options = Options {
        results,
        trace: args.explain || summary,
        assume_latest: args.assume_latest,
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
        Format::Summary | Format::Markdown | Format::Html => {
            use etuus::whatif::render;
            let s = render::Summary::of(&calc, &etuus::whatif::Profile::finnish(), lang)?;
            let text = match args.format {
                Format::Summary => render::summary_text(&s),
                Format::Markdown => render::summary_markdown(&s),
                _ => render::summary_html(&s),
            };
            out.write_all(text.as_bytes())?;
        }
        Format::Csv | Format::Svg => {
            return Err(Failure::Input(
                "calc: --format csv and svg are for `etuus sweep`; choose text, json, yaml, summary, markdown or html".into(),
            ))
        }
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

pub(crate) fn read_household(rules: &RuleSet, path: &Path) -> Result<Household, Failure> {
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

/// A short answer: each result's amount and its lines.
fn write_summary(
    calc: &etuus_engine::Calculation<'_>,
    lang: usize,
    out: &mut dyn Write,
) -> Result<(), Failure> {
    let program = calc.program();
    if let Some(last) = calc.carried_from() {
        writeln!(
            out,
            "{}\n",
            etuus_engine::explain::carried_notice(
                &program.info.languages[lang],
                &program.info.first_month.to_string(),
                &last.to_string(),
                &calc.month().to_string(),
            )
        )?;
    }
    // In the rule set's order, whether computed or not.
    let mut order: Vec<_> = calc.results().iter().map(|&r| (r, None)).collect();
    order.extend(calc.failed_results().iter().map(|(r, e)| (*r, Some(e))));
    order.sort_by_key(|(r, _)| program.default_results.iter().position(|d| d == r));
    // A label seen with one amount is not repeated with another without saying whose it is.
    let mut seen: Vec<(String, String)> = Vec::new();
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
        let result_label = def.labels.get(lang);
        writeln!(out, "{result_label} {}", calc.month())?;
        for shown in calc.shown_lines(r) {
            if shown.is_amount {
                // The amount closes its section, so the last line of the
                // answer is the income left after housing costs.
                writeln!(out, "  = {}: {value}", amount.labels.get(lang))?;
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
            let label = format!("{}{member}", line_def.labels.get(lang));
            let text = format_value(program, &line_def.ty, value, lang);
            let label = match seen.iter().find(|(l, _)| *l == label) {
                Some((_, earlier)) if *earlier != text => {
                    format!("{label} ({})", result_label.to_lowercase())
                }
                Some(_) => label,
                None => {
                    seen.push((label.clone(), text.clone()));
                    label
                }
            };
            writeln!(out, "  {label}: {text}")?;
        }
    }
    Ok(())
}
