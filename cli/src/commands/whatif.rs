//! `etuus compare`, `etuus sweep` and `etuus timeline`: the what-if
//! calculations of `etuus::whatif`, with their arguments parsed and their
//! results printed.

use std::io::{IsTerminal as _, Write};
use std::path::Path;
use std::str::FromStr as _;

use etuus::whatif::{
    self, render, Change, Profile, Scenario, SweepSpec, TimelineOptions, WhatIfError,
};
use etuus_engine::{Household, Month, RuleSet};
use rust_decimal::Decimal;

use super::calc::read_household;
use crate::args::Format;
use crate::failure::Failure;
use crate::rules::Rules;

impl From<WhatIfError> for Failure {
    fn from(e: WhatIfError) -> Self {
        if e.input {
            Failure::Input(e.to_string())
        } else {
            Failure::Internal(e.to_string())
        }
    }
}

fn language(rules: &RuleSet, lang: &str) -> Result<usize, Failure> {
    let program = rules.program();
    program.language(lang).ok_or_else(|| {
        Failure::Input(format!(
            "`{lang}` is not a language of these rules; choose one of {}",
            program.info.languages.join(", ")
        ))
    })
}

/// The month given, or the current one (the rules' last month, with a
/// notice, once the calendar has moved past them).
fn month(rules: &RuleSet, text: Option<&str>) -> Result<Month, Failure> {
    let chosen = crate::coverage::choose_month(rules.program(), text, false)?;
    if let Some(notice) = &chosen.notice {
        eprintln!("note: {notice}");
    }
    Ok(chosen.month)
}

/// A month of a timeline: any month, written YYYY-MM; the months outside
/// the rules are reported by the timeline itself.
fn timeline_month(text: &str) -> Result<Month, Failure> {
    text.parse::<Month>()
        .map_err(|e| Failure::Input(e.to_string()))
}

fn unsupported(command: &str, format: Format, allowed: &str) -> Failure {
    Failure::Input(format!(
        "{command}: --format {} is not available here; choose {allowed}",
        format!("{format:?}").to_lowercase()
    ))
}

fn apply_sets(rules: &RuleSet, household: Household, set: &[String]) -> Result<Household, Failure> {
    let changes = set
        .iter()
        .map(|s| Change::set(s))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(whatif::apply(rules.program(), &household, &changes)?)
}

/// The options of `etuus compare`, read from the command line in order:
/// `--option NAME` starts an option, the changes after it belong to it.
fn scenarios(rules: &RuleSet, raw: &[String], lang: &str) -> Result<Vec<Scenario>, Failure> {
    let mut out: Vec<Scenario> = Vec::new();
    let mut named = false;
    let mut i = 0;
    while i < raw.len() {
        let (flag, inline) = match raw[i].split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f.to_string(), Some(v.to_string())),
            _ => (raw[i].clone(), None),
        };
        let known = ["--option", "--set", "--add", "--remove", "--vs"];
        if !known.contains(&flag.as_str()) {
            i += 1;
            continue;
        }
        let value = match inline {
            Some(v) => v,
            None => {
                i += 1;
                raw.get(i)
                    .cloned()
                    .ok_or_else(|| Failure::Input(format!("{flag} needs a value")))?
            }
        };
        i += 1;
        if flag == "--option" {
            out.push(Scenario {
                name: value,
                changes: Vec::new(),
            });
            named = true;
            continue;
        }
        let change = match flag.as_str() {
            "--set" => Change::set(&value)?,
            "--add" => Change::add(&value)?,
            "--remove" => Change::remove(&value),
            _ => {
                let household = read_household(rules, Path::new(&value))?;
                Change::Replace(Box::new(household))
            }
        };
        if out.is_empty() {
            out.push(Scenario {
                name: String::new(),
                changes: Vec::new(),
            });
        }
        out.last_mut()
            .expect("an option was just pushed")
            .changes
            .push(change);
    }
    if !named {
        // Unnamed: the changes themselves, if short enough for a heading.
        for (n, s) in out.iter_mut().enumerate() {
            let described = s.describe();
            s.name = if described.chars().count() <= 28 {
                described
            } else {
                format!("{} {}", whatif::words::word("option", lang), n + 1)
            };
        }
    }
    if out.is_empty() {
        return Err(Failure::Input(
            "compare: give at least one option, e.g. --set hakija.palkkatulo=600, \
             --add puoliso.ika=37 or --vs other.yaml"
                .into(),
        ));
    }
    if let Some(empty) = out.iter().find(|s| s.changes.is_empty()) {
        return Err(Failure::Input(format!(
            "compare: option `{}` has no changes; follow --option NAME with --set, --add, --remove or --vs",
            empty.name
        )));
    }
    Ok(out)
}

/// The command line after `compare`, for reading the options in order.
fn raw_arguments() -> Vec<String> {
    let args: Vec<String> = std::env::args().collect();
    match args.iter().position(|a| a == "compare") {
        Some(p) => args[p + 1..].to_vec(),
        None => Vec::new(),
    }
}

