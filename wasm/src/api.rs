//! The calls of the JavaScript API, in plain Rust: JSON text in, a document
//! out, or an [`ApiError`]. `lib.rs` only hands them to JavaScript, so the
//! same calls are tested natively.

use etuus::relevance::Relevance;
use etuus::whatif::{self, render, Profile};
use etuus_engine::eval::Options as CalcOptions;
use etuus_engine::explain::{explain as explain_calc, explanation_document, render_text};
use etuus_engine::output::result::receipt;
use etuus_engine::output::{result_document, Out};
use etuus_engine::trace::ROOT;
use etuus_engine::{Calculation, Household, Program, RuleSet};

use crate::error::ApiError;
use crate::request::{self, Common, Options};
use crate::rules::rules;

/// The rule set described for forms: [`crate::metadata::metadata`].
pub fn metadata() -> Result<Out, ApiError> {
    Ok(crate::metadata::metadata(rules()?.program()))
}

/// The result document of `etuus calc --format json`, the same document for
/// the same household and month. Options: `month`, `today`, `lang`,
/// `results`, `assumeLatest`, `values` (false leaves out the `values` and
/// `members` of every value computed); `explain: true` adds the laskelma as data
/// (`explanation`, as `etuus calc --explain --format json`) and
/// `relevance: true` the inputs that can change a result (`relevance`,
/// see [`relevance_document`]). A month chosen for the reader (the rules'
/// last month once the current month is past them) is said in `notices`.
pub fn calculate(household: &str, options: &str) -> Result<Out, ApiError> {
    let rules = rules()?;
    let program = rules.program();
    let options = Options::parse(
        options,
        &[
            "month",
            "today",
            "lang",
            "results",
            "assumeLatest",
            "explain",
            "relevance",
            "values",
        ],
    )?;
    let common = options.common(program)?;
    let household = request::household(rules, household)?;
    let explain = options.flag("explain")?;
    let relevance = options.flag("relevance")?;
    let calc = run(
        rules,
        &household,
        &common,
        options.results(program)?,
        explain || relevance,
    )?;
    let mut document = result_document(&calc, common.lang);
    let Out::Map(entries) = &mut document else {
        return Err(internal("the result document is not a mapping"));
    };
    if let Some(notice) = &common.month.notice {
        entries.insert(2, ("notices".into(), Out::List(vec![Out::str(notice)])));
    }
    // `values: false`: only the results, for a page that shows them (the
    // document of every value computed is large).
    if options.get("values") == Some(&serde_json::Value::Bool(false)) {
        entries.retain(|(k, _)| k != "values" && k != "members");
    }
    if explain {
        entries.push((
            "explanation".into(),
            explanation_document(&explain_calc(&calc, common.lang)),
        ));
    }
    if relevance {
        entries.push(("relevance".into(), relevance_document(&calc)?));
    }
    Ok(document)
}

/// The laskelma: as data (the explanation document of `etuus calc --explain
/// --format json`, with the receipt of the other answers) and as text
/// (`text`, as `etuus calc --explain`).
pub fn explain(household: &str, options: &str) -> Result<Out, ApiError> {
    let rules = rules()?;
    let options = Options::parse(
        options,
        &["month", "today", "lang", "results", "assumeLatest"],
    )?;
    let common = options.common(rules.program())?;
    let household = request::household(rules, household)?;
    let calc = run(
        rules,
        &household,
        &common,
        options.results(rules.program())?,
        true,
    )?;
    let explanation = explain_calc(&calc, common.lang);
    let mut document = explanation_document(&explanation);
    if let Out::Map(entries) = &mut document {
        // The same receipt as every other answer (the explanation's own is text).
        if let Some(entry) = entries.iter_mut().find(|(k, _)| k == "receipt") {
            entry.1 = receipt(rules.program());
        }
        push_notice(entries, &common);
        entries.push(("text".into(), Out::str(render_text(&explanation))));
    }
    Ok(document)
}

/// A summary to copy into a client record or a message: the household in
/// brief, each benefit, the total, assumptions and unconfirmed values, the
/// receipt; as plain text (`text`) and Markdown (`markdown`).
pub fn summary(household: &str, options: &str) -> Result<Out, ApiError> {
    let rules = rules()?;
    let options = Options::parse(options, &["month", "today", "lang", "assumeLatest"])?;
    let common = options.common(rules.program())?;
    let household = request::household(rules, household)?;
    let calc = run(rules, &household, &common, Vec::new(), true)?;
    let summary = render::Summary::of(&calc, &Profile::finnish(), common.lang)
        .map_err(|e| ApiError::what_if(&e))?;
    let mut entries = vec![
        ("format_version".into(), Out::Num(1.into())),
        ("month".into(), Out::str(calc.month().to_string())),
    ];
    push_notice(&mut entries, &common);
    entries.extend([
        ("receipt".into(), receipt(rules.program())),
        ("text".into(), Out::str(render::summary_text(&summary))),
        (
            "markdown".into(),
            Out::str(render::summary_markdown(&summary)),
        ),
    ]);
    Ok(Out::Map(entries))
}

/// The household and its options side by side (`etuus compare --format
/// json`), with the receipt. `scenarios` is a list of
/// `{name, household, remove, add, set}` ([`request::scenarios`]).
pub fn compare(household: &str, scenarios: &str, options: &str) -> Result<Out, ApiError> {
    let rules = rules()?;
    let options = Options::parse(options, &["month", "today", "lang"])?;
    let common = options.common(rules.program())?;
    let household = request::household(rules, household)?;
    let scenarios = request::scenarios(rules, scenarios)?;
    let comparison = whatif::compare(
        rules,
        &household,
        &scenarios,
        common.month.month,
        common.lang,
        &Profile::finnish(),
    )
    .map_err(|e| what_if_error(rules.program(), &e))?;
    let mut document = render::compare_document(&comparison);
    with_receipt(&mut document, rules.program(), &common);
    Ok(document)
}

