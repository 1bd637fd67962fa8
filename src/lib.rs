//! The Finnish rule set, embedded in the etuus engine.
//!
//! `etuus` is [`etuus_engine`] with the rules of `rules/` checked and
//! compiled when this crate builds: the binaries, the WASM build and the
//! Python package load the compiled program ([`rules`]) without parsing or
//! checking YAML. With the `loader` feature (on by default) the rule files'
//! texts are embedded too ([`sources`]), for `etuus check` and the tests.
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

pub use etuus_engine as engine;
#[cfg(feature = "loader")]
pub use etuus_engine::{Diagnostics, SourceFile};
pub use etuus_engine::{Month, RuleSet};

pub mod whatif;

mod compiled {
    include!(concat!(env!("OUT_DIR"), "/program_status.rs"));
}

/// The program compiled from `rules/` when this crate was built.
static PROGRAM: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/program.bin"));

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
                .map_err(RulesError::Program),
        })
        .as_ref()
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