pub fn compare(
    rules_dir: Option<&Path>,
    household: &Path,
    month_text: Option<&str>,
    format: Format,
    lang: &str,
    out: &mut dyn Write,
) -> Result<u8, Failure> {
    let rules = Rules::load(rules_dir)?;
    let rules = rules.get();
    let lang = language(rules, lang)?;
    let base = read_household(rules, household)?;
    let month = month(rules, month_text)?;
    let code = rules.program().info.languages[lang].clone();
    let scenarios = scenarios(rules, &raw_arguments(), &code)?;
    let comparison = whatif::compare(rules, &base, &scenarios, month, lang, &Profile::finnish())?;
    let text = match format {
        Format::Text => render::compare_text(&comparison),
        Format::Markdown => render::compare_markdown(&comparison),
        Format::Json => render::compare_document(&comparison).to_json(),
        Format::Yaml => render::compare_document(&comparison).to_yaml(),
        other => {
            return Err(unsupported(
                "compare",
                other,
                "text, json, yaml or markdown",
            ))
        }
    };
    out.write_all(text.as_bytes())?;
    Ok(0)
}

pub struct SweepArgs<'a> {
    pub rules: Option<&'a Path>,
    pub household: &'a Path,
    pub vary: &'a str,
    pub month: Option<&'a str>,
    pub format: Format,
    pub svg: Option<&'a Path>,
    pub keep_under: Option<&'a str>,
    pub lang: &'a str,
    pub set: &'a [String],
}

pub fn sweep(args: &SweepArgs<'_>, out: &mut dyn Write) -> Result<u8, Failure> {
    let rules = Rules::load(args.rules)?;
    let rules = rules.get();
    let lang = language(rules, args.lang)?;
    let base = apply_sets(rules, read_household(rules, args.household)?, args.set)?;
    let month = month(rules, args.month)?;
    let mut spec = SweepSpec::from_str(args.vary)?;
    if let Some(text) = args.keep_under {
        let pct = Decimal::from_str(text.trim().trim_end_matches('%').trim())
            .ok()
            .filter(|p| *p >= Decimal::ZERO && *p <= Decimal::ONE_HUNDRED)
            .ok_or_else(|| {
                Failure::Input(format!(
                    "--keep-under `{text}`: a percentage 0 … 100, e.g. 20"
                ))
            })?;
        spec.trap_rate = Some(Decimal::ONE - pct / Decimal::ONE_HUNDRED);
    }
    if !matches!(
        args.format,
        Format::Text | Format::Csv | Format::Json | Format::Yaml | Format::Markdown | Format::Svg
    ) {
        return Err(unsupported(
            "sweep",
            args.format,
            "text, csv, json, yaml, markdown or svg",
        ));
    }
    // Progress on a terminal only, and only when it takes a while.
    let terminal = std::io::stderr().is_terminal();
    let mut progress = |done: usize, total: usize| {
        if terminal && total >= 100 && (done % 25 == 0 || done == total) {
            eprint!("\r{done}/{total}");
            if done == total {
                eprint!("\r{}\r", " ".repeat(24));
            }
        }
    };
    let result = whatif::sweep(
        rules,
        &base,
        &spec,
        month,
        lang,
        &Profile::finnish(),
        &mut progress,
    )?;
    if let Some(path) = args.svg {
        std::fs::write(path, whatif::chart::svg(&result))
            .map_err(|e| Failure::Io(format!("{}: {e}", path.display())))?;
    }
    let text = match args.format {
        Format::Csv => render::sweep_csv(&result),
        Format::Json => render::sweep_document(&result).to_json(),
        Format::Yaml => render::sweep_document(&result).to_yaml(),
        Format::Markdown => render::sweep_markdown(&result),
        Format::Svg => whatif::chart::svg(&result),
        _ => render::sweep_text(&result),
    };
    out.write_all(text.as_bytes())?;
    Ok(0)
}

pub struct TimelineArgs<'a> {
    pub rules: Option<&'a Path>,
    pub household: &'a Path,
    pub from: &'a str,
    pub to: &'a str,
    pub max_days: Option<u32>,
    pub format: Format,
    pub lang: &'a str,
    pub set: &'a [String],
}

pub fn timeline(args: &TimelineArgs<'_>, out: &mut dyn Write) -> Result<u8, Failure> {
    let rules = Rules::load(args.rules)?;
    let rules = rules.get();
    let lang = language(rules, args.lang)?;
    let base = apply_sets(rules, read_household(rules, args.household)?, args.set)?;
    let mut options =
        TimelineOptions::finnish(timeline_month(args.from)?, timeline_month(args.to)?);
    if let Some(days) = args.max_days {
        if !(1..=600).contains(&days) {
            return Err(Failure::Input(format!(
                "--enimmaisaika {days}: the maximum period is 300, 400 or 500 days"
            )));
        }
        options.max_days = Some(Decimal::from(days));
    }
    let result = whatif::timeline(rules, &base, &options, lang, &Profile::finnish())?;
    let text = match args.format {
        Format::Text => render::timeline_text(&result),
        Format::Markdown => render::timeline_markdown(&result),
        Format::Json => render::timeline_document(&result).to_json(),
        Format::Yaml => render::timeline_document(&result).to_yaml(),
        other => {
            return Err(unsupported(
                "timeline",
                other,
                "text, json, yaml or markdown",
            ))
        }
    };
    out.write_all(text.as_bytes())?;
    Ok(0)
}
