//! What-if calculations for counsellors: a household against its options.
//!
//! Everything here is plain computation over the engine's public API — no
//! file system, threads or clock — so that the command line, the WebAssembly
//! widget and the Python package share it:
//!
//! - [`change`]: options as changes to a household (`--set`, `--add`,
//!   `--remove`, another file);
//! - [`compare()`]: the household and its options side by side, each
//!   difference with the lines of the calculation that moved it, and
//!   "does work pay?" in one sentence ([`Incentive`]);
//! - [`sweep()`]: one input over a range, the effective marginal tax rate at
//!   each step and the incentive traps, drawn by [`chart::svg`];
//! - [`timeline()`]: the months ahead, with the unemployment benefit's paid
//!   days advancing and the law changes on the way named;
//! - [`render`]: text, Markdown, JSON, CSV and a printable HTML page;
//! - [`docs`]: a parameter's values through time, a variable's formulas.
//!
//! ```
//! use etuus::whatif::{compare, Change, Profile, Scenario};
//!
//! let rules = etuus::rules().expect("the embedded rules load");
//! let household = rules
//!     .household_from_yaml("kunta: Tampere\nvuokra: 700\nhenkilot:\n  aino: {ika: 30, veroprosentti: 20 %}\n")
//!     .unwrap();
//! let job = Scenario { name: "600 €".into(), changes: vec![Change::set("aino.palkkatulo=600").unwrap()] };
//! let month = "2026-06".parse().unwrap();
//! let comparison = compare(rules, &household, &[job], month, 0, &Profile::finnish()).unwrap();
//! let incentive = comparison.options[0].incentive.as_ref().unwrap();
//! assert_eq!(incentive.earnings, "600".parse().unwrap());
//! ```

pub mod change;
pub mod chart;
mod compare;
pub mod docs;
mod ledger;
pub mod render;
mod sweep;
mod timeline;
mod why;
pub mod words;

use std::fmt;

pub use change::{apply, Change, Scenario};
pub use compare::{compare, Column, Comparison, Difference, OptionOutcome};
pub use ledger::{BenefitAmount, BenefitSpec, Ledger, Profile};
pub use sweep::{sweep, Sweep, SweepPoint, SweepSpec, Trap, MAX_POINTS};
pub use timeline::{timeline, Event, Timeline, TimelineMonth, TimelineOptions};
pub use why::{lower_first, moved_lines, percent, signed_eur, Incentive, Reason};

/// Why a what-if calculation could not be made: the message names the input,
/// person or option and says what is allowed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WhatIfError {
    message: String,
    /// Whether the household or the arguments are at fault (not a bug).
    pub input: bool,
}

impl WhatIfError {
    /// An error in the household or the arguments.
    pub fn new(message: impl Into<String>) -> WhatIfError {
        WhatIfError {
            message: message.into(),
            input: true,
        }
    }

    /// The message.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for WhatIfError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for WhatIfError {}

impl From<etuus_engine::EvalError> for WhatIfError {
    fn from(e: etuus_engine::EvalError) -> Self {
        WhatIfError {
            input: e.as_input().is_some(),
            message: e.to_string(),
        }
    }
}

impl From<etuus_engine::InputError> for WhatIfError {
    fn from(e: etuus_engine::InputError) -> Self {
        WhatIfError::new(e.to_string())
    }
}
