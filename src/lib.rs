//! The Finnish rule set, embedded in the etuus engine.
//!
//! `etuus` is [`etuus_engine`] with the rules of `rules/` compiled into the
//! binary: perustoimeentulotuki, yleinen asumistuki, työttömyysturva and
//! lapsilisä. [`rules`] checks them once per process; [`whatif`] compares a
//! household with its options, sweeps an income over a range and follows it
//! month by month; [`relevance`] tells which inputs can still change a
//! household's results, so a form asks only those.
//!
//! ```
//! let rules = etuus::rules().expect("the embedded rules are checked by the tests");
//! let household = rules
//!     .household_from_yaml("kunta: Turku\nvuokra: 615\nhenkilot:\n  jaakko: {ika: 30, palkkatulo: 742}\n")
//!     .unwrap();
//! let result = rules.calculate(&household, "2022-06".parse().unwrap()).unwrap();
//! let amount = result.number("asumistuki.yleinen_asumistuki").unwrap();
//! assert_eq!(amount, "330.40".parse().unwrap());
//! ```

use std::sync::OnceLock;

pub mod relevance;
pub mod whatif;

pub use etuus_engine as engine;
pub use etuus_engine::{Diagnostics, Month, RuleSet, SourceFile};

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded_rules.rs"));
}

/// The rule files compiled into this build: (path, text).
pub fn rule_files() -> &'static [(&'static str, &'static str)] {
    embedded::RULE_FILES
}

/// The embedded rule files as engine sources.
pub fn sources() -> Vec<SourceFile> {
    rule_files()
        .iter()
        .map(|(name, text)| SourceFile::new(*name, *text))
        .collect()
}

/// The embedded rules, checked and compiled once per process.
pub fn rules() -> Result<&'static RuleSet, &'static Diagnostics> {
    static RULES: OnceLock<Result<RuleSet, Diagnostics>> = OnceLock::new();
    RULES
        .get_or_init(|| RuleSet::from_sources(sources()))
        .as_ref()
}
