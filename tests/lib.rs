//! Integration tests of the Finnish rule set: official worked examples (the
//! YAML cases under `tests/cases`), invariants over generated households, and
//! snapshots of the fixture households.

mod cases;
mod embedded;
mod fast_path;
mod fixtures;
mod fuzz_regressions;
mod invariants;
mod robustness;
mod snapshots;
mod social_assistance;
mod unemployment;
mod whatif;
