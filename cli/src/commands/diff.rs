//! `etuus diff`: who gains and who loses between two months or two rule sets.

use std::io::Write;
use std::path::{Path, PathBuf};

use etuus::corpus::Corpus;
use etuus::diff::render::{render, Format};
use etuus::diff::{diff, DiffOptions, Side};
use etuus_engine::Month;

use crate::args::DiffFormat;
use crate::failure::{Failure, TESTS_FAILED};
use crate::rule_source::RuleSource;

/// The arguments of `etuus diff`.
pub struct DiffArgs<'a> {
    /// The global `--rules`: both sides' default.
    pub rules: Option<&'a Path>,
    pub households: Option<&'a Path>,
    pub months: &'a [String],
    pub vs: Option<&'a str>,
    pub rules_a: Option<&'a str>,
    pub rules_b: Option<&'a str>,
    pub format: DiffFormat,
    pub lang: &'a str,
    pub results: &'a [String],
    pub total: Option<&'a str>,
    pub movers: usize,
    pub exit_code: bool,
}

fn month(text: &str) -> Result<Month, Failure> {
    text.parse::<Month>()
        .map_err(|e| Failure::Input(e.to_string()))
}

pub fn run(args: &DiffArgs<'_>, out: &mut dyn Write) -> Result<u8, Failure> {
    let default = match args.rules {
        Some(dir) => RuleSource::Dir(dir.to_path_buf()),
        None => RuleSource::BuiltIn,
    };
    let source_a = args.rules_a.map_or(default.clone(), RuleSource::parse);
    let source_b = args.rules_b.map_or(default, RuleSource::parse);
    let pairs: Vec<(Month, Month)> = match args.vs {
        Some(vs) => {
            let [a] = args.months else {
                return Err(Failure::Input(
                    "--vs compares two months: give exactly one --month for side A, e.g. --month 2024-03 --vs 2024-04".into(),
                ));
            };
            vec![(month(a)?, month(vs)?)]
        }
        None if source_a == source_b => {
            return Err(Failure::Input(
                "nothing to compare: give two months (--month 2024-03 --vs 2024-04) or other rules for a side (--rules-a git:HEAD, --rules-a DIR)".into(),
            ))
        }
        None if args.months.is_empty() => etuus::REVIEW_MONTHS.iter().map(|&m| (m, m)).collect(),
        None => args
            .months
            .iter()
            .map(|m| month(m).map(|m| (m, m)))
            .collect::<Result<_, _>>()?,
    };
    let a = source_a.load()?;
    let b = if source_b == source_a {
        None
    } else {
        Some(source_b.load()?)
    };
    let b = b.as_ref().unwrap_or(&a);
    let corpus = read_corpus(args.households)?;
    let different_rules = a.rules.get().program().info.hash != b.rules.get().program().info.hash;
    let options = DiffOptions {
        results: args.results.to_vec(),
        total: args.total.map(str::to_string),
        movers: args.movers,
        language: args.lang.to_string(),
        rule_files: different_rules.then(|| (a.files.clone(), b.files.clone())),
    };
    let report = diff(
        Side {
            rules: a.rules.get(),
            label: &a.label,
        },
        Side {
            rules: b.rules.get(),
            label: &b.label,
        },
        &pairs,
        &corpus,
        &options,
    )
    .map_err(|e| Failure::Input(e.to_string()))?;
    let format = match args.format {
        DiffFormat::Text => Format::Text,
        DiffFormat::Csv => Format::Csv,
        DiffFormat::Json => Format::Json,
        DiffFormat::Markdown => Format::Markdown,
    };
    out.write_all(render(&report, format).as_bytes())?;
    Ok(if args.exit_code && report.has_changes() {
        TESTS_FAILED
    } else {
        0
    })
}

/// The households: a directory of household files (default `fixtures/`), a
/// JSON Lines file (`.jsonl`), or one household file.
fn read_corpus(path: Option<&Path>) -> Result<Corpus, Failure> {
    let path = path.unwrap_or(Path::new("fixtures"));
    let read = |p: &Path| {
        std::fs::read_to_string(p).map_err(|e| Failure::Input(format!("{}: {e}", p.display())))
    };
    if path.is_dir() {
        let mut files: Vec<PathBuf> = Vec::new();
        collect(path, &mut files).map_err(|e| Failure::Io(format!("{}: {e}", path.display())))?;
        files.sort();
        if files.is_empty() {
            return Err(Failure::Input(format!(
                "{}: no household files (*.yaml, *.yml, *.json)",
                path.display()
            )));
        }
        let mut corpus = Corpus::default();
        for file in &files {
            corpus.add_file(&file.to_string_lossy(), read(file)?);
        }
        return Ok(corpus);
    }
    if !path.exists() {
        return Err(Failure::Input(format!(
            "{}: no such file or directory; give the households as a directory of household files, a .jsonl file (one household per line) or one household file",
            path.display()
        )));
    }
    let text = read(path)?;
    if path
        .extension()
        .is_some_and(|e| e == "jsonl" || e == "ndjson")
    {
        return Corpus::from_json_lines(&text)
            .map_err(|e| Failure::Input(format!("{}: {e}", path.display())));
    }
    let mut corpus = Corpus::default();
    corpus.add_file(&path.to_string_lossy(), text);
    Ok(corpus)
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            collect(&path, out)?;
        } else if path
            .extension()
            .is_some_and(|e| e == "yaml" || e == "yml" || e == "json")
        {
            out.push(path);
        }
    }
    Ok(())
}
