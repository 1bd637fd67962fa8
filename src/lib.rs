//! The Finnish rule set, embedded in the etuus engine.
//!
//! `etuus` is [`etuus_engine`] with the rules of `rules/` checked and
//! compiled when this crate builds: the binaries, the WASM build and the
//! Python package load the compiled program ([`rules`]) without parsing or
//! checking YAML. With the `loader` feature (on by default) the rule files'
//! texts are embedded too ([`sources`]), for `etuus check` and the tests.
//! [`whatif`] compares a household with its options, sweeps an income over
//! a range and follows it month by month; [`relevance`] tells which inputs
//! can still change a household's results, so a form asks only those.
//!
//! ```
//! let rules = etuus::rules().expect("the embedded rules are checked by the tests");
//! let household = rules
//!     .household_from_json(r#"{"kunta": "Turku", "vuokra": 615, "henkilot": {"jaakko": {"ika": 30, "palkkatulo": 742}}}"#)
//!     .unwrap();
//! let result = rules.calculate(&household, "2022-06".parse().unwrap()).unwrap();
//! let amount = result.number("asumistuki.yleinen_asumistuki").unwrap();
//! assert_eq!(amount, "330.40".parse().unwrap());
//! ```

use std::fmt;
use std::sync::OnceLock;

pub mod relevance;
pub use etuus_engine as engine;
#[cfg(feature = "loader")]
pub use etuus_engine::{Diagnostics, SourceFile};
pub use etuus_engine::{Month, RuleSet};

#[cfg(feature = "loader")]
pub mod corpus;
#[cfg(feature = "loader")]
pub mod diff;
pub mod summary;

/// Months that straddle every change date of the Finnish rules 2021–2027:
/// the month before and the month after each change in the law, so that a
/// rule change shows in the snapshots and in `etuus diff` wherever it acts.
///
/// | Month | What is in force on its first day |
/// |---|---|
/// | 2021-06 | the 2021 amounts |
/// | 2022-09 | the extra index increase of 1.8.2022 |
/// | 2023-06 | the 2023 amounts, the temporary child increases, the flat 150 € disregard |
/// | 2024-03 | the 2024 freeze; the last month before the cuts |
/// | 2024-04 | the cuts of 1.4.2024 (70 %, child increases, suojaosa, housing-cost limits) |
/// | 2024-09 | the month before ansiopäiväraha's porrastus (2.9.2024) |
/// | 2024-10 | porrastus and the income-based work condition |
/// | 2025-01 | the asset test, the new municipality groups, no owner-occupied homes |
/// | 2025-08 | students move out of yleinen asumistuki |
/// | 2026-02 | the 2026 amounts and the toimeentulotuki reform of 1.2.2026 |
/// | 2026-03 | the perusosa cut of 1.3.2026 |
/// | 2026-05 | yleistuki replaces työmarkkinatuki and peruspäiväraha |
/// | 2027-01 | the law of 2027 (amounts frozen; perusosa and housing-cost limits unconfirmed) |
pub const REVIEW_MONTHS: [Month; 13] = [
    Month {
        year: 2021,
        month: 6,
    },
    Month {
        year: 2022,
        month: 9,
    },
    Month {
        year: 2023,
        month: 6,
    },
    Month {
        year: 2024,
        month: 3,
    },
    Month {
        year: 2024,
        month: 4,
    },
    Month {
        year: 2024,
        month: 9,
    },
    Month {
        year: 2024,
        month: 10,
    },
    Month {
        year: 2025,
        month: 1,
    },
    Month {
        year: 2025,
        month: 8,
    },
    Month {
        year: 2026,
        month: 2,
    },
    Month {
        year: 2026,
        month: 3,
    },
    Month {
        year: 2026,
        month: 5,
    },
    Month {
        year: 2027,
        month: 1,
    },
];

pub mod whatif;

mod compiled {
    include!(concat!(env!("OUT_DIR"), "/program_status.rs"));
}

/// The program compiled from `rules/` when this crate was built.
static PROGRAM: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/program.bin"));

/// The embedded rules' formulas generated as Rust at build time
/// (`etuus_engine::vm::codegen`), compiled into this crate.
#[cfg(feature = "native")]
#[allow(
    clippy::all,
    unused_parens,
    unused_variables,
    unused_mut,
    unused_assignments,
    dead_code
)]
mod native {
    include!(concat!(env!("OUT_DIR"), "/native_rules.rs"));
}

#[cfg(feature = "loader")]
mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded_rules.rs"));
}

/// Why the embedded rules are not ready.
#[derive(Debug, Clone)]
pub enum RulesError {
    /// The rule files had errors when the crate was built (their text, with
    /// places; `etuus check` shows them in full).
    Check(String),
    /// The compiled program does not load.
    Program(etuus_engine::serial::ProgramError),
}

impl fmt::Display for RulesError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RulesError::Check(text) => write!(f, "the embedded rule files have errors:\n{text}"),
            RulesError::Program(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for RulesError {}

/// The embedded rules, loaded once per process from the program compiled at
/// build time; its rule-set hash (the receipt on every result) is verified.
pub fn rules() -> Result<&'static RuleSet, &'static RulesError> {
    static RULES: OnceLock<Result<RuleSet, RulesError>> = OnceLock::new();
    RULES
        .get_or_init(|| match compiled::CHECK_ERRORS {
            Some(errors) => Err(RulesError::Check(errors.to_string())),
            None => RuleSet::from_bytes(PROGRAM, Some(compiled::RULES_SHA256))
                .map(with_generated_formulas)
                .map_err(RulesError::Program),
        })
        .as_ref()
}

/// The embedded rules with their formulas generated as Rust (the `native`
/// feature). They come from the same files in the same build, so their hash
/// matches; `tests/embedded.rs` checks that they are in use.
#[cfg(feature = "native")]
fn with_generated_formulas(mut rules: RuleSet) -> RuleSet {
    let _ = rules.use_natives(&native::NATIVES);
    rules
}

/// Without the `native` feature the flat evaluator's closures run.
#[cfg(not(feature = "native"))]
fn with_generated_formulas(rules: RuleSet) -> RuleSet {
    rules
}

/// The compiled program as embedded, for tools that load it themselves.
pub fn program_bytes() -> &'static [u8] {
    PROGRAM
}

/// SHA-256 of the rule files the embedded program was compiled from.
pub fn rules_sha256() -> &'static str {
    compiled::RULES_SHA256
}

/// The rule files compiled into this build: (path, text).
#[cfg(feature = "loader")]
pub fn rule_files() -> &'static [(&'static str, &'static str)] {
    embedded::RULE_FILES
}

/// The embedded rule files as engine sources, to check them again.
#[cfg(feature = "loader")]
pub fn sources() -> Vec<SourceFile> {
    rule_files()
        .iter()
        .map(|(name, text)| SourceFile::new(*name, *text))
        .collect()
}
