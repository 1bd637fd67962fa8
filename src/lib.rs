//! The Finnish rule set, embedded in the etuus engine.
//!
//! `etuus` is [`etuus_engine`] with the rules of `rules/` compiled into the
//! binary: perustoimeentulotuki, yleinen asumistuki and työttömyysturva, as
//! far as they are written. [`rules`] checks them once per process.
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

pub use etuus_engine as engine;
pub use etuus_engine::{Diagnostics, Month, RuleSet, SourceFile};

pub mod corpus;
pub mod diff;
pub mod summary;

/// Months that straddle every change date of the Finnish rules 2021–2026:
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
pub const REVIEW_MONTHS: [Month; 12] = [
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
];

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
