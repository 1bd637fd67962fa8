//! `etuus bench`: how long the calculation takes on the user's own
//! households, stage by stage — "how long will my run take?" for a
//! researcher, "what does this rule change cost?" for a rule author.
//!
//! Each stage runs over every household (the laskelma over at most
//! [`EXPLAINED`] of them) for several rounds; the report gives the median
//! time per household, the spread over the rounds and households per
//! second. Times are wall-clock on this machine: compare runs made back to
//! back, not across machines.

use std::hint::black_box;
use std::io::Write;
use std::path::Path;
use std::time::{Duration, Instant};

use etuus_engine::eval::Options;
use etuus_engine::explain::{explain, render_text};
use etuus_engine::output::{write_result_json, Detail};
use etuus_engine::trace::ROOT;
use etuus_engine::vm::Machine;
use etuus_engine::{Household, Month, RuleSet};

use crate::failure::Failure;
use crate::rules::Rules;

/// Households explained per round: a laskelma costs far more than a
/// calculation, and its time per household does not depend on how many.
const EXPLAINED: usize = 100;

/// The arguments of `etuus bench`.
pub struct BenchArgs<'a> {
    pub rules: Option<&'a Path>,
    pub file: &'a Path,
    pub month: Option<&'a str>,
    pub rounds: u32,
    pub json: bool,
}

/// One household of the file: its month (the line's, or `--month`) and text.
struct Line {
    month: Month,
    text: String,
}

/// The timings of one stage: per round, the time per household.
struct Stage {
    name: String,
    per_household: Vec<Duration>,
}

impl Stage {
    fn median(&self) -> Duration {
        let mut sorted = self.per_household.clone();
        sorted.sort();
        sorted.get(sorted.len() / 2).copied().unwrap_or_default()
    }

    fn min(&self) -> Duration {
        self.per_household.iter().min().copied().unwrap_or_default()
    }

    fn max(&self) -> Duration {
        self.per_household.iter().max().copied().unwrap_or_default()
    }
}

pub fn run(args: &BenchArgs<'_>, out: &mut dyn Write) -> Result<u8, Failure> {
    let started = Instant::now();
    let rules = Rules::load(args.rules)?;
    let first_load = started.elapsed();
    let rules = rules.get();
    let program = rules.program();
    let month = args
        .month
        .map(|m| {
            m.parse::<Month>()
                .map_err(|e| Failure::Input(format!("--month: {e}")))
        })
        .transpose()?;
    let lines = read_lines(args.file, month)?;
    if lines.is_empty() {
        return Err(Failure::Input(format!(
            "{}: no households (one JSON household per line, or lines of {{\"month\", \"etuus\": {{…}}}})",
            args.file.display()
        )));
    }
    let rounds = args.rounds.max(1);
    let n = lines.len();
    let mut stages = Vec::new();

    // Rules ready: the embedded program loaded again (or the directory's
    // files checked and compiled again).
    let mut ready = Vec::new();
    for _ in 0..rounds {
        let t = Instant::now();
        match args.rules {
            None => {
                let loaded = RuleSet::from_bytes(etuus::program_bytes(), None)
                    .map_err(|e| Failure::Internal(e.to_string()))?;
                black_box(loaded);
            }
            Some(dir) => {
                black_box(Rules::load(Some(dir))?);
            }
        }
        ready.push(t.elapsed());
    }
    let ready = Stage {
        name: "rules ready (once per process)".into(),
        per_household: ready,
    };

    let mut households = Vec::with_capacity(n);
    let mut parse = Vec::new();
    for round in 0..rounds {
        let t = Instant::now();
        for (i, line) in lines.iter().enumerate() {
            let h = rules.household_from_json(&line.text).map_err(|e| {
                Failure::Input(format!("{} line {}: {e}", args.file.display(), i + 1))
            })?;
            if round == 0 {
                households.push(h);
            } else {
                black_box(h);
            }
        }
        parse.push(t.elapsed() / n as u32);
    }
    stages.push(Stage {
        name: "parse JSON".into(),
        per_household: parse,
    });

    // Calculations run on the flat evaluator, one machine per month, reused.
    let months = distinct_months(&lines);
    for &result in &program.default_results {
        let def = &program.results[result.index()];
        let amount = def.amount;
        stages.push(time_machines(
            format!("{} only", def.labels.get(program.message_language())),
            rules,
            &lines,
            &households,
            &months,
            rounds,
            &[amount],
        )?);
    }
    let amounts: Vec<_> = program
        .default_results
        .iter()
        .map(|r| program.results[r.index()].amount)
        .collect();
    stages.push(time_machines(
        "combined (every default result)".into(),
        rules,
        &lines,
        &households,
        &months,
        rounds,
        &amounts,
    )?);

    let mut document = Vec::new();
    let mut text = String::with_capacity(64 * 1024);
    for _ in 0..rounds {
        let t = Instant::now();
        for (line, h) in lines.iter().zip(&households) {
            let calc = rules.calculate(h, line.month)?;
            text.clear();
            write_result_json(&calc, 0, Detail::All, false, &mut text);
            black_box(&text);
        }
        document.push(t.elapsed() / n as u32);
    }
    stages.push(Stage {
        name: "calculate and write the JSON result document".into(),
        per_household: document,
    });

    let explained = n.min(EXPLAINED);
    let options = Options {
        trace: true,
        ..Options::default()
    };
    let mut laskelma = Vec::new();
    for _ in 0..rounds {
        let t = Instant::now();
        for (line, h) in lines.iter().zip(&households).take(explained) {
            let calc = rules.calculate_with(h, line.month, &options)?;
            black_box(render_text(&explain(&calc, 0)));
        }
        laskelma.push(t.elapsed() / explained as u32);
    }
    stages.push(Stage {
        name: format!("laskelma (trace, explanation, text; {explained} households)"),
        per_household: laskelma,
    });

    if args.json {
        write_json(out, args.file, n, rounds, first_load, &ready, &stages)?;
    } else {
        write_text(out, args.file, n, rounds, first_load, &ready, &stages)?;
    }
    Ok(0)
}