/// One input over a range (`etuus sweep --format json`): each step's
/// benefits, tax and income, the effective marginal tax rate and the
/// incentive traps, with the receipt. Options: `vary: {path, from, to,
/// step}`, `keepUnder` (a percentage), `month`, `today`, `lang`.
pub fn sweep(household: &str, options: &str) -> Result<Out, ApiError> {
    let rules = rules()?;
    let options = Options::parse(options, &["month", "today", "lang", "vary", "keepUnder"])?;
    let common = options.common(rules.program())?;
    let spec = request::sweep_spec(&options)?;
    let household = request::household(rules, household)?;
    let sweep = whatif::sweep(
        rules,
        &household,
        &spec,
        common.month.month,
        common.lang,
        &Profile::finnish(),
        &mut |_, _| {},
    )
    .map_err(|e| what_if_error(rules.program(), &e))?;
    let mut document = render::sweep_document(&sweep);
    with_receipt(&mut document, rules.program(), &common);
    Ok(document)
}

/// The inputs that can change a result for this household and month, with
/// the month and receipt: [`relevance_document`].
pub fn relevant_inputs(household: &str, options: &str) -> Result<Out, ApiError> {
    let rules = rules()?;
    let options = Options::parse(
        options,
        &["month", "today", "lang", "results", "assumeLatest"],
    )?;
    let common = options.common(rules.program())?;
    let household = request::household(rules, household)?;
    let calc = run(
        rules,
        &household,
        &common,
        options.results(rules.program())?,
        true,
    )?;
    let mut entries = vec![
        ("format_version".into(), Out::Num(1.into())),
        ("month".into(), Out::str(calc.month().to_string())),
        ("receipt".into(), receipt(rules.program())),
    ];
    if let Out::Map(inner) = relevance_document(&calc)? {
        entries.extend(inner);
    }
    Ok(Out::Map(entries))
}

/// `{household: [input…], members: {<plural>: {<id>: [input…]}}}`: the
/// inputs, by their names in the household file, that can change a result
/// ([`etuus::relevance`]).
pub fn relevance_document(calc: &Calculation<'_>) -> Result<Out, ApiError> {
    let relevance =
        Relevance::of(calc).ok_or_else(|| internal("relevance needs a traced calculation"))?;
    let program = calc.program();
    let members = &calc.household().members;
    let mut root = Vec::new();
    let mut per_member: Vec<Vec<Out>> = vec![Vec::new(); members.len()];
    // In declaration order, as a form lists them.
    for &var in &program.input_vars {
        let name = &program.vars[var.index()].name;
        if program.is_root_var(var) {
            if relevance.matters(var, ROOT) {
                root.push(Out::str(name));
            }
        } else {
            for (m, list) in per_member.iter_mut().enumerate() {
                if relevance.matters(var, m as u32) {
                    list.push(Out::str(name));
                }
            }
        }
    }
    let mut by_entity = Out::Map(Vec::new());
    for (member, inputs) in members.iter().zip(per_member) {
        let plural = &program.entities[member.entity.index()].plural;
        let Out::Map(entities) = &mut by_entity else {
            break;
        };
        let index = match entities.iter().position(|(k, _)| k == plural) {
            Some(i) => i,
            None => {
                entities.push((plural.clone(), Out::Map(Vec::new())));
                entities.len() - 1
            }
        };
        if let Out::Map(ids) = &mut entities[index].1 {
            ids.push((member.id.clone(), Out::List(inputs)));
        }
    }
    Ok(Out::Map(vec![
        ("household".into(), Out::List(root)),
        ("members".into(), by_entity),
    ]))
}

fn run<'r>(
    rules: &'r RuleSet,
    household: &Household,
    common: &Common,
    results: Vec<etuus_engine::compile::ids::ResultId>,
    trace: bool,
) -> Result<Calculation<'r>, ApiError> {
    let options = CalcOptions {
        results,
        trace,
        assume_latest: common.month.assume_latest,
        ..CalcOptions::default()
    };
    rules
        .calculate_with(household, common.month.month, &options)
        .map_err(|e| ApiError::eval(rules.program(), &e))
}

fn push_notice(entries: &mut Vec<(String, Out)>, common: &Common) {
    if let Some(notice) = &common.month.notice {
        entries.push(("notices".into(), Out::List(vec![Out::str(notice)])));
    }
}

/// Every answer carries what produced it: the receipt after the month.
fn with_receipt(document: &mut Out, program: &Program, common: &Common) {
    if let Out::Map(entries) = document {
        let at = entries
            .iter()
            .position(|(k, _)| k == "month")
            .map_or(0, |i| i + 1);
        entries.insert(at, ("receipt".into(), receipt(program)));
        push_notice(entries, common);
    }
}

/// A what-if error that names an input is reported against it.
fn what_if_error(program: &Program, error: &whatif::WhatIfError) -> ApiError {
    let mut e = ApiError::what_if(error);
    // The what-if messages start with the path at fault: `aino.palkkatulo: …`.
    if let Some((path, _)) = error.message().split_once(": ") {
        if !path.contains(' ') {
            e.field = Some(path.to_string());
            e.allowed = crate::error::allowed_for(program, path);
        }
    }
    e
}

fn internal(message: &str) -> ApiError {
    ApiError {
        kind: "internal",
        field: None,
        message: message.to_string(),
        allowed: None,
    }
}
