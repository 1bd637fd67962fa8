//! YAML test cases: a household, a month, expected values and the source of
//! the expectation. Unknown keys are rejected, a source is mandatory, and the
//! tolerance is 0 unless the case says why.
//!
//! ```yaml
//! cases:
//!   - name: Jaakko, Turku, 2022
//!     source: https://www.kela.fi/…
//!     month: 2022-06
//!     household: {kunta: Turku, vuokra: 615, henkilot: {jaakko: {ika: 30}}}
//!     expect:
//!       asumistuki.yleinen_asumistuki: 330.40
//!       henkilot.jaakko.some_member_value: 1
//! ```

mod case;
mod runner;

pub use case::{parse_cases, Case, CaseFile};
pub use runner::{run_case, CaseOutcome, Mismatch};
