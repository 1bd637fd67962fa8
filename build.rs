//! Checks and compiles the rule files under `rules/` when the crate builds.
//!
//! The binaries and the WASM build embed the compiled program
//! (`OUT_DIR/program.bin`), so that no YAML is parsed or checked at
//! start-up; with the `loader` feature the YAML texts are embedded too, for
//! `etuus check` and the tests. A rule set with errors still builds: the
//! errors are embedded instead of a program, and `etuus::rules()` reports
//! them, so that `etuus check` can show them with their places.

use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use etuus_engine::{Month, RuleSet, SourceFile};

/// The generated formulas of a rule set that did not check: none.
const NO_NATIVES: &str = "use etuus_engine::vm::native::*;\n\
pub static NATIVES: Natives = Natives { rules_sha256: \"\", formulas: &[] };\n";

/// Months of coverage a build should still have ahead of it.
const STALE_WITHIN_MONTHS: i64 = 3;

fn main() {
    let rules = Path::new("rules");
    println!("cargo:rerun-if-changed=rules");
    println!("cargo:rerun-if-env-changed=ETUUS_TODAY");
    let mut files = Vec::new();
    collect(rules, &mut files);
    files.sort();
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    write_texts(&out, &files);

    let sources = files
        .iter()
        .map(|file| {
            let text = fs::read_to_string(file).expect("a readable rule file");
            SourceFile::new(name(file), text)
        })
        .collect();
    let status = match RuleSet::from_sources(sources) {
        Ok(rules) => {
            let program = rules.program();
            fs::write(
                out.join("program.bin"),
                etuus_engine::serial::to_bytes(program),
            )
            .expect("OUT_DIR is writable");
            // The `native` feature compiles the formulas as Rust too.
            let natives = if std::env::var_os("CARGO_FEATURE_NATIVE").is_some() {
                etuus_engine::vm::codegen::generate(program)
            } else {
                NO_NATIVES.to_string()
            };
            fs::write(out.join("native_rules.rs"), natives).expect("OUT_DIR is writable");
            warn_if_stale(program.info.last_month);
            format!(
                "/// SHA-256 of the rule files the embedded program was compiled from.\n\
                 pub const RULES_SHA256: &str = {:?};\n\
                 /// The rule files' errors, if they did not check.\n\
                 pub const CHECK_ERRORS: Option<&str> = None;\n",
                program.info.hash
            )
        }
        Err(diagnostics) => {
            fs::write(out.join("program.bin"), []).expect("OUT_DIR is writable");
            fs::write(out.join("native_rules.rs"), NO_NATIVES).expect("OUT_DIR is writable");
            println!(
                "cargo:warning=the rule files under rules/ have errors; `etuus check` lists them"
            );
            format!(
                "/// SHA-256 of the rule files the embedded program was compiled from.\n\
                 pub const RULES_SHA256: &str = \"\";\n\
                 /// The rule files' errors, if they did not check.\n\
                 pub const CHECK_ERRORS: Option<&str> = Some({:?});\n",
                diagnostics.render_plain()
            )
        }
    };
    fs::write(out.join("program_status.rs"), status).expect("OUT_DIR is writable");
}

/// The rule files' texts as `RULE_FILES: &[(path, text)]`.
fn write_texts(out: &Path, files: &[PathBuf]) {
    let mut generated =
        fs::File::create(out.join("embedded_rules.rs")).expect("OUT_DIR is writable");
    writeln!(
        generated,
        "/// Every rule file: (path relative to the repository, text)."
    )
    .expect("write");
    writeln!(generated, "pub static RULE_FILES: &[(&str, &str)] = &[").expect("write");
    for file in files {
        let absolute = fs::canonicalize(file).expect("rule file exists");
        println!("cargo:rerun-if-changed={}", file.display());
        writeln!(
            generated,
            "    ({:?}, include_str!({:?})),",
            name(file),
            absolute.display().to_string()
        )
        .expect("write");
    }
    writeln!(generated, "];").expect("write");
}

fn name(file: &Path) -> String {
    file.to_string_lossy().replace('\\', "/")
}

/// A release should not go out with rules that end within a few months.
fn warn_if_stale(last: Month) {
    let today = std::env::var("ETUUS_TODAY")
        .ok()
        .and_then(|t| t.parse::<chrono::NaiveDate>().ok())
        .unwrap_or_else(|| chrono::Utc::now().date_naive());
    let now = Month::of(today);
    if now.months_until(last) < STALE_WITHIN_MONTHS {
        println!(
            "cargo:warning=the rules cover months until {last}, within {STALE_WITHIN_MONTHS} \
             months of this build ({now}): add the coming year's law before a release \
             (rules/README.md, the yearly update)"
        );
    }
}

fn collect(dir: &Path, files: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, files);
        } else if path.extension().is_some_and(|e| e == "yaml") {
            files.push(path);
        }
    }
}
