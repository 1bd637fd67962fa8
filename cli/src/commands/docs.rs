//! `etuus params` and `etuus vars`: rule documentation from the rules.

use std::io::Write;
use std::path::Path;

use chrono::NaiveDate;
use etuus::whatif::docs;

use crate::failure::Failure;
use crate::rules::Rules;

fn language(program: &etuus_engine::Program, lang: &str) -> Result<usize, Failure> {
    program.language(lang).ok_or_else(|| {
        Failure::Input(format!(
            "`{lang}` is not a language of these rules; choose one of {}",
            program.info.languages.join(", ")
        ))
    })
}

pub fn params(
    rules_dir: Option<&Path>,
    name: Option<&str>,
    at: Option<&str>,
    lang: &str,
    out: &mut dyn Write,
) -> Result<u8, Failure> {
    let rules = Rules::load(rules_dir)?;
    let program = rules.get().program();
    let lang = language(program, lang)?;
    let at = at
        .map(|t| {
            NaiveDate::parse_from_str(t.trim(), "%Y-%m-%d")
                .or_else(|_| NaiveDate::parse_from_str(t.trim(), "%d.%m.%Y"))
                .map_err(|_| {
                    Failure::Input(format!(
                        "--at `{t}`: write a date as YYYY-MM-DD, e.g. 2022-08-01"
                    ))
                })
        })
        .transpose()?;
    let found = match name {
        Some(n) => docs::find_params(program, n),
        None => (0..program.params.len())
            .map(|i| etuus_engine::compile::ids::ParamId(i as u32))
            .collect(),
    };
    match (name, found.as_slice()) {
        (Some(n), []) => Err(Failure::Input(format!(
            "no parameter matches `{n}`; `etuus params` lists them all"
        ))),
        (Some(_), [one]) => {
            out.write_all(docs::param_text(program, *one, at, lang).as_bytes())?;
            Ok(0)
        }
        (_, many) => {
            let date = at.unwrap_or_else(crate::coverage::today);
            out.write_all(docs::params_list(program, many, date, lang).as_bytes())?;
            Ok(0)
        }
    }
}

pub fn vars(
    rules_dir: Option<&Path>,
    name: Option<&str>,
    lang: &str,
    out: &mut dyn Write,
) -> Result<u8, Failure> {
    let rules = Rules::load(rules_dir)?;
    let program = rules.get().program();
    let lang = language(program, lang)?;
    let found = match name {
        Some(n) => docs::find_vars(program, n),
        None => (0..program.vars.len())
            .map(|i| etuus_engine::compile::ids::VarId(i as u32))
            .collect(),
    };
    match (name, found.as_slice()) {
        (Some(n), []) => Err(Failure::Input(format!(
            "no variable matches `{n}`; `etuus vars` lists them all"
        ))),
        (Some(_), [one]) => {
            out.write_all(docs::var_text(program, *one, lang).as_bytes())?;
            Ok(0)
        }
        (_, many) => {
            out.write_all(docs::vars_list(program, many, lang).as_bytes())?;
            Ok(0)
        }
    }
}