fn time_machines(
    name: String,
    rules: &RuleSet,
    lines: &[Line],
    households: &[Household],
    months: &[Month],
    rounds: u32,
    vars: &[etuus_engine::compile::ids::VarId],
) -> Result<Stage, Failure> {
    let program = rules.program();
    let mut machines = Vec::new();
    for &month in months {
        let plan = program.law_plan(month, false).ok_or_else(|| {
            Failure::Input(format!(
                "{month}: the rules cover {} … {}",
                program.info.first_month, program.info.last_month
            ))
        })?;
        machines.push((month, Machine::new(program, plan, program.code(plan))));
    }
    let mut times = Vec::new();
    for _ in 0..rounds {
        let t = Instant::now();
        for (line, h) in lines.iter().zip(households) {
            let Some((_, machine)) = machines.iter_mut().find(|(m, _)| *m == line.month) else {
                continue;
            };
            machine.load(h);
            for &var in vars {
                black_box(machine.var(var, ROOT).ok());
            }
        }
        times.push(t.elapsed() / lines.len() as u32);
    }
    Ok(Stage {
        name,
        per_household: times,
    })
}

fn distinct_months(lines: &[Line]) -> Vec<Month> {
    let mut months: Vec<Month> = lines.iter().map(|l| l.month).collect();
    months.sort();
    months.dedup();
    months
}

fn read_lines(file: &Path, month: Option<Month>) -> Result<Vec<Line>, Failure> {
    let text = if file == Path::new("-") {
        std::io::read_to_string(std::io::stdin())
            .map_err(|e| Failure::Io(format!("standard input: {e}")))?
    } else {
        std::fs::read_to_string(file)
            .map_err(|e| Failure::Input(format!("{}: {e}", file.display())))?
    };
    let default = month.unwrap_or_else(crate::coverage::current_month);
    let mut lines = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let value: serde_json::Value = serde_json::from_str(line).map_err(|e| {
            Failure::Input(format!("{} line {}: not JSON: {e}", file.display(), i + 1))
        })?;
        // `{"month", "etuus": {…}}` lines (the bench file's form) or a bare household.
        let (line_month, household) = match value.get("etuus") {
            Some(h) => (value.get("month").and_then(|m| m.as_str()), h.to_string()),
            None => (None, line.to_string()),
        };
        let month = match (month, line_month) {
            (Some(m), _) => m,
            (None, Some(text)) => text.parse().map_err(|e| {
                Failure::Input(format!("{} line {}: month: {e}", file.display(), i + 1))
            })?,
            (None, None) => default,
        };
        lines.push(Line {
            month,
            text: household,
        });
    }
    Ok(lines)
}

fn micros(d: Duration) -> f64 {
    d.as_secs_f64() * 1e6
}

fn per_second(d: Duration) -> f64 {
    if d.is_zero() {
        0.0
    } else {
        1.0 / d.as_secs_f64()
    }
}

fn write_text(
    out: &mut dyn Write,
    file: &Path,
    n: usize,
    rounds: u32,
    first_load: Duration,
    ready: &Stage,
    stages: &[Stage],
) -> Result<(), Failure> {
    writeln!(
        out,
        "{n} households from {}, {rounds} rounds (median per household; min … max over the rounds)",
        file.display()
    )?;
    writeln!(
        out,
        "  {:<52} {:>12} {:>24}",
        "rules ready (this process's first load)",
        format!("{:.2} ms", micros(first_load) / 1000.0),
        ""
    )?;
    writeln!(
        out,
        "  {:<52} {:>12} {:>24}",
        ready.name,
        format!("{:.2} ms", micros(ready.median()) / 1000.0),
        format!(
            "{:.2} … {:.2} ms",
            micros(ready.min()) / 1000.0,
            micros(ready.max()) / 1000.0
        )
    )?;
    for stage in stages {
        writeln!(
            out,
            "  {:<52} {:>12} {:>24} {:>14}",
            stage.name,
            format!("{:.2} µs", micros(stage.median())),
            format!("{:.2} … {:.2} µs", micros(stage.min()), micros(stage.max())),
            format!("{:.0}/s", per_second(stage.median())),
        )?;
    }
    Ok(())
}

fn write_json(
    out: &mut dyn Write,
    file: &Path,
    n: usize,
    rounds: u32,
    first_load: Duration,
    ready: &Stage,
    stages: &[Stage],
) -> Result<(), Failure> {
    let stage = |s: &Stage| {
        serde_json::json!({
            "stage": s.name,
            "median_us": micros(s.median()),
            "min_us": micros(s.min()),
            "max_us": micros(s.max()),
            "households_per_second": per_second(s.median()),
        })
    };
    let document = serde_json::json!({
        "file": file.display().to_string(),
        "households": n,
        "rounds": rounds,
        "rules_first_load_ms": micros(first_load) / 1000.0,
        "rules_ready": stage(ready),
        "stages": stages.iter().map(stage).collect::<Vec<_>>(),
    });
    writeln!(
        out,
        "{}",
        serde_json::to_string_pretty(&document).unwrap_or_default()
    )?;
    Ok(())
}
